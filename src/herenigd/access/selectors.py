"""What a professional sees of a family: every field passes the checks of `FamilyAccess`, and
every person whose data is returned gets an audit event (who, which categories, why)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from herenigd.audit.models import Action
from herenigd.families.models import Contact, Family, Person
from herenigd.procedure.models import TimelineEvent
from herenigd.rules.models import ACTIVE_STATUSES, AttentionPoint, Sensitivity

from .categories import EVENT_CATEGORY, Category
from .gates import FamilyAccess, visible_families


def families_for_caseload(user):
    """The families on the user's caseload (visible_to), with member counts for a list."""
    return visible_families(user).order_by("reference")


def _recorder_org(user) -> int | None:
    professional = getattr(user, "professional", None) if user is not None else None
    return professional.organisation_id if professional is not None else None


def family_view(access: FamilyAccess, *, purpose: str = "") -> dict[str, Any]:
    family: Family = access.family
    seen: dict[int | None, set[str]] = defaultdict(set)

    members = list(family.members.order_by("id"))
    member_rows = []
    for person in members:
        row: dict[str, Any] = {"id": person.pk, "key": person.key, "role": person.role}
        if not access.in_scope(person.pk):
            member_rows.append(row)  # role only: the organisation does not work with them
            continue
        if access.may(Category.IDENTITY):
            row.update(_identity(person))
            seen[person.pk].add(Category.IDENTITY)
        if access.may(Category.HOUSEHOLD):
            row.update(
                location=person.location,
                travelled_with_sponsor=person.travelled_with_sponsor,
                uam=person.uam,
            )
            seen[person.pk].add(Category.HOUSEHOLD)
        member_rows.append(row)

    timeline = []
    events = family.events.select_related("recorded_by__professional").order_by("date", "id")
    for event in events:
        if not access.in_scope(event.person_id):
            continue
        category = EVENT_CATEGORY[event.type]
        if not _may_see_item(access, category, event.person_id, _recorder_org(event.recorded_by)):
            continue
        timeline.append(_event(event))
        seen[event.person_id].add(category)

    contacts = []
    if access.may(Category.CONTACT_LOG):
        for contact in family.contacts.order_by("date", "id"):
            if not access.in_scope(contact.person_id):
                continue
            contacts.append(_contact(contact))
            seen[contact.person_id].add(Category.CONTACT_LOG)

    points = []
    queryset = family.attention_points.filter(status__in=ACTIVE_STATUSES).prefetch_related(
        "named_users"
    )
    for point in queryset.order_by("code", "subject"):
        if not access.in_scope(point.person_id) or not _may_see_point(access, point):
            continue
        points.append(_point(point))
        seen[point.person_id].add(_point_category(point))

    for person_id, categories in seen.items():
        access.record(
            action=Action.READ, categories=categories, person_id=person_id, purpose=purpose
        )
    return {
        "id": family.pk,
        "reference": family.reference,
        "municipality": family.municipality.code,
        "break_glass": access.break_glass,
        "members": member_rows,
        "timeline": timeline,
        "contacts": contacts,
        "attention_points": points,
    }


def _may_see_item(access, category, person_id, recorded_by_org) -> bool:
    if category == Category.HEALTH:
        return access.may_see_health(
            person_id=person_id, recorded_by_organisation_id=recorded_by_org
        )
    if category == Category.CONFIDENTIAL:
        return access.may_see_confidential(
            recorded_by_organisation_id=recorded_by_org, named_user_ids=set()
        )
    return access.may(category)


def _point_category(point: AttentionPoint) -> str:
    return {
        Sensitivity.HEALTH: Category.HEALTH,
        Sensitivity.CONFIDENTIAL: Category.CONFIDENTIAL,
    }.get(point.sensitivity, "attention_normal")


def _may_see_point(access: FamilyAccess, point: AttentionPoint) -> bool:
    if point.sensitivity == Sensitivity.HEALTH:
        return access.may_see_health(
            person_id=point.person_id, recorded_by_organisation_id=point.recorded_by_organisation_id
        )
    if point.sensitivity == Sensitivity.CONFIDENTIAL:
        return access.may_see_confidential(
            recorded_by_organisation_id=point.recorded_by_organisation_id,
            named_user_ids={u.pk for u in point.named_users.all()},
        )
    return True


def _identity(person: Person) -> dict[str, Any]:
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "birth_date": person.birth_date_text,
        "sex": person.sex,
        "nationality": person.nationality,
        "languages": list(person.languages),
        "dutch_level": person.dutch_level,
        "speaks_english": person.speaks_english,
        "bsn": person.bsn,
    }


def _event(event: TimelineEvent) -> dict[str, Any]:
    row = {
        "id": event.pk,
        "type": event.type,
        "date": event.date.isoformat(),
        "person": event.person_id,
    }
    for field in ("outcome", "route", "destination", "suitable", "address", "topic", "note"):
        value = getattr(event, field)
        if value not in (None, ""):
            row[field] = value
    return row


def _contact(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.pk,
        "person": contact.person_id,
        "date": contact.date.isoformat(),
        "direct": contact.direct,
        "via": contact.via_id,
        "interpreter": contact.interpreter,
        "interpreter_member": contact.interpreter_member_id,
        "organisation": contact.organisation_type,
        "topic": contact.topic,
    }


def _point(point: AttentionPoint) -> dict[str, Any]:
    return {
        "id": point.pk,
        "code": point.code,
        "person": point.person_id,
        "sensitivity": point.sensitivity,
        "status": point.status,
        "responsible": point.responsible_type,
        "reason_nl": point.reason_nl,
        "reason_en": point.reason_en,
        "raised_on": point.raised_on.isoformat(),
    }
