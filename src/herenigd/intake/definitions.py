"""Intake questionnaires as versioned data, and the factor model they feed.

A questionnaire is a YAML file of format `herenigd.questionnaire/1` (factors.md: questions, answer
options and their mapping to factors are *data*, never hard-coded branches; product.md 'Intake').
The built-in ones live in `questionnaires/<id>-v<version>.yaml`. Loading validates strictly: every
error raises `QuestionnaireError` naming the file and the dotted key path
(`sections[1].questions[0].options[2].factors.finance`).

The factor codes and their labels are defined here once: `FACTORS` (factors.md §1, the 17 adult
factors in report order, figure 7/9), `CHILD_FACTORS` (§2, Fazel et al. 2011) and
`REUNIFIER_FACTORS` (§1: the factors that apply in particular to reunifiers, shown first).
`ATTENTION_SENSITIVITY` holds the sensitivity of every attention code a questionnaire may raise
(factors.md §4). The FAMCORT realms and literature factors (§3) are data as well:
`questionnaires/family-observations-v1.yaml`, read by `load_family_observations()`.

Condition language of the `attention` rules (the same text is at the top of the YAML files):

    {question: q, in: [v, ...]}      answered, and the answer (single/yesno) or one of the selected
                                     values (multi) is in the list; number/text compare literally
    {question: q, not_in: [v, ...]}  answered, and no answer value is in the list
    {question: q, answered_yes: b}   yes/no question answered "yes" (b true) or "no" (b false)
    {question: q, answered: b}       the question has (b true) or has not (b false) an answer
    {question: q, at_least: n}       number question answered with a value >= n (at_most: <= n)
    {context: application_pending}   a context flag given by the caller is true
    {role: [sponsor, partner]}       the person's role in the family is one of these
    {adult: b}                       the person is (not) an adult
    {all: [c, ...]} / {any: [c, ...]} / {not: c}
    {household_any_adult: c}         some adult of the family whose intake uses this questionnaire
                                     (any version) satisfies c
    {household_all_adults: c}        there is such an adult and every one satisfies c

Unanswered questions make `in`, `not_in`, `answered_yes` and `at_least` false (so `not` of them is
true). A rule with `person_scope: household` is evaluated once per family and raised without a
person: its top level may only use `context`, the household aggregations and all/any/not. A rule
with `person_scope: self` is evaluated for every person whose intake uses this questionnaire.
`reason` templates (nl, en) quote answers with `{question_id}`; in a household rule the placeholder
lists the answer of every adult. A rule may only read and quote questions whose sensitivity is at
most the sensitivity of its code, so a `normal` point never reveals a health or confidential answer.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeAlias

import yaml

from herenigd.strictyaml import load_strict

__all__ = [
    "ATTENTION_SENSITIVITY",
    "CHILD_FACTORS",
    "COMPLETES_EVENTS",
    "CONTEXT_KEYS",
    "FACTORS",
    "FACTORS_BY_CODE",
    "FACTOR_SETS",
    "FACTOR_VALUES",
    "FAMILY_OBSERVATIONS_FORMAT",
    "FORMAT",
    "LANGUAGES",
    "QUESTIONNAIRE_DIR",
    "QUESTION_TYPES",
    "REUNIFIER_FACTORS",
    "ROLES",
    "SENSITIVITIES",
    "AllOf",
    "AnyOf",
    "AttentionRule",
    "Condition",
    "ContextFlag",
    "Factor",
    "FamilyObservations",
    "HouseholdAllAdults",
    "HouseholdAnyAdult",
    "IsAdult",
    "Not",
    "Observation",
    "Option",
    "Question",
    "QuestionTest",
    "Questionnaire",
    "QuestionnaireError",
    "Realm",
    "Reason",
    "RoleIn",
    "Section",
    "Text",
    "builtin_questionnaires",
    "iter_conditions",
    "load_builtin",
    "load_family_observations",
    "load_questionnaire",
    "profile_order",
    "sensitivity_rank",
]

FORMAT = "herenigd.questionnaire/1"
FAMILY_OBSERVATIONS_FORMAT = "herenigd.family-observations/1"
QUESTIONNAIRE_DIR = Path(__file__).resolve().parent / "questionnaires"
FAMILY_OBSERVATIONS_PATH = QUESTIONNAIRE_DIR / "family-observations-v1.yaml"

#: The languages every question is shown in (product.md 'Interfaces'); reasons are nl + en.
LANGUAGES = ("nl", "en", "ar", "ti")
REASON_LANGUAGES = ("nl", "en")
QUESTION_TYPES = ("single", "multi", "yesno", "text", "number")
CHOICE_TYPES = frozenset({"single", "multi", "yesno"})
FACTOR_VALUES = ("risk", "neutral", "protective")
#: Least to most restricted (factors.md §4 'Sensitivity levels').
SENSITIVITIES = ("normal", "health", "confidential")
PERSON_SCOPES = ("self", "household")
#: Person roles in a family (product.md 'Core data').
ROLES = ("sponsor", "partner", "child", "parent", "sibling", "other")
#: Context flags the caller of the attention evaluation supplies.
CONTEXT_KEYS = ("application_pending",)
#: Timeline events a completed questionnaire records (product.md vocabulary).
COMPLETES_EVENTS = ("intake_completed", "jgz_intake")
YES = "yes"
NO = "no"
MAX_TEXT_LENGTH = 4000

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_QUESTIONNAIRE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_VALUE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class QuestionnaireError(Exception):
    """A questionnaire (or family-observations) file that cannot be used.

    `path` is the file, `key` the dotted key path inside it; `code` is a stable error code for the
    CLI/API layers, which translate the message.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        key: str | None = None,
        code: str = "questionnaire_invalid",
    ):
        self.path = None if path is None else str(path)
        self.key = key or None
        self.code = code
        self.message = message
        where = [p for p in (self.path, self.key) if p]
        super().__init__(": ".join([*where, message]))


# --- the factor model ----------------------------------------------------------------------------


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


def sensitivity_rank(level: str) -> int:
    return SENSITIVITIES.index(level)


# --- conditions ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuestionTest:
    """`{question: q, <op>: operand}`; op: in, not_in, answered_yes, answered, at_least, at_most."""

    question: str
    op: str
    operand: Any


@dataclass(frozen=True, slots=True)
class ContextFlag:
    key: str


@dataclass(frozen=True, slots=True)
class RoleIn:
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IsAdult:
    adult: bool


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Condition


@dataclass(frozen=True, slots=True)
class HouseholdAnyAdult:
    condition: Condition


@dataclass(frozen=True, slots=True)
class HouseholdAllAdults:
    condition: Condition


Condition: TypeAlias = (
    QuestionTest
    | ContextFlag
    | RoleIn
    | IsAdult
    | AllOf
    | AnyOf
    | Not
    | HouseholdAnyAdult
    | HouseholdAllAdults
)

_QUESTION_OPS = ("in", "not_in", "answered_yes", "answered", "at_least", "at_most")


def iter_conditions(condition: Condition) -> Iterator[Condition]:
    """The condition and all conditions nested in it, depth first."""
    yield condition
    if isinstance(condition, AllOf | AnyOf):
        for item in condition.items:
            yield from iter_conditions(item)
    elif isinstance(condition, Not):
        yield from iter_conditions(condition.item)
    elif isinstance(condition, HouseholdAnyAdult | HouseholdAllAdults):
        yield from iter_conditions(condition.condition)


# --- questionnaire structure ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: Text
    factors: Mapping[str, str] = field(default_factory=dict, hash=False)
    #: A multi-choice option that cannot be combined with others ("none of these").
    exclusive: bool = False


_DEFAULT_YESNO = {
    YES: _t("Ja", "Yes", "نعم", "እወ"),
    NO: _t("Nee", "No", "لا", "ኣይፋል"),
}


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    type: str
    text: Text
    sensitivity: str
    section: str
    options: tuple[Option, ...] = ()
    help: Text | None = None
    min: float | None = None
    max: float | None = None

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)

    def option(self, value: str) -> Option | None:
        for o in self.options:
            if o.value == value:
                return o
        return None

    @property
    def feeds(self) -> frozenset[str]:
        """Factor codes any option of this question maps."""
        return frozenset(code for o in self.options for code in o.factors)


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: Text
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Reason:
    """Reason templates; `{question_id}` quotes the answer label in the template's language."""

    nl: str
    en: str

    def template(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl

    @property
    def placeholders(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for text in (self.nl, self.en):
            for name in _PLACEHOLDER.findall(text):
                seen.setdefault(name, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class AttentionRule:
    code: str
    person_scope: str
    when: Condition
    reason: Reason

    @property
    def sensitivity(self) -> str:
        return ATTENTION_SENSITIVITY[self.code]

    @property
    def questions(self) -> tuple[str, ...]:
        """Question ids the condition reads, in first-use order."""
        seen: dict[str, None] = {}
        for c in iter_conditions(self.when):
            if isinstance(c, QuestionTest):
                seen.setdefault(c.question, None)
        return tuple(seen)

    @property
    def context_keys(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for c in iter_conditions(self.when):
            if isinstance(c, ContextFlag):
                seen.setdefault(c.key, None)
        return tuple(seen)


@dataclass(frozen=True, eq=False)
class Questionnaire:
    """A validated questionnaire definition (immutable); `(id, version)` identifies it."""

    id: str
    version: int
    title: Text
    completes_event: str
    factor_set: str
    sections: tuple[Section, ...]
    attention: tuple[AttentionRule, ...]
    path: str | None = None
    description: str | None = None
    _by_id: Mapping[str, Question] = field(default_factory=dict, repr=False)

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(self._by_id.values())

    def question(self, question_id: str) -> Question:
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    @property
    def factors(self) -> tuple[str, ...]:
        """The factors its profile lists, in profile order."""
        return FACTOR_SETS[self.factor_set]

    def __repr__(self) -> str:
        return f"<Questionnaire {self.id} v{self.version}>"


# --- loading -------------------------------------------------------------------------------------


def _read_yaml(path: Path) -> Any:
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuestionnaireError(
            f"cannot read file: {exc.strerror or exc}", path=path, code="questionnaire_unreadable"
        ) from exc
    except UnicodeDecodeError as exc:
        raise QuestionnaireError("file is not valid UTF-8", path=path) from exc
    try:
        return load_strict(source)
    except yaml.YAMLError as exc:
        raise QuestionnaireError(f"not valid YAML: {exc}", path=path) from exc


def _join(key: str, part: str | int) -> str:
    if isinstance(part, int):
        return f"{key}[{part}]"
    return f"{key}.{part}" if key else part


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def _listing(items: Sequence[str] | frozenset[str] | set[str]) -> str:
    return ", ".join(sorted(items)) if isinstance(items, set | frozenset) else ", ".join(items)


class _Validator:
    """Walks the parsed YAML; every error names the file and the dotted key path."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, key: str, message: str) -> QuestionnaireError:
        return QuestionnaireError(message, path=self.path, key=key or None)

    def mapping(
        self,
        value: Any,
        key: str,
        *,
        required: Sequence[str] = (),
        optional: Sequence[str] = (),
        hints: Mapping[str, str] | None = None,
    ) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(key, f"expected a mapping, got {_type_name(value)}")
        for k in value:
            if not isinstance(k, str):
                raise self.fail(key, f"key {k!r} is not a string")
        # Without key lists any string key is accepted: the caller checks the keys itself (texts
        # check the languages, `factors` the factor codes).
        allowed = [*required, *optional]
        for k in value:
            if allowed and k not in allowed:
                hint = (hints or {}).get(k)
                raise self.fail(
                    _join(key, k), hint or f"unknown key {k!r} (allowed: {', '.join(allowed)})"
                )
        for k in required:
            if k not in value:
                raise self.fail(key, f"missing key {k!r}")
        return value

    def string(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"expected a non-empty string, got {_type_name(value)}")
        if not value.strip():
            raise self.fail(key, "must not be empty")
        return value

    def ident(self, value: Any, key: str, what: str, pattern: re.Pattern[str] = _ID) -> str:
        if not isinstance(value, str) or not pattern.match(value):
            raise self.fail(
                key,
                f"{what} must be a string of lower-case letters, digits and underscores "
                f"starting with a letter, got {value!r}",
            )
        return value

    def choice(self, value: Any, key: str, choices: Sequence[str]) -> str:
        if not isinstance(value, str) or value not in choices:
            raise self.fail(key, f"must be one of {', '.join(choices)}, got {value!r}")
        return value

    def listing(self, value: Any, key: str, *, non_empty: bool = True) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list, got {_type_name(value)}")
        if non_empty and not value:
            raise self.fail(key, "must not be empty")
        return value

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {value!r}")
        return value

    def number(self, value: Any, key: str) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail(key, f"expected a number, got {value!r}")
        return value

    def text(self, value: Any, key: str, langs: Sequence[str] = LANGUAGES) -> dict[str, str]:
        data = self.mapping(value, key)
        for lang in data:
            if lang not in langs:
                raise self.fail(
                    _join(key, lang), f"unknown language {lang!r} (expected {', '.join(langs)})"
                )
        for lang in langs:
            if lang not in data:
                raise self.fail(
                    key, f"missing language {lang!r} (every text needs {', '.join(langs)})"
                )
            self.string(data[lang], _join(key, lang))
        return {lang: data[lang] for lang in langs}

    def text4(self, value: Any, key: str) -> Text:
        return Text(**self.text(value, key))

    def value(self, value: Any, key: str) -> str:
        """An option value; YAML 1.1 turns unquoted yes/no into booleans, taken back here."""
        if isinstance(value, bool):
            return YES if value else NO
        if not isinstance(value, str) or not _VALUE.match(value):
            hint = (
                " (quote it: a bare 18_24 is read as a number by YAML)"
                if isinstance(value, int | float)
                else ""
            )
            raise self.fail(
                key,
                "an option value must be a string of lower-case letters, digits and underscores, "
                f"got {value!r}{hint}",
            )
        return value


_TOP_REQUIRED = ("format", "id", "version", "title", "completes_event", "sections", "attention")
_TOP_OPTIONAL = ("factor_set", "description")
_SECTION_KEYS = ("id", "title", "questions")
_QUESTION_REQUIRED = ("id", "type", "text", "sensitivity")
_QUESTION_OPTIONAL = ("help", "options", "min", "max")
_OPTION_REQUIRED = ("value", "label")
_OPTION_OPTIONAL = ("factors", "exclusive")
_RULE_KEYS = ("code", "person_scope", "when", "reason")


class _QuestionnaireParser(_Validator):
    def parse(self, doc: Any) -> Questionnaire:
        data = self.mapping(doc, "", required=_TOP_REQUIRED, optional=_TOP_OPTIONAL)
        if data["format"] != FORMAT:
            raise self.fail("format", f"must be {FORMAT!r}, got {data['format']!r}")
        qid = self.ident(data["id"], "id", "the questionnaire id", _QUESTIONNAIRE_ID)
        version = data["version"]
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise self.fail("version", f"must be a whole number of at least 1, got {version!r}")
        title = self.text4(data["title"], "title")
        completes = self.choice(data["completes_event"], "completes_event", COMPLETES_EVENTS)
        factor_set = self.choice(data.get("factor_set", "adult"), "factor_set", tuple(FACTOR_SETS))
        description = data.get("description")
        if description is not None:
            description = self.string(description, "description")

        self.factor_set = factor_set
        sections: list[Section] = []
        by_id: dict[str, Question] = {}
        where: dict[str, str] = {}
        section_ids: set[str] = set()
        for i, raw in enumerate(self.listing(data["sections"], "sections")):
            skey = _join("sections", i)
            s = self.mapping(raw, skey, required=_SECTION_KEYS)
            sid = self.ident(s["id"], _join(skey, "id"), "a section id")
            if sid in section_ids:
                raise self.fail(_join(skey, "id"), f"duplicate section id {sid!r}")
            section_ids.add(sid)
            stitle = self.text4(s["title"], _join(skey, "title"))
            questions = []
            for j, qraw in enumerate(self.listing(s["questions"], _join(skey, "questions"))):
                qkey = _join(_join(skey, "questions"), j)
                question = self.question(qraw, qkey, sid)
                if question.id in by_id:
                    raise self.fail(
                        _join(qkey, "id"),
                        f"duplicate question id {question.id!r} (first at {where[question.id]})",
                    )
                by_id[question.id] = question
                where[question.id] = qkey
                questions.append(question)
            sections.append(Section(id=sid, title=stitle, questions=tuple(questions)))

        self.questions = by_id
        rules: list[AttentionRule] = []
        codes: set[str] = set()
        for i, raw in enumerate(self.listing(data["attention"], "attention", non_empty=False)):
            rule = self.rule(raw, _join("attention", i))
            if rule.code in codes:
                raise self.fail(
                    _join(_join("attention", i), "code"),
                    f"duplicate attention code {rule.code!r} (combine the triggers with any:)",
                )
            codes.add(rule.code)
            rules.append(rule)

        return Questionnaire(
            id=qid,
            version=version,
            title=title,
            completes_event=completes,
            factor_set=factor_set,
            sections=tuple(sections),
            attention=tuple(rules),
            path=self.path,
            description=description,
            _by_id=MappingProxyType(by_id),
        )

    # questions and options

    def question(self, raw: Any, key: str, section: str) -> Question:
        hints = {
            "factors": "factors belong on the options of a single, multi or yesno question "
            "(text and number questions cannot feed factors)",
        }
        q = self.mapping(
            raw, key, required=_QUESTION_REQUIRED, optional=_QUESTION_OPTIONAL, hints=hints
        )
        qid = self.ident(q["id"], _join(key, "id"), "a question id")
        qtype = self.choice(q["type"], _join(key, "type"), QUESTION_TYPES)
        text = self.text4(q["text"], _join(key, "text"))
        sensitivity = self.choice(q["sensitivity"], _join(key, "sensitivity"), SENSITIVITIES)
        help_text = self.text4(q["help"], _join(key, "help")) if "help" in q else None

        if qtype != "number":
            for bound in ("min", "max"):
                if bound in q:
                    raise self.fail(
                        _join(key, bound), f"{bound} is only allowed on number questions"
                    )
        low = self.number(q["min"], _join(key, "min")) if "min" in q else None
        high = self.number(q["max"], _join(key, "max")) if "max" in q else None
        if low is not None and high is not None and low > high:
            raise self.fail(_join(key, "max"), f"max ({high}) is below min ({low})")

        options: tuple[Option, ...] = ()
        if qtype in ("text", "number"):
            if "options" in q:
                raise self.fail(_join(key, "options"), f"a {qtype} question has no options")
        elif qtype == "yesno":
            options = self.yesno_options(q.get("options"), _join(key, "options"), sensitivity)
        else:
            if "options" not in q:
                raise self.fail(key, f"missing key 'options' (a {qtype} question needs options)")
            raw_options = self.listing(q["options"], _join(key, "options"))
            if len(raw_options) < 2:
                raise self.fail(_join(key, "options"), "a choice question needs at least 2 options")
            options = tuple(
                self.option(o, _join(_join(key, "options"), i), qtype, sensitivity)
                for i, o in enumerate(raw_options)
            )
            seen: set[str] = set()
            for i, o in enumerate(options):
                if o.value in seen:
                    raise self.fail(
                        _join(_join(_join(key, "options"), i), "value"),
                        f"duplicate option value {o.value!r}",
                    )
                seen.add(o.value)
        return Question(
            id=qid,
            type=qtype,
            text=text,
            sensitivity=sensitivity,
            section=section,
            options=options,
            help=help_text,
            min=low,
            max=high,
        )

    def yesno_options(self, raw: Any, key: str, sensitivity: str) -> tuple[Option, ...]:
        mapped: dict[str, Option] = {}
        if raw is not None:
            for i, o in enumerate(self.listing(raw, key)):
                okey = _join(key, i)
                data = self.mapping(o, okey, required=("value",), optional=("label", "factors"))
                value = self.value(data["value"], _join(okey, "value"))
                if value not in (YES, NO):
                    raise self.fail(
                        _join(okey, "value"), f"a yesno option value is yes or no, got {value!r}"
                    )
                if value in mapped:
                    raise self.fail(_join(okey, "value"), f"duplicate option value {value!r}")
                label = (
                    self.text4(data["label"], _join(okey, "label"))
                    if "label" in data
                    else _DEFAULT_YESNO[value]
                )
                factors = self.factors(data.get("factors"), _join(okey, "factors"), sensitivity)
                mapped[value] = Option(value=value, label=label, factors=factors)
        return tuple(mapped.get(v) or Option(value=v, label=_DEFAULT_YESNO[v]) for v in (YES, NO))

    def option(self, raw: Any, key: str, qtype: str, sensitivity: str) -> Option:
        data = self.mapping(raw, key, required=_OPTION_REQUIRED, optional=_OPTION_OPTIONAL)
        value = self.value(data["value"], _join(key, "value"))
        label = self.text4(data["label"], _join(key, "label"))
        factors = self.factors(data.get("factors"), _join(key, "factors"), sensitivity)
        exclusive = False
        if "exclusive" in data:
            exclusive = self.boolean(data["exclusive"], _join(key, "exclusive"))
            if exclusive and qtype != "multi":
                raise self.fail(_join(key, "exclusive"), "exclusive is only meaningful on multi")
        return Option(
            value=value, label=label, factors=MappingProxyType(factors), exclusive=exclusive
        )

    def factors(self, raw: Any, key: str, sensitivity: str) -> Mapping[str, str]:
        if raw is None:
            return MappingProxyType({})
        data = self.mapping(raw, key)
        if data and sensitivity == "confidential":
            raise self.fail(
                key,
                "a confidential question may not feed factors: the factor profile is shown beyond "
                "the recording organisation (factors.md §4)",
            )
        allowed = FACTOR_SETS[self.factor_set]
        for code, value in data.items():
            if code not in FACTORS_BY_CODE:
                raise self.fail(
                    _join(key, code),
                    f"unknown factor code {code!r} (known: {', '.join(FACTORS_BY_CODE)})",
                )
            if code not in allowed:
                raise self.fail(
                    _join(key, code),
                    f"factor {code!r} is not in the {self.factor_set!r} factor set "
                    f"({', '.join(allowed)})",
                )
            self.choice(value, _join(key, code), FACTOR_VALUES)
        return MappingProxyType(dict(data))

    # attention rules and conditions

    def rule(self, raw: Any, key: str) -> AttentionRule:
        data = self.mapping(raw, key, required=_RULE_KEYS)
        code = data["code"]
        if not isinstance(code, str) or code not in ATTENTION_SENSITIVITY:
            raise self.fail(
                _join(key, "code"),
                f"unknown attention code {code!r} for an intake "
                f"(known: {', '.join(ATTENTION_SENSITIVITY)})",
            )
        scope = self.choice(data["person_scope"], _join(key, "person_scope"), PERSON_SCOPES)
        self.rule_sensitivity = ATTENTION_SENSITIVITY[code]
        self.rule_code = code
        when = self.condition(data["when"], _join(key, "when"), household=scope == "household")
        reason_data = self.text(data["reason"], _join(key, "reason"), REASON_LANGUAGES)
        reason = Reason(**reason_data)
        for lang in REASON_LANGUAGES:
            rkey = _join(_join(key, "reason"), lang)
            template = reason_data[lang]
            if template.count("{") != template.count("}"):
                raise self.fail(rkey, "unbalanced { } in the reason template")
            for name in _PLACEHOLDER.findall(template):
                if name not in self.questions:
                    raise self.fail(
                        rkey, f"placeholder {{{name}}} does not name a question of this file"
                    )
                self.check_sensitivity(name, rkey, "quotes")
        return AttentionRule(code=code, person_scope=scope, when=when, reason=reason)

    def check_sensitivity(self, question_id: str, key: str, verb: str) -> None:
        q = self.questions[question_id]
        if sensitivity_rank(q.sensitivity) > sensitivity_rank(self.rule_sensitivity):
            raise self.fail(
                key,
                f"{self.rule_code} is {self.rule_sensitivity} but {verb} question "
                f"{question_id!r}, which is {q.sensitivity}: the point would reveal it",
            )

    def condition(
        self, raw: Any, key: str, *, household: bool, inside_aggregation: bool = False
    ) -> Condition:
        if not isinstance(raw, Mapping) or not raw:
            raise self.fail(key, f"a condition must be a non-empty mapping, got {_type_name(raw)}")
        person_level = not household or inside_aggregation
        if "question" in raw:
            return self.question_test(raw, key, person_level)
        if len(raw) != 1:
            raise self.fail(
                key, f"a condition has exactly one operator, got {', '.join(map(str, raw))}"
            )
        ((op, arg),) = raw.items()
        sub = _join(key, op)

        def nested(value: Any, k: str) -> Condition:
            return self.condition(
                value, k, household=household, inside_aggregation=inside_aggregation
            )

        if op in ("all", "any"):
            items = tuple(nested(c, _join(sub, i)) for i, c in enumerate(self.listing(arg, sub)))
            return AllOf(items) if op == "all" else AnyOf(items)
        if op == "not":
            return Not(nested(arg, sub))
        if op == "context":
            return ContextFlag(self.choice(arg, sub, CONTEXT_KEYS))
        if op in ("household_any_adult", "household_all_adults"):
            if inside_aggregation:
                raise self.fail(sub, f"{op} cannot be nested in another household aggregation")
            inner = self.condition(arg, sub, household=household, inside_aggregation=True)
            return (
                HouseholdAnyAdult(inner)
                if op == "household_any_adult"
                else HouseholdAllAdults(inner)
            )
        if op in ("role", "adult"):
            if not person_level:
                raise self.fail(
                    sub,
                    f"{op} needs a person: in a household rule use it inside "
                    "household_any_adult or household_all_adults",
                )
            if op == "adult":
                return IsAdult(self.boolean(arg, sub))
            roles = self.listing(arg, sub)
            for i, r in enumerate(roles):
                self.choice(r, _join(sub, i), ROLES)
            return RoleIn(tuple(roles))
        raise self.fail(
            _join(key, op) if isinstance(op, str) else key,
            f"unknown condition operator {op!r} (known: question, all, any, not, context, role, "
            "adult, household_any_adult, household_all_adults)",
        )

    def question_test(self, raw: Mapping[str, Any], key: str, person_level: bool) -> QuestionTest:
        ops = [k for k in raw if k != "question"]
        for k in ops:
            if k not in _QUESTION_OPS:
                raise self.fail(
                    _join(key, k),
                    f"unknown question test {k!r} (known: {', '.join(_QUESTION_OPS)})",
                )
        if len(ops) != 1:
            raise self.fail(
                key, f"a question condition needs exactly one of {', '.join(_QUESTION_OPS)}"
            )
        if not person_level:
            raise self.fail(
                _join(key, "question"),
                "a household rule cannot read one person's answer directly: wrap the test in "
                "household_any_adult or household_all_adults",
            )
        qid = raw["question"]
        qkey = _join(key, "question")
        if not isinstance(qid, str) or qid not in self.questions:
            raise self.fail(
                qkey, f"question {qid!r} referenced in a condition does not exist in this file"
            )
        question = self.questions[qid]
        self.check_sensitivity(qid, qkey, "reads")
        op = ops[0]
        okey = _join(key, op)
        arg = raw[op]
        if op in ("in", "not_in"):
            values = self.listing(arg, okey)
            normalised: list[Any] = []
            for i, v in enumerate(values):
                vkey = _join(okey, i)
                if question.type in CHOICE_TYPES:
                    value = self.value(v, vkey)
                    if question.option(value) is None:
                        raise self.fail(
                            vkey,
                            f"{value!r} is not an option of question {qid!r} "
                            f"({', '.join(question.option_values)})",
                        )
                    normalised.append(value)
                elif question.type == "number":
                    normalised.append(self.number(v, vkey))
                else:
                    normalised.append(self.string(v, vkey))
            return QuestionTest(qid, op, tuple(normalised))
        if op == "answered_yes":
            if question.type != "yesno":
                raise self.fail(
                    okey, f"answered_yes needs a yesno question; {qid!r} is {question.type}"
                )
            return QuestionTest(qid, op, self.boolean(arg, okey))
        if op == "answered":
            return QuestionTest(qid, op, self.boolean(arg, okey))
        # at_least / at_most
        if question.type != "number":
            raise self.fail(okey, f"{op} needs a number question; {qid!r} is {question.type}")
        return QuestionTest(qid, op, self.number(arg, okey))


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Load and validate a questionnaire file; raises `QuestionnaireError`."""
    path = Path(path)
    return _QuestionnaireParser(str(path)).parse(_read_yaml(path))


@functools.cache
def builtin_questionnaires() -> Mapping[tuple[str, int], Questionnaire]:
    """Every shipped questionnaire by (id, version); loaded once (they are immutable)."""
    found: dict[tuple[str, int], Questionnaire] = {}
    for path in sorted(QUESTIONNAIRE_DIR.glob("*.yaml")):
        if path.name.startswith("family-observations"):
            continue
        q = load_questionnaire(path)
        expected = f"{q.id}-v{q.version}"
        if path.stem != expected:
            raise QuestionnaireError(
                f"file name must be {expected}.yaml for id {q.id!r} version {q.version}", path=path
            )
        found[q.key] = q
    return MappingProxyType(dict(sorted(found.items())))


def load_builtin(id: str, version: int | None = None) -> Questionnaire:  # API name: `id`
    """A shipped questionnaire; the highest version when `version` is None."""
    available = builtin_questionnaires()
    if version is None:
        versions = [v for (qid, v) in available if qid == id]
        if versions:
            return available[(id, max(versions))]
    elif (id, version) in available:
        return available[(id, version)]
    listing = ", ".join(f"{qid} v{v}" for qid, v in available) or "none"
    wanted = id if version is None else f"{id} v{version}"
    raise QuestionnaireError(
        f"no built-in questionnaire {wanted} (available: {listing})",
        code="questionnaire_not_found",
    )


# --- family observations (factors.md §3) ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Observation:
    """A family-level observation: a FAMCORT item or a literature factor (labels nl, en)."""

    code: str
    label: Mapping[str, str] = field(hash=False)


@dataclass(frozen=True, slots=True)
class Realm:
    """A FAMCORT realm (Weine et al. 2004, figure 8) with its adverse and rebuilding items."""

    code: str
    label: Mapping[str, str] = field(hash=False)
    adverse: tuple[Observation, ...] = ()
    rebuilding: tuple[Observation, ...] = ()


@dataclass(frozen=True, eq=False)
class FamilyObservations:
    version: int
    realms: tuple[Realm, ...]
    literature_factors: tuple[Observation, ...]
    path: str | None = None

    def observation(self, code: str) -> Observation:
        for realm in self.realms:
            for item in (*realm.adverse, *realm.rebuilding):
                if item.code == code:
                    return item
        for item in self.literature_factors:
            if item.code == code:
                return item
        raise KeyError(code)

    @property
    def codes(self) -> frozenset[str]:
        codes = {o.code for o in self.literature_factors}
        for realm in self.realms:
            codes |= {o.code for o in (*realm.adverse, *realm.rebuilding)}
        return frozenset(codes)


class _ObservationsParser(_Validator):
    LABEL_REQUIRED = ("nl", "en")
    LABEL_OPTIONAL = ("ar", "ti")

    def parse(self, doc: Any) -> FamilyObservations:
        data = self.mapping(
            doc,
            "",
            required=("format", "version", "realms", "literature_factors"),
            optional=("description",),
        )
        if data["format"] != FAMILY_OBSERVATIONS_FORMAT:
            raise self.fail(
                "format", f"must be {FAMILY_OBSERVATIONS_FORMAT!r}, got {data['format']!r}"
            )
        version = data["version"]
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise self.fail("version", f"must be a whole number of at least 1, got {version!r}")
        self.seen: dict[str, str] = {}
        realms = []
        for i, raw in enumerate(self.listing(data["realms"], "realms")):
            key = _join("realms", i)
            r = self.mapping(raw, key, required=("code", "label", "adverse", "rebuilding"))
            code = self.code(r["code"], _join(key, "code"))
            realms.append(
                Realm(
                    code=code,
                    label=self.label(r["label"], _join(key, "label")),
                    adverse=self.items(r["adverse"], _join(key, "adverse")),
                    rebuilding=self.items(r["rebuilding"], _join(key, "rebuilding")),
                )
            )
        literature = self.items(data["literature_factors"], "literature_factors")
        return FamilyObservations(
            version=version, realms=tuple(realms), literature_factors=literature, path=self.path
        )

    def code(self, value: Any, key: str) -> str:
        code = self.ident(value, key, "a code")
        if code in self.seen:
            raise self.fail(key, f"duplicate code {code!r} (first at {self.seen[code]})")
        self.seen[code] = key
        return code

    def label(self, value: Any, key: str) -> Mapping[str, str]:
        data = self.mapping(value, key, required=self.LABEL_REQUIRED, optional=self.LABEL_OPTIONAL)
        for lang in data:
            self.string(data[lang], _join(key, lang))
        return MappingProxyType(dict(data))

    def items(self, value: Any, key: str) -> tuple[Observation, ...]:
        out = []
        for i, raw in enumerate(self.listing(value, key)):
            ikey = _join(key, i)
            item = self.mapping(raw, ikey, required=("code", "label"))
            out.append(
                Observation(
                    code=self.code(item["code"], _join(ikey, "code")),
                    label=self.label(item["label"], _join(ikey, "label")),
                )
            )
        return tuple(out)


@functools.cache
def _default_family_observations() -> FamilyObservations:
    return _ObservationsParser(str(FAMILY_OBSERVATIONS_PATH)).parse(
        _read_yaml(FAMILY_OBSERVATIONS_PATH)
    )


def load_family_observations(path: str | Path | None = None) -> FamilyObservations:
    """FAMCORT realms and literature factors for the family section (factors.md §3)."""
    if path is None:
        return _default_family_observations()
    path = Path(path)
    return _ObservationsParser(str(path)).parse(_read_yaml(path))
