"""Timeline writes. Every write validates the per-type shape and re-evaluates the family."""

from __future__ import annotations

import datetime

from django.db import transaction

from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record
from herenigd.families.changes import family_changed
from herenigd.families.models import Family, Person
from herenigd.timeline.categories import EVENT_CATEGORY

from .models import EventRevision, TimelineEvent

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
    **details,
) -> TimelineEvent:
    """Record one event; raises django ValidationError (nothing written) when it is invalid."""
    with transaction.atomic():
        event = TimelineEvent(
            family=family, person=person, type=type, date=date, recorded_by=acting_user, **details
        )
        event.full_clean()
        event.save()
        _audit(event, acting_user, Action.CREATE)
        family_changed(family_id=family.pk)
    return event


def timeline_event_correct(*, event: TimelineEvent, acting_user=None, **changes) -> TimelineEvent:
    """Correct the date or details of an event; raises ValidationError and writes nothing."""
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        before = _snapshot(event)
        for field, value in changes.items():
            setattr(event, field, value)
        event.full_clean()
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
