"""The factor vocabulary of the intake: protective and risk factors, their labels in the four intake
languages, which factors a profile lists, and the sensitivity of the codes an intake may raise.

`FACTORS` (factors.md §1, the 17 adult factors in report order, figure 7/9), `CHILD_FACTORS` (§2,
Fazel et al. 2011) and `REUNIFIER_FACTORS` (§1: the factors that apply in particular to reunifiers,
shown first). `ATTENTION_SENSITIVITY` holds the sensitivity of every attention code a
questionnaire may raise (factors.md §4); the sensitivity levels themselves are `herenigd.vocab`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from herenigd.vocab import SENSITIVITIES, sensitivity_rank

__all__ = [
    "ATTENTION_SENSITIVITY",
    "CHILD_FACTORS",
    "FACTORS",
    "FACTORS_BY_CODE",
    "FACTOR_SETS",
    "FACTOR_VALUES",
    "LANGUAGES",
    "REUNIFIER_FACTORS",
    "SENSITIVITIES",
    "Factor",
    "Text",
    "profile_order",
    "sensitivity_rank",
]

#: The languages every question is shown in (product.md 'Interfaces'); reasons are nl + en.
LANGUAGES = ("nl", "en", "ar", "ti")
FACTOR_VALUES = ("risk", "neutral", "protective")


@dataclass(frozen=True, slots=True)
class Text:
    """A text in the four intake languages."""

    nl: str
    en: str
    ar: str
    ti: str

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        return getattr(self, lang)

    def get(self, lang: str, fallback: str = "en") -> str:
        return getattr(self, lang if lang in LANGUAGES else fallback)

    def as_dict(self) -> dict[str, str]:
        return {lang: getattr(self, lang) for lang in LANGUAGES}


@dataclass(frozen=True, slots=True)
class Factor:
    """A protective/risk factor (factors.md §1 figure 7 = figure 9, or §2 for children)."""

    code: str
    label: Text
    reunifier: bool = False
    #: Position in the report's figure (1–17) for adult factors; None for the child factors.
    number: int | None = None
    source: str = ""


def _t(nl: str, en: str, ar: str, ti: str) -> Text:
    return Text(nl=nl, en=en, ar=ar, ti=ti)


#: The 17 adult factors in the order of factors.md §1 (report figure 7/9).
FACTORS: tuple[Factor, ...] = (
    Factor(
        "loss_violence",
        _t("Verlies en geweld", "Loss and violence", "الفقدان والعنف", "ክሳራን ዓመጽን"),
        True,
        1,
        "§3.1, §5.1, §8.2",
    ),
    Factor(
        "age_gender",
        _t("Leeftijd en geslacht", "Age and gender", "العمر والجنس", "ዕድመን ጾታን"),
        False,
        2,
        "§3.1",
    ),
    Factor("education", _t("Opleiding", "Education", "التعليم", "ትምህርቲ"), False, 3, "§3.1, §6.1"),
    Factor(
        "work_participation",
        _t("Werk, participatie", "Work, participation", "العمل والمشاركة", "ስራሕን ተሳትፎን"),
        False,
        4,
        "§5.1, §6.1",
    ),
    Factor(
        "finances",
        _t("Financiële situatie", "Financial situation", "الوضع المالي", "ቁጠባዊ ኩነታት"),
        True,
        5,
        "§6.5",
    ),
    Factor("language", _t("Taal", "Language", "اللغة", "ቋንቋ"), True, 6, "§6.1, §7.2"),
    Factor(
        "asylum_procedure",
        _t(
            "Verloop asielprocedure",
            "Course of the asylum/reunification procedure",
            "مسار إجراءات اللجوء ولمّ الشمل",
            "ኣካይዳ መስርሕ ዑቕባን ምትእኽኻብ ስድራን",
        ),
        True,
        7,
        "§2.1, §4.1",
    ),
    Factor(
        "family_presence",
        _t("Aanwezigheid familie en gezin", "Presence of family", "وجود العائلة", "ህላወ ስድራን ቤተሰብን"),
        True,
        8,
        "§4.2, §8.2",
    ),
    Factor(
        "social_network",
        _t(
            "Sociale steun/netwerk",
            "Social support / network",
            "الدعم الاجتماعي والمعارف",
            "ማሕበራዊ ደገፍን ርክባትን",
        ),
        False,
        9,
        "§6.4",
    ),
    Factor(
        "religion_ideology",
        _t(
            "Religie en/of ideologie",
            "Religion and/or ideology",
            "الدين أو المعتقد",
            "ሃይማኖት ወይ እምነት",
        ),
        False,
        10,
        "§6.4",
    ),
    Factor(
        "home_country",
        _t(
            "Ontwikkelingen in eigen land",
            "Developments in home country",
            "التطورات في البلد الأصلي",
            "ኩነታት ኣብ ዓዲ",
        ),
        False,
        11,
        "§4.1",
    ),
    Factor(
        "residence_security",
        _t(
            "Stabiliteit en verblijfszekerheid",
            "Stability and residence security",
            "الاستقرار وأمان الإقامة",
            "ርግኣትን ውሕስነት መንበሪ ፍቓድን",
        ),
        True,
        12,
        "§4.3, §6.1",
    ),
    Factor("housing", _t("Wonen", "Housing", "السكن", "መንበሪ ገዛ"), True, 13, "§4.3"),
    Factor(
        "belonging",
        _t("Aansluiting", "Belonging", "الشعور بالانتماء", "ስምዒት ምቕባል"),
        False,
        14,
        "§3.1",
    ),
    Factor("health", _t("Gezondheid", "Health", "الصحة", "ጥዕና"), False, 15, "§7.1"),
    Factor(
        "health_literacy",
        _t("Gezondheidsvaardigheden", "Health skills", "المهارات الصحية", "ክእለት ጥዕና"),
        True,
        16,
        "§7.2",
    ),
    Factor(
        "development_character",
        _t("Ontwikkeling en karakter", "Development and character", "النمو والشخصية", "ምዕባለን ባህርን"),
        False,
        17,
        "§3.1",
    ),
)

#: Fazel et al. (2011), factors.md §2: the three protective factors for refugee children.
CHILD_FACTORS: tuple[Factor, ...] = (
    Factor(
        "family_climate",
        _t(
            "Positief opvoedklimaat in het gezin",
            "Positive parenting climate in the family",
            "مناخ تربوي إيجابي في الأسرة",
            "ኣወንታዊ ሃዋሁ ኣተዓባብያ ኣብ ስድራ",
        ),
        False,
        None,
        "§3.1 (Fazel et al., 2011)",
    ),
    Factor(
        "school_experience",
        _t(
            "Positieve schoolervaring",
            "Positive school experience",
            "تجربة مدرسية إيجابية",
            "ኣወንታዊ ተመክሮ ቤት ትምህርቲ",
        ),
        False,
        None,
        "§3.1 (Fazel et al., 2011)",
    ),
    Factor(
        "foster_family_culture",
        _t(
            "Pleeggezin met dezelfde culturele achtergrond",
            "Foster family with the same cultural background",
            "أسرة حاضنة من الخلفية الثقافية نفسها",
            "ሓዳጊት ስድራ ተመሳሳሊ ባህሊ ዘለዋ",
        ),
        False,
        None,
        "§3.1 (Fazel et al., 2011)",
    ),
)

FACTORS_BY_CODE: Mapping[str, Factor] = MappingProxyType(
    {f.code: f for f in (*FACTORS, *CHILD_FACTORS)}
)
#: factors.md §1: the factors that apply in particular to reunifiers (shown first).
REUNIFIER_FACTORS: frozenset[str] = frozenset(f.code for f in FACTORS if f.reunifier)
_GLOBAL_ORDER = {code: i for i, code in enumerate(FACTORS_BY_CODE)}


def profile_order(codes: Sequence[str] | frozenset[str]) -> tuple[str, ...]:
    """Reunifier-specific factors first, then the rest; each group in factors.md order."""
    return tuple(sorted(codes, key=lambda c: (c not in REUNIFIER_FACTORS, _GLOBAL_ORDER[c])))


#: The factors a profile lists, per `factor_set` of a questionnaire, in profile order. The child
#: set is Fazel's three plus the adult factors the JGZ/child intake can speak to.
FACTOR_SETS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "adult": profile_order([f.code for f in FACTORS]),
        "child": profile_order(
            [
                "loss_violence",
                "family_presence",
                "housing",
                "social_network",
                "health",
                "family_climate",
                "school_experience",
                "foster_family_culture",
            ]
        ),
    }
)

#: Sensitivity of every attention code an intake may raise, exactly as in factors.md §4.
ATTENTION_SENSITIVITY: Mapping[str, str] = MappingProxyType(
    {
        "PSYCH_COMPLAINTS": "health",
        "SUBSTANCE_USE": "health",
        "FINANCIAL_DEBT": "normal",
        "SEPARATE_LIVING_WISH": "confidential",
        "CHRONIC_CONDITION_UNTREATED": "health",
        "SOCIAL_ISOLATION": "normal",
        "UNEMPLOYED_HOUSEHOLD": "normal",
        "WAITING_STRESS": "health",
        "PARTICIPATION_ONE_PARTNER": "normal",
        "CHILD_INTERPRETER": "normal",
        "EX_AMV_OVERLOAD": "normal",
    }
)
