"""What the rule engine returns: deadlines with their status and the raised attention points.

Plain frozen dataclasses (no ORM): `RaisedPoint` is what a rule raised at one date; the stored,
claimable point with its status history is the ORM model `rules.models.AttentionPoint`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import reasons
from .facts import Member

__all__ = [
    "EXPIRED",
    "MET",
    "MET_LATE",
    "OPEN",
    "OVERDUE",
    "Deadline",
    "Evaluation",
    "RaisedPoint",
    "deadline_status",
]

# Status of a deadline at D (rules.md 'Conventions'); informational deadlines: open, expired.
MET = "met"
MET_LATE = "met_late"
OPEN = "open"
OVERDUE = "overdue"
EXPIRED = "expired"


def deadline_status(due: _dt.date, fulfilled: _dt.date | None, as_of: _dt.date) -> str:
    """rules.md 'Status of a deadline at D'."""
    if fulfilled is not None:
        return MET if fulfilled <= due else MET_LATE
    return OPEN if due >= as_of else OVERDUE


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
class RaisedPoint:
    """An active attention point; `facts` holds the quoted data (JSON-friendly: ISO dates).

    A point carries codes and facts, not sentences: `reason(language)` renders its reason from
    the facts through the gettext catalogues (`reasons.py`), naming members from `members`.
    """

    code: str
    person: str | None
    sensitivity: str
    responsible: str
    facts: dict[str, Any] = field(default_factory=dict, hash=False)
    members: Mapping[str, Member] = field(
        default_factory=dict, hash=False, compare=False, repr=False
    )

    def reason(self, language: str) -> str:
        return reasons.render_in(self.code, self.facts, self.members, language)

    @property
    def reason_nl(self) -> str:
        return self.reason("nl")

    @property
    def reason_en(self) -> str:
        return self.reason("en")

    @property
    def sort_key(self) -> tuple[str, bool, str]:
        return (self.code, self.person is not None, self.person or "")


@dataclass(frozen=True, slots=True)
class Evaluation:
    as_of: _dt.date
    ruleset_version: str
    deadlines: tuple[Deadline, ...]
    attention: tuple[RaisedPoint, ...]

    def deadline(self, code: str, person: str | None = None) -> Deadline | None:
        for d in self.deadlines:
            if d.code == code and d.person == person:
                return d
        return None

    def active(self) -> set[tuple[str, str | None]]:
        """The (code, person) pairs of the active attention points."""
        return {(a.code, a.person) for a in self.attention}
