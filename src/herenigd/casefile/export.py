"""Case-bundle export: a family in the format `herenigd.case-bundle/1`, every field that import
accepts written back (the round trip is lossless). Import compares with the same functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from herenigd.families.models import Contact, Family, Person
from herenigd.families.vocab import InterpreterKind
from herenigd.timeline.models import TimelineEvent
from herenigd.timeline.vocab import DETAIL_FIELDS

FORMAT = "herenigd.case-bundle/1"
MEMBER_FLAGS = ("speaks_english", "uam", "travelled_with_sponsor")


def family_export_bundle(*, family: Family) -> dict[str, Any]:
    """The family in bundle format; every field that import accepts is written back."""
    return family_export_bundles(families=[family])[0]


def family_export_bundles(*, families: Sequence[Family]) -> list[dict[str, Any]]:
    """Bundles of many families with three queries in all (bulk evaluation and export)."""
    ids = [f.pk for f in families]
    members: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(family_id__in=ids).order_by("id"):
        members[person.family_id].append(person)
    events: dict[int, list[TimelineEvent]] = defaultdict(list)
    for event in TimelineEvent.objects.filter(family_id__in=ids).order_by("id"):
        events[event.family_id].append(event)
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for contact in Contact.objects.filter(family_id__in=ids).order_by("id"):
        contacts[contact.family_id].append(contact)
    bundles = []
    for family in families:
        keys = {p.pk: p.key for p in members[family.pk]}
        bundles.append(
            {
                "format": FORMAT,
                "municipality": family.municipality.code,
                "family": {
                    "reference": family.reference,
                    "members": [member_to_bundle(p) for p in members[family.pk]],
                    "events": [event_to_bundle(e, keys) for e in events[family.pk]],
                    "contacts": [contact_to_bundle(c, keys) for c in contacts[family.pk]],
                },
            }
        )
    return bundles


def member_to_bundle(person: Person) -> dict[str, Any]:
    out: dict[str, Any] = {"key": person.key, "role": person.role}
    for field in ("given_name", "family_name"):
        if getattr(person, field):
            out[field] = getattr(person, field)
    if person.birth_date is not None:
        out["birth_date"] = person.birth_date_text
    for field in ("sex", "nationality"):
        if getattr(person, field):
            out[field] = getattr(person, field)
    out["languages"] = list(person.languages)
    if person.dutch_level:
        out["dutch_level"] = person.dutch_level
    for field in MEMBER_FLAGS:
        out[field] = getattr(person, field)
    for field in ("location", "bsn"):
        if getattr(person, field):
            out[field] = getattr(person, field)
    return out


def event_to_bundle(event: TimelineEvent, keys: dict[int, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": event.type, "date": event.date.isoformat()}
    if event.person_id is not None:
        out["person"] = keys[event.person_id]
    for field in (*DETAIL_FIELDS, "source", "note"):
        value = getattr(event, field)
        if value is not None and value != "":
            out[field] = value
    return out


def contact_to_bundle(contact: Contact, keys: dict[int, str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "person": keys[contact.person_id],
        "date": contact.date.isoformat(),
        "direct": contact.direct,
    }
    if contact.via_id is not None:
        out["via"] = keys[contact.via_id]
    out["interpreter"] = (
        keys[contact.interpreter_member_id]
        if contact.interpreter == InterpreterKind.MEMBER
        else contact.interpreter
    )
    if contact.organisation_type:
        out["organisation"] = contact.organisation_type
    if contact.topic:
        out["topic"] = contact.topic
    return out
