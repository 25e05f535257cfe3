"""The rule engine: deadlines and data-derived attention points of a family at a date.

`evaluate(family, ruleset, as_of)` is a pure function (product.md 'Rules'): no database, no clock.
It builds the family's context once (`context.FamilyContext`), runs the registered rule of every
deadline code of the rule set (`deadlines.py`), then of every enabled data-derived attention code
(`attention.py`), and returns them sorted. Semantics are exactly those of rules.md; every term
comes from the rule set. Events and contacts dated after `as_of` are ignored (the evaluation sees
the world as it was on that date).

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
- an unknown Dutch level does not make INTERPRETER_NEEDED;
- a deadline a rule set disables is still worked out for the attention points that read its
  status (HEALTH_INSURANCE_GAP, SCHOOL_CONCERN), it is only left out of the result.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from .attention import ATTENTION
from .context import FamilyContext
from .deadlines import DEADLINES
from .facts import FamilyData
from .results import (
    EXPIRED,
    MET,
    MET_LATE,
    OPEN,
    OVERDUE,
    Deadline,
    Evaluation,
    RaisedPoint,
)
from .ruleset import AttentionRule, DeadlineRule, RuleSet

__all__ = [
    "EXPIRED",
    "MET",
    "MET_LATE",
    "OPEN",
    "OVERDUE",
    "Deadline",
    "Evaluation",
    "RaisedPoint",
    "evaluate",
]

_sort_key = attrgetter("sort_key")

_DeadlinePlan = tuple[tuple[str, DeadlineRule, Callable[[FamilyContext], Any], bool], ...]
_AttentionPlan = tuple[tuple[AttentionRule, Callable[[FamilyContext], Any]], ...]
#: id(rule set) -> (rule set, plans); the rule set is kept so its id stays its own.
_PLANS: dict[int, tuple[RuleSet, _DeadlinePlan, _AttentionPlan]] = {}


def evaluate(family: FamilyData, ruleset: RuleSet, as_of: _dt.date) -> Evaluation:
    """Deadlines and active data-derived attention points of `family` at `as_of` (rules.md)."""
    ctx = FamilyContext(family, ruleset, as_of)
    deadline_plan, attention_plan = _plans(ruleset)
    deadlines = _deadlines(ctx, deadline_plan)
    points = _attention(ctx, attention_plan)
    deadlines.sort(key=_sort_key)
    points.sort(key=_sort_key)
    return Evaluation(as_of, ruleset.version, tuple(deadlines), tuple(points))


def _plans(ruleset: RuleSet) -> tuple[_DeadlinePlan, _AttentionPlan]:
    """The registered rule of each code of a rule set, looked up once per rule set.

    Deadlines: (code, rule, run, informational) for every deadline code. Attention: (rule, run)
    for the enabled codes the rule set marks as derived from data.
    """
    cached = _PLANS.get(id(ruleset))
    if cached is not None and cached[0] is ruleset:
        return cached[1], cached[2]
    deadlines = tuple(
        (code, rule, DEADLINES[code].run, DEADLINES[code].informational)
        for code, rule in ruleset.deadlines.items()
    )
    attention = tuple(
        (rule, ATTENTION[code].run)
        for code, rule in ruleset.attention.items()
        if rule.enabled and "data" in rule.raised_by
    )
    if len(_PLANS) >= 16:
        _PLANS.clear()
    _PLANS[id(ruleset)] = (ruleset, deadlines, attention)
    return deadlines, attention


def _deadlines(ctx: FamilyContext, plan: _DeadlinePlan) -> list[Deadline]:
    """Every deadline of the rule set's codes; all go into `ctx.deadlines`, enabled ones out."""
    D = ctx.as_of
    out: list[Deadline] = []
    for code, rule, run, informational in plan:
        term, enabled = rule.term, rule.enabled
        computed = ctx.deadlines[code] = {}
        for person, start, fulfilled in run(ctx):
            due = term.add(start)
            if informational:
                d = Deadline(code, person, due, OPEN if due >= D else EXPIRED, None)
            elif fulfilled is not None:  # results.deadline_status, inline: the hot path
                d = Deadline(code, person, due, MET if fulfilled <= due else MET_LATE, fulfilled)
            else:
                d = Deadline(code, person, due, OPEN if due >= D else OVERDUE, None)
            computed[person] = d
            if enabled:
                out.append(d)
    return out


def _attention(ctx: FamilyContext, plan: _AttentionPlan) -> list[RaisedPoint]:
    """The points of the enabled data-derived rules (codes and facts; reasons render later);
    a minor's point may go to another organisation (factors.md §4)."""
    out: list[RaisedPoint] = []
    age_now, adult_age, by_key = ctx.age_now, ctx.adult_age, ctx.by_key
    for rule, run in plan:
        code = rule.code
        for person, facts in run(ctx):
            if person is None:
                minor = False
            else:
                a = age_now.get(person)
                minor = a is not None and a < adult_age
                facts = {"person": person, **facts}
            responsible = rule.responsible_for(minor)
            out.append(RaisedPoint(code, person, rule.sensitivity, responsible, facts, by_key))
    return out
