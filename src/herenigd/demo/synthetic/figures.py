"""The figures the generator follows: the report's shares and times (`shared/reference-data/`
report-figures.csv and study-sample.csv) and the assumptions where the report gives none."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from statistics import NormalDist

#: Days in a year, to turn ages into day counts.
YEAR = 365.25


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
ORIGIN_CUM = tuple(sum(_FAMILY_WEIGHTS[: i + 1]) for i in range(len(ORIGINS)))

#: Household types of the non-UAM families (study-sample families_two_parents_with_children 10,
#: families_single_parent_with_children 3, families_partners_without_children 2 of 15, §1.2).
HOUSEHOLDS = (("two_parents", 10), ("single_parent", 3), ("couple", 2))
HOUSEHOLD_CUM = (10, 13, 15)

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

ADVANCED_DUTCH = frozenset({"B1", "B2", "C1", "C2"})


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
DIRECT_NON_UAM = ROUTE_DIRECT / (1 - sum(o.weight * o.uam for o in ORIGINS) / 100)


def processing_days(rng: random.Random, application_year: int) -> int:
    """IND processing time of an application filed in that year: lognormal with the year's mean
    and share within the legal term (figures 3-4, §2.1); years outside 2015-2017 use the nearest.
    """
    mu, sigma = _PROCESSING_FIT[min(2017, max(2015, application_year))]
    return min(PROCESSING_MAX_DAYS, max(PROCESSING_MIN_DAYS, round(rng.lognormvariate(mu, sigma))))
