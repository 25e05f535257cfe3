"""Timeline writes. Every write validates the per-type shape and re-evaluates the family."""

from __future__ import annotations

import datetime

from django.db import transaction

from herenigd.access.categories import EVENT_CATEGORY
from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record
from herenigd.families.bundles import family_changed
from herenigd.families.models import Family, Person

from .models import EventRevision, TimelineEvent

_EDITABLE = ("date", "outcome", "route", "destination", "suitable", "address", "topic", "note")


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


def _audit(event: TimelineEvent, acting_user, action: str) -> None:
    audit_record(
        actor=Actor.of(acting_user),
        action=action,
        family_id=event.family_id,
        person_id=event.person_id,
        category=EVENT_CATEGORY[event.type],
        detail=event.type,
    )


def _snapshot(event: TimelineEvent) -> dict:
    values = {field: getattr(event, field) for field in _EDITABLE}
    values["date"] = event.date.isoformat()
    return values
