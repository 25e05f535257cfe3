"""Builders and hypothesis strategies for case-bundle `family` dicts (rules.md, bundle fields)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from herenigd.rules.facts import FamilyData, family_from_bundle
from herenigd.timeline.events import EVENT_TYPES

_SCHEMA = (
    Path(__file__).resolve().parents[2] / "src/herenigd/families/schema/case-bundle-1.schema.json"
)

ROLES = ("sponsor", "partner", "child", "parent", "sibling", "other")
DUTCH_LEVELS = ("none", "A0", "A1", "A2", "B1", "B2", "C1", "C2")
LOCATIONS = ("abroad", "in_nl", "missing", "deceased")
ORGANISATIONS = ("social_guidance", "municipality", "jgz", "gp", "school", "coa", "nidos")
TOPICS = (
    "health_care",
    "sexual_health",
    "dutch_society",
    "legal",
    "insurance",
    "parenting",
    "domestic_violence",
    "other",
)
#: Event types the case-bundle schema requires a `person` for (read from the schema itself).
PERSON_EVENTS = frozenset(
    json.loads(_SCHEMA.read_text(encoding="utf-8"))["$defs"]["event"]["allOf"][0]["if"][
        "properties"
    ]["type"]["enum"]
)
KEYS = ("sponsor", "partner", "c1", "c2", "c3", "p1", "s1", "o1")

START = dt.date(2014, 1, 1)
END = dt.date(2019, 12, 31)


# --- builders for table-driven tests ------------------------------------------------------------


def member(key: str, role: str, born: str | None = "1985-06-15", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"key": key, "role": role}
    if born is not None:
        data["birth_date"] = born
    data.update(fields)
    return data


def ev(type_: str, date: str, person: str | None = None, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"type": type_, "date": date}
    if person is not None:
        data["person"] = person
    data.update(fields)
    return data


def contact(person: str, date: str, *, direct: bool, **fields: Any) -> dict[str, Any]:
    return {"person": person, "date": date, "direct": direct, **fields}


def family_dict(
    *members: dict[str, Any],
    events: tuple[dict[str, Any], ...] | list[dict[str, Any]] = (),
    contacts: tuple[dict[str, Any], ...] | list[dict[str, Any]] = (),
) -> dict[str, Any]:
    return {
        "reference": "TEST-1",
        "members": list(members),
        "events": list(events),
        "contacts": list(contacts),
    }


def family(
    *members: dict[str, Any],
    events: tuple[dict[str, Any], ...] | list[dict[str, Any]] = (),
    contacts: tuple[dict[str, Any], ...] | list[dict[str, Any]] = (),
) -> FamilyData:
    return family_from_bundle(family_dict(*members, events=events, contacts=contacts))


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- hypothesis strategies ----------------------------------------------------------------------


def iso(day: dt.date) -> str:
    return day.isoformat()


dates = st.dates(min_value=START, max_value=END)
birth_dates = st.one_of(
    st.none(),
    st.integers(min_value=1940, max_value=2019).map(lambda y: f"{y:04d}"),
    st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2019, 12, 31)).map(iso),
)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(None), strategy)


# Built once: constructing strategies inside a draw is what makes generation slow.
_MEMBER_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "given_name": _optional(st.sampled_from(("Rana", "Omar", "Lina", "Karim", "Amina"))),
    "birth_date": birth_dates,
    "sex": _optional(st.sampled_from(("F", "M", "X"))),
    "nationality": _optional(st.sampled_from(("SYR", "ERI", "XXA", "IRQ"))),
    "dutch_level": _optional(st.sampled_from(DUTCH_LEVELS)),
    "speaks_english": _optional(st.booleans()),
    "uam": _optional(st.booleans()),
    "travelled_with_sponsor": _optional(st.booleans()),
    "location": _optional(st.sampled_from(LOCATIONS)),
}
_EVENT_TYPE = st.sampled_from(EVENT_TYPES)
_OUTCOME = st.sampled_from(("granted", "refused", "partly_granted"))
_ROUTE = st.sampled_from(("direct", "via_azc", "other"))
_DESTINATION = st.sampled_from(("sponsor_home", "azc", "family_home", "other"))
_SUITABLE = _optional(st.booleans())
_TOPIC = st.sampled_from(TOPICS)
_ORGANISATION = _optional(st.sampled_from(ORGANISATIONS))
_ROLE = st.sampled_from(ROLES)


@st.composite
def member_dicts(draw: st.DrawFn, key: str, role: str) -> dict[str, Any]:
    data: dict[str, Any] = {"key": key, "role": role}
    for name, strategy in _MEMBER_FIELDS.items():
        value = draw(strategy)
        if value is not None:
            data[name] = value
    return data


@st.composite
def event_dicts(
    draw: st.DrawFn, keys: list[str], day: st.SearchStrategy[dt.date] = dates
) -> dict[str, Any]:
    key = st.sampled_from(keys)
    type_ = draw(_EVENT_TYPE)
    data: dict[str, Any] = {"type": type_, "date": iso(draw(day))}
    person = draw(key if type_ in PERSON_EVENTS else _optional(key))
    if person is not None:
        data["person"] = person
    if type_ == "decision":
        data["outcome"] = draw(_OUTCOME)
    elif type_ == "moved":
        data["route"] = draw(_ROUTE)
        data["destination"] = draw(_DESTINATION)
        suitable = draw(_SUITABLE)
        if suitable is not None:
            data["suitable"] = suitable
    elif type_ == "information_session":
        data["topic"] = draw(_TOPIC)
    return data


@st.composite
def contact_dicts(
    draw: st.DrawFn, keys: list[str], day: st.SearchStrategy[dt.date] = dates
) -> dict[str, Any]:
    key = st.sampled_from(keys)
    direct = draw(st.booleans())
    data: dict[str, Any] = {"person": draw(key), "date": iso(draw(day)), "direct": direct}
    if not direct and draw(st.booleans()):
        data["via"] = draw(key)
    interpreter = draw(_optional(st.sampled_from(("none", "professional", "phone", *keys))))
    if interpreter is not None:
        data["interpreter"] = interpreter
    organisation = draw(_ORGANISATION)
    if organisation is not None:
        data["organisation"] = organisation
    return data


#: Per-person steps after an arrival: (type, earliest and latest day offset from the arrival).
PROCEDURE = (
    ("registration_centre_report", 0, 6),
    ("brp_registered", 0, 10),
    ("residence_document_issued", 0, 30),
    ("health_insurance_started", 5, 60),
    ("intake_completed", 0, 40),
    ("jgz_intake", 0, 60),
    ("school_registered", 0, 40),
    ("moved", 0, 60),
    ("information_session", 0, 120),
    ("family_home_assigned", 0, 300),
    ("guardianship_ended", -200, 400),
    ("pregnancy", -100, 400),
    ("birth", 0, 600),
)
_ONE_DAY = dt.timedelta(days=1)


@st.composite
def family_dicts(draw: st.DrawFn, max_noise: int = 8) -> dict[str, Any]:
    """A schema-valid `family` object along the procedure: a sponsor (mostly) with a permit,
    an application and a decision, members arriving with the steps that follow, contacts
    around them, plus random noise events of any type."""
    n = draw(st.integers(min_value=1, max_value=len(KEYS)))
    keys = list(KEYS[:n])
    roles = [draw(_ROLE) for _ in keys]
    if draw(st.integers(0, 9)) > 0:
        roles[0] = "sponsor"
    members = [draw(member_dicts(k, r)) for k, r in zip(keys, roles, strict=True)]

    def offset(base: dt.date, low: int, high: int) -> dt.date:
        return base + draw(st.integers(low, high)) * _ONE_DAY

    start = draw(st.dates(min_value=START, max_value=dt.date(2017, 12, 31)))
    events: list[dict[str, Any]] = []
    if draw(st.booleans()):
        events.append(ev("permit_granted", iso(start), keys[0]))
    if draw(st.booleans()):
        filed = offset(start, 0, 150)
        events.append(ev("application_filed", iso(filed)))
        if draw(st.booleans()):
            events.append(ev("decision", iso(offset(filed, 0, 400)), outcome=draw(_OUTCOME)))
    for key in keys[1:]:
        if not draw(st.booleans()):
            continue
        arrival = offset(start, 60, 900)
        events.append(ev("arrival", iso(arrival), key))
        if draw(st.booleans()):
            events.append(ev("separated", iso(offset(arrival, -1500, -1)), key))
        for type_, low, high in PROCEDURE:
            if not draw(st.booleans()):
                continue
            event = ev(type_, iso(offset(arrival, low, high)), key)
            if type_ == "moved":
                event.update(route=draw(_ROUTE), destination=draw(_DESTINATION))
                suitable = draw(_SUITABLE)
                if suitable is not None:
                    event["suitable"] = suitable
            elif type_ == "information_session":
                event["topic"] = draw(_TOPIC)
            elif type_ in ("family_home_assigned", "guardianship_ended", "birth") and draw(
                st.booleans()
            ):
                del event["person"]  # a family-level event
            events.append(event)
    events += draw(st.lists(event_dicts(keys), max_size=max_noise))
    near = st.dates(min_value=start, max_value=start + 1200 * _ONE_DAY)
    contacts = draw(st.lists(contact_dicts(keys, near), max_size=6))
    return {"reference": "HYP-1", "members": members, "events": events, "contacts": contacts}


def keys_of(family: dict[str, Any]) -> list[str]:
    return [m["key"] for m in family["members"]]
