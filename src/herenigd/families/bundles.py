"""Case bundles (format `herenigd.case-bundle/1`): validation, import and export.

A bundle is how municipalities bring their spreadsheets in and how a family moves between
municipalities (product.md 'Interfaces'). Import is atomic and idempotent by (municipality,
reference); export writes the same format, losslessly.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from jsonschema import Draft202012Validator

from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record
from herenigd.organisations.models import Municipality
from herenigd.procedure.models import TimelineEvent
from herenigd.procedure.vocab import DETAIL_FIELDS

from .models import Contact, Family, Person
from .validators import is_valid_bsn
from .vocab import InterpreterKind

FORMAT = "herenigd.case-bundle/1"
SCHEMA_PATH = Path(__file__).parent / "schema" / "case-bundle-1.schema.json"
MAX_REPORTED_ISSUES = 20
#: Words of a contact's `interpreter` field; any other value is the key of the member who
#: interpreted.
INTERPRETER_WORDS = frozenset({"none", "professional", "phone"})

_MEMBER_TEXT = ("given_name", "family_name", "sex", "nationality", "dutch_level", "location", "bsn")
_MEMBER_FLAGS = ("speaks_english", "uam", "travelled_with_sponsor")
_EVENT_TEXT = ("outcome", "route", "destination", "address", "topic", "source", "note")


@dataclass(frozen=True)
class BundleIssue:
    """One problem in a bundle, located by a JSON path such as `$.family.events[3].person`."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class BundleError(Exception):
    def __init__(self, issues: list[BundleIssue]):
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


@dataclass(frozen=True)
class ImportResult:
    family: Family
    created: bool
    changed: bool


def family_changed(*, family_id: int) -> None:
    """Every change to a family re-evaluates its attention points after commit (product.md)."""
    from herenigd.rules.services import attention_schedule_evaluation

    attention_schedule_evaluation(family_id=family_id)


@cache
def bundle_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    schema = bundle_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def parse_bundle_text(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BundleError(
            [BundleIssue("$", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")]
        ) from None
    return data


def validate_bundle(data: Any) -> list[BundleIssue]:
    """All problems of a bundle: schema first, then what a schema cannot check."""
    schema_errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    issues = [BundleIssue(e.json_path, e.message) for e in schema_errors]
    if issues:
        return issues[:MAX_REPORTED_ISSUES]
    return _semantic_issues(data)[:MAX_REPORTED_ISSUES]


def _semantic_issues(data: dict[str, Any]) -> list[BundleIssue]:
    family = data["family"]
    issues: list[BundleIssue] = []
    keys: set[str] = set()
    sponsors = 0
    for i, member in enumerate(family["members"]):
        path = f"$.family.members[{i}]"
        if member["key"] in keys:
            issues.append(BundleIssue(f"{path}.key", f"duplicate member key {member['key']!r}"))
        keys.add(member["key"])
        sponsors += member["role"] == "sponsor"
        if "birth_date" in member and len(member["birth_date"]) == 10:
            try:
                datetime.date.fromisoformat(member["birth_date"])
            except ValueError:
                issues.append(
                    BundleIssue(f"{path}.birth_date", f"impossible date {member['birth_date']!r}")
                )
        if "bsn" in member and not is_valid_bsn(member["bsn"]):
            issues.append(BundleIssue(f"{path}.bsn", "BSN does not pass the 11-test"))
    if sponsors != 1:
        issues.append(
            BundleIssue("$.family.members", f"a family has exactly one sponsor, found {sponsors}")
        )

    def check_key(path: str, key: str | None) -> None:
        if key is not None and key not in keys:
            issues.append(BundleIssue(path, f"unknown member key {key!r}"))

    for i, event in enumerate(family.get("events", [])):
        check_key(f"$.family.events[{i}].person", event.get("person"))
    for i, contact in enumerate(family.get("contacts", [])):
        path = f"$.family.contacts[{i}]"
        check_key(f"{path}.person", contact["person"])
        check_key(f"{path}.via", contact.get("via"))
        interpreter = contact.get("interpreter", InterpreterKind.NONE)
        if interpreter not in INTERPRETER_WORDS:
            check_key(f"{path}.interpreter", interpreter)
            if interpreter == contact["person"]:
                issues.append(
                    BundleIssue(f"{path}.interpreter", "a person cannot interpret for themself")
                )
    return issues


def family_import_bundle(*, data: Any, acting_user=None, actor=None) -> ImportResult:
    """Create or replace one family from a bundle, atomically; a bundle equal to what is stored
    changes nothing. Raises BundleError (and writes nothing) when the bundle is invalid."""
    issues = validate_bundle(data)
    if issues:
        raise BundleError(issues)
    try:
        municipality = Municipality.objects.get(code=data["municipality"])
    except Municipality.DoesNotExist:
        raise BundleError(
            [BundleIssue("$.municipality", f"unknown municipality code {data['municipality']!r}")]
        ) from None

    with transaction.atomic():
        family, created = Family.objects.select_for_update().get_or_create(
            municipality=municipality, reference=data["family"]["reference"]
        )
        before = None if created else family_export_bundle(family=family)
        savepoint = transaction.savepoint()
        _replace_family_data(family, data["family"], acting_user)
        if before is not None and family_export_bundle(family=family) == before:
            transaction.savepoint_rollback(savepoint)
            return ImportResult(family=family, created=False, changed=False)
        transaction.savepoint_commit(savepoint)
        family.save(update_fields=["updated_at"])
        audit_record(
            actor=actor or Actor.of(acting_user),
            action=Action.IMPORT,
            family_id=family.pk,
            category="bundle",
            detail="created" if created else "replaced",
        )
        family_changed(family_id=family.pk)
    return ImportResult(family=family, created=created, changed=True)


def _replace_family_data(family: Family, bundle_family: dict[str, Any], acting_user) -> None:
    existing = {p.key: p for p in family.members.all()}
    wanted = [m["key"] for m in bundle_family["members"]]
    family.members.exclude(key__in=wanted).delete()
    family.events.all().delete()
    family.contacts.all().delete()
    persons: dict[str, Person] = {}
    for member in bundle_family["members"]:
        person = existing.get(member["key"]) or Person(family=family, key=member["key"])
        _apply_member(person, member)
        person.save()
        persons[person.key] = person

    TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                family=family,
                person=persons.get(event.get("person")),
                type=event["type"],
                date=datetime.date.fromisoformat(event["date"]),
                suitable=event.get("suitable"),
                recorded_by=acting_user,
                **{f: event.get(f, "") for f in _EVENT_TEXT},
            )
            for event in bundle_family.get("events", [])
        ]
    )
    Contact.objects.bulk_create(
        [
            _contact_from_bundle(family, persons, c, acting_user)
            for c in bundle_family.get("contacts", [])
        ]
    )


def _apply_member(person: Person, member: dict[str, Any]) -> None:
    person.role = member["role"]
    for field in _MEMBER_TEXT:
        setattr(person, field, member.get(field, ""))
    for field in _MEMBER_FLAGS:
        setattr(person, field, member.get(field, False))
    person.languages = list(member.get("languages", []))
    if "birth_date" in member:
        person.birth_date, person.birth_date_precision = Person.birth_date_from_text(
            member["birth_date"]
        )
    else:
        person.birth_date, person.birth_date_precision = None, "day"


def _contact_from_bundle(family, persons, contact: dict[str, Any], acting_user) -> Contact:
    interpreter = contact.get("interpreter", InterpreterKind.NONE)
    member = None if interpreter in INTERPRETER_WORDS else persons[interpreter]
    return Contact(
        family=family,
        person=persons[contact["person"]],
        date=datetime.date.fromisoformat(contact["date"]),
        direct=contact["direct"],
        via=persons.get(contact.get("via")),
        interpreter=InterpreterKind.MEMBER if member else interpreter,
        interpreter_member=member,
        organisation_type=contact.get("organisation", ""),
        topic=contact.get("topic", ""),
        recorded_by=acting_user,
    )


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
                    "members": [_member_to_bundle(p) for p in members[family.pk]],
                    "events": [_event_to_bundle(e, keys) for e in events[family.pk]],
                    "contacts": [_contact_to_bundle(c, keys) for c in contacts[family.pk]],
                },
            }
        )
    return bundles


def _member_to_bundle(person: Person) -> dict[str, Any]:
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
    for field in _MEMBER_FLAGS:
        out[field] = getattr(person, field)
    for field in ("location", "bsn"):
        if getattr(person, field):
            out[field] = getattr(person, field)
    return out


def _event_to_bundle(event: TimelineEvent, keys: dict[int, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": event.type, "date": event.date.isoformat()}
    if event.person_id is not None:
        out["person"] = keys[event.person_id]
    for field in (*DETAIL_FIELDS, "source", "note"):
        value = getattr(event, field)
        if value is not None and value != "":
            out[field] = value
    return out


def _contact_to_bundle(contact: Contact, keys: dict[int, str]) -> dict[str, Any]:
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
