"""One family from start to `as_of`: nationality and household, the procedure (permit,
application, evidence interview, decision, objection, MVV; §2.1), then the members, their arrival
and what follows (the mixins), written out as a case bundle."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from .arrival import ArrivalMixin
from .base import Member
from .contacts import ContactsMixin
from .draws import pick, pick_index, weighted, whole_years
from .figures import (
    FILED_ON_TIME,
    GRANT_RATE,
    GRANT_RATE_ERI,
    HOUSEHOLD_CUM,
    HOUSEHOLDS,
    LONGEST_SEPARATION_DAYS,
    OBJECTION,
    OBJECTION_GRANTED,
    ORIGIN_CUM,
    ORIGINS,
    PARTLY_GRANTED,
    PERMIT_WINDOW_DAYS,
    SEPARATION_SYRIAN,
    processing_days,
)
from .household import HouseholdMixin
from .names import GROUPS
from .output import OutputMixin

FORMAT = "herenigd.case-bundle/1"


@dataclass(frozen=True)
class Procedure:
    """The dates (ordinals) of one family's procedure; None where a step does not happen."""

    permit: int
    filed: int
    evidence: int | None
    decided: int
    granted_on: int | None
    objection: int | None
    second: int | None
    mvv: int | None
    #: Planned arrival; it also anchors the separation date.
    arrival: int
    separated: int


class FamilyBuilder(HouseholdMixin, ArrivalMixin, ContactsMixin, OutputMixin):
    """Simulates one family's procedure beyond `as_of`; `event`/`contact` drop what is later."""

    def build(self, municipality_code: str, reference: str) -> dict[str, Any]:
        uam, household = self._origin_and_household()
        p = self._procedure()
        members = self._members(household, p.permit, p.filed, p.separated)
        sponsor = members[0]
        reunifiers = [m for m in members[1:] if not m.travelled]
        travellers = [m for m in reunifiers if m.fate == "travel"]
        outcome = self._outcome(p, travellers)
        self._procedure_events(p, outcome)
        for m in reunifiers:
            if m.fate in ("travel", "not_applied", "missing") and m.birth < p.separated:
                self.event(p.separated, "separated", m.key)

        self.members = members
        self.uam = uam
        coming = [m for m in travellers if not m.refused] if p.mvv is not None else []
        self._plan_arrivals(coming, p.arrival)
        self._levels(members, p.permit)
        self._sponsor_contacts(sponsor, p.filed, p.decided, p.objection)
        if coming:
            self._arrivals(members, coming, sponsor, uam, p.arrival)
        self._guardianship(sponsor, members, uam)

        return {
            "format": FORMAT,
            "municipality": municipality_code,
            "family": {
                "reference": reference,
                "members": [self._member_out(m) for m in members],
                "events": [ev for _, ev in sorted(self.events, key=_first)],
                "contacts": [c for _, c in sorted(self.contacts, key=_first)],
            },
        }

    def _origin_and_household(self) -> tuple[bool, str]:
        """Nationality, names and languages (§2.2 figure 5); (uam, household type) (§1.2)."""
        rng = self.rng
        origin = ORIGINS[pick_index(rng, ORIGIN_CUM)]
        self.origin = origin
        self.names = GROUPS[origin.names]
        self.family_name = rng.choice(self.names.family)
        self.languages = list(weighted(rng, origin.languages))
        uam = rng.random() < origin.uam
        household = "uam" if uam else pick(rng, HOUSEHOLDS, HOUSEHOLD_CUM)
        return uam, household

    # --- procedure -------------------------------------------------------------------------------

    def _procedure(self) -> Procedure:
        """1-4. Permit, application, (evidence interview), decision(s) (§2.1); 6-7. MVV and
        travel."""
        rng = self.rng
        permit = self.today - rng.randint(14, PERMIT_WINDOW_DAYS)
        if rng.random() < FILED_ON_TIME:
            filed = permit + rng.randint(5, 88)
        else:
            filed = permit + rng.randint(93, 240)
        processing = processing_days(rng, datetime.date.fromordinal(filed).year)
        decided = filed + processing
        evidence = None
        if rng.random() < self.origin.evidence:
            evidence = filed + int(processing * rng.uniform(0.35, 0.8))
        granted_on = decided if rng.random() < self._grant_rate(decided) else None
        objection = second = None
        if granted_on is None and rng.random() < OBJECTION:
            objection = decided + rng.randint(5, 28)
            second = objection + rng.randint(60, 300)
            if rng.random() < OBJECTION_GRANTED:
                granted_on = second
        # 6-7. MVV and travel; the planned arrival also anchors the separation date.
        mvv = granted_on + rng.randint(14, 100) if granted_on else None
        arrival = mvv + rng.randint(7, 90) if mvv else filed + processing + rng.randint(40, 150)
        separated = min(arrival - self._separation_days(), permit - rng.randint(25, 150))
        return Procedure(
            permit, filed, evidence, decided, granted_on, objection, second, mvv, arrival, separated
        )

    def _outcome(self, p: Procedure, travellers: list[Member]) -> str:
        """Outcome of the first decision; a partial grant leaves out one or two members."""
        rng = self.rng
        outcome = "granted" if p.granted_on == p.decided else "refused"
        if outcome == "granted" and len(travellers) >= 2 and rng.random() < PARTLY_GRANTED:
            outcome = "partly_granted"
            order = sorted(
                travellers,
                key=lambda m: (
                    m.role == "partner",
                    whole_years(m.birth, p.filed) < 18,
                    rng.random(),
                ),
            )
            for m in order[: 1 if len(travellers) < 4 or rng.random() < 0.7 else 2]:
                m.refused = True
        return outcome

    def _procedure_events(self, p: Procedure, outcome: str) -> None:
        self.event(p.permit, "permit_granted", "sponsor")
        self.event(p.filed, "application_filed")
        self.event(p.evidence, "evidence_interview")
        self.event(p.decided, "decision", outcome=outcome)
        self.event(p.objection, "objection_filed")
        if p.second is not None:
            self.event(p.second, "decision", outcome="granted" if p.granted_on else "refused")
        self.event(p.mvv, "mvv_issued")

    def _grant_rate(self, decided: int) -> float:
        if self.origin.nationality != "ERI":
            return GRANT_RATE
        year = min(2017, max(2015, datetime.date.fromordinal(decided).year))
        return GRANT_RATE_ERI[year]

    def _separation_days(self) -> int:
        """Target time from separation to arrival (§4.1); the permit date may make it longer."""
        rng = self.rng
        kind = weighted(rng, SEPARATION_SYRIAN) if self.origin.syrian else "long"
        if kind == "short":
            return rng.randint(60, 180)
        if kind == "mid":
            return rng.randint(365, 730)
        return 730 + min(LONGEST_SEPARATION_DAYS - 730, int(rng.expovariate(1 / 300)))


def _first(pair):
    return pair[0]
