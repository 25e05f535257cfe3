"""Who is in the family: the sponsor, a partner and children, or for an (ex-)UAM sponsor the
parents and siblings (§1.2, §2.2, glossary)."""

from __future__ import annotations

import datetime

from .base import BuilderBase, Member
from .draws import weighted, whole_years
from .figures import (
    ADULT_CHILD_LEFT,
    CHILD_COULD_TRAVEL,
    CHILDREN_SINGLE_PARENT,
    CHILDREN_TWO_PARENTS,
    SIBLINGS_UAM,
    SPONSOR_MALE,
    YEAR,
)


class HouseholdMixin(BuilderBase):
    """The members and their fates (in the application, not applied, missing, deceased)."""

    def _person(self, key: str, role: str, sex: str, birth: int) -> Member:
        names = self.names.male if sex == "M" else self.names.female
        m = Member(key, role, sex, birth, self.rng.choice(names))
        if self.rng.random() < self.origin.year_only:
            year_only = datetime.date(datetime.date.fromordinal(birth).year, 7, 1).toordinal()
            if year_only < self.separated - 30:  # rules.md: YYYY is taken as 1 July
                m.birth, m.year_only = year_only, True
        return m

    def _members(self, household: str, permit: int, filed: int, separated: int) -> list[Member]:
        rng = self.rng
        self.separated = separated
        male = rng.random() < SPONSOR_MALE[household]
        uam = household == "uam"
        sponsor_age = rng.uniform(14.5, 17.3) if uam else rng.triangular(20, 62, 33)
        birth = permit - int(sponsor_age * YEAR)
        sponsor = self._person("sponsor", "sponsor", "M" if male else "F", birth)
        members = [sponsor]
        if household == "uam":
            self._uam_family(members, sponsor, filed, separated)
        else:
            self._nuclear_family(members, household, sponsor, filed, separated)
        travellers = [m for m in members[1:] if m.fate == "travel" and not m.travelled]
        if not travellers:  # someone must be in the application
            for m in members[1:]:
                if not m.travelled and m.fate == "not_applied":
                    m.fate = "travel"
                    travellers = [m]
                    break
        missing_rate = 0.05 if self.origin.nationality in ("ERI", "SOM") else 0.015
        if len(travellers) >= 2 and rng.random() < missing_rate:
            candidates = [m for m in travellers if m.role != "partner"] or travellers
            rng.choice(candidates).fate = "missing"
        return members

    def _nuclear_family(self, members, household, sponsor, filed, separated) -> None:
        rng = self.rng
        sponsor_age = (separated - sponsor.birth) / YEAR
        mother_age = sponsor_age
        if household in ("two_parents", "couple"):
            gap = rng.triangular(-2, 12, 4)
            if sponsor.sex == "M":
                partner_age = max(18.5, sponsor_age - gap)
                mother_age = partner_age
            else:
                partner_age = sponsor_age + gap
            birth = separated - int(partner_age * YEAR)
            birth = min(birth, filed - int(18.1 * YEAR))
            partner = self._person("partner", "partner", "F" if sponsor.sex == "M" else "M", birth)
            members.append(partner)
            if sponsor.sex == "F":
                mother_age = sponsor_age
        elif sponsor.sex == "M":
            mother_age = sponsor_age - rng.triangular(0, 10, 4)
        if household == "couple":
            return
        weights = CHILDREN_TWO_PARENTS if household == "two_parents" else CHILDREN_SINGLE_PARENT
        n = weighted(rng, weights)
        # Age of the youngest at the separation; sometimes born later (pregnant at separation).
        youngest = -rng.uniform(0.05, 0.7) if rng.random() < 0.06 else rng.triangular(0, 10, 2)
        ages = [youngest]
        for _ in range(n - 1):
            ages.append(ages[-1] + rng.triangular(1.0, 5.0, 1.8))
        children = []
        for age in sorted(ages, reverse=True):
            if mother_age - age < 17 or age + (filed - separated) / YEAR >= 30:
                continue
            birth = separated - int(age * YEAR)
            if birth > self.today - 7:
                birth = separated - rng.randint(30, 300)
            sex = "M" if rng.random() < 0.51 else "F"
            child = self._person(f"child{len(children) + 1}", "child", sex, birth)
            age_filed = whole_years(child.birth, filed)
            if age_filed >= 21 or (age_filed >= 18 and rng.random() < ADULT_CHILD_LEFT):
                child.fate = "not_applied"  # adult child; only dependent ones qualify
            children.append(child)
        if not children:
            birth = separated - int(rng.uniform(1, 10) * YEAR)
            children.append(self._person("child1", "child", rng.choice("MF"), birth))
        members.extend(children)
        # Some sponsors travelled with (older, mostly male) children: came_alone (§2.2, §4.1).
        if rng.random() < min(0.95, (1 - self.origin.came_alone) / CHILD_COULD_TRAVEL):
            able = [c for c in children if (separated - c.birth) / YEAR >= 3]
            able.sort(key=lambda c: (c.sex != "M", c.birth))
            k = 1 if rng.random() < 0.55 else 2
            if household == "single_parent":
                k = min(k, len(children) - 1)
            for c in able[:k]:
                c.travelled = True
                c.fate = "travel"

    def _uam_family(self, members, sponsor, filed, separated) -> None:
        """Ex-UAM sponsor bringing parents and minor siblings (glossary: amv, §2.3 step 9)."""
        rng = self.rng
        mother_at_birth = rng.triangular(17, 40, 25)
        father_at_birth = mother_at_birth + rng.triangular(0, 15, 5)
        father = self._person("parent1", "parent", "M", sponsor.birth - int(father_at_birth * YEAR))
        mother = self._person("parent2", "parent", "F", sponsor.birth - int(mother_at_birth * YEAR))
        if rng.random() < 0.10:
            father.fate = "deceased"
        elif rng.random() < 0.04:
            mother.fate = "deceased"
        members += [father, mother]
        sponsor_at_sep = (separated - sponsor.birth) / YEAR
        siblings = []
        for _ in range(weighted(rng, SIBLINGS_UAM)):
            offset = rng.uniform(-12, 10)  # older (+) or younger (-) than the sponsor
            age = sponsor_at_sep + offset
            if age < 0.3 or mother_at_birth - offset < 16 or mother_at_birth - offset > 46:
                continue
            siblings.append(age)
        for i, age in enumerate(sorted(siblings, reverse=True), start=1):
            birth = separated - int(age * YEAR)
            sibling = self._person(f"sibling{i}", "sibling", rng.choice("MF"), birth)
            if whole_years(sibling.birth, filed) >= 18:
                sibling.fate = "not_applied"  # adult brothers and sisters do not qualify
            members.append(sibling)
