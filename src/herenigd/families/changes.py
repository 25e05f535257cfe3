"""The change hook: every write to a family calls `family_changed()` in its transaction; the
apps that derive data from a family subscribe at start-up (the rule engine re-evaluates the
family after commit: `rules/apps.py`). The families app so never imports the apps above it.

`family_changed()` also sets the family's durable "needs evaluation" mark in that same
transaction (`Family.changes` counts up, `Family.evaluation_due_since` is set): if the
evaluation after commit fails or the process dies, the mark stays and `herenigd evaluate
--pending` (or the scheduled jobs) evaluates the family later. Only an evaluation that commits
clears the mark, and only if no change came after what it read (`family_evaluation_done`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Min
from django.db.models.functions import Coalesce

from herenigd import clock

from .models import Family

_subscribers: list[Callable[..., None]] = []


def on_family_changed(subscriber: Callable[..., None]) -> None:
    """Call `subscriber(family_id=…)` on every change (idempotent: a subscriber is kept once)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def family_changed(*, family_id: int) -> None:
    """Every change to a family re-evaluates what is derived from it (product.md). Call it in the
    transaction of the change: the mark is written there, so it commits or rolls back with it."""
    Family.objects.filter(pk=family_id).update(
        changes=F("changes") + 1,
        evaluation_due_since=Coalesce(F("evaluation_due_since"), clock.now()),
    )
    _notify(family_id)


def family_touched(*, family_id: int) -> None:
    """A write that found nothing to change (e.g. re-importing an unchanged bundle) still lets a
    marked family catch up: if it needs evaluation, the subscribers are called as on a change
    (the mark itself is left as it is). An unmarked family costs one indexed query."""
    if Family.objects.filter(pk=family_id, evaluation_due_since__isnull=False).exists():
        _notify(family_id)


def family_evaluation_done(*, family_id: int, changes: int) -> bool:
    """Clear the mark of a family whose evaluation read it at `changes`; call it in the
    evaluation's transaction, so the mark is cleared only when the evaluation commits. A change
    since then (the counter moved on) keeps the mark. Returns whether it was cleared."""
    cleared = Family.objects.filter(
        pk=family_id, changes=changes, evaluation_due_since__isnull=False
    ).update(evaluation_due_since=None)
    return bool(cleared)


def family_ids_due_for_evaluation() -> list[int]:
    """The ids of the marked families, in id order. Read through the partial index
    `family_evaluation_due_idx`, which holds only those, so this is cheap however many families
    there are (sorted here: ordering by id in the query makes SQLite scan the whole table)."""
    return sorted(
        Family.objects.filter(evaluation_due_since__isnull=False)
        .order_by()
        .values_list("id", flat=True)
    )


@dataclass(frozen=True)
class EvaluationDue:
    """How many families are marked as needing evaluation, and the oldest mark (operations)."""

    families: int
    oldest: datetime.datetime | None


def evaluation_due_summary() -> EvaluationDue:
    return EvaluationDue(
        **Family.objects.filter(evaluation_due_since__isnull=False).aggregate(
            families=Count("id"), oldest=Min("evaluation_due_since")
        )
    )


def _notify(family_id: int) -> None:
    for subscriber in _subscribers:
        subscriber(family_id=family_id)
