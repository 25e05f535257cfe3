"""Case bundles (format `herenigd.case-bundle/1`): validation, import and export.

A bundle is how municipalities bring their spreadsheets in and how a family moves between
municipalities (product.md 'Interfaces'). Import is atomic and idempotent by (municipality,
reference), and a re-import loses nothing stored (see `family_import_bundle`); export writes the
same format, losslessly.
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

from django.db import models, transaction
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record
from herenigd.families.changes import family_changed
from herenigd.families.models import Contact, Family, Person
from herenigd.families.validators import is_valid_bsn
from herenigd.families.vocab import InterpreterKind
from herenigd.organisations.models import Municipality
from herenigd.timeline.models import TimelineEvent
from herenigd.timeline.services import timeline_event_correct_by_import
from herenigd.timeline.vocab import DETAIL_FIELDS

FORMAT = "herenigd.case-bundle/1"
# The case-bundle format is the family's data format: its schema lives with the family models.
SCHEMA_PATH = Path(__file__).parent.parent / "families" / "schema" / "case-bundle-1.schema.json"
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
    """What an import did. Counts only: nothing here is personal data."""

    family: Family
    created: bool
    changed: bool
    members_added: int = 0
    members_updated: int = 0
    members_removed: int = 0
    events_added: int = 0
    events_corrected: int = 0
    events_kept: int = 0
    contacts_added: int = 0
    contacts_kept: int = 0

    def summary(self) -> str:
        """Counts for the command line and the audit trail."""
        counts = (
            ("members added", self.members_added),
            ("members updated", self.members_updated),
            ("members removed", self.members_removed),
            ("events added", self.events_added),
            ("events corrected", self.events_corrected),
            ("events kept (not in bundle)", self.events_kept),
            ("contacts added", self.contacts_added),
            ("contacts kept (not in bundle)", self.contacts_kept),
        )
        return ", ".join(f"{name}: {n}" for name, n in counts if n)


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
    """All problems of a bundle: schema and bidirectional control characters first, then what a
    schema cannot check."""
    schema_errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    issues = [BundleIssue(e.json_path, e.message) for e in schema_errors]
    issues += bidi_issues(data)
    if issues:
        return issues[:MAX_REPORTED_ISSUES]
    return _semantic_issues(data)[:MAX_REPORTED_ISSUES]


#: Unicode bidirectional embedding, override and isolate controls (U+202A–U+202E,
#: U+2066–U+2069). Invisible, they make text display in another order than it is stored
#: ("Ali\u202egnp.exe" shows as "Aliexe.png"), so a bundle that holds one is refused.
BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


def bidi_issues(data: Any, path: str = "$") -> list[BundleIssue]:
    """Every string of the bundle (at any depth) that holds a bidi control character."""
    if isinstance(data, dict):
        return [i for key, value in data.items() for i in bidi_issues(value, f"{path}.{key}")]
    if isinstance(data, list):
        return [i for n, value in enumerate(data) for i in bidi_issues(value, f"{path}[{n}]")]
    if not isinstance(data, str):
        return []
    found = sorted({c for c in data if c in BIDI_CONTROLS})
    if not found:
        return []
    position = next(i for i, c in enumerate(data) if c in BIDI_CONTROLS) + 1
    return [
        BundleIssue(
            path,
            _(
                "contains an invisible bidirectional control character (%(codes)s, first at "
                "character %(position)d). Such characters make text display in a different "
                "order than it is written and have no place in a name or any other field: "
                "remove them and import the file again."
            )
            % {"codes": ", ".join(f"U+{ord(c):04X}" for c in found), "position": position},
        )
    ]


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


def family_import_bundle(
    *, data: Any, acting_user=None, actor=None, allow_member_removal: bool = False
) -> ImportResult:
    """Create or update one family from a bundle, atomically; a bundle equal to what is stored
    writes nothing. Raises BundleError (and writes nothing) when the bundle is invalid.

    A re-import (the family exists) loses nothing that is stored:

    - **Members** are matched by key. Changed fields are updated (one audit event per member).
      A stored member missing from the bundle is refused — intake, consents, attention points,
      plan actions, events and contacts depend on the member — with an issue at
      `$.family.members` naming the key, unless `allow_member_removal=True`
      (`import-bundle --allow-member-removal`): then the member and what depends on them are
      deleted and each removal is audited with the person and the counts of what went with them.
    - **Events** have no id in the bundle; a bundle event matches a stored event that equals it
      (left untouched). Otherwise it corrects a stored event of the same type and member whose
      date *or* whose details are the same: the stored event is changed as a correction by the
      importer, its earlier version kept as an EventRevision marked `changed_via: import`.
      Any other bundle event is added. Stored events the bundle lacks (for instance recorded in
      the web app) are kept.
    - **Contacts** that equal a stored contact are left alone, others are added; stored contacts
      the bundle lacks are kept.
    """
    issues = validate_bundle(data)
    if issues:
        raise BundleError(issues)
    try:
        municipality = Municipality.objects.get(code=data["municipality"])
    except Municipality.DoesNotExist:
        raise BundleError(
            [BundleIssue("$.municipality", f"unknown municipality code {data['municipality']!r}")]
        ) from None
    actor = actor or Actor.of(acting_user)

    with transaction.atomic():
        family, created = Family.objects.select_for_update().get_or_create(
            municipality=municipality, reference=data["family"]["reference"]
        )
        counts, kept = _merge_family_data(
            family, data["family"], acting_user, actor, allow_member_removal=allow_member_removal
        )
        if not created and not any(counts.values()):
            return ImportResult(family=family, created=False, changed=False)
        result = ImportResult(family=family, created=created, changed=True, **counts, **kept)
        family.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action=Action.IMPORT,
            family_id=family.pk,
            category="bundle",
            detail="created" if created else f"updated: {result.summary()}",
        )
        family_changed(family_id=family.pk)
    return result


def _merge_family_data(
    family: Family, bundle_family: dict[str, Any], acting_user, actor, *, allow_member_removal
) -> tuple[dict[str, int], dict[str, int]]:
    """Write the bundle into the family (see family_import_bundle). Returns the counts of what
    changed (all zero when nothing did) and of the stored events and contacts the bundle lacks."""
    existing = {p.key: p for p in family.members.all()}
    wanted = {m["key"] for m in bundle_family["members"]}
    missing = [key for key in existing if key not in wanted]
    if missing and not allow_member_removal:
        raise BundleError([_member_missing_issue(key) for key in missing])
    counts = dict.fromkeys(
        ("members_added", "members_updated", "members_removed", "events_added"), 0
    )
    for key in missing:
        _remove_member(existing.pop(key), actor)
        counts["members_removed"] += 1

    persons: dict[str, Person] = {}
    for member in bundle_family["members"]:
        person = existing.get(member["key"])
        if person is None:
            person = Person(family=family, key=member["key"])
            _apply_member(person, member)
            person.save()
            counts["members_added"] += 1
        elif _member_to_bundle(person) != _member_to_bundle(_applied(person, member)):
            _apply_member(person, member)
            person.save()
            counts["members_updated"] += 1
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                family_id=family.pk,
                person_id=person.pk,
                category="bundle",
                detail="member updated by import",
            )
        persons[person.key] = person
    keys = {p.pk: k for k, p in persons.items()}

    added, corrected, kept = _merge_events(family, bundle_family, persons, keys, acting_user, actor)
    counts.update(events_added=added, events_corrected=corrected)

    unmatched = {c.pk: _contact_to_bundle(c, keys) for c in family.contacts.order_by("id")}
    new_contacts = []
    for contact in bundle_family.get("contacts", []):
        wanted = _normalised(contact)
        match = next((pk for pk, stored in unmatched.items() if stored == wanted), None)
        if match is None:
            new_contacts.append(_contact_from_bundle(family, persons, contact, acting_user))
        else:
            del unmatched[match]
    Contact.objects.bulk_create(new_contacts)
    counts["contacts_added"] = len(new_contacts)
    return counts, {"events_kept": kept, "contacts_kept": len(unmatched)}


def _merge_events(family, bundle_family, persons, keys, acting_user, actor) -> tuple[int, int, int]:
    """Match bundle events to stored ones: equal → untouched; same type and member with the same
    date or the same details → a correction (history kept); otherwise added. Returns (added,
    corrected, stored events not in the bundle)."""
    unmatched = {e.pk: (_event_to_bundle(e, keys), e) for e in family.events.order_by("date", "id")}
    pending = []
    for event in bundle_family.get("events", []):
        wanted = _normalised(event)
        match = next((pk for pk, (stored, _e) in unmatched.items() if stored == wanted), None)
        if match is None:
            pending.append(wanted)
        else:
            del unmatched[match]

    corrections, new = [], []
    for wanted in pending:
        same = (wanted["type"], wanted.get("person"))
        candidates = [
            pk
            for pk, (stored, _e) in unmatched.items()
            if (stored["type"], stored.get("person")) == same
        ]
        match = next(
            (pk for pk in candidates if unmatched[pk][0]["date"] == wanted["date"]), None
        ) or next((pk for pk in candidates if _details(unmatched[pk][0]) == _details(wanted)), None)
        if match is None:
            new.append(wanted)
        else:
            corrections.append((unmatched.pop(match)[1], wanted))

    corrected = 0
    for stored_event, wanted in corrections:
        changes = {f: wanted.get(f, "") for f in _EVENT_TEXT}
        changes.update(
            date=datetime.date.fromisoformat(wanted["date"]), suitable=wanted.get("suitable")
        )
        corrected += timeline_event_correct_by_import(
            event=stored_event, acting_user=acting_user, actor=actor, **changes
        )
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
            for event in new
        ]
    )
    return len(new), corrected, len(unmatched)


def _normalised(item: dict[str, Any]) -> dict[str, Any]:
    """A bundle event or contact as export writes it (no empty values)."""
    return {k: v for k, v in item.items() if v is not None and v != ""}


def _details(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k not in ("type", "person", "date")}


def _member_missing_issue(key: str) -> BundleIssue:
    return BundleIssue(
        "$.family.members",
        _(
            "member %(key)r is stored for this family but missing from the bundle; its intake, "
            "consents, attention points, plan actions, events and contacts depend on it. Nothing "
            "was imported. Add the member to the bundle, or import with --allow-member-removal "
            "to delete the member and everything that depends on it."
        )
        % {"key": key},
    )


def _remove_member(person: Person, actor) -> None:
    """Delete a member a bundle no longer has (allow_member_removal), audited with the person and
    the counts of what is deleted with them."""
    dependants = {
        "events": person.events.count(),
        "contacts": Contact.objects.filter(
            models.Q(person=person) | models.Q(via=person) | models.Q(interpreter_member=person)
        ).count(),
        "intakes": person.intakes.count(),
        "consents": person.consents.count(),
        "points": person.attention_points.count(),
        "plan actions": person.plan_actions.count(),
        "involvements": person.involvements.count(),
    }
    audit_record(
        actor=actor,
        action=Action.DELETE,
        family_id=person.family_id,
        person_id=person.pk,
        category="bundle",
        detail="member removed by import; with it: "
        + ", ".join(f"{name} {n}" for name, n in dependants.items()),
    )
    person.delete()


def _applied(person: Person, member: dict[str, Any]) -> Person:
    """A copy of the person with the bundle's values (to compare without changing the person)."""
    copy = Person(pk=person.pk, family_id=person.family_id, key=person.key)
    _apply_member(copy, member)
    return copy


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
