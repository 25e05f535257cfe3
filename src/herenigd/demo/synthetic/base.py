"""A member being simulated, and the builder's state with the two ways it writes: `event` and
`contact`, both dropping what is dated after `as_of`."""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING, Any

from .draws import iso_date

if TYPE_CHECKING:
    from .figures import Origin
    from .names import NameGroup


class Member:
    """A family member while the procedure is simulated; dates are ordinals."""

    __slots__ = (
        "arrival",
        "birth",
        "fate",
        "given",
        "key",
        "refused",
        "role",
        "sex",
        "travelled",
        "year_only",
    )

    def __init__(self, key: str, role: str, sex: str, birth: int, given: str):
        self.key, self.role, self.sex, self.birth, self.given = key, role, sex, birth, given
        self.year_only = False
        self.travelled = False
        #: "travel" (in the application), "not_applied", "missing" or "deceased".
        self.fate = "travel"
        self.refused = False
        self.arrival: int | None = None


class BuilderBase:
    """Simulates one family's procedure beyond `as_of`; `event`/`contact` drop what is later.

    The steps live in mixins per phase (`household`, `arrival`, `contacts`, `output`);
    `builder.FamilyBuilder` puts them together.
    """

    origin: Origin
    names: NameGroup
    family_name: str
    languages: list[str]

    def __init__(self, rng: random.Random, as_of: datetime.date):
        self.rng = rng
        self.today = as_of.toordinal()
        self.events: list[tuple[int, dict[str, Any]]] = []
        self.contacts: list[tuple[int, dict[str, Any]]] = []
        self.members: list[Member] = []
        self.uam = False
        self.separated = self.today
        self.dutch: dict[str, str] = {}
        self.english: dict[str, bool] = {}

    def event(self, date: int | None, type_: str, person: str | None = None, **extra) -> None:
        if date is None or date > self.today:
            return
        ev: dict[str, Any] = {"type": type_, "date": iso_date(date)}
        if person is not None:
            ev["person"] = person
        ev.update(extra)
        self.events.append((date, ev))

    def contact(
        self,
        date: int,
        person: str,
        organisation: str,
        topic: str,
        *,
        via: str | None = None,
        interpreter: str = "none",
    ) -> None:
        if date > self.today:
            return
        c: dict[str, Any] = {"person": person, "date": iso_date(date), "direct": via is None}
        if via is not None:
            c["via"] = via
        c.update(interpreter=interpreter, organisation=organisation, topic=topic)
        self.contacts.append((date, c))
