"""Calendar arithmetic of the rules (rules.md 'Conventions').

`X + n months` is calendar-month arithmetic clamped to the month's last day
(2016-11-30 + 3 months = 2017-02-28); `X + n days` is plain day arithmetic. Ages are whole years;
consistent with the clamping, someone born on 29 February has their birthday on 28 February in a
common year.
"""

from __future__ import annotations

import datetime as _dt

__all__ = ["add_months", "add_years", "age_on", "format_date"]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_length(year: int, month: int) -> int:
    if month == 2 and _is_leap(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(day: _dt.date, months: int) -> _dt.date:
    """`day + months` calendar months, clamped to the last day of the target month."""
    if months == 0:
        return day
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    month = month0 + 1
    last = _month_length(year, month)
    return _dt.date(year, month, day.day if day.day <= last else last)


def add_years(day: _dt.date, years: int) -> _dt.date:
    return add_months(day, 12 * years)


def age_on(birth: _dt.date, on: _dt.date) -> int:
    """Age in whole years on `on` (negative before birth); 29 Feb birthdays fall on 28 Feb."""
    years = on.year - birth.year
    bmonth, bday = birth.month, birth.day
    if bmonth == 2 and bday == 29 and not _is_leap(on.year):
        bday = 28
    if (on.month, on.day) < (bmonth, bday):
        years -= 1
    return years


def format_date(day: _dt.date) -> str:
    """Dates in reason texts: d-m-yyyy, without leading zeros (4-9-2017)."""
    return f"{day.day}-{day.month}-{day.year}"
