"""The access layer: the only way views, API, CLI and tasks reach personal data.

Rules (docs/privacy.md has them as one table):
- a user is a *professional* with a verified second factor (when 2FA is required);
- tenant isolation: only families of the professional's own municipality;
- need-to-know: only families the professional's organisation is actively involved with (the
  municipality's regisseur: every family of the municipality), or opened by break-the-glass;
  only the data categories the role needs (`ROLE_CATEGORIES`);
- `health`: health roles of the recording organisation; other organisations only with the
  person's consent (withdrawal takes effect at once);
- `confidential`: the recording organisation, Veilig Thuis, and people the recorder named;
- researchers and administrators: no personal data.
Gates answer the same `NotFound` for missing and for not allowed, so nothing leaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from herenigd.audit.models import Action, AuditPurpose
from herenigd.audit.services import Actor, audit_record
from herenigd.families.models import Family, Person
from herenigd.organisations.models import OrganisationType

from .categories import HEALTH_ROLES, NO_PERSONAL_DATA, ROLE_CATEGORIES, Category
from .models import BreakGlassAccess, Consent, Involvement, Professional, Role


class NotFound(Exception):
    """The object does not exist or the user may not see it (deliberately indistinguishable)."""

    code = "not_found"


def professional_for(user) -> Professional | None:
    """The user's professional profile, if they may work with personal data at all now."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if settings.HERENIGD_REQUIRE_2FA and not _verified(user):
        return None
    try:
        professional = user.professional
    except Professional.DoesNotExist:
        return None
    if professional.role in NO_PERSONAL_DATA:
        return None
    return professional


def _verified(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _active_involvement(professional: Professional, today) -> Q:
    return Q(
        involvements__organisation_id=professional.organisation_id,
        involvements__started_on__lte=today,
    ) & (Q(involvements__ended_on__isnull=True) | Q(involvements__ended_on__gte=today))


def visible_families(user) -> QuerySet[Family]:
    """Families the user may open now (see the module docstring)."""
    professional = professional_for(user)
    if professional is None:
        return Family.objects.none()
    now = timezone.now()
    today = timezone.localdate(now)
    queryset = Family.objects.filter(
        municipality_id=professional.organisation.municipality_id
    ).select_related("municipality")
    if sees_whole_municipality(professional):
        return queryset
    involved = Family.objects.filter(_active_involvement(professional, today)).values("id")
    glass = BreakGlassAccess.objects.filter(
        user=professional.user, started_at__lte=now, expires_at__gt=now
    ).values("family_id")
    return queryset.filter(Q(id__in=involved) | Q(id__in=glass))


def sees_whole_municipality(professional: Professional) -> bool:
    return (
        professional.role == Role.REGISSEUR
        and professional.organisation.type == OrganisationType.MUNICIPALITY
    )


@dataclass
class FamilyAccess:
    """What one professional may see of one family, right now."""

    professional: Professional
    family: Family
    categories: frozenset[str]
    break_glass: bool
    _consents: set[int] = field(default_factory=set)
    #: Members the organisation works with when its involvement names persons; None = everyone.
    scope: frozenset[int] | None = None

    def in_scope(self, person_id: int | None) -> bool:
        """Family-level items are always in scope; a member's items only if the organisation's
        involvement covers the whole family or names that member."""
        return self.scope is None or person_id is None or person_id in self.scope

    @property
    def user(self):
        return self.professional.user

    @property
    def organisation_id(self) -> int:
        return self.professional.organisation_id

    def may(self, category: str) -> bool:
        return category in self.categories

    def may_see_health(self, *, person_id: int | None, recorded_by_organisation_id: int | None):
        if Category.HEALTH not in self.categories:
            return False
        own = recorded_by_organisation_id is not None and (
            recorded_by_organisation_id == self.organisation_id
        )
        if own and self.professional.role in HEALTH_ROLES:
            return True
        return person_id is not None and person_id in self._consents

    def may_see_confidential(
        self, *, recorded_by_organisation_id: int | None, named_user_ids: set[int]
    ) -> bool:
        if self.professional.role == Role.VEILIG_THUIS:
            return True
        if recorded_by_organisation_id is not None and (
            recorded_by_organisation_id == self.organisation_id
        ):
            return True
        return self.user.pk in named_user_ids

    def record(self, *, action: str, categories, person_id: int | None = None, purpose: str = ""):
        """Audit what this access showed or changed. The purpose is decided here, on the server:
        while emergency access is what lets the user in, every event says so."""
        if self.break_glass:
            purpose = AuditPurpose.BREAK_THE_GLASS
        audit_record(
            actor=Actor.of(self.user),
            action=action,
            family_id=self.family.pk,
            person_id=person_id,
            category=",".join(sorted(set(categories))),
            purpose=purpose or AuditPurpose.GUIDANCE,
        )


def access_family(user, family_id) -> FamilyAccess:
    """The gate for one family: raises NotFound for a missing or not-allowed family, and audits
    the denial (who tried, which id) without saying which of the two it was."""
    family = None
    try:
        family = visible_families(user).filter(pk=int(family_id)).first()
    except (TypeError, ValueError):
        family = None
    if family is None:
        if getattr(user, "is_authenticated", False):
            audit_record(actor=Actor.of(user), action=Action.DENIED, detail="family")
        raise NotFound()
    professional = user.professional
    now = timezone.now()
    glass = BreakGlassAccess.objects.filter(
        user=user, family=family, started_at__lte=now, expires_at__gt=now
    ).exists()
    today = timezone.localdate(now)
    involvements = list(
        Involvement.objects.filter(
            organisation_id=professional.organisation_id, family=family, started_on__lte=today
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .values_list("person_id", flat=True)
    )
    whole = sees_whole_municipality(professional)
    involved = whole or bool(involvements)
    scope = None
    if not whole and not (glass and not involved) and None not in involvements:
        scope = frozenset(involvements)
    consents = set(
        Consent.objects.filter(
            person__family=family,
            organisation_id=professional.organisation_id,
            category=Category.HEALTH,
            withdrawn_at__isnull=True,
        ).values_list("person_id", flat=True)
    )
    return FamilyAccess(
        professional=professional,
        family=family,
        categories=ROLE_CATEGORIES[professional.role],
        break_glass=glass and not involved,
        _consents=consents,
        scope=scope,
    )


def access_person(user, person_id, *, category: str) -> tuple[FamilyAccess, Person]:
    """The gate for one person's data of one category; NotFound when either is not allowed."""
    try:
        person = Person.objects.select_related("family").get(pk=int(person_id))
    except (Person.DoesNotExist, TypeError, ValueError):
        if getattr(user, "is_authenticated", False):
            audit_record(actor=Actor.of(user), action=Action.DENIED, detail="person")
        raise NotFound() from None
    access = access_family(user, person.family_id)
    if not access.may(category) or not access.in_scope(person.pk):
        audit_record(actor=Actor.of(user), action=Action.DENIED, detail=f"person:{category}")
        raise NotFound()
    return access, person
