"""The rule engine: deadlines and data-derived attention points of a family at a date.

`evaluate(family, ruleset, as_of)` is a pure function (product.md 'Rules'): no database, no clock.
Semantics are exactly those of rules.md; every term comes from the rule set. Events and contacts
dated after `as_of` are ignored (the evaluation sees the world as it was on that date).

Choices where rules.md is silent:
- an unknown birth date satisfies no age condition (no INTAKE/JGZ/SCHOOL deadline, no
  NOT_REACHED or INTERPRETER_NEEDED, the sponsor does not count as 18+);
- "the latest" event: when several share the latest date, the condition holds if it holds for
  any of them (a needless point costs less than a missed one);
- only the rule set's family-level types (guardianship_ended, family_home_assigned) spread
  from the family to every member; a family-level `permit_granted` is the sponsor's; the
  family-wide rules (DECISION, APPLICATION_REFUSED, HOUSING_WAIT's moves) read the events of
  every member and of the family;
- a `birth` event of anyone in the family, on or after a pregnancy, ends that pregnancy;
- `ALO_KOP_RECLAIM` needs a partner who is a reunifier (§6.5: the partner "als nareiziger");
- an unknown Dutch level does not make INTERPRETER_NEEDED.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from . import reasons
from .dates import add_years, age_on
from .model import Contact, Event, FamilyData, Member
from .ruleset import RuleSet

__all__ = [
    "EXPIRED",
    "MET",
    "MET_LATE",
    "OPEN",
    "OVERDUE",
    "AttentionPoint",
    "Deadline",
    "Evaluation",
    "evaluate",
]

MET = "met"
MET_LATE = "met_late"
OPEN = "open"
OVERDUE = "overdue"
EXPIRED = "expired"

_by_date = attrgetter("date")


@dataclass(frozen=True, slots=True)
class Deadline:
    """A deadline at the evaluation date; `person` is None for a family-level deadline."""

    code: str
    person: str | None
    due: _dt.date
    status: str
    fulfilled_on: _dt.date | None = None

    @property
    def sort_key(self) -> tuple[str, bool, str, _dt.date]:
        return (self.code, self.person is not None, self.person or "", self.due)


@dataclass(frozen=True, slots=True)
class AttentionPoint:
    """An active attention point; `facts` holds the quoted data (JSON-friendly: ISO dates)."""

    code: str
    person: str | None
    sensitivity: str
    responsible: str
    reason_nl: str
    reason_en: str
    facts: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def sort_key(self) -> tuple[str, bool, str]:
        return (self.code, self.person is not None, self.person or "")


@dataclass(frozen=True, slots=True)
class Evaluation:
    as_of: _dt.date
    ruleset_version: str
    deadlines: tuple[Deadline, ...]
    attention: tuple[AttentionPoint, ...]

    def deadline(self, code: str, person: str | None = None) -> Deadline | None:
        for d in self.deadlines:
            if d.code == code and d.person == person:
                return d
        return None

    def active(self) -> set[tuple[str, str | None]]:
        """The (code, person) pairs of the active attention points."""
        return {(a.code, a.person) for a in self.attention}


def _iso(day: _dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _status(due: _dt.date, fulfilled: _dt.date | None, as_of: _dt.date) -> str:
    """rules.md 'Status of a deadline at D'."""
    if fulfilled is not None:
        return MET if fulfilled <= due else MET_LATE
    return OPEN if due >= as_of else OVERDUE


def _contact_key(c: Contact) -> tuple[Any, ...]:
    return (
        c.date,
        c.person,
        c.direct,
        c.via or "",
        c.interpreter or "",
        c.organisation or "",
        c.topic or "",
    )


class _Family:
    """Indexes of one family's events dated on or before D (rules.md 'Conventions')."""

    __slots__ = ("by_tp", "by_type", "family_wide")

    def __init__(self, events: Iterable[Event], as_of: _dt.date, family_wide: frozenset[str]):
        self.family_wide = family_wide
        self.by_type: dict[str, list[Event]] = {}
        self.by_tp: dict[tuple[str, str | None], list[Event]] = {}
        kept = [e for e in events if e.date <= as_of]
        kept.sort(key=_by_date)
        for e in kept:
            self.by_type.setdefault(e.type, []).append(e)
            self.by_tp.setdefault((e.type, e.person), []).append(e)

    def of(self, type_: str, person: str | None) -> list[Event]:
        """A person's events of a type, plus family-level ones of the family-wide types."""
        own = self.by_tp.get((type_, person), [])
        if person is not None and type_ in self.family_wide:
            shared = self.by_tp.get((type_, None))
            if shared:
                return own + shared
        return own

    def first(self, type_: str, person: str | None) -> _dt.date | None:
        """Date of the earliest event of a type for a person (rules.md: 'the' event)."""
        own = self.by_tp.get((type_, person))
        first = own[0].date if own else None
        if person is not None and type_ in self.family_wide:
            shared = self.by_tp.get((type_, None))
            if shared and (first is None or shared[0].date < first):
                first = shared[0].date
        return first

    def first_any(self, type_: str) -> _dt.date | None:
        """Earliest event of a type in the whole family (any person or none)."""
        events = self.by_type.get(type_)
        return events[0].date if events else None


def _latest(events: list[Event]) -> list[Event]:
    """The events on the latest date (several when they share it)."""
    if not events:
        return []
    last = max(e.date for e in events)
    return [e for e in events if e.date == last]


def evaluate(family: FamilyData, ruleset: RuleSet, as_of: _dt.date) -> Evaluation:
    """Deadlines and active data-derived attention points of `family` at `as_of` (rules.md)."""
    D = as_of
    rs = ruleset
    adult_age = rs.adult_age
    members = family.members
    by_key = {m.key: m for m in members}
    fam = _Family(family.events, D, rs.family_level_event_types)
    first = fam.first

    arrival: dict[str, _dt.date] = {}
    for m in members:
        r = first("arrival", m.key)
        if r is not None:
            arrival[m.key] = r
    sponsors = [m for m in members if m.role == "sponsor"]
    reunifiers = [m for m in members if m.is_reunifier]

    def age(m: Member, on: _dt.date) -> int | None:
        return None if m.birth_date is None else age_on(m.birth_date, on)

    age_now = {m.key: age(m, D) for m in members}

    # --- deadlines (rules.md 'Deadlines') -----------------------------------------------------
    deadlines: list[Deadline] = []
    statuses: dict[tuple[str, str | None], Deadline] = {}

    def deadline(code: str, person: str | None, start: _dt.date, fulfilled: _dt.date | None):
        rule = rs.deadlines[code]
        due = rule.term.add(start)
        if rule.informational:
            d = Deadline(code, person, due, OPEN if due >= D else EXPIRED, None)
        else:
            d = Deadline(code, person, due, _status(due, fulfilled, D), fulfilled)
        statuses[(code, person)] = d
        if rule.enabled:
            deadlines.append(d)

    application = fam.first_any("application_filed")
    decision = fam.first_any("decision")
    permits: dict[str, _dt.date] = {}
    for sp in sponsors:
        # The sponsor's permit; a family-level permit_granted can only be the sponsor's.
        p = first("permit_granted", sp.key)
        shared = first("permit_granted", None)
        if shared is not None and (p is None or shared < p):
            p = shared
        if p is not None:
            permits[sp.key] = p
            deadline("APPLICATION_FILING", sp.key, p, application)
    if application is not None:
        deadline("DECISION", None, application, decision)

    jgz = rs.deadlines["JGZ_INTAKE"].params
    intake_min = rs.deadlines["INTAKE"].params["min_age_at_arrival"]
    school = rs.deadlines["SCHOOL_REGISTRATION"].params
    school_min, school_max = school["min_age"], school["max_age"]
    for m in reunifiers:
        r = arrival.get(m.key)
        if r is None:
            continue
        k = m.key
        deadline("REPORT_REGISTRATION_CENTRE", k, r, first("registration_centre_report", k))
        age_r = age(m, r)
        if age_r is not None:
            if age_r >= intake_min:
                deadline("INTAKE", k, r, first("intake_completed", k))
            if jgz["min_age_at_arrival"] <= age_r <= jgz["max_age_at_arrival"]:
                deadline("JGZ_INTAKE", k, r, first("jgz_intake", k))
        a = age_now[k]
        if a is not None and school_min <= a <= school_max:
            birthday = add_years(m.birth_date, school_min)  # type: ignore[arg-type]
            deadline("SCHOOL_REGISTRATION", k, max(r, birthday), first("school_registered", k))
        if m.role == "child":
            deadline("MIN_COHABITATION", k, r, None)
    for m in members:
        k = m.key
        t = first("residence_document_issued", k)
        if t is not None:
            deadline("HEALTH_INSURANCE", k, t, first("health_insurance_started", k))
        b = first("brp_registered", k)
        if b is not None:
            deadline("GP_INTERPRETER_WINDOW", k, b, None)

    # --- attention points (rules.md 'Attention points derived from data') --------------------
    points: list[AttentionPoint] = []

    def raise_point(code: str, person: str | None, facts: dict[str, Any]) -> None:
        rule = rs.attention[code]
        if not rule.enabled:
            return
        a = age_now.get(person) if person is not None else None
        minor = a is not None and a < adult_age
        if person is not None:
            facts = {"person": person, **facts}
        nl, en = reasons.render(code, facts, by_key)
        points.append(
            AttentionPoint(
                code, person, rule.sensitivity, rule.responsible_for(minor), nl, en, facts
            )
        )

    # APPLICATION_DEADLINE: permit P, no application, D >= (P + term) - warning.
    filing = rs.deadlines["APPLICATION_FILING"].term
    warn = rs.attention["APPLICATION_DEADLINE"].params["warn_before"]
    if application is None:
        for sp_key, p in sorted(permits.items()):
            due = filing.add(p)
            if warn.subtract(due) <= D:
                raise_point(
                    "APPLICATION_DEADLINE",
                    sp_key,
                    {
                        "permit_granted": p.isoformat(),
                        "due": due.isoformat(),
                        "term": filing.as_dict(),
                        "days_left": (due - D).days,
                    },
                )

    # DECISION_OVERDUE: application A, no decision, D > A + decision term.
    if application is not None and decision is None:
        term = rs.deadlines["DECISION"].term
        due = term.add(application)
        if due < D:
            raise_point(
                "DECISION_OVERDUE",
                None,
                {
                    "application_filed": application.isoformat(),
                    "due": due.isoformat(),
                    "term": term.as_dict(),
                    "days_overdue": (D - due).days,
                },
            )

    # APPLICATION_REFUSED: the latest decision has outcome refused.
    latest_decisions = _latest(fam.by_type.get("decision", []))
    if any(e.outcome == "refused" for e in latest_decisions):
        raise_point(
            "APPLICATION_REFUSED",
            None,
            {"decision": latest_decisions[0].date.isoformat(), "outcome": "refused"},
        )

    # LONG_SEPARATION: separated S and arrival R with R > S + min_separation.
    min_sep = rs.attention["LONG_SEPARATION"].params["min_separation"]
    for m in reunifiers:
        r = arrival.get(m.key)
        s = first("separated", m.key)
        if r is not None and s is not None and r > min_sep.add(s):
            raise_point(
                "LONG_SEPARATION",
                m.key,
                {
                    "separated": s.isoformat(),
                    "arrival": r.isoformat(),
                    "min_separation": min_sep.as_dict(),
                },
            )

    # FAMILY_INCOMPLETE: a reunifier arrived and another is abroad or missing at D.
    arrived = sorted(
        ((arrival[m.key], m.key) for m in reunifiers if m.key in arrival),
    )
    if arrived:
        away = sorted(
            (m.key, "missing" if m.location == "missing" else "abroad")
            for m in reunifiers
            if m.key not in arrival and m.location != "deceased"
        )
        if away:
            raise_point(
                "FAMILY_INCOMPLETE",
                None,
                {
                    "arrived": [{"person": k, "arrival": r.isoformat()} for r, k in arrived],
                    "not_in_nl": [{"person": k, "location": loc} for k, loc in away],
                },
            )

    # EX_AMV_OVERLOAD and GUARDIANSHIP_HANDOVER: the sponsor is an (ex-)UAM.
    uam_sponsors = [sp for sp in sponsors if sp.uam]
    if uam_sponsors:
        family_arrivals = sorted(
            (arrival[m.key], m.key, m.role)
            for m in members
            if m.role in ("parent", "sibling") and m.key in arrival
        )
        parents = [(r, k) for r, k, role in family_arrivals if role == "parent"]
        for sp in sorted(uam_sponsors, key=attrgetter("key")):
            if family_arrivals:
                raise_point(
                    "EX_AMV_OVERLOAD",
                    sp.key,
                    {
                        "sponsor": sp.key,
                        "arrived": [
                            {"person": k, "arrival": r.isoformat()} for r, k, _ in family_arrivals
                        ],
                    },
                )
            if first("guardianship_ended", sp.key) is None:
                a = age_now[sp.key]
                adult = a is not None and a >= adult_age
                if parents or adult:
                    raise_point(
                        "GUARDIANSHIP_HANDOVER",
                        sp.key,
                        {
                            "sponsor": sp.key,
                            "parent_arrived": {
                                "person": parents[0][1],
                                "arrival": parents[0][0].isoformat(),
                            }
                            if parents
                            else None,
                            "adult_since": add_years(sp.birth_date, adult_age).isoformat()  # type: ignore[arg-type]
                            if adult
                            else None,
                            "adult_age": adult_age,
                        },
                    )

    # DIRECT_ROUTE_INFO_GAP: a direct move and no health-care information session.
    for m in reunifiers:
        direct = [e.date for e in fam.of("moved", m.key) if e.route == "direct"]
        if direct and not any(
            e.topic == "health_care" for e in fam.of("information_session", m.key)
        ):
            raise_point("DIRECT_ROUTE_INFO_GAP", m.key, {"moved": min(direct).isoformat()})

    # NOT_REACHED: adult reunifier, D >= R + N days, no direct contact dated <= D.
    not_reached_after = rs.attention["NOT_REACHED"].params["after"]
    contacts = [c for c in family.contacts if c.date <= D]
    reached = {c.person for c in contacts if c.direct}
    for m in reunifiers:
        r = arrival.get(m.key)
        a = age_now[m.key]
        if (
            r is not None
            and a is not None
            and a >= adult_age
            and m.key not in reached
            and not_reached_after.add(r) <= D
        ):
            raise_point(
                "NOT_REACHED",
                m.key,
                {
                    "arrival": r.isoformat(),
                    "days_since_arrival": (D - r).days,
                    "after": not_reached_after.as_dict(),
                    "contacts_via_others": sum(
                        1 for c in contacts if c.person == m.key and not c.direct
                    ),
                },
            )

    # ALO_KOP_RECLAIM: a partner arrived at R2 and a child was in NL before R2.
    alo = _alo_kop(members, arrival)
    if alo is not None:
        alo["amount_eur"] = rs.attention["ALO_KOP_RECLAIM"].params["amount_eur"]
        targets = sorted(sp.key for sp in sponsors) or [None]
        for key in targets:
            raise_point("ALO_KOP_RECLAIM", key, dict(alo))

    # HEALTH_INSURANCE_GAP and SCHOOL_CONCERN: their deadline is overdue.
    for (code, person), d in statuses.items():
        if d.status != OVERDUE:
            continue
        if code == "HEALTH_INSURANCE":
            raise_point(
                "HEALTH_INSURANCE_GAP",
                person,
                {
                    "residence_document_issued": _iso(first("residence_document_issued", person)),
                    "due": d.due.isoformat(),
                    "term": rs.term("HEALTH_INSURANCE").as_dict(),
                },
            )
        elif code == "SCHOOL_REGISTRATION" and person is not None:
            raise_point(
                "SCHOOL_CONCERN",
                person,
                {
                    "arrival": arrival[person].isoformat(),
                    "due": d.due.isoformat(),
                    "age": age_now[person],
                },
            )

    # COA_DEREGISTRATION_RISK and HOUSING_WAIT: no family home assigned to anyone.
    if "family_home_assigned" not in fam.by_type:
        for m in reunifiers:
            latest_moves = _latest(fam.of("moved", m.key))
            if any(e.destination == "sponsor_home" and e.suitable is False for e in latest_moves):
                raise_point(
                    "COA_DEREGISTRATION_RISK",
                    m.key,
                    {"moved": latest_moves[0].date.isoformat()},
                )
        housing_after = rs.attention["HOUSING_WAIT"].params["after"]
        suitable = [e.date for e in fam.by_type.get("moved", []) if e.suitable is True]
        last_suitable = max(suitable) if suitable else None
        for r, k in arrived:
            if housing_after.add(r) <= D and (last_suitable is None or last_suitable < r):
                raise_point(
                    "HOUSING_WAIT",
                    None,
                    {
                        "person": k,
                        "arrival": r.isoformat(),
                        "days_since_arrival": (D - r).days,
                        "after": housing_after.as_dict(),
                    },
                )
                break

    # INTERPRETER_NEEDED: an adult in NL with little Dutch and no English.
    levels = rs.attention["INTERPRETER_NEEDED"].params["dutch_levels"]
    for m in members:
        a = age_now[m.key]
        if (
            a is not None
            and a >= adult_age
            and m.dutch_level in levels
            and not m.speaks_english
            and (m.role == "sponsor" or m.travelled_with_sponsor or m.key in arrival)
        ):
            raise_point(
                "INTERPRETER_NEEDED",
                m.key,
                {"dutch_level": m.dutch_level, "speaks_english": False, "age": a},
            )

    # PREGNANCY: a pregnancy with no birth (in the family) on or after it.
    pregnancies = fam.by_type.get("pregnancy")
    if pregnancies:
        births = fam.by_type.get("birth")
        last_birth = births[-1].date if births else None
        last_pregnancy: dict[str | None, _dt.date] = {}
        for e in pregnancies:  # sorted by date: the last one wins
            last_pregnancy[e.person] = e.date
        for person, p in sorted(last_pregnancy.items(), key=lambda kv: kv[0] or ""):
            if last_birth is None or last_birth < p:
                raise_point(
                    "PREGNANCY",
                    person,
                    {"pregnancy": p.isoformat(), "last_birth": _iso(last_birth)},
                )

    # CHILD_INTERPRETER: a member aged under 18 at the contact date interpreted.
    by_child: dict[str, list[tuple[Contact, int]]] = {}
    for c in contacts:
        child = by_key.get(c.interpreter) if c.interpreter else None
        if child is None or child.birth_date is None:
            continue
        a = age_on(child.birth_date, c.date)
        if a < adult_age:
            by_child.setdefault(child.key, []).append((c, a))
    for key in sorted(by_child):
        entries = by_child[key]
        c, a = max(entries, key=lambda ca: _contact_key(ca[0]))
        raise_point(
            "CHILD_INTERPRETER",
            key,
            {
                "contacts": len(entries),
                "latest": {
                    "date": c.date.isoformat(),
                    "for": c.person,
                    "age": a,
                    "organisation": c.organisation,
                },
            },
        )

    deadlines.sort(key=attrgetter("sort_key"))
    points.sort(key=attrgetter("sort_key"))
    return Evaluation(D, rs.version, tuple(deadlines), tuple(points))


def _alo_kop(members: tuple[Member, ...], arrival: dict[str, _dt.date]) -> dict[str, Any] | None:
    """rules.md ALO_KOP_RECLAIM (§6.5): the first partner (by arrival) with a child in NL before."""
    partners = sorted(
        (arrival[m.key], m.key)
        for m in members
        if m.role == "partner" and m.is_reunifier and m.key in arrival
    )
    if not partners:
        return None
    children = [m for m in members if m.role == "child"]
    with_sponsor = sorted(m.key for m in children if m.travelled_with_sponsor)
    for r2, partner in partners:
        if with_sponsor:
            child = with_sponsor[0]
            since = arrival.get(child)
            since = since if since is not None and since < r2 else None
        else:
            earlier = sorted(
                (arrival[m.key], m.key) for m in children if arrival.get(m.key, r2) < r2
            )
            if not earlier:
                continue
            since, child = earlier[0]
        return {
            "partner": partner,
            "partner_arrival": r2.isoformat(),
            "child": child,
            "child_in_nl_since": _iso(since),
        }
    return None
