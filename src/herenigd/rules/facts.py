"""The facts of a family the rule engine reads: plain dataclasses of its members, events, contacts.

Not the ORM (that is `models.py`): the engine sees a family only in this shape, so it stays pure.

Field names and defaults follow rules.md 'Case bundle fields'; `family_from_bundle` turns the
`family` object of a case bundle (format `herenigd.case-bundle/1`) into this shape. The input is
assumed schema-valid; optional fields that are missing get the defaults of rules.md.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BundleDataError",
    "ContactFact",
    "Event",
    "FamilyData",
    "Member",
    "family_from_bundle",
    "parse_date",
]

#: A year-only birth date is taken as 1 July of that year (rules.md 'Case bundle fields').
YEAR_ONLY_MONTH = 7
YEAR_ONLY_DAY = 1


class BundleDataError(ValueError):
    """A bundle value the rule engine cannot read (the schema should have caught it)."""


@dataclass(frozen=True, slots=True)
class Member:
    """A family member; `birth_year_only` marks a birth date known only by year (→ 1 July)."""

    key: str
    role: str
    given_name: str | None = None
    family_name: str | None = None
    birth_date: _dt.date | None = None
    birth_year_only: bool = False
    sex: str | None = None
    nationality: str | None = None
    languages: tuple[str, ...] = ()
    dutch_level: str | None = None
    speaks_english: bool = False
    uam: bool = False
    travelled_with_sponsor: bool = False
    location: str | None = None

    @property
    def is_reunifier(self) -> bool:
        """Not the sponsor and not travelled with the sponsor (rules.md 'Conventions')."""
        return self.role != "sponsor" and not self.travelled_with_sponsor


@dataclass(frozen=True, slots=True)
class Event:
    """A timeline event; `person` is None for a family-level event."""

    type: str
    date: _dt.date
    person: str | None = None
    outcome: str | None = None
    route: str | None = None
    destination: str | None = None
    suitable: bool | None = None
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class ContactFact:
    """A contact-log entry: `direct` means the professional spoke with `person` themself."""

    person: str
    date: _dt.date
    direct: bool = False
    via: str | None = None
    interpreter: str | None = None
    organisation: str | None = None
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class FamilyData:
    reference: str
    members: tuple[Member, ...] = ()
    events: tuple[Event, ...] = ()
    contacts: tuple[ContactFact, ...] = ()

    def member(self, key: str) -> Member | None:
        for m in self.members:
            if m.key == key:
                return m
        return None


def parse_date(value: Any, *, field: str = "date") -> tuple[_dt.date, bool]:
    """Return (date, year_only) for "YYYY-MM-DD", "YYYY" (→ 1 July) or a `date`."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:  # the common case first: YYYY-MM-DD
            return _dt.date.fromisoformat(value), False
        except ValueError:
            pass
    elif isinstance(value, _dt.datetime):
        return value.date(), False
    elif isinstance(value, _dt.date):
        return value, False
    else:
        if isinstance(value, int) and not isinstance(value, bool):
            value = f"{value:04d}"
        if isinstance(value, str):
            text = value.strip()
            try:
                if len(text) == 4 and text.isdigit():
                    return _dt.date(int(text), YEAR_ONLY_MONTH, YEAR_ONLY_DAY), True
                if len(text) == 10 and text[4] == "-" and text[7] == "-":
                    return _dt.date.fromisoformat(text), False
            except ValueError:
                pass
    raise BundleDataError(f"{field}: {value!r} is not a date (YYYY-MM-DD or YYYY)")


def _opt_str(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    return None if value is None else str(value)


def _flag(data: Mapping[str, Any], name: str) -> bool:
    return data.get(name) is True


def _member(data: Mapping[str, Any], index: int) -> Member:
    where = f"members[{index}]"
    try:
        key = str(data["key"])
        role = str(data["role"])
    except KeyError as exc:
        raise BundleDataError(f"{where}: missing {exc.args[0]!r}") from None
    birth = data.get("birth_date")
    birth_date: _dt.date | None = None
    year_only = False
    if birth is not None:
        birth_date, year_only = parse_date(birth, field=f"{where}.birth_date")
    languages = data.get("languages") or ()
    return Member(
        key=key,
        role=role,
        given_name=_opt_str(data, "given_name"),
        family_name=_opt_str(data, "family_name"),
        birth_date=birth_date,
        birth_year_only=year_only,
        sex=_opt_str(data, "sex"),
        nationality=_opt_str(data, "nationality"),
        languages=tuple(str(x) for x in languages),
        dutch_level=_opt_str(data, "dutch_level"),
        speaks_english=_flag(data, "speaks_english"),
        uam=_flag(data, "uam"),
        travelled_with_sponsor=_flag(data, "travelled_with_sponsor"),
        location=_opt_str(data, "location"),
    )


def _event(data: Mapping[str, Any], index: int) -> Event:
    # Schema-valid input has strings where strings belong: no conversions on this hot path.
    get = data.get
    type_, date = get("type"), get("date")
    if type_ is None or date is None:
        raise BundleDataError(f"events[{index}]: an event needs 'type' and 'date'")
    suitable = get("suitable")
    return Event(
        type_,
        parse_date(date, field=f"events[{index}].date")[0],
        get("person"),
        get("outcome"),
        get("route"),
        get("destination"),
        suitable if suitable is True or suitable is False else None,
        get("topic"),
    )


def _contact(data: Mapping[str, Any], index: int) -> ContactFact:
    get = data.get
    person, date = get("person"), get("date")
    if person is None or date is None:
        raise BundleDataError(f"contacts[{index}]: a contact needs 'person' and 'date'")
    return ContactFact(
        person,
        parse_date(date, field=f"contacts[{index}].date")[0],
        get("direct") is True,
        get("via"),
        get("interpreter"),
        get("organisation"),
        get("topic"),
    )


def _items(value: Iterable[Any] | None) -> Iterable[Any]:
    return () if value is None else value


def family_from_bundle(family: Mapping[str, Any]) -> FamilyData:
    """Parse the `family` object of a case bundle (a whole bundle is unwrapped too)."""
    if "members" not in family and isinstance(family.get("family"), Mapping):
        family = family["family"]
    return FamilyData(
        reference=str(family.get("reference", "")),
        members=tuple(_member(m, i) for i, m in enumerate(_items(family.get("members")))),
        events=tuple(_event(e, i) for i, e in enumerate(_items(family.get("events")))),
        contacts=tuple(_contact(c, i) for i, c in enumerate(_items(family.get("contacts")))),
    )
