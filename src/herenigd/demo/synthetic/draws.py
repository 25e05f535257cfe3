"""Weighted draws and date arithmetic on ordinals, shared by the builder's steps."""

from __future__ import annotations

import datetime
import random
from functools import lru_cache
from typing import Any


def pick(rng: random.Random, pairs, cum) -> Any:
    x = rng.random() * cum[-1]
    for (value, _), c in zip(pairs, cum, strict=True):
        if x < c:
            return value
    return pairs[-1][0]


def weighted(rng: random.Random, pairs) -> Any:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


@lru_cache(maxsize=16384)
def iso_date(ordinal: int) -> str:
    return datetime.date.fromordinal(ordinal).isoformat()


def whole_years(birth: int, at: int) -> int:
    """Whole years between two ordinals (calendar-exact)."""
    b, a = datetime.date.fromordinal(birth), datetime.date.fromordinal(at)
    return a.year - b.year - ((a.month, a.day) < (b.month, b.day))


def birthday(birth: int, years: int) -> int:
    b = datetime.date.fromordinal(birth)
    try:
        return b.replace(year=b.year + years).toordinal()
    except ValueError:  # 29 February
        return datetime.date(b.year + years, 2, 28).toordinal()


def bsn_for(rng: random.Random) -> str:
    """Nine digits passing the BSN 11-test (`validators.is_valid_bsn`)."""
    while True:
        head = f"{rng.randrange(1, 10**8):08d}"
        check = sum(int(c) * w for c, w in zip(head, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return head + str(check)


def pick_index(rng: random.Random, cum) -> int:
    x = rng.random() * cum[-1]
    for i, c in enumerate(cum):
        if x < c:
            return i
    return len(cum) - 1
