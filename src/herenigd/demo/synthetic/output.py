"""The members as case-bundle members: Dutch level and English at `as_of`, location, BSN."""

from __future__ import annotations

import datetime
import random
from typing import Any

from .base import BuilderBase, Member
from .draws import bsn_for, iso_date, whole_years


class OutputMixin(BuilderBase):
    """Language levels at `as_of` and the member dicts of the bundle."""

    def _levels(self, members, permit: int) -> None:
        """Dutch level and English at `as_of`, from the months spent in NL (assumption)."""
        rng = self.rng
        today = self.today
        for m in members:
            age = whole_years(m.birth, today)
            self.english[m.key] = (self.origin.nationality == "SLE" and age >= 6) or (
                age >= 12 and rng.random() < self.origin.english * (1.4 if age < 25 else 1)
            )
            if m.role == "sponsor" or m.travelled:
                months = (today - permit) / 30.4 + 4
            elif m.arrival is not None and m.arrival <= today:
                months = (today - m.arrival) / 30.4
            else:
                months = None
            self.dutch[m.key] = level_for(rng, months, age)

    def _member_out(self, m: Member) -> dict[str, Any]:
        rng = self.rng
        today = self.today
        if m.role == "sponsor" or m.travelled or (m.arrival is not None and m.arrival <= today):
            location = "in_nl"
        elif m.fate in ("missing", "deceased"):
            location = m.fate
        else:
            location = "abroad"
        out: dict[str, Any] = {
            "key": m.key,
            "role": m.role,
            "given_name": m.given,
            "family_name": self.family_name,
            "birth_date": (
                str(datetime.date.fromordinal(m.birth).year) if m.year_only else iso_date(m.birth)
            ),
            "sex": m.sex,
            "nationality": self.origin.nationality,
            "languages": list(self.languages),
            "dutch_level": self.dutch[m.key],
            "speaks_english": self.english[m.key],
            "uam": m.role == "sponsor" and self.uam,
            "travelled_with_sponsor": m.travelled,
            "location": location,
        }
        if location == "in_nl" and rng.random() < 0.75:
            out["bsn"] = bsn_for(rng)
        return out


def level_for(rng: random.Random, months: float | None, age: int) -> str:
    """Dutch level at `as_of` from months in NL (assumption; civic integration takes years)."""
    if months is None or age < 4:
        return "none" if months is None or rng.random() < 0.9 else "A0"
    r = rng.random()
    if age < 18:  # children learn fast at school
        if months < 6:
            return "A0" if r < 0.6 else "A1"
        if months < 18:
            return "A1" if r < 0.5 else "A2"
        return "A2" if r < 0.4 else "B1" if r < 0.8 else "B2"
    if months < 6:
        return "none" if r < 0.6 else "A0"
    if months < 12:
        return "A0" if r < 0.6 else "A1"
    if months < 24:
        return "A0" if r < 0.2 else "A1" if r < 0.7 else "A2"
    return "A1" if r < 0.35 else "A2" if r < 0.8 else "B1"
