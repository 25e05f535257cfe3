"""Reads: the active rule set and the evaluation of stored families for an as-of date."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from herenigd.casefile.bundles import family_export_bundles
from herenigd.families.models import Family

from .engine import Evaluation, evaluate
from .facts import family_from_bundle
from .ruleset import RuleSet, RuleSetError, load_ruleset


@cache
def active_ruleset() -> RuleSet:
    """The deployment's rule set (setting HERENIGD_RULESET) or the shipped default."""
    try:
        return load_ruleset(settings.HERENIGD_RULESET or None)
    except RuleSetError as exc:
        raise ImproperlyConfigured(f"HERENIGD_RULESET: {exc}") from None


def family_evaluations(
    *, families: Sequence[Family], as_of: datetime.date, ruleset: RuleSet | None = None
) -> Iterator[tuple[Family, Evaluation]]:
    ruleset = ruleset or active_ruleset()
    for family, bundle in zip(families, family_export_bundles(families=families), strict=True):
        yield family, evaluate(family_from_bundle(bundle["family"]), ruleset, as_of)


def family_evaluation(
    *, family: Family, as_of: datetime.date, ruleset: RuleSet | None = None
) -> Evaluation:
    return next(family_evaluations(families=[family], as_of=as_of, ruleset=ruleset))[1]
