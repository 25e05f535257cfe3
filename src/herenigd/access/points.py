"""The attention points a user may see, as of a date (issue 11: everything shown is for the
chosen as-of date).

Rule points are evaluated for the as-of date from the current facts, so a correction shows at
once and a past date shows what held then; the stored point of the same code and person only
adds its workflow (its id and its status on that date: open, claimed). Points raised by an
intake or recorded by hand are stored facts: they show when they were active on the date.
Reasons are rendered at display time (`reasons.py`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q

from herenigd.families.models import Family
from herenigd.rules.labels import attention_label
from herenigd.rules.models import (
    ACTIVE_STATUSES,
    AttentionPoint,
    PointOrigin,
    PointStatus,
    Sensitivity,
)
from herenigd.rules.reasons import render as render_rule_reason
from herenigd.rules.results import Evaluation

from .categories import Category
from .gates import FamilyAccess
from .projection import MemberView, PointView
from .reasons import point_reason, reason_members

__all__ = ["may_see_point", "point_category", "point_views"]


def point_category(sensitivity: str) -> str:
    return {
        Sensitivity.HEALTH: Category.HEALTH,
        Sensitivity.CONFIDENTIAL: Category.CONFIDENTIAL,
    }.get(sensitivity, "attention_normal")


def _may_see(
    access: FamilyAccess,
    *,
    sensitivity: str,
    person_id: int | None,
    owner_id: int | None,
    named: Callable[[], set[int]],
) -> bool:
    if not access.in_scope(person_id):
        return False
    if sensitivity == Sensitivity.HEALTH:
        return access.may_see_health(person_id=person_id, recorded_by_organisation_id=owner_id)
    if sensitivity == Sensitivity.CONFIDENTIAL:
        return access.may_see_confidential(
            recorded_by_organisation_id=owner_id, named_user_ids=named()
        )
    return True


def may_see_point(access: FamilyAccess, point: AttentionPoint) -> bool:
    return _may_see(
        access,
        sensitivity=point.sensitivity,
        person_id=point.person_id,
        owner_id=point.recorded_by_organisation_id,
        named=lambda: {u.pk for u in point.named_users.all()},
    )


@dataclass(frozen=True, slots=True)
class _Shown:
    """One point to show: a derived one (maybe with its stored twin) or a stored one."""

    code: str
    person_id: int | None
    sensitivity: str
    responsible: str
    stored: AttentionPoint | None
    reason: str
    raised_on: datetime.date | None


def _active_on(as_of: datetime.date | None) -> Q:
    if as_of is None:
        return Q(status__in=ACTIVE_STATUSES)
    return Q(raised_on__lte=as_of) & (Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))


def _status_on(point: AttentionPoint | None, as_of: datetime.date | None) -> str:
    """The status the point had on `as_of` (its history), the current one without a date."""
    if point is None:
        return PointStatus.OPEN
    if as_of is None:
        return point.status
    status = PointStatus.OPEN
    for change in point.history.all():
        if change.as_of <= as_of:
            status = change.status
    return status


def _stored(family: Family, as_of: datetime.date | None) -> list[AttentionPoint]:
    points = family.attention_points.filter(_active_on(as_of))
    points = points.prefetch_related("named_users", "history")
    return list(points.order_by("code", "subject", "id"))


def _derived(
    stored: list[AttentionPoint], evaluation: Evaluation, ids: dict[str, int], members
) -> Iterable[_Shown]:
    twins = {
        (p.code, p.subject): p
        for p in stored
        if p.origin == PointOrigin.RULE and p.recorded_by_organisation_id is None
    }
    for raised in evaluation.attention:
        twin = twins.get((raised.code, raised.person or ""))
        yield _Shown(
            code=raised.code,
            person_id=ids.get(raised.person) if raised.person else None,
            sensitivity=raised.sensitivity,
            responsible=raised.responsible,
            stored=twin,
            reason=render_rule_reason(raised.code, raised.facts, members),
            raised_on=twin.raised_on if twin else None,
        )


def _recorded(stored: list[AttentionPoint], members, *, include_rule: bool) -> Iterable[_Shown]:
    for p in stored:
        if p.origin == PointOrigin.RULE and not include_rule:
            continue
        yield _Shown(
            code=p.code,
            person_id=p.person_id,
            sensitivity=p.sensitivity,
            responsible=p.responsible_type,
            stored=p,
            reason=point_reason(p, members),
            raised_on=p.raised_on,
        )


def point_views(
    access: FamilyAccess,
    *,
    members: tuple[MemberView, ...],
    as_of: datetime.date | None,
    evaluation: Callable[[], Evaluation],
    name: Callable[[int | None], str | None],
    seen: Callable[[int | None, str], None],
) -> tuple[PointView, ...]:
    """The points this user may see as of `as_of` (None: the stored active points today)."""
    stored = _stored(access.family, as_of)
    people = reason_members(members)
    if as_of is None:
        shown = list(_recorded(stored, people, include_rule=True))
    else:
        ids = {m.key: m.id for m in members}
        shown = [*_derived(stored, evaluation(), ids, people)]
        shown += _recorded(stored, people, include_rule=False)
    rows = []
    for s in shown:
        owner = s.stored.recorded_by_organisation_id if s.stored else None
        named = (lambda p=s.stored: {u.pk for u in p.named_users.all()}) if s.stored else set
        if not _may_see(
            access, sensitivity=s.sensitivity, person_id=s.person_id, owner_id=owner, named=named
        ):
            continue
        rows.append(
            PointView(
                id=s.stored.pk if s.stored else None,
                code=s.code,
                label=attention_label(s.code),
                person_id=s.person_id,
                person_name=name(s.person_id),
                sensitivity=s.sensitivity,
                sensitivity_label=str(Sensitivity(s.sensitivity).label),
                status=_status_on(s.stored, as_of),
                responsible=s.responsible,
                reason=s.reason,
                raised_on=s.raised_on,
            )
        )
        seen(s.person_id, point_category(s.sensitivity))
    return tuple(sorted(rows, key=lambda r: (r.code, r.person_name or "", r.id or 0)))
