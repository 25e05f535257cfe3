"""Timeline writes. Every write validates the per-type shape and the plausibility table
(`plausibility.py`: refusals raise, flags are returned) and re-evaluates the family."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from herenigd import clock
from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record
from herenigd.families.changes import family_changed
from herenigd.families.models import Family, Person
from herenigd.timeline.categories import EVENT_CATEGORY

from .models import EventRevision, TimelineEvent
from .plausibility import (
    EventFacts,
    MemberFacts,
    Problem,
    check_family,
    flags,
    introduced,
    refusals,
)

_EDITABLE = ("date", "outcome", "route", "destination", "suitable", "address", "topic", "note")
#: What a case-bundle import may correct: the editable fields and the event's source.
_IMPORTABLE = (*_EDITABLE, "source")
#: Key of `EventRevision.after` that marks a correction made by a case-bundle import.
CHANGED_VIA = "changed_via"
VIA_IMPORT = "import"


def timeline_event_record(
    *,
    family: Family,
    type: str,
    date: datetime.date,
    person: Person | None = None,
    acting_user=None,
    as_of: datetime.date | None = None,
    **details,
) -> TimelineEvent:
    """Record one event; raises django ValidationError (nothing written) when it is invalid or
    refused by the plausibility table as of `as_of` (default today). The table's flags for it
    are in `event.plausibility_flags`."""
    with transaction.atomic():
        event = TimelineEvent(
            family=family, person=person, type=type, date=date, recorded_by=acting_user, **details
        )
        event.plausibility_flags = _validate(event, as_of=as_of)
        event.save()
        _audit(event, acting_user, Action.CREATE)
        family_changed(family_id=family.pk)
    return event


def timeline_event_correct(
    *, event: TimelineEvent, acting_user=None, as_of: datetime.date | None = None, **changes
) -> TimelineEvent:
    """Correct the date or details of an event; raises ValidationError and writes nothing when
    the result is invalid or refused by the plausibility table as of `as_of` (default today).
    The table's flags the correction brings in are in `event.plausibility_flags`."""
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        before = _snapshot(event)
        for field, value in changes.items():
            setattr(event, field, value)
        event.plausibility_flags = _validate(event, as_of=as_of)
        after = _snapshot(event)
        if after == before:
            return event
        event.save()
        EventRevision.objects.create(
            event=event, before=before, after=after, changed_by=acting_user
        )
        _audit(event, acting_user, Action.UPDATE)
        family_changed(family_id=event.family_id)
    return event


def timeline_event_correct_by_import(
    *, event: TimelineEvent, acting_user=None, actor: Actor | None = None, **changes
) -> bool:
    """Correct an event with the values of a re-imported case bundle, keeping the earlier version:
    an EventRevision with before/after, `changed_by` the importing user (None from the command
    line) and `after["changed_via"] == "import"`. Returns whether anything changed. The caller
    (the import) runs it in its own transaction and re-evaluates the family once."""
    unknown = set(changes) - set(_IMPORTABLE)
    if unknown:
        raise TypeError(f"not importable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        before = _snapshot(event, _IMPORTABLE)
        for field, value in changes.items():
            setattr(event, field, value)
        event.full_clean()
        after = _snapshot(event, _IMPORTABLE)
        if after == before:
            return False
        event.save()
        EventRevision.objects.create(
            event=event,
            before=before,
            after={**after, CHANGED_VIA: VIA_IMPORT},
            changed_by=acting_user,
        )
        _audit(event, acting_user, Action.UPDATE, actor=actor, detail=f"{event.type}:import")
    return True


def _validate(event: TimelineEvent, *, as_of: datetime.date | None) -> list[Problem]:
    """`full_clean` and the plausibility table together: one ValidationError with every field's
    messages (a refusal at the event's date). Returns the flags."""
    errors: dict = {}
    try:
        event.full_clean()
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    problems = _introduced_problems(event, as_of=as_of or clock.today())
    for problem in refusals(problems):
        errors.setdefault(problem.field, []).append(
            ValidationError(problem.message, code=problem.rule)
        )
    if errors:
        raise ValidationError(errors)
    return flags(problems)


#: `EventFacts.ref` of an event not yet saved.
_NEW = "new"


def _introduced_problems(event: TimelineEvent, *, as_of: datetime.date) -> list[Problem]:
    """What writing `event` brings into its family's plausibility: the problems of the family
    with the event as it will be, less those it had before (data stored before the table was
    enforced does not block other writes; a changed value is checked again)."""
    if not isinstance(event.date, datetime.date) or event.family_id is None:
        return []  # full_clean reports it
    persons = list(Person.objects.filter(family_id=event.family_id))
    keys = {p.pk: p.key for p in persons}
    members = [
        MemberFacts(
            key=p.key,
            role=p.role,
            birth_date=p.birth_date,
            birth_year_only=p.birth_date_precision == "year",
            travelled_with_sponsor=p.travelled_with_sponsor,
        )
        for p in persons
    ]
    stored = TimelineEvent.objects.filter(family_id=event.family_id).only("type", "date", "person")
    before = [_facts(e, keys) for e in stored]
    after = [f for f in before if f.ref != event.pk] + [_facts(event, keys)]
    return introduced(
        check_family(members, before, as_of=as_of), check_family(members, after, as_of=as_of)
    )


def _facts(event: TimelineEvent, keys: dict[int, str]) -> EventFacts:
    return EventFacts(event.type, event.date, keys.get(event.person_id), ref=event.pk or _NEW)


def _audit(
    event: TimelineEvent, acting_user, action: str, *, actor: Actor | None = None, detail=""
) -> None:
    audit_record(
        actor=actor or Actor.of(acting_user),
        action=action,
        family_id=event.family_id,
        person_id=event.person_id,
        category=EVENT_CATEGORY[event.type],
        detail=detail or event.type,
    )


def _snapshot(event: TimelineEvent, fields=_EDITABLE) -> dict:
    values = {field: getattr(event, field) for field in fields}
    values["date"] = event.date.isoformat()
    return values
