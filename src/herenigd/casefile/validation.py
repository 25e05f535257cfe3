"""Validating a case bundle: structure and limits first, then the JSON Schema, then what a schema
cannot check (member keys that events name, impossible dates, the BSN 11-test, one sponsor).

Each step runs only when the one before found nothing: the schema validator never sees data
that could crash it (nesting 10,000 deep, a number of 5,000 digits), and the last step relies on
the shape the schema guarantees. Dates that exist but are implausible (born in year 1, an event
in 2999) are for the plausibility rules (`herenigd.timeline.plausibility`), not for this module.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from herenigd.casefile.issues import BundleIssue, capped, located
from herenigd.casefile.limits import bundle_limits
from herenigd.casefile.scan import structure_issues
from herenigd.casefile.schemawords import schema_issues
from herenigd.families.models import Person
from herenigd.families.validators import is_valid_bsn
from herenigd.families.vocab import InterpreterKind

# The case-bundle format is the family's data format: its schema lives with the family models.
SCHEMA_PATH = Path(__file__).parent.parent / "families" / "schema" / "case-bundle-1.schema.json"
#: Words of a contact's `interpreter` field; any other value is the key of the member who
#: interpreted.
INTERPRETER_WORDS = frozenset({"none", "professional", "phone"})


@cache
def bundle_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    schema = bundle_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate_bundle(data: Any) -> list[BundleIssue]:
    """All problems of a bundle (at most MAX_REPORTED_ISSUES), in words; never raises."""
    issues = capped(structure_issues(data, bundle_limits()))
    if issues:
        return issues
    issues = capped(schema_issues(_validator().iter_errors(data), data))
    if issues:
        return issues
    return capped(semantic_issues(data))


def is_existing_date(text: str) -> bool:
    """'YYYY-MM-DD' or 'YYYY' names a day of the calendar ('0000' and '2019-02-30' do not)."""
    try:
        Person.birth_date_from_text(text)
    except ValueError:
        return False
    return True


def semantic_issues(data: dict[str, Any]) -> list[BundleIssue]:
    """What the schema cannot check; `data` is valid under the schema."""
    family = data["family"]
    issues: list[BundleIssue] = []
    first: dict[str, int] = {}
    sponsors = 0
    for i, member in enumerate(family["members"]):
        parts = ["family", "members", i]
        if member["key"] in first:
            problem = _(
                "member %(other)d has the same key; every member needs a key of their own"
            ) % {"other": first[member["key"]] + 1}
            issues.append(
                located(
                    [*parts, "key"],
                    data,
                    problem,
                    "duplicate_member_key",
                    show_value=True,
                    by_number=True,
                )
            )
        first.setdefault(member["key"], i)
        sponsors += member["role"] == "sponsor"
        if "birth_date" in member and not is_existing_date(member["birth_date"]):
            problem = _("not an existing date")
            issues.append(
                located([*parts, "birth_date"], data, problem, "impossible_date", show_value=True)
            )
        if "bsn" in member and not is_valid_bsn(member["bsn"]):
            problem = _("not a valid citizen service number: the 11-test fails")
            issues.append(located([*parts, "bsn"], data, problem, "bsn"))
    if sponsors != 1:
        problem = _(
            "a family has exactly one member with role sponsor; this bundle has %(count)d"
        ) % {"count": sponsors}
        issues.append(located(["family", "members"], data, problem, "sponsor_count"))
    return issues + _reference_issues(data, set(first))


def _reference_issues(data: dict[str, Any], keys: set[str]) -> list[BundleIssue]:
    """Events and contacts name members that exist; nobody interprets for themself."""
    family = data["family"]
    issues: list[BundleIssue] = []

    def check_key(parts: list, key: str | None) -> None:
        if key is not None and key not in keys:
            problem = _("no member of this family has this key")
            issues.append(located(parts, data, problem, "unknown_member", show_value=True))

    for i, event in enumerate(family.get("events", [])):
        check_key(["family", "events", i, "person"], event.get("person"))
    for i, contact in enumerate(family.get("contacts", [])):
        parts = ["family", "contacts", i]
        check_key([*parts, "person"], contact["person"])
        check_key([*parts, "via"], contact.get("via"))
        interpreter = contact.get("interpreter", InterpreterKind.NONE)
        if interpreter not in INTERPRETER_WORDS:
            check_key([*parts, "interpreter"], interpreter)
            if interpreter == contact["person"]:
                problem = _("a person cannot interpret for themself")
                issues.append(
                    located(
                        [*parts, "interpreter"], data, problem, "self_interpreter", show_value=True
                    )
                )
    return issues
