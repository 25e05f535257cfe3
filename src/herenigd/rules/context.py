"""One family at the evaluation date D, indexed once and shared by every rule.

The rules in `deadlines.py` and `attention.py` read a `FamilyContext` rather than the raw facts, so
"the" event of a type (the earliest dated on or before D), the arrivals, the ages at D and the
sponsor's permit are worked out once per family (rules.md 'Conventions'). Events and contacts
dated after D are left out here: no rule can see them.
"""

from __future__ import annotations

import datetime as _dt
from operator import attrgetter

from .dates import age_on
from .facts import ContactFact, Event, FamilyData, Member
from .results import Deadline
from .ruleset_data import RuleSet

__all__ = ["FamilyContext"]

_by_date = attrgetter("date")


class FamilyContext:
    """A family's facts at D: events indexed by type and person, arrivals, ages, permits.

    `deadlines` is filled by the engine before any attention rule runs: every deadline computed
    (also those a rule set disabled), by code and person, for the rules that read a deadline's
    status (HEALTH_INSURANCE_GAP, SCHOOL_CONCERN).
    """

    __slots__ = (
        "adult_age",
        "adults",
        "age_at_arrival",
        "age_now",
        "application",
        "arrival",
        "arrived",
        "arrived_reunifiers",
        "as_of",
        "by_key",
        "by_tp",
        "by_type",
        "contacts",
        "deadlines",
        "decision",
        "family_wide",
        "members",
        "permits",
        "reunifiers",
        "ruleset",
        "sponsors",
    )

    def __init__(self, family: FamilyData, ruleset: RuleSet, as_of: _dt.date):
        self.as_of = as_of
        self.ruleset = ruleset
        self.adult_age = ruleset.adult_age
        self.family_wide = ruleset.family_level_event_types
        self._index(family.events)
        members = self.members = family.members
        self.by_key: dict[str, Member] = {m.key: m for m in members}
        self.sponsors = [m for m in members if m.role == "sponsor"]
        self.reunifiers = [m for m in members if m.is_reunifier]
        first = self.first
        self.arrival: dict[str, _dt.date] = {}
        for m in members:
            r = first("arrival", m.key)
            if r is not None:
                self.arrival[m.key] = r
        #: (member, arrival) of the reunifiers who arrived by D, in member order.
        self.arrived_reunifiers = [
            (m, self.arrival[m.key]) for m in self.reunifiers if m.key in self.arrival
        ]
        #: (arrival, key) of the reunifiers who arrived, earliest first.
        self.arrived = sorted((r, m.key) for m, r in self.arrived_reunifiers)
        #: Ages in whole years at D and, of the arrived reunifiers, at arrival (None: unknown).
        self.age_now = {
            m.key: None if m.birth_date is None else age_on(m.birth_date, as_of) for m in members
        }
        self.age_at_arrival = {
            m.key: None if m.birth_date is None else age_on(m.birth_date, r)
            for m, r in self.arrived_reunifiers
        }
        #: Keys of the members who are adults at D (an unknown birth date: not an adult).
        self.adults = {k for k, a in self.age_now.items() if a is not None and a >= self.adult_age}
        self.application = self.first_any("application_filed")
        self.decision = self.first_any("decision")
        self.permits = self._permits()
        self.contacts: list[ContactFact] = [c for c in family.contacts if c.date <= as_of]
        self.deadlines: dict[str, dict[str | None, Deadline]] = {}

    def _index(self, events: tuple[Event, ...]) -> None:
        self.by_type: dict[str, list[Event]] = {}
        self.by_tp: dict[tuple[str, str | None], list[Event]] = {}
        kept = [e for e in events if e.date <= self.as_of]
        kept.sort(key=_by_date)
        for e in kept:
            self.by_type.setdefault(e.type, []).append(e)
            self.by_tp.setdefault((e.type, e.person), []).append(e)

    def _permits(self) -> dict[str, _dt.date]:
        """Each sponsor's permit; a family-level `permit_granted` can only be the sponsor's."""
        permits: dict[str, _dt.date] = {}
        shared = self.first("permit_granted", None)
        for sp in self.sponsors:
            p = self.first("permit_granted", sp.key)
            if shared is not None and (p is None or shared < p):
                p = shared
            if p is not None:
                permits[sp.key] = p
        return permits

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
