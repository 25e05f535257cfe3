"""Timeline writes. Every write validates the per-type shape and re-evaluates the family."""

from __future__ import annotations

import datetime

from django.db import transaction

from herenigd.families.bundles import family_changed
from herenigd.families.models import Family, Person

from .models import TimelineEvent

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
        family_changed(family_id=family.pk)
    return event


def timeline_event_correct(*, event: TimelineEvent, acting_user=None, **changes) -> TimelineEvent:
    """Correct the date or details of an event; raises ValidationError and writes nothing."""
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        for field, value in changes.items():
            setattr(event, field, value)
        event.full_clean()
        event.save()
        family_changed(family_id=event.family_id)
    return event
