"""Writes of the access model: involvement, consent, break-the-glass. Atomic and audited."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from herenigd.audit.models import Action, AuditPurpose
from herenigd.audit.services import Actor, audit_record
from herenigd.families.models import Family, Person
from herenigd.organisations.models import Organisation, OrganisationType

from .categories import Category
from .gates import NotFound, professional_for
from .models import BreakGlassAccess, Consent, Involvement, Notification, Professional, Role

MIN_REASON_LENGTH = 15


def involvement_start(
    *,
    organisation: Organisation,
    family: Family,
    started_on: datetime.date,
    acting_user=None,
    person: Person | None = None,
    ended_on: datetime.date | None = None,
) -> Involvement:
    if organisation.municipality_id != family.municipality_id:
        raise ValidationError(_("An organisation can only work with families of its municipality."))
    if ended_on is not None and ended_on < started_on:
        raise ValidationError(_("The end date lies before the start date."))
    with transaction.atomic():
        involvement = Involvement.objects.create(
            organisation=organisation,
            family=family,
            person=person,
            started_on=started_on,
            ended_on=ended_on,
            created_by=acting_user,
        )
        audit_record(
            actor=Actor.of(acting_user),
            action=Action.CREATE,
            family_id=family.pk,
            person_id=person.pk if person else None,
            category="involvement",
        )
    return involvement


def consent_give(
    *,
    person: Person,
    organisation: Organisation,
    category: str,
    purpose: str,
    given_on: datetime.date,
    acting_user=None,
) -> Consent:
    if category not in Category.values:
        raise ValidationError(_("Unknown data category."))
    if not purpose.strip():
        raise ValidationError(_("State the purpose of the consent."))
    with transaction.atomic():
        consent = Consent.objects.create(
            person=person,
            organisation=organisation,
            category=category,
            purpose=purpose.strip(),
            given_on=given_on,
            recorded_by=acting_user,
        )
        audit_record(
            actor=Actor.of(acting_user),
            action=Action.CREATE,
            family_id=person.family_id,
            person_id=person.pk,
            category="consent",
        )
    return consent


def consent_withdraw(*, consent: Consent, acting_user=None) -> Consent:
    """Withdrawal takes effect at once: the next access check no longer finds the consent."""
    with transaction.atomic():
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=Actor.of(acting_user),
            action=Action.UPDATE,
            family_id=consent.person.family_id,
            person_id=consent.person_id,
            category="consent",
            detail="withdrawn",
        )
    return consent


def break_glass_open(*, user, family_id: int, reason: str) -> BreakGlassAccess:
    """Emergency access for a professional of the family's municipality without involvement.

    Only with a stated reason; lasts HERENIGD_BREAK_GLASS_MINUTES (default 3 hours); the
    regisseurs of the municipality and the privacy officers of the user's organisation are told.
    Tenant isolation holds even here: a family of another municipality stays 'not found'.
    """
    professional = professional_for(user)
    if professional is None:
        raise NotFound()
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise ValidationError(
            _("State the emergency in at least %(n)d characters.") % {"n": MIN_REASON_LENGTH}
        )
    family = Family.objects.filter(
        pk=family_id, municipality_id=professional.organisation.municipality_id
    ).first()
    if family is None:
        raise NotFound()
    now = timezone.now()
    with transaction.atomic():
        grant = BreakGlassAccess.objects.create(
            user=user,
            family=family,
            reason=reason.strip(),
            started_at=now,
            expires_at=now + datetime.timedelta(minutes=settings.HERENIGD_BREAK_GLASS_MINUTES),
        )
        audit_record(
            actor=Actor.of(user),
            action=Action.BREAK_GLASS,
            family_id=family.pk,
            purpose=AuditPurpose.BREAK_THE_GLASS,
        )
        recipients = Professional.objects.filter(
            organisation__municipality_id=family.municipality_id,
            role=Role.REGISSEUR,
            organisation__type=OrganisationType.MUNICIPALITY,
        ) | Professional.objects.filter(
            organisation_id=professional.organisation_id, is_privacy_officer=True
        )
        for recipient in recipients.select_related("user").distinct():
            # The notification names who and which family reference, never the data itself.
            Notification.objects.create(
                recipient=recipient.user,
                family=family,
                subject=_("Emergency access to family %(ref)s") % {"ref": family.reference},
                body=_(
                    "%(user)s (%(org)s) opened family %(ref)s with emergency access until "
                    "%(until)s. Reason: %(reason)s"
                )
                % {
                    "user": user.get_username(),
                    "org": professional.organisation.name,
                    "ref": family.reference,
                    "until": timezone.localtime(grant.expires_at).strftime("%d-%m-%Y %H:%M"),
                    "reason": grant.reason,
                },
            )
    return grant
