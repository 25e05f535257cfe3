"""The one place that reads the clock. Only entry points (CLI defaults, scheduled tasks, views)
call it; domain code takes an explicit as-of date."""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone


def today() -> datetime.date:
    """Today's date in the Netherlands (settings.TIME_ZONE)."""
    return timezone.localdate()


def now() -> datetime.datetime:
    """The current moment (aware), for timestamps such as the age of a "needs evaluation" mark."""
    return timezone.now()


def parse_as_of(value: str | None) -> datetime.date:
    """A command's `--as-of DATE` (ISO); today when not given."""
    if value is None:
        return today()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of: {value!r} is not a date (YYYY-MM-DD).") from None
