"""Case bundles (format `herenigd.case-bundle/1`): import, and the names other code imports.

A bundle is how municipalities bring their spreadsheets in and how a family moves between
municipalities (product.md 'Interfaces'; docs/bundles.md). Import is atomic and idempotent by
(municipality, reference), and a re-import loses nothing stored (see `family_import_bundle`);
export writes the same format, losslessly. The work is split by concern:

- `parsing`: reading a file (size, encoding, JSON), `scan`: structure and limits,
- `validation` (with `schemawords`): schema and semantic checks, `issues`: located messages,
- `export`: the family as a bundle; this module: the import and the merge of a re-import.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from herenigd import clock
from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record
from herenigd.casefile.export import (
    FORMAT,
    MEMBER_FLAGS,
    contact_to_bundle,
    event_to_bundle,
    family_export_bundle,
    family_export_bundles,
    member_to_bundle,
)
from herenigd.casefile.issues import MAX_REPORTED_ISSUES, BundleError, BundleIssue, located
from herenigd.casefile.parsing import parse_bundle_bytes, parse_bundle_text, read_bundle_file
from herenigd.casefile.scan import BIDI_CONTROLS
from herenigd.casefile.validation import (
    INTERPRETER_WORDS,
    SCHEMA_PATH,
    bundle_schema,
    validate_bundle,
)
from herenigd.families.changes import family_changed, family_touched
from herenigd.families.models import Contact, Family, Person
from herenigd.families.services import contact_date_problem
from herenigd.families.vocab import BirthDatePrecision, InterpreterKind
from herenigd.organisations.models import Municipality
from herenigd.timeline.models import TimelineEvent
from herenigd.timeline.plausibility import bundle_family_problems
from herenigd.timeline.services import timeline_event_correct_by_import

__all__ = [
    "BIDI_CONTROLS",
    "FORMAT",
    "INTERPRETER_WORDS",
    "MAX_REPORTED_ISSUES",
    "SCHEMA_PATH",
    "BundleError",
    "BundleIssue",
    "ImportResult",
    "bundle_schema",
    "family_export_bundle",
    "family_export_bundles",
    "family_import_bundle",
    "parse_bundle_bytes",
    "parse_bundle_text",
    "read_bundle_file",
    "validate_bundle",
]

_MEMBER_TEXT = ("given_name", "family_name", "sex", "nationality", "dutch_level", "location", "bsn")
_EVENT_TEXT = ("outcome", "route", "destination", "address", "topic", "source", "note")
_COUNTS = (
    "members_added",
    "members_updated",
    "members_removed",
    "events_added",
    "events_corrected",
    "events_kept",
    "contacts_added",
    "contacts_kept",
)


@dataclass(frozen=True)
class ImportResult:
    """What an import did, or in a dry run would do. Counts and member keys only: nothing here
    is personal data. In a dry run `family` was not stored."""

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
    removed_keys: tuple[str, ...] = ()
    dry_run: bool = False
    #: Implausible but possible data (plausibility flags), located, in the active language.
    warnings: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        """The non-zero counts, by name (`members_added` …), in a fixed order."""
        return {name: getattr(self, name) for name in _COUNTS if getattr(self, name)}

    def summary(self) -> str:
        """Counts for the audit trail (English, stable; the command line translates its own)."""
        names = {
            "members_added": "members added",
            "members_updated": "members updated",
            "members_removed": "members removed",
            "events_added": "events added",
            "events_corrected": "events corrected",
            "events_kept": "events kept (not in bundle)",
            "contacts_added": "contacts added",
            "contacts_kept": "contacts kept (not in bundle)",
        }
        return ", ".join(f"{names[name]}: {n}" for name, n in self.counts().items())


class _DryRun(Exception):
    """Not an error: carries the result of a dry run out of the rolled-back transaction."""

    def __init__(self, result: ImportResult):
        self.result = result


def family_import_bundle(
    *,
    data: Any,
    acting_user=None,
    actor=None,
    allow_member_removal: bool = False,
    dry_run: bool = False,
    as_of: datetime.date | None = None,
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

    With `dry_run=True` the import runs in a transaction that is rolled back: the result says
    what it would do, and nothing is written, audited or scheduled (on_commit callbacks of the
    rolled-back transaction are discarded).

    The plausibility table (`timeline.plausibility`, docs/bundles.md) is applied for `as_of`
    (default: today): impossible data (an event before the person's birth, a date far in the
    future, a partner aged 10) refuses the bundle; unusual data is imported with `warnings`.
    """
    issues = validate_bundle(data)
    if issues:
        raise BundleError(issues)
    warnings = _plausibility(data, as_of or clock.today())
    try:
        municipality = Municipality.objects.get(code=data["municipality"])
    except Municipality.DoesNotExist:
        problem = _("herenigd knows no municipality with this code")
        raise BundleError(
            [located(["municipality"], data, problem, "unknown_municipality", show_value=True)]
        ) from None
    actor = actor or Actor.of(acting_user)
    try:
        with transaction.atomic():
            result = _import(data, municipality, acting_user, actor, allow_member_removal)
            result = dataclasses.replace(result, warnings=warnings)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as done:
        return dataclasses.replace(done.result, dry_run=True)
    return result


def _plausibility(data: dict[str, Any], as_of: datetime.date) -> tuple[str, ...]:
    """Refuse the bundle for impossible data; the flags of unusual data, as warnings."""
    problems = bundle_family_problems(data["family"], as_of=as_of, path="$.family")
    refused = [BundleIssue(p.path, str(p.message), p.rule) for p in problems if p.refused]
    refused += _contact_date_issues(data["family"], as_of)
    if refused:
        raise BundleError(refused[:MAX_REPORTED_ISSUES])
    return tuple(str(p) for p in problems if not p.refused)


def _contact_date_issues(family: dict[str, Any], as_of: datetime.date) -> list[BundleIssue]:
    """A contact has taken place: not after the import date, nor before 1900 or the birth."""
    births = {}
    for member in family["members"]:
        if "birth_date" in member:
            births[member["key"]] = Person.birth_date_from_text(member["birth_date"])
    issues = []
    for i, contact in enumerate(family.get("contacts", [])):
        birth, precision = births.get(contact["person"], (None, None))
        problem = contact_date_problem(
            datetime.date.fromisoformat(contact["date"]),
            as_of=as_of,
            birth=birth,
            year_only=precision == BirthDatePrecision.YEAR,
        )
        if problem:
            issues.append(BundleIssue(f"$.family.contacts[{i}].date", problem, "contact_date"))
    return issues


def _import(data, municipality, acting_user, actor, allow_member_removal) -> ImportResult:
    """The import inside its transaction (see family_import_bundle)."""
    family, created = Family.objects.select_for_update().get_or_create(
        municipality=municipality, reference=data["family"]["reference"]
    )
    counts, kept, removed = _merge_family_data(
        family, data, acting_user, actor, allow_member_removal=allow_member_removal
    )
    if not created and not any(counts.values()):
        # Unchanged, but maybe never evaluated (a crash after an earlier commit): evaluate it.
        family_touched(family_id=family.pk)
        return ImportResult(family=family, created=False, changed=False)
    result = ImportResult(
        family=family, created=created, changed=True, **counts, **kept, removed_keys=removed
    )
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
    family: Family, data: dict[str, Any], acting_user, actor, *, allow_member_removal
) -> tuple[dict[str, int], dict[str, int], tuple[str, ...]]:
    """Write the bundle into the family (see family_import_bundle). Returns the counts of what
    changed (all zero when nothing did), of the stored events and contacts the bundle lacks, and
    the keys of the members removed."""
    bundle_family = data["family"]
    existing = {p.key: p for p in family.members.all()}
    wanted = {m["key"] for m in bundle_family["members"]}
    missing = [key for key in existing if key not in wanted]
    if missing and not allow_member_removal:
        raise BundleError([_member_missing_issue(data, key) for key in missing])
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
        elif member_to_bundle(person) != member_to_bundle(_applied(person, member)):
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

    unmatched = {c.pk: contact_to_bundle(c, keys) for c in family.contacts.order_by("id")}
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
    return counts, {"events_kept": kept, "contacts_kept": len(unmatched)}, tuple(missing)


def _merge_events(family, bundle_family, persons, keys, acting_user, actor) -> tuple[int, int, int]:
    """Match bundle events to stored ones: equal → untouched; same type and member with the same
    date or the same details → a correction (history kept); otherwise added. Returns (added,
    corrected, stored events not in the bundle)."""
    unmatched = {e.pk: (event_to_bundle(e, keys), e) for e in family.events.order_by("date", "id")}
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


def _member_missing_issue(data: dict[str, Any], key: str) -> BundleIssue:
    problem = _(
        "member %(key)r is stored for this family but missing from the bundle; its intake, "
        "consents, attention points, plan actions, events and contacts depend on it. Nothing "
        "was imported. Add the member to the bundle, or import with --allow-member-removal "
        "to delete the member and everything that depends on it."
    ) % {"key": key}
    return located(["family", "members"], data, problem, "member_missing")


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
    for field in MEMBER_FLAGS:
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
