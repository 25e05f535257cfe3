"""Synthetic case bundles shaped like the report's figures (demo data, benchmarks, tests).

`generate_bundles()` makes reunifying families in format `herenigd.case-bundle/1` that pass
`bundles.validate_bundle()` and follow the reference data (`shared/reference-data/`
report-figures.csv and study-sample.csv): nationality (§2.2 figure 5), household type (§1.2),
sex and age of reunifiers (§2.2 figure 6), IND processing times and grant rates (§2.1, §2.2),
the route after the registration centre (§2.3, §4.3), separation lengths (§4.1) and housing
waits (§4.3). Where the report gives no figure the value is a plausible assumption and says so.

Deterministic: every family has its own `random.Random`, seeded from (seed, municipality code,
sequence number), so family n is the same whatever `count` is; the clock is never read. `as_of`
is the "today" of the data set: the procedure is simulated beyond it and everything dated after
`as_of` is cut off, which spreads the families over the phases (waiting, refused, travelling,
arrived).
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist
from typing import Any

from .names import GROUPS

__all__ = [
    "ORIGINS",
    "bsn_for",
    "default_prefix",
    "generate_bundle",
    "generate_bundles",
    "processing_days",
]

FORMAT = "herenigd.case-bundle/1"

#: Reference prefixes of the report's three municipalities (§1.2); others get "GEM{code}".
REFERENCE_PREFIXES = {"0268": "NIJ", "0518": "DH", "0141": "ALM"}

#: Seed namespace; change it only together with a note that the demo data set changes.
SEED_NAMESPACE = "herenigd.synthetic/1"

_YEAR = 365.25


@dataclass(frozen=True)
class Origin:
    """Make-up of the families of one nationality."""

    nationality: str
    #: Share of reunifiers in percent (reunifier_nationality_share, §2.2 figure 5).
    weight: float
    names: str
    #: Language sets (ISO 639-1) with weights.
    languages: tuple[tuple[tuple[str, ...], float], ...]
    #: Share of asylum seekers who came alone (came_alone, §2.2); assumed where not SYR/ERI.
    came_alone: float
    #: Share of (ex-)UAM sponsors (assumption; Eritrean and Afghan UAMs were many, §6.2).
    uam: float
    #: Share with DNA test / identifying interview (bewijsnood, §2.1 step 3; ERI mostly, §2.2).
    evidence: float
    #: Share of birth dates known by year only (assumption; common for Eritreans).
    year_only: float
    #: Share of adults who speak English (assumption).
    english: float
    #: Reunited within two years happened only in Syrian families (§4.1).
    syrian: bool = False


ORIGINS: tuple[Origin, ...] = (
    Origin(
        "SYR", 64, "arabic", languages=((("ar",), 88), (("ku", "ar"), 12)),
        came_alone=0.46, uam=0.07, evidence=0.10, year_only=0.05, english=0.20, syrian=True,
    ),
    Origin(
        "ERI", 15, "tigrinya", languages=((("ti",), 80), (("ti", "ar"), 12), (("ti", "am"), 8)),
        came_alone=0.86, uam=0.20, evidence=0.60, year_only=0.50, english=0.20,
    ),
    # Stateless, mostly Palestinians from Syria (figure 5 note; 2 of the 9 Syrian study families).
    Origin(
        "XXA", 11, "arabic", languages=((("ar",), 100),),
        came_alone=0.46, uam=0.07, evidence=0.20, year_only=0.05, english=0.20, syrian=True,
    ),
    Origin(
        "IRQ", 2, "arabic", languages=((("ar",), 60), (("ku",), 20), (("ku", "ar"), 20)),
        came_alone=0.50, uam=0.08, evidence=0.15, year_only=0.08, english=0.25,
    ),
    # The remaining 8%: other nationalities (assumed split).
    Origin(
        "AFG", 2.5, "persian", languages=((("fa",), 60), (("ps",), 25), (("fa", "ps"), 15)),
        came_alone=0.70, uam=0.25, evidence=0.35, year_only=0.35, english=0.15,
    ),
    Origin(
        "IRN", 1.5, "persian", languages=((("fa",), 100),),
        came_alone=0.60, uam=0.05, evidence=0.10, year_only=0.05, english=0.35,
    ),
    Origin(
        "SOM", 1.5, "somali", languages=((("so",), 90), (("so", "ar"), 10)),
        came_alone=0.80, uam=0.15, evidence=0.50, year_only=0.30, english=0.15,
    ),
    Origin(
        "YEM", 1.5, "arabic", languages=((("ar",), 100),),
        came_alone=0.60, uam=0.08, evidence=0.15, year_only=0.10, english=0.15,
    ),
    Origin(
        "SLE", 1, "sierra_leonean", languages=((("en",), 100),),
        came_alone=0.60, uam=0.10, evidence=0.20, year_only=0.10, english=1.0,
    ),
)  # fmt: skip

#: Mean number of reunifiers per family that this generator makes, per nationality (measured on
#: 20,000 families). Eritrean sponsors more often came alone and were more often UAMs, so their
#: families are larger; dividing by this makes the *reunifier* shares land on figure 5, which
#: counts persons, not families. Re-measure when the household make-up changes (a test checks).
REUNIFIERS_PER_FAMILY = {
    "SYR": 1.98, "ERI": 2.59, "XXA": 1.93, "IRQ": 2.03, "AFG": 2.35,
    "IRN": 2.08, "SOM": 2.41, "YEM": 2.14, "SLE": 2.08,
}  # fmt: skip
_FAMILY_WEIGHTS = tuple(o.weight / REUNIFIERS_PER_FAMILY[o.nationality] for o in ORIGINS)
_ORIGIN_CUM = tuple(sum(_FAMILY_WEIGHTS[: i + 1]) for i in range(len(ORIGINS)))

#: Household types of the non-UAM families (study-sample families_two_parents_with_children 10,
#: families_single_parent_with_children 3, families_partners_without_children 2 of 15, §1.2).
HOUSEHOLDS = (("two_parents", 10), ("single_parent", 3), ("couple", 2))
_HOUSEHOLD_CUM = (10, 13, 15)

#: Probability that the sponsor is a man, per household (assumption: "often the father or a son
#: fled first", §4.1; adult reunifiers are ~4,200 women against ~1,600 men, figure 6).
SPONSOR_MALE = {"two_parents": 0.78, "single_parent": 0.50, "couple": 0.65, "uam": 0.80}

#: Number of children (weights; assumption giving ~50% children among reunifiers, figure 6).
CHILDREN_TWO_PARENTS = ((1, 38), (2, 32), (3, 17), (4, 8), (5, 3), (6, 1.5), (7, 0.5))
CHILDREN_SINGLE_PARENT = ((1, 55), (2, 28), (3, 11), (4, 4), (5, 2))
SIBLINGS_UAM = ((0, 12), (1, 22), (2, 26), (3, 20), (4, 12), (5, 8))

#: Share of families with children in which a child could have travelled with the sponsor (one
#: aged 3+ at the separation; a single parent keeps one to reunify), measured on this generator.
#: The chance of travelling together is divided by it, so that `came_alone` holds among sponsors
#: with children.
CHILD_COULD_TRAVEL = 0.72

#: Children aged 18-20 at the application who are not in it (only dependent adult children
#: qualify, glossary); from 21 they never are. They stay abroad (families_not_complete, §4.2).
ADULT_CHILD_LEFT = 0.6

#: Application within 3 months of the permit (application_term_after_permit, §2.1); share on time
#: is an assumption.
FILED_ON_TIME = 0.9
#: Mean IND processing time and share decided within the legal term of 90+90 days, per year of
#: application (ind_processing_time_mean, decided_within_legal_term, §2.1 figures 3-4). Earlier
#: years use 2015, later years 2017.
PROCESSING = {2015: (146, 0.79), 2016: (232, 0.48), 2017: (331, 0.15)}
LEGAL_DECISION_TERM_DAYS = 180
PROCESSING_MIN_DAYS, PROCESSING_MAX_DAYS = 35, 900
#: Average grant rate (grant_rate, §2.2); Eritrean applications fell from that level in 2015 to
#: 29% in 2017-H1 (grant_rate nationality=ERI); 2016 is interpolated.
GRANT_RATE = 0.70
GRANT_RATE_ERI = {2015: 0.70, 2016: 0.495, 2017: 0.29}
#: Share of grants that leave out some members, of refusals followed by an objection, and of
#: objections that end in a grant (assumptions; figure 1 counts grants "first instance and
#: objection").
PARTLY_GRANTED = 0.18
OBJECTION = 0.45
OBJECTION_GRANTED = 0.30

#: Route after the registration centre: ~60% straight to a home in the municipality
#: (route_after_registration_centre, §2.3, §4.3). UAM families always go via an azc (§2.3 step 9),
#: so the other families go direct slightly more often to keep the overall share at 60%.
ROUTE_DIRECT = 0.60
#: Direct-route families that move into a suitable sponsor's home; the others wait in a too-small
#: sponsor's home. Gives 6/15 moved straight into the sponsor's home and 9/15 waited for a
#: suitable home, 20 days to 12 months (study-sample, §4.3).
DIRECT_SUITABLE = 2 / 3
HOUSING_WAIT_DAYS = (20, 365)

#: Separation lengths of the study families (separation_*, §4.1): 3 under 6 months, 5 within
#: 1-2 years, 7 over 2 years, longest 5 years 8 months; reunited within two years only in Syrian
#: families. So non-Syrian families are all "long" and the Syrian weights are set so that the
#: whole population lands on 3 : 5 : 7.
SEPARATION = {"short": 3 / 15, "mid": 5 / 15, "long": 7 / 15}
LONGEST_SEPARATION_DAYS = 5 * 365 + 8 * 30

#: Split of partner couples within the data set's horizon (families_divorced 2/15, §5.1).
PARTNER_SEPARATION = 0.18
#: Adults whom professionals reach directly (assumption; §6.2: professionals cannot reach the
#: women, 4 of 12 adult reunifiers missed information).
REACHED_DIRECTLY = 0.75
#: Contacts with an adult in which a child interprets, when a child aged 8-17 is at hand (§5.2).
CHILD_INTERPRETS = 0.08
#: Families of which part follows later, and of which someone granted cannot leave (yet): "a part
#: of the family members does not manage to leave Eritrea" (§2.2); together with partly granted
#: applications and adult children left behind they make families incomplete (families_not_complete
#: 7/15, §4.2). Assumptions.
STAGGERED = 0.30
STUCK = {"ERI": 0.50}
STUCK_OTHERS = 0.33

#: Permits are spread over this many days before `as_of`, so that arrivals fall in the last
#: ~4 years and the newest families are still waiting (assumption).
PERMIT_WINDOW_DAYS = 1900

_ADVANCED_DUTCH = frozenset({"B1", "B2", "C1", "C2"})


def _lognormal_fit(mean: float, share_within: float) -> tuple[float, float]:
    """(mu, sigma) of a lognormal with this mean and P(X <= legal term) = share_within."""
    z = NormalDist().inv_cdf(share_within)
    a = math.log(LEGAL_DECISION_TERM_DAYS) - math.log(mean)
    root = math.sqrt(z * z - 2 * a)
    sigma = z - root if z - root > 0 else z + root
    return math.log(mean) - sigma * sigma / 2, sigma


_PROCESSING_FIT = {year: _lognormal_fit(*values) for year, values in PROCESSING.items()}
_SYRIAN_SHARE = sum(o.weight for o in ORIGINS if o.syrian) / sum(o.weight for o in ORIGINS)
SEPARATION_SYRIAN = (
    ("short", SEPARATION["short"] / _SYRIAN_SHARE),
    ("mid", SEPARATION["mid"] / _SYRIAN_SHARE),
    ("long", 1 - (SEPARATION["short"] + SEPARATION["mid"]) / _SYRIAN_SHARE),
)
_DIRECT_NON_UAM = ROUTE_DIRECT / (1 - sum(o.weight * o.uam for o in ORIGINS) / 100)


def processing_days(rng: random.Random, application_year: int) -> int:
    """IND processing time of an application filed in that year: lognormal with the year's mean
    and share within the legal term (figures 3-4, §2.1); years outside 2015-2017 use the nearest.
    """
    mu, sigma = _PROCESSING_FIT[min(2017, max(2015, application_year))]
    return min(PROCESSING_MAX_DAYS, max(PROCESSING_MIN_DAYS, round(rng.lognormvariate(mu, sigma))))


def default_prefix(municipality_code: str) -> str:
    return REFERENCE_PREFIXES.get(municipality_code, f"GEM{municipality_code}")


def generate_bundles(
    municipality_code: str,
    count: int,
    *,
    seed: int,
    as_of: datetime.date,
    reference_prefix: str | None = None,
) -> list[dict[str, Any]]:
    """`count` synthetic families of one municipality, references `{prefix}-{n:05d}` from 1."""
    prefix = reference_prefix or default_prefix(municipality_code)
    bundles = []
    for n in range(1, count + 1):
        rng = random.Random(f"{SEED_NAMESPACE}:{seed}:{municipality_code}:{n}")
        bundles.append(generate_bundle(rng, municipality_code, f"{prefix}-{n:05d}", as_of))
    return bundles


def generate_bundle(
    rng: random.Random, municipality_code: str, reference: str, as_of: datetime.date
) -> dict[str, Any]:
    """One synthetic family; nothing in it is dated after `as_of`."""
    return _FamilyBuilder(rng, as_of).build(municipality_code, reference)


# --- helpers ------------------------------------------------------------------------------------


def _pick(rng: random.Random, pairs, cum) -> Any:
    x = rng.random() * cum[-1]
    for (value, _), c in zip(pairs, cum, strict=True):
        if x < c:
            return value
    return pairs[-1][0]


def _weighted(rng: random.Random, pairs) -> Any:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


@lru_cache(maxsize=16384)
def _iso(ordinal: int) -> str:
    return datetime.date.fromordinal(ordinal).isoformat()


def _age(birth: int, at: int) -> int:
    """Whole years between two ordinals (calendar-exact)."""
    b, a = datetime.date.fromordinal(birth), datetime.date.fromordinal(at)
    return a.year - b.year - ((a.month, a.day) < (b.month, b.day))


def _birthday(birth: int, years: int) -> int:
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


class _Member:
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


# --- the family ---------------------------------------------------------------------------------


class _FamilyBuilder:
    """Simulates one family's procedure beyond `as_of`; `event`/`contact` drop what is later."""

    def __init__(self, rng: random.Random, as_of: datetime.date):
        self.rng = rng
        self.today = as_of.toordinal()
        self.events: list[tuple[int, dict[str, Any]]] = []
        self.contacts: list[tuple[int, dict[str, Any]]] = []
        self.members: list[_Member] = []
        self.uam = False
        self.separated = self.today
        self.dutch: dict[str, str] = {}
        self.english: dict[str, bool] = {}

    def event(self, date: int | None, type_: str, person: str | None = None, **extra) -> None:
        if date is None or date > self.today:
            return
        ev: dict[str, Any] = {"type": type_, "date": _iso(date)}
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
        c: dict[str, Any] = {"person": person, "date": _iso(date), "direct": via is None}
        if via is not None:
            c["via"] = via
        c.update(interpreter=interpreter, organisation=organisation, topic=topic)
        self.contacts.append((date, c))

    def build(self, municipality_code: str, reference: str) -> dict[str, Any]:
        rng = self.rng
        origin = ORIGINS[_pick_index(rng, _ORIGIN_CUM)]
        self.origin = origin
        self.names = GROUPS[origin.names]
        self.family_name = rng.choice(self.names.family)
        self.languages = list(_weighted(rng, origin.languages))
        uam = rng.random() < origin.uam
        household = "uam" if uam else _pick(rng, HOUSEHOLDS, _HOUSEHOLD_CUM)

        # 1-4. Permit, application, (evidence interview), decision(s) (§2.1).
        permit = self.today - rng.randint(14, PERMIT_WINDOW_DAYS)
        if rng.random() < FILED_ON_TIME:
            filed = permit + rng.randint(5, 88)
        else:
            filed = permit + rng.randint(93, 240)
        processing = processing_days(rng, datetime.date.fromordinal(filed).year)
        decided = filed + processing
        evidence = None
        if rng.random() < origin.evidence:
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

        members = self._members(household, permit, filed, separated)
        sponsor = members[0]
        reunifiers = [m for m in members[1:] if not m.travelled]
        travellers = [m for m in reunifiers if m.fate == "travel"]

        outcome = "granted" if granted_on == decided else "refused"
        if outcome == "granted" and len(travellers) >= 2 and rng.random() < PARTLY_GRANTED:
            outcome = "partly_granted"
            order = sorted(
                travellers,
                key=lambda m: (m.role == "partner", _age(m.birth, filed) < 18, rng.random()),
            )
            for m in order[: 1 if len(travellers) < 4 or rng.random() < 0.7 else 2]:
                m.refused = True

        self.event(permit, "permit_granted", "sponsor")
        self.event(filed, "application_filed")
        self.event(evidence, "evidence_interview")
        self.event(decided, "decision", outcome=outcome)
        self.event(objection, "objection_filed")
        if second is not None:
            self.event(second, "decision", outcome="granted" if granted_on else "refused")
        self.event(mvv, "mvv_issued")

        for m in reunifiers:
            if m.fate in ("travel", "not_applied", "missing") and m.birth < separated:
                self.event(separated, "separated", m.key)

        self.members = members
        self.uam = uam
        coming = [m for m in travellers if not m.refused] if mvv is not None else []
        self._plan_arrivals(coming, arrival)
        self._levels(members, permit)
        self._sponsor_contacts(sponsor, filed, decided, objection)
        if coming:
            self._arrivals(members, coming, sponsor, uam, arrival)
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

    # --- procedure -------------------------------------------------------------------------------

    def _grant_rate(self, decided: int) -> float:
        if self.origin.nationality != "ERI":
            return GRANT_RATE
        year = min(2017, max(2015, datetime.date.fromordinal(decided).year))
        return GRANT_RATE_ERI[year]

    def _separation_days(self) -> int:
        """Target time from separation to arrival (§4.1); the permit date may make it longer."""
        rng = self.rng
        kind = _weighted(rng, SEPARATION_SYRIAN) if self.origin.syrian else "long"
        if kind == "short":
            return rng.randint(60, 180)
        if kind == "mid":
            return rng.randint(365, 730)
        return 730 + min(LONGEST_SEPARATION_DAYS - 730, int(rng.expovariate(1 / 300)))

    # --- members ---------------------------------------------------------------------------------

    def _person(self, key: str, role: str, sex: str, birth: int) -> _Member:
        names = self.names.male if sex == "M" else self.names.female
        m = _Member(key, role, sex, birth, self.rng.choice(names))
        if self.rng.random() < self.origin.year_only:
            year_only = datetime.date(datetime.date.fromordinal(birth).year, 7, 1).toordinal()
            if year_only < self.separated - 30:  # rules.md: YYYY is taken as 1 July
                m.birth, m.year_only = year_only, True
        return m

    def _members(self, household: str, permit: int, filed: int, separated: int) -> list[_Member]:
        rng = self.rng
        self.separated = separated
        male = rng.random() < SPONSOR_MALE[household]
        uam = household == "uam"
        sponsor_age = rng.uniform(14.5, 17.3) if uam else rng.triangular(20, 62, 33)
        birth = permit - int(sponsor_age * _YEAR)
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
        sponsor_age = (separated - sponsor.birth) / _YEAR
        mother_age = sponsor_age
        if household in ("two_parents", "couple"):
            gap = rng.triangular(-2, 12, 4)
            if sponsor.sex == "M":
                partner_age = max(18.5, sponsor_age - gap)
                mother_age = partner_age
            else:
                partner_age = sponsor_age + gap
            birth = separated - int(partner_age * _YEAR)
            birth = min(birth, filed - int(18.1 * _YEAR))
            partner = self._person("partner", "partner", "F" if sponsor.sex == "M" else "M", birth)
            members.append(partner)
            if sponsor.sex == "F":
                mother_age = sponsor_age
        elif sponsor.sex == "M":
            mother_age = sponsor_age - rng.triangular(0, 10, 4)
        if household == "couple":
            return
        weights = CHILDREN_TWO_PARENTS if household == "two_parents" else CHILDREN_SINGLE_PARENT
        n = _weighted(rng, weights)
        # Age of the youngest at the separation; sometimes born later (pregnant at separation).
        youngest = -rng.uniform(0.05, 0.7) if rng.random() < 0.06 else rng.triangular(0, 10, 2)
        ages = [youngest]
        for _ in range(n - 1):
            ages.append(ages[-1] + rng.triangular(1.0, 5.0, 1.8))
        children = []
        for age in sorted(ages, reverse=True):
            if mother_age - age < 17 or age + (filed - separated) / _YEAR >= 30:
                continue
            birth = separated - int(age * _YEAR)
            if birth > self.today - 7:
                birth = separated - rng.randint(30, 300)
            sex = "M" if rng.random() < 0.51 else "F"
            child = self._person(f"child{len(children) + 1}", "child", sex, birth)
            age_filed = _age(child.birth, filed)
            if age_filed >= 21 or (age_filed >= 18 and rng.random() < ADULT_CHILD_LEFT):
                child.fate = "not_applied"  # adult child; only dependent ones qualify
            children.append(child)
        if not children:
            birth = separated - int(rng.uniform(1, 10) * _YEAR)
            children.append(self._person("child1", "child", rng.choice("MF"), birth))
        members.extend(children)
        # Some sponsors travelled with (older, mostly male) children: came_alone (§2.2, §4.1).
        if rng.random() < min(0.95, (1 - self.origin.came_alone) / CHILD_COULD_TRAVEL):
            able = [c for c in children if (separated - c.birth) / _YEAR >= 3]
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
        father = self._person(
            "parent1", "parent", "M", sponsor.birth - int(father_at_birth * _YEAR)
        )
        mother = self._person(
            "parent2", "parent", "F", sponsor.birth - int(mother_at_birth * _YEAR)
        )
        if rng.random() < 0.10:
            father.fate = "deceased"
        elif rng.random() < 0.04:
            mother.fate = "deceased"
        members += [father, mother]
        sponsor_at_sep = (separated - sponsor.birth) / _YEAR
        siblings = []
        for _ in range(_weighted(rng, SIBLINGS_UAM)):
            offset = rng.uniform(-12, 10)  # older (+) or younger (-) than the sponsor
            age = sponsor_at_sep + offset
            if age < 0.3 or mother_at_birth - offset < 16 or mother_at_birth - offset > 46:
                continue
            siblings.append(age)
        for i, age in enumerate(sorted(siblings, reverse=True), start=1):
            birth = separated - int(age * _YEAR)
            sibling = self._person(f"sibling{i}", "sibling", rng.choice("MF"), birth)
            if _age(sibling.birth, filed) >= 18:
                sibling.fate = "not_applied"  # adult brothers and sisters do not qualify
            members.append(sibling)

    # --- arrival and after -----------------------------------------------------------------------

    def _plan_arrivals(self, coming: list[_Member], arrival: int) -> None:
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
        direct = not uam and rng.random() < _DIRECT_NON_UAM
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
        groups: dict[int, list[_Member]] = {}
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
            age = _age(m.birth, arrived)
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
            base = max(arrived, _birthday(m.birth, 5))
            if _age(m.birth, base) < 18:  # compulsory school age 5-17 (§2.2)
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

    def _mother_in_nl(self, when: int) -> _Member | None:
        for m in self.members:
            if m.sex == "F" and m.role in ("sponsor", "partner", "parent") and self._in_nl(m, when):
                return m
        return None

    @staticmethod
    def _in_nl(m: _Member, when: int) -> bool:
        if m.role == "sponsor" or m.travelled:
            return True
        return m.arrival is not None and m.arrival <= when

    def _interpreter(self, m: _Member, when: int, via: str | None) -> str:
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
            and 8 <= _age(c.birth, when) < 18
        ]
        if children and rng.random() < CHILD_INTERPRETS:
            return rng.choice(children).key
        if self.dutch.get(m.key) in _ADVANCED_DUTCH:
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
        ends = min([_birthday(sponsor.birth, 18), *parents])
        if rng.random() < 0.8:
            self.event(ends + rng.randint(0, 45), "guardianship_ended", "sponsor")
        self.contact(ends - rng.randint(10, 200), "sponsor", "nidos", "family_reunification")

    # --- output ----------------------------------------------------------------------------------

    def _levels(self, members, permit: int) -> None:
        """Dutch level and English at `as_of`, from the months spent in NL (assumption)."""
        rng = self.rng
        today = self.today
        for m in members:
            age = _age(m.birth, today)
            self.english[m.key] = (self.origin.nationality == "SLE" and age >= 6) or (
                age >= 12 and rng.random() < self.origin.english * (1.4 if age < 25 else 1)
            )
            if m.role == "sponsor" or m.travelled:
                months = (today - permit) / 30.4 + 4
            elif m.arrival is not None and m.arrival <= today:
                months = (today - m.arrival) / 30.4
            else:
                months = None
            self.dutch[m.key] = _level_for(rng, months, age)

    def _member_out(self, m: _Member) -> dict[str, Any]:
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
                str(datetime.date.fromordinal(m.birth).year) if m.year_only else _iso(m.birth)
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


def _level_for(rng: random.Random, months: float | None, age: int) -> str:
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


def _pick_index(rng: random.Random, cum) -> int:
    x = rng.random() * cum[-1]
    for i, c in enumerate(cum):
        if x < c:
            return i
    return len(cum) - 1


def _first(pair):
    return pair[0]
