"""The change hook: every write to a family calls `family_changed()` in its transaction; the
apps that derive data from a family subscribe at start-up (the rule engine re-evaluates the
family after commit: `rules/apps.py`). The families app so never imports the apps above it."""

from __future__ import annotations

from collections.abc import Callable

_subscribers: list[Callable[..., None]] = []


def on_family_changed(subscriber: Callable[..., None]) -> None:
    """Call `subscriber(family_id=…)` on every change (idempotent: a subscriber is kept once)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def family_changed(*, family_id: int) -> None:
    """Every change to a family re-evaluates what is derived from it (product.md)."""
    for subscriber in _subscribers:
        subscriber(family_id=family_id)
