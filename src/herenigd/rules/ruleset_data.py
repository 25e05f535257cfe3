"""A loaded rule set as data: `Duration`, the rule dataclasses and `RuleSet` (immutable).

Only the values here, no loading: `ruleset.py` reads and validates a rule-set file into these, and
imports the rule registries to do so; the modules the rules themselves import (`context.py`,
`reasons.py`) take the types from here, so no import runs in a circle. `ruleset.py` re-exports
every name, so `from herenigd.rules.ruleset import Duration, RuleSet` keeps working.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .dates import add_months

__all__ = ["AttentionRule", "DeadlineRule", "Duration", "RuleSet"]

_DURATION_UNITS = ("years", "months", "weeks", "days")
_UNIT_WORDS = {
    "en": {"years": ("year", "years"), "months": ("month", "months"),
           "weeks": ("week", "weeks"), "days": ("day", "days")},
    "nl": {"years": ("jaar", "jaar"), "months": ("maand", "maanden"),
           "weeks": ("week", "weken"), "days": ("dag", "dagen")},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Duration:
    """A term such as `{months: 3}`; months (and years) first, clamped, then days (rules.md)."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    # Derived once (evaluation is the hot path): total calendar months and the plain days.
    _months: int = field(init=False, repr=False, compare=False, hash=False, default=0)
    _delta: _dt.timedelta | None = field(
        init=False, repr=False, compare=False, hash=False, default=None
    )

    def __post_init__(self) -> None:
        days = 7 * self.weeks + self.days
        object.__setattr__(self, "_months", 12 * self.years + self.months)
        object.__setattr__(self, "_delta", _dt.timedelta(days=days) if days else None)

    def add(self, day: _dt.date) -> _dt.date:
        if self._months:
            day = add_months(day, self._months)
        return day + self._delta if self._delta is not None else day

    def subtract(self, day: _dt.date) -> _dt.date:
        if self._months:
            day = add_months(day, -self._months)
        return day - self._delta if self._delta is not None else day

    def describe(self, lang: str = "en") -> str:
        """'3 months', '180 days' / '3 maanden', '180 dagen'."""
        words = _UNIT_WORDS[lang]
        parts = []
        for unit in _DURATION_UNITS:
            n = getattr(self, unit)
            if n:
                parts.append(f"{n} {words[unit][0 if n == 1 else 1]}")
        joiner = " and " if lang == "en" else " en "
        return joiner.join(parts) or ("0 days" if lang == "en" else "0 dagen")

    def as_dict(self) -> dict[str, int]:
        return {u: getattr(self, u) for u in _DURATION_UNITS if getattr(self, u)}


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """A deadline code's row: its term, source and the parameters its rule declares."""

    code: str
    term: Duration
    source: str
    enabled: bool = True
    informational: bool = False
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AttentionRule:
    """Sensitivity and default responsible organisation type of a code (factors.md §4)."""

    code: str
    raised_by: tuple[str, ...]
    sensitivity: str
    responsible: str
    source: str
    responsible_minor: str | None = None
    also: tuple[str, ...] = ()
    enabled: bool = True
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    note: str | None = None

    def responsible_for(self, minor: bool) -> str:
        """The responsible type; some codes route minors elsewhere (e.g. JGZ for children)."""
        if minor and self.responsible_minor:
            return self.responsible_minor
        return self.responsible


@dataclass(frozen=True, eq=False)
class RuleSet:
    """A validated rule set (immutable). `version` identifies it in stored evaluations."""

    format: str
    version: str
    description: str
    path: str
    adult_age: int
    adult_age_source: str
    family_level_event_types: frozenset[str]
    organisation_types: tuple[str, ...]
    deadlines: Mapping[str, DeadlineRule]
    attention: Mapping[str, AttentionRule]

    def term(self, code: str) -> Duration:
        return self.deadlines[code].term

    def param(self, code: str, name: str) -> Any:
        """A parameter of a deadline or attention rule, e.g. `param("NOT_REACHED", "after")`."""
        rule = self.deadlines.get(code) or self.attention[code]
        return rule.params[name]
