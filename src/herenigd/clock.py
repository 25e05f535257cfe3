"""The one place that reads the clock. Only entry points (CLI defaults, scheduled tasks, views)
call it; domain code takes an explicit as-of date."""

import datetime

from django.utils import timezone


def today() -> datetime.date:
    """Today's date in the Netherlands (settings.TIME_ZONE)."""
    return timezone.localdate()
