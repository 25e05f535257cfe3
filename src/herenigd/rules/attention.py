"""The attention points derived from data (rules.md 'Attention points derived from data').

One function per code, registered under it. Each returns `(person, facts)` for every point of its
code that is active at D: the member key the point is on (None = the family) and the data it
quotes (JSON-friendly: ISO dates, member keys; `reasons.py` renders the reason from them). The
engine adds sensitivity and responsible organisation from the rule set and skips disabled rules.
Sources: § = section of the Pharos 2018 report, rec. = its recommendations (as in the rule set).

Choices where rules.md is silent: see `engine.py`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from .context import FamilyContext
from .dates import add_years, age_on
from .facts import ContactFact, Event
from .registry import Registry
from .results import OVERDUE

__all__ = ["ATTENTION", "Raised", "RaisedFacts"]

#: One active point of a code: (person, facts).
Raised = tuple[str | None, dict[str, Any]]
#: What a rule returns: its active points (an empty tuple when there are none).
RaisedFacts = Sequence[Raised]

ATTENTION: Registry[Callable[[FamilyContext], RaisedFacts]] = Registry("attention")


def _iso(day: _dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _latest(events: list[Event]) -> list[Event]:
    """The events on the latest date (several when they share it)."""
    if not events:
        return []
    last = max(e.date for e in events)
    return [e for e in events if e.date == last]


@ATTENTION.rule("APPLICATION_DEADLINE", params={"warn_before": "duration"})
def application_deadline(ctx: FamilyContext) -> RaisedFacts:
    """Sponsor: permit P, no application, D >= (P + 3 months) - 21 days (§2.1; the warning is
    configurable)."""
    if ctx.application is not None:
        return ()
    D = ctx.as_of
    filing = ctx.ruleset.deadlines["APPLICATION_FILING"].term
    warn = ctx.ruleset.attention["APPLICATION_DEADLINE"].params["warn_before"]
    out: list[Raised] = []
    for sp_key, p in sorted(ctx.permits.items()):
        due = filing.add(p)
        if warn.subtract(due) <= D:
            facts = {
                "permit_granted": p.isoformat(),
                "due": due.isoformat(),
                "term": filing.as_dict(),
                "days_left": (due - D).days,
            }
            out.append((sp_key, facts))
    return out


@ATTENTION.rule("DECISION_OVERDUE")
def decision_overdue(ctx: FamilyContext) -> RaisedFacts:
    """Family: application A, no decision, D > A + 180 days (§2.1 fn 7, §4.1)."""
    if ctx.application is None or ctx.decision is not None:
        return ()
    term = ctx.ruleset.deadlines["DECISION"].term
    due = term.add(ctx.application)
    out: list[Raised] = []
    if due < ctx.as_of:
        facts = {
            "application_filed": ctx.application.isoformat(),
            "due": due.isoformat(),
            "term": term.as_dict(),
            "days_overdue": (ctx.as_of - due).days,
        }
        out.append((None, facts))
    return out


@ATTENTION.rule("APPLICATION_REFUSED")
def application_refused(ctx: FamilyContext) -> RaisedFacts:
    """Family: the latest `decision` has outcome `refused` (rec. 2; §8.3)."""
    latest = _latest(ctx.by_type.get("decision", []))
    out: list[Raised] = []
    if any(e.outcome == "refused" for e in latest):
        out.append((None, {"decision": latest[0].date.isoformat(), "outcome": "refused"}))
    return out


@ATTENTION.rule("LONG_SEPARATION", params={"min_separation": "duration"})
def long_separation(ctx: FamilyContext) -> RaisedFacts:
    """Reunifier: `separated` S and `arrival` R with R > S + 2 years (§3.3, §4.1, app. 1)."""
    min_sep = ctx.ruleset.attention["LONG_SEPARATION"].params["min_separation"]
    out: list[Raised] = []
    for m, r in ctx.arrived_reunifiers:
        s = ctx.first("separated", m.key)
        if s is not None and r > min_sep.add(s):
            facts = {
                "separated": s.isoformat(),
                "arrival": r.isoformat(),
                "min_separation": min_sep.as_dict(),
            }
            out.append((m.key, facts))
    return out


@ATTENTION.rule("FAMILY_INCOMPLETE")
def family_incomplete(ctx: FamilyContext) -> RaisedFacts:
    """Family: a reunifier has arrived and another is abroad or missing at D; without an
    arrival a reunifier counts as abroad unless recorded missing or deceased (§4.2)."""
    if not ctx.arrived:
        return ()
    away = sorted(
        (m.key, "missing" if m.location == "missing" else "abroad")
        for m in ctx.reunifiers
        if m.key not in ctx.arrival and m.location != "deceased"
    )
    out: list[Raised] = []
    if away:
        facts = {
            "arrived": [{"person": k, "arrival": r.isoformat()} for r, k in ctx.arrived],
            "not_in_nl": [{"person": k, "location": loc} for k, loc in away],
        }
        out.append((None, facts))
    return out


def _parents_and_siblings_arrived(ctx: FamilyContext) -> list[tuple[_dt.date, str, str]]:
    """(arrival, key, role) of the members with role parent or sibling who arrived."""
    return sorted(
        (ctx.arrival[m.key], m.key, m.role)
        for m in ctx.members
        if m.role in ("parent", "sibling") and m.key in ctx.arrival
    )


@ATTENTION.rule("EX_AMV_OVERLOAD")
def ex_amv_overload(ctx: FamilyContext) -> RaisedFacts:
    """Sponsor: an (ex-)UAM (`uam: true`) and a parent or sibling has arrived (§5.2, §6.2,
    §6.3)."""
    uam = sorted((sp for sp in ctx.sponsors if sp.uam), key=attrgetter("key"))
    if not uam:
        return ()
    arrived = _parents_and_siblings_arrived(ctx)
    if not arrived:
        return ()
    out: list[Raised] = []
    for sp in uam:
        facts = {
            "sponsor": sp.key,
            "arrived": [{"person": k, "arrival": r.isoformat()} for r, k, _ in arrived],
        }
        out.append((sp.key, facts))
    return out


@ATTENTION.rule("GUARDIANSHIP_HANDOVER")
def guardianship_handover(ctx: FamilyContext) -> RaisedFacts:
    """Sponsor: `uam: true`, no `guardianship_ended`, and a parent has arrived or the sponsor
    is 18+ at D (§6.2: Nidos guidance stops at 18 and when the parents arrive)."""
    uam = sorted((sp for sp in ctx.sponsors if sp.uam), key=attrgetter("key"))
    if not uam:
        return ()
    parents = [(r, k) for r, k, role in _parents_and_siblings_arrived(ctx) if role == "parent"]
    adult_age = ctx.adult_age
    out: list[Raised] = []
    for sp in uam:
        if ctx.first("guardianship_ended", sp.key) is not None:
            continue
        adult = sp.key in ctx.adults
        if parents or adult:
            facts = {
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
            }
            out.append((sp.key, facts))
    return out


@ATTENTION.rule("DIRECT_ROUTE_INFO_GAP")
def direct_route_info_gap(ctx: FamilyContext) -> RaisedFacts:
    """Reunifier: a `moved` with `route: direct` and no `information_session` on health care
    (§2.4, §7.2: the direct route misses the azc health information)."""
    out: list[Raised] = []
    for m in ctx.reunifiers:
        direct = [e.date for e in ctx.of("moved", m.key) if e.route == "direct"]
        if direct and not any(
            e.topic == "health_care" for e in ctx.of("information_session", m.key)
        ):
            out.append((m.key, {"moved": min(direct).isoformat()}))
    return out


@ATTENTION.rule("NOT_REACHED", params={"after": "duration"})
def not_reached(ctx: FamilyContext) -> RaisedFacts:
    """Adult reunifier: arrived at R, D >= R + 30 days, no direct contact dated <= D (§6.2,
    §8.2: women especially out of view)."""
    D = ctx.as_of
    after = ctx.ruleset.attention["NOT_REACHED"].params["after"]
    contacts = ctx.contacts
    reached = {c.person for c in contacts if c.direct}
    out: list[Raised] = []
    for m, r in ctx.arrived_reunifiers:
        if m.key in ctx.adults and m.key not in reached and after.add(r) <= D:
            facts = {
                "arrival": r.isoformat(),
                "days_since_arrival": (D - r).days,
                "after": after.as_dict(),
                "contacts_via_others": sum(
                    1 for c in contacts if c.person == m.key and not c.direct
                ),
            }
            out.append((m.key, facts))
    return out


@ATTENTION.rule("ALO_KOP_RECLAIM", params={"amount_eur": "amount"})
def alo_kop_reclaim(ctx: FamilyContext) -> RaisedFacts:
    """Sponsor: a partner (a reunifier) arrived at R2 and a child was in NL before R2, arrived
    earlier or travelled with the sponsor (§6.5: the single-parent supplement is reclaimed)."""
    found = _first_partner_with_child_before(ctx)
    if found is None:
        return ()
    found["amount_eur"] = ctx.ruleset.attention["ALO_KOP_RECLAIM"].params["amount_eur"]
    out: list[Raised] = []
    for key in sorted(sp.key for sp in ctx.sponsors) or [None]:
        out.append((key, dict(found)))
    return out


def _first_partner_with_child_before(ctx: FamilyContext) -> dict[str, Any] | None:
    """The first partner (by arrival) with a child in NL before them, as facts."""
    arrival = ctx.arrival
    partners = sorted(
        (arrival[m.key], m.key)
        for m in ctx.members
        if m.role == "partner" and m.is_reunifier and m.key in arrival
    )
    if not partners:
        return None
    children = [m for m in ctx.members if m.role == "child"]
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


@ATTENTION.rule("HEALTH_INSURANCE_GAP")
def health_insurance_gap(ctx: FamilyContext) -> RaisedFacts:
    """Person: deadline HEALTH_INSURANCE is overdue (§2.3: cover ends two weeks after the
    residence document)."""
    term = ctx.ruleset.deadlines["HEALTH_INSURANCE"].term
    out: list[Raised] = []
    for person, d in ctx.deadlines.get("HEALTH_INSURANCE", {}).items():
        if d.status == OVERDUE:
            facts = {
                "residence_document_issued": _iso(ctx.first("residence_document_issued", person)),
                "due": d.due.isoformat(),
                "term": term.as_dict(),
            }
            out.append((person, facts))
    return out


@ATTENTION.rule("COA_DEREGISTRATION_RISK")
def coa_deregistration_risk(ctx: FamilyContext) -> RaisedFacts:
    """Reunifier: the latest `moved` is to the sponsor's home and not suitable, and no
    `family_home_assigned` to anyone (§4.3: deregistration at COA)."""
    if "family_home_assigned" in ctx.by_type:
        return ()
    out: list[Raised] = []
    for m in ctx.reunifiers:
        latest = _latest(ctx.of("moved", m.key))
        if any(e.destination == "sponsor_home" and e.suitable is False for e in latest):
            out.append((m.key, {"moved": latest[0].date.isoformat()}))
    return out


@ATTENTION.rule("HOUSING_WAIT", params={"after": "duration"})
def housing_wait(ctx: FamilyContext) -> RaisedFacts:
    """Family: a reunifier arrived at R, D >= R + 30 days, no `family_home_assigned` to anyone
    and no suitable `moved` on or after R (§4.3: waits of 20 days to 12 months)."""
    if "family_home_assigned" in ctx.by_type:
        return ()
    D = ctx.as_of
    after = ctx.ruleset.attention["HOUSING_WAIT"].params["after"]
    suitable = [e.date for e in ctx.by_type.get("moved", []) if e.suitable is True]
    last_suitable = max(suitable) if suitable else None
    for r, k in ctx.arrived:
        if after.add(r) <= D and (last_suitable is None or last_suitable < r):
            facts = {
                "person": k,
                "arrival": r.isoformat(),
                "days_since_arrival": (D - r).days,
                "after": after.as_dict(),
            }
            return [(None, facts)]  # one point for the family: the first who waits
    return ()


@ATTENTION.rule("INTERPRETER_NEEDED", params={"dutch_levels": "dutch_levels"})
def interpreter_needed(ctx: FamilyContext) -> RaisedFacts:
    """Adult in NL (the sponsor, who travelled with them, or arrived) with Dutch none/A0/A1
    and no English (§7.2, rec. 13)."""
    levels = ctx.ruleset.attention["INTERPRETER_NEEDED"].params["dutch_levels"]
    out: list[Raised] = []
    for m in ctx.members:
        if (
            m.key in ctx.adults
            and m.dutch_level in levels
            and not m.speaks_english
            and (m.role == "sponsor" or m.travelled_with_sponsor or m.key in ctx.arrival)
        ):
            facts = {
                "dutch_level": m.dutch_level,
                "speaks_english": False,
                "age": ctx.age_now[m.key],
            }
            out.append((m.key, facts))
    return out


@ATTENTION.rule("SCHOOL_CONCERN")
def school_concern(ctx: FamilyContext) -> RaisedFacts:
    """Child: deadline SCHOOL_REGISTRATION is overdue (§6.3: compulsory education)."""
    out: list[Raised] = []
    for person, d in ctx.deadlines.get("SCHOOL_REGISTRATION", {}).items():
        if person is not None and d.status == OVERDUE:
            facts = {
                "arrival": ctx.arrival[person].isoformat(),
                "due": d.due.isoformat(),
                "age": ctx.age_now[person],
            }
            out.append((person, facts))
    return out


@ATTENTION.rule("PREGNANCY")
def pregnancy(ctx: FamilyContext) -> RaisedFacts:
    """Person: a `pregnancy` with no `birth` (in the family) on or after it (§6.1)."""
    pregnancies = ctx.by_type.get("pregnancy")
    if not pregnancies:
        return ()
    births = ctx.by_type.get("birth")
    last_birth = births[-1].date if births else None
    last_pregnancy: dict[str | None, _dt.date] = {}
    for e in pregnancies:  # sorted by date: the last one wins
        last_pregnancy[e.person] = e.date
    out: list[Raised] = []
    for person, p in sorted(last_pregnancy.items(), key=lambda kv: kv[0] or ""):
        if last_birth is None or last_birth < p:
            out.append((person, {"pregnancy": p.isoformat(), "last_birth": _iso(last_birth)}))
    return out


def _contact_key(c: ContactFact) -> tuple[Any, ...]:
    return (
        c.date,
        c.person,
        c.direct,
        c.via or "",
        c.interpreter or "",
        c.organisation or "",
        c.topic or "",
    )


@ATTENTION.rule("CHILD_INTERPRETER")
def child_interpreter(ctx: FamilyContext) -> RaisedFacts:
    """The child: a contact dated <= D interpreted by a member aged under 18 at the contact
    date (§5.2, §7.2: parentification)."""
    by_child: dict[str, list[tuple[ContactFact, int]]] = {}
    for c in ctx.contacts:
        child = ctx.by_key.get(c.interpreter) if c.interpreter else None
        if child is None or child.birth_date is None:
            continue
        a = age_on(child.birth_date, c.date)
        if a < ctx.adult_age:
            by_child.setdefault(child.key, []).append((c, a))
    out: list[Raised] = []
    for key in sorted(by_child):
        entries = by_child[key]
        c, a = max(entries, key=lambda ca: _contact_key(ca[0]))
        facts = {
            "contacts": len(entries),
            "latest": {
                "date": c.date.isoformat(),
                "for": c.person,
                "age": a,
                "organisation": c.organisation,
            },
        }
        out.append((key, facts))
    return out
