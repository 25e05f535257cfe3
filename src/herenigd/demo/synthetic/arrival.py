"""Arrival and after: who travels when, the registration centre, documents, insurance,
housing, GP, youth health care, school, intake, information and guidance (§2.3, §4.2, §4.3)."""

from __future__ import annotations

from typing import Any

from .base import BuilderBase, Member
from .draws import birthday, whole_years
from .figures import (
    DIRECT_NON_UAM,
    DIRECT_SUITABLE,
    HOUSING_WAIT_DAYS,
    PARTNER_SEPARATION,
    REACHED_DIRECTLY,
    STAGGERED,
    STUCK,
    STUCK_OTHERS,
)


class ArrivalMixin(BuilderBase):
    """The steps after the MVV, per group of members arriving together."""

    def _plan_arrivals(self, coming: list[Member], arrival: int) -> None:
        """Everyone granted travels together; in some families part follows later (§4.2)."""
        rng = self.rng
        for m in coming:
            m.arrival = arrival
        if len(coming) < 2:
            return
        if rng.random() < STUCK.get(self.origin.nationality, STUCK_OTHERS):
            rng.choice([m for m in coming if m.role != "partner"] or coming).arrival = None
        elif rng.random() < STAGGERED:
            k = 1 if len(coming) == 2 or rng.random() < 0.7 else 2
            others = [m for m in coming if m.role != "partner"]
            for m in rng.sample(others if len(others) >= k else coming, k):
                m.arrival = arrival + rng.randint(30, 600)

    def _arrivals(self, members, coming, sponsor, uam, arrival) -> None:
        rng = self.rng
        # Housing of the family (§2.3, §4.3).
        direct = not uam and rng.random() < DIRECT_NON_UAM
        suitable = direct and rng.random() < DIRECT_SUITABLE
        size = len(members)
        wait = int(rng.triangular(*HOUSING_WAIT_DAYS, 90)) + 12 * max(0, size - 4)
        wait = min(HOUSING_WAIT_DAYS[1], wait)
        report_main = arrival + self._report_delay()
        first_move = report_main + rng.randint(2, 5)
        home_on = None
        if not suitable:
            assigned = first_move + wait
            self.event(assigned, "family_home_assigned")
            home_on = assigned + rng.randint(3, 30)
        first_place = ("direct", "sponsor_home") if direct else ("via_azc", "azc")
        groups: dict[int, list[Member]] = {}
        for m in coming:
            if m.arrival is not None:
                groups.setdefault(m.arrival, []).append(m)
        for arrived, group in sorted(groups.items()):
            if arrived == arrival:
                report, move = report_main, first_move
            else:
                report = arrived + self._report_delay()
                move = report + rng.randint(2, 5)
            self._group(group, arrived, report, move, first_place, suitable, home_on, sponsor)
        partner = next((m for m in members if m.role == "partner"), None)
        if (
            partner is not None
            and partner.arrival is not None
            and rng.random() < PARTNER_SEPARATION
        ):
            split = partner.arrival + rng.randint(60, 1000)
            self.event(split, "separation_of_partners", "partner")

    def _report_delay(self) -> int:
        """Report within 3 days of arrival (§2.3); a few are late (assumption)."""
        return self.rng.randint(0, 3) if self.rng.random() < 0.94 else self.rng.randint(4, 12)

    def _group(self, group, arrived, report, move, first_place, suitable, home_on, sponsor):
        """Registration centre, documents, insurance, housing and GP of members arriving together
        (§2.3 steps 7-8, §4.3)."""
        rng = self.rng
        brp = report + rng.randint(0, 3)
        if rng.random() < 0.55:  # document ready at the BRP-straat (§2.3)
            doc = collected = brp
        else:
            doc = brp + rng.randint(14, 70)
            collected = doc + rng.randint(2, 21) if rng.random() < 0.85 else None
        # Insurance within 14 days of the document (care_cover_after_residence_document, §2.3).
        r = rng.random()
        insured = doc + rng.randint(1, 14) if r < 0.80 else None
        if 0.80 <= r < 0.93:
            insured = doc + rng.randint(15, 75)
        gp = move + rng.randint(7, 60) if rng.random() < 0.88 else None
        places = []
        if home_on is not None and home_on <= move:
            places.append((move, "direct", "family_home", True))
        else:
            route, destination = first_place
            places.append((move, route, destination, suitable if route == "direct" else None))
            if home_on is not None:
                later_route = "other" if route == "direct" else route
                places.append((home_on, later_route, "family_home", True))
        for m in group:
            age = whole_years(m.birth, arrived)
            key = m.key
            self.event(arrived, "arrival", key)
            self.event(report, "registration_centre_report", key)
            self.event(brp, "brp_registered", key)
            self.event(doc, "residence_document_issued", key)
            self.event(collected, "residence_document_collected", key)
            self.event(insured, "health_insurance_started", key)
            for date, route, destination, ok in places:
                extra: dict[str, Any] = {"route": route, "destination": destination}
                if ok is not None:
                    extra["suitable"] = ok
                self.event(date, "moved", key, **extra)
            self.event(gp, "gp_registered", key)
            self._person_follow_up(m, age, arrived, report, move, places[0][1], sponsor)

    def _person_follow_up(self, m, age, arrived, report, move, route, sponsor) -> None:
        rng = self.rng
        key = m.key
        if age < 18:
            r = rng.random()  # JGZ within 28 days (rec. 4)
            if r < 0.62:
                self.event(arrived + rng.randint(7, 28), "jgz_intake", key)
            elif r < 0.90:
                self.event(arrived + rng.randint(29, 150), "jgz_intake", key)
            base = max(arrived, birthday(m.birth, 5))
            if whole_years(m.birth, base) < 18:  # compulsory school age 5-17 (§2.2)
                r = rng.random()
                if r < 0.72:
                    self.event(base + rng.randint(3, 14), "school_registered", key)
                elif r < 0.91:
                    self.event(base + rng.randint(15, 100), "school_registered", key)
        if age >= 12:
            r = rng.random()  # intake within 14 days (rec. 4)
            if r < 0.55:
                self.event(arrived + rng.randint(3, 14), "intake_completed", key)
            elif r < 0.85:
                self.event(arrived + rng.randint(15, 120), "intake_completed", key)
        if age >= 18:
            self._adult_follow_up(m, age, arrived, report, move, route, sponsor)
        self._child_contacts(m, age, arrived, sponsor)

    def _adult_follow_up(self, m, age, arrived, report, move, route, sponsor) -> None:
        rng = self.rng
        key = m.key
        # VluchtelingenWerk information at the registration centre: legal, insurances (§2.3);
        # health care is explained in azc's, so direct-route families often miss it (§7.2).
        if rng.random() < 0.85:
            self.event(report + rng.randint(0, 2), "information_session", key, topic="legal")
            self.event(report + rng.randint(0, 2), "information_session", key, topic="insurance")
        sessions = []
        if route == "via_azc":
            if rng.random() < 0.70:
                sessions.append((move + rng.randint(7, 60), "health_care"))
            if age <= 45 and rng.random() < 0.45:
                sessions.append((move + rng.randint(7, 90), "sexual_health"))
        elif rng.random() < 0.20:
            sessions.append((move + rng.randint(20, 150), "health_care"))
        if rng.random() < 0.5:
            sessions.append((move + rng.randint(14, 120), "dutch_society"))
        if m.role in ("partner", "parent") and rng.random() < 0.15:
            sessions.append((move + rng.randint(30, 200), "parenting"))
        for date, topic in sessions:
            self.event(date, "information_session", key, topic=topic)
        # Social guidance, usually one year (6-24 months) (glossary).
        if rng.random() < 0.93:
            start = move + rng.randint(3, 30)
            self.event(start, "guidance_started", key)
            self.event(start + int(rng.triangular(180, 730, 365)), "guidance_ended", key)
        if m.sex == "F" and age <= 42 and rng.random() < 0.10:  # pregnancies (§2.2)
            pregnant = arrived + rng.randint(30, 540)
            self.event(pregnant, "pregnancy", key)
            self.event(pregnant + rng.randint(200, 250), "birth", key)
        # Contacts: intake, allowances, GP (§6.2: the sponsor often arranges everything).
        reached = rng.random() < REACHED_DIRECTLY
        via = None if reached else sponsor.key
        planned = [(move + rng.randint(3, 30), "social_guidance", "intake")]
        if rng.random() < 0.6:
            planned.append((move + rng.randint(10, 200), "gp", "health_care"))
        if rng.random() < 0.3:
            topic = rng.choice(("housing", "civic_integration"))
            planned.append((move + rng.randint(30, 300), "municipality", topic))
        if rng.random() < 0.05:
            planned.append((move + rng.randint(90, 700), "wijkteam", "family_situation"))
        for when, organisation, topic in planned:
            interpreter = self._interpreter(m, when, via)
            self.contact(when, key, organisation, topic, via=via, interpreter=interpreter)
        when = move + rng.randint(7, 60)
        interpreter = rng.choice(("none", "none", sponsor.key))
        self.contact(
            when, key, "social_guidance", "allowances", via=sponsor.key, interpreter=interpreter
        )
