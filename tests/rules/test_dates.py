"""Calendar arithmetic (rules.md 'Conventions')."""

import datetime as dt

import pytest

from herenigd.rules.dates import add_months, add_years, age_on, format_date

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2016, 11, 30), 3, D(2017, 2, 28)),  # rules.md example
        (D(2015, 11, 30), 3, D(2016, 2, 29)),  # leap year
        (D(2016, 1, 12), 3, D(2016, 4, 12)),
        (D(2017, 1, 31), 1, D(2017, 2, 28)),
        (D(2017, 3, 31), 1, D(2017, 4, 30)),
        (D(2017, 8, 31), 6, D(2018, 2, 28)),
        (D(2017, 2, 6), 12, D(2018, 2, 6)),
        (D(2016, 2, 29), 12, D(2017, 2, 28)),
        (D(2016, 2, 29), 48, D(2020, 2, 29)),
        (D(2017, 12, 15), 1, D(2018, 1, 15)),
        (D(2017, 5, 31), -3, D(2017, 2, 28)),
        (D(2017, 1, 15), -1, D(2016, 12, 15)),
        (D(2017, 1, 15), 0, D(2017, 1, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_add_years():
    assert add_years(D(2015, 8, 20), 2) == D(2017, 8, 20)
    assert add_years(D(2012, 2, 29), 5) == D(2017, 2, 28)


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (D(2009, 9, 1), D(2017, 2, 6), 7),
        (D(2009, 9, 1), D(2017, 9, 1), 8),  # birthday itself
        (D(2009, 9, 1), D(2017, 8, 31), 7),  # day before
        (D(1983, 7, 1), D(2017, 2, 6), 33),
        (D(2012, 2, 29), D(2017, 2, 27), 4),
        (D(2012, 2, 29), D(2017, 2, 28), 5),  # 29 Feb: birthday on 28 Feb in a common year
        (D(2012, 2, 29), D(2016, 2, 28), 3),
        (D(2012, 2, 29), D(2016, 2, 29), 4),
        (D(2020, 1, 1), D(2019, 6, 1), -1),
    ],
)
def test_age_in_whole_years(birth, on, expected):
    assert age_on(birth, on) == expected


def test_format_date_has_no_leading_zeros():
    assert format_date(D(2017, 9, 4)) == "4-9-2017"
    assert format_date(D(2014, 12, 31)) == "31-12-2014"
