"""The deadlines of rules v1 (rules.md 'Deadlines'), one function per code.

Each function returns `(person, start, fulfilled_on)` for every deadline of its code in the family:
who it applies to (None = the family), the date its term runs from, and the date of the fulfilling
event (None when not fulfilled by D, or for an informational deadline). The engine adds the rule
set's term to `start` and works out the status (`results.deadline_status`); terms, ages and
`enabled` come from the rule set. Sources: § = section of the Pharos 2018 report, rec. = its
recommendations (as in `rulesets/default-v1.yaml`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence

from .context import FamilyContext
from .dates import add_years
from .registry import Registry

__all__ = ["DEADLINES", "DeadlineStart", "DeadlineStarts"]

#: One deadline of a code: (person, start, fulfilled_on).
DeadlineStart = tuple[str | None, _dt.date, _dt.date | None]
#: What a rule returns: its deadlines (an empty tuple when there are none).
DeadlineStarts = Sequence[DeadlineStart]

DEADLINES: Registry[Callable[[FamilyContext], DeadlineStarts]] = Registry("deadline")


@DEADLINES.rule("APPLICATION_FILING")
def application_filing(ctx: FamilyContext) -> DeadlineStarts:
    """Sponsor with `permit_granted` P: P + 3 months, by `application_filed` (§2.1)."""
    out: list[DeadlineStart] = []
    for sp in ctx.sponsors:
        p = ctx.permits.get(sp.key)
        if p is not None:
            out.append((sp.key, p, ctx.application))
    return out


@DEADLINES.rule("DECISION")
def decision(ctx: FamilyContext) -> DeadlineStarts:
    """Family with `application_filed` A: A + 180 days (90 + 90), by `decision` (§2.1 fn 7)."""
    if ctx.application is None:
        return ()
    return [(None, ctx.application, ctx.decision)]


@DEADLINES.rule("REPORT_REGISTRATION_CENTRE")
def report_registration_centre(ctx: FamilyContext) -> DeadlineStarts:
    """Each reunifier with `arrival` R: R + 3 days, by `registration_centre_report` (§2.3)."""
    out: list[DeadlineStart] = []
    for m, r in ctx.arrived_reunifiers:
        out.append((m.key, r, ctx.first("registration_centre_report", m.key)))
    return out


@DEADLINES.rule("HEALTH_INSURANCE")
def health_insurance(ctx: FamilyContext) -> DeadlineStarts:
    """Each person with `residence_document_issued` T: T + 14 days, by
    `health_insurance_started` (§2.3)."""
    out: list[DeadlineStart] = []
    for m in ctx.members:
        t = ctx.first("residence_document_issued", m.key)
        if t is not None:
            out.append((m.key, t, ctx.first("health_insurance_started", m.key)))
    return out


@DEADLINES.rule("INTAKE", params={"min_age_at_arrival": "age"})
def intake(ctx: FamilyContext) -> DeadlineStarts:
    """Each reunifier aged 12+ at arrival R: R + 14 days, by `intake_completed` (rec. 4; the
    term is a deployment choice)."""
    min_age = ctx.ruleset.deadlines["INTAKE"].params["min_age_at_arrival"]
    out: list[DeadlineStart] = []
    for m, r in ctx.arrived_reunifiers:
        age = ctx.age_at_arrival[m.key]
        if age is not None and age >= min_age:
            out.append((m.key, r, ctx.first("intake_completed", m.key)))
    return out


@DEADLINES.rule("JGZ_INTAKE", params={"min_age_at_arrival": "age", "max_age_at_arrival": "age"})
def jgz_intake(ctx: FamilyContext) -> DeadlineStarts:
    """Each reunifier aged 0-17 at arrival R: R + 28 days, by `jgz_intake` (rec. 4; §2.4)."""
    params = ctx.ruleset.deadlines["JGZ_INTAKE"].params
    low, high = params["min_age_at_arrival"], params["max_age_at_arrival"]
    out: list[DeadlineStart] = []
    for m, r in ctx.arrived_reunifiers:
        age = ctx.age_at_arrival[m.key]
        if age is not None and low <= age <= high:
            out.append((m.key, r, ctx.first("jgz_intake", m.key)))
    return out


@DEADLINES.rule("SCHOOL_REGISTRATION", params={"min_age": "age", "max_age": "age"})
def school_registration(ctx: FamilyContext) -> DeadlineStarts:
    """Each reunifier aged 5-17 at D, arrived at R: (the later of R and the 5th birthday) +
    14 days, by `school_registered` (§2.2, §6.3)."""
    params = ctx.ruleset.deadlines["SCHOOL_REGISTRATION"].params
    low, high = params["min_age"], params["max_age"]
    out: list[DeadlineStart] = []
    for m, r in ctx.arrived_reunifiers:
        age = ctx.age_now[m.key]
        if age is not None and low <= age <= high:
            birthday = add_years(m.birth_date, low)  # type: ignore[arg-type]
            out.append((m.key, max(r, birthday), ctx.first("school_registered", m.key)))
    return out


@DEADLINES.rule("GP_INTERPRETER_WINDOW", informational=True)
def gp_interpreter_window(ctx: FamilyContext) -> DeadlineStarts:
    """Each person with `brp_registered` B: B + 6 months, the end of the national GP
    interpreter scheme; informational (§7.2 fn 27)."""
    out: list[DeadlineStart] = []
    for m in ctx.members:
        b = ctx.first("brp_registered", m.key)
        if b is not None:
            out.append((m.key, b, None))
    return out


@DEADLINES.rule("MIN_COHABITATION", informational=True)
def min_cohabitation(ctx: FamilyContext) -> DeadlineStarts:
    """Each reunifier child with `arrival` R: R + 12 months of living together; informational
    (§4.3)."""
    out: list[DeadlineStart] = []
    for m, r in ctx.arrived_reunifiers:
        if m.role == "child":
            out.append((m.key, r, None))
    return out
