"""Contacts with professionals: who is reached directly, who interprets (§5.2, §6.2, §7.2), the
sponsor while waiting, and Nidos guardianship (§6.2)."""

from __future__ import annotations

from .base import BuilderBase, Member
from .draws import birthday, whole_years
from .figures import ADVANCED_DUTCH, CHILD_INTERPRETS, LEGAL_DECISION_TERM_DAYS


class ContactsMixin(BuilderBase):
    """Contacts of the sponsor, the children and the guardian; the interpreter of each."""

    def _child_contacts(self, m, age, arrived, sponsor) -> None:
        rng = self.rng
        if age >= 18 or rng.random() < 0.4:
            return
        when = arrived + rng.randint(10, 120)
        if age >= 12:
            self.contact(when, m.key, rng.choice(("jgz", "school")), "intake")
        else:
            mother = self._mother_in_nl(when)
            via = mother.key if mother is not None else sponsor.key
            interpreter = rng.choice(("none", "phone", "professional"))
            self.contact(when, m.key, "jgz", "health_care", via=via, interpreter=interpreter)

    def _mother_in_nl(self, when: int) -> Member | None:
        for m in self.members:
            if m.sex == "F" and m.role in ("sponsor", "partner", "parent") and self._in_nl(m, when):
                return m
        return None

    @staticmethod
    def _in_nl(m: Member, when: int) -> bool:
        if m.role == "sponsor" or m.travelled:
            return True
        return m.arrival is not None and m.arrival <= when

    def _interpreter(self, m: Member, when: int, via: str | None) -> str:
        """Interpreter of a contact with `m` (§7.2); sometimes a child interprets (§5.2)."""
        rng = self.rng
        if via is not None:
            return "none"
        children = [
            c
            for c in self.members
            if c.role in ("child", "sibling")
            and c is not m
            and self._in_nl(c, when)
            and 8 <= whole_years(c.birth, when) < 18
        ]
        if children and rng.random() < CHILD_INTERPRETS:
            return rng.choice(children).key
        if self.dutch.get(m.key) in ADVANCED_DUTCH:
            return "none"
        if self.english.get(m.key) and rng.random() < 0.5:
            return "none"
        r = rng.random()
        return "professional" if r < 0.45 else "phone" if r < 0.9 else "none"

    def _sponsor_contacts(self, sponsor, filed, decided, objection) -> None:
        """The sponsor's contacts while waiting: legal guidance by VluchtelingenWerk with the
        application and any objection, social guidance, sometimes mental health (ch. 4)."""
        rng = self.rng
        planned = []
        if rng.random() < 0.85:
            planned.append((filed - rng.randint(0, 14), "legal_guidance", "application"))
        if decided - filed > LEGAL_DECISION_TERM_DAYS and rng.random() < 0.6:
            planned.append((filed + rng.randint(120, 300), "social_guidance", "waiting"))
        if objection is not None:
            planned.append((objection - rng.randint(0, 5), "legal_guidance", "objection"))
        if rng.random() < 0.06:
            planned.append((filed + rng.randint(60, 400), "mental_health", "stress"))
        for when, organisation, topic in planned:
            interpreter = self._interpreter(sponsor, when, None)
            self.contact(when, "sponsor", organisation, topic, interpreter=interpreter)

    def _guardianship(self, sponsor, members, uam) -> None:
        """Nidos guardianship stops at 18 or when the parents arrive (§6.2)."""
        if not uam:
            return
        rng = self.rng
        parents = [m.arrival for m in members if m.role == "parent" and m.arrival is not None]
        ends = min([birthday(sponsor.birth, 18), *parents])
        if rng.random() < 0.8:
            self.event(ends + rng.randint(0, 45), "guardianship_ended", "sponsor")
        self.contact(ends - rng.randint(10, 200), "sponsor", "nidos", "family_reunification")
