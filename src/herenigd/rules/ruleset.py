"""Rule sets: every term and threshold of the rules as data, each with its source.

A rule set is a YAML file of format `herenigd.ruleset/1` (product.md 'Rules': rules are declarative
data with a source citation each; a deployment can change terms). The shipped default is
`rulesets/default-v1.yaml` (rules.md, factors.md §4). Loading validates strictly: a missing, unknown
or mistyped key raises `RuleSetError` naming the file and the key.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from herenigd.procedure.events import EVENT_TYPES as _EVENT_TYPES
from herenigd.strictyaml import load_strict

from .dates import add_months

__all__ = [
    "ATTENTION_CODES",
    "DATA_ATTENTION_CODES",
    "DEADLINE_CODES",
    "DEFAULT_RULESET_PATH",
    "FORMAT",
    "AttentionRule",
    "DeadlineRule",
    "Duration",
    "RuleSet",
    "RuleSetError",
    "load_ruleset",
]

FORMAT = "herenigd.ruleset/1"
DEFAULT_RULESET_PATH = Path(__file__).resolve().parent / "rulesets" / "default-v1.yaml"

SENSITIVITIES = ("normal", "health", "confidential")
DUTCH_LEVELS = ("none", "A0", "A1", "A2", "B1", "B2", "C1", "C2")
RAISED_BY = ("data", "intake", "professional")
#: Timeline event vocabulary (product.md 'Core data').
EVENT_TYPES = frozenset(_EVENT_TYPES)

# Parameter kinds of the rules besides the common keys.
_DURATION = "duration"
_AGE = "age"
_LEVELS = "dutch_levels"
_AMOUNT = "amount"

#: Deadlines of rules.md and their extra parameters.
DEADLINE_PARAMS: Mapping[str, Mapping[str, str]] = {
    "APPLICATION_FILING": {},
    "DECISION": {},
    "REPORT_REGISTRATION_CENTRE": {},
    "HEALTH_INSURANCE": {},
    "INTAKE": {"min_age_at_arrival": _AGE},
    "JGZ_INTAKE": {"min_age_at_arrival": _AGE, "max_age_at_arrival": _AGE},
    "SCHOOL_REGISTRATION": {"min_age": _AGE, "max_age": _AGE},
    "GP_INTERPRETER_WINDOW": {},
    "MIN_COHABITATION": {},
}
DEADLINE_CODES = tuple(DEADLINE_PARAMS)
#: Deadlines without a fulfilling event: `open` until due, then `expired` (rules.md).
INFORMATIONAL_DEADLINES = frozenset({"GP_INTERPRETER_WINDOW", "MIN_COHABITATION"})

#: Attention points the engine derives from data (rules.md) and their extra parameters.
DATA_ATTENTION_PARAMS: Mapping[str, Mapping[str, str]] = {
    "APPLICATION_DEADLINE": {"warn_before": _DURATION},
    "DECISION_OVERDUE": {},
    "APPLICATION_REFUSED": {},
    "LONG_SEPARATION": {"min_separation": _DURATION},
    "FAMILY_INCOMPLETE": {},
    "EX_AMV_OVERLOAD": {},
    "GUARDIANSHIP_HANDOVER": {},
    "DIRECT_ROUTE_INFO_GAP": {},
    "NOT_REACHED": {"after": _DURATION},
    "ALO_KOP_RECLAIM": {"amount_eur": _AMOUNT},
    "HEALTH_INSURANCE_GAP": {},
    "COA_DEREGISTRATION_RISK": {},
    "HOUSING_WAIT": {"after": _DURATION},
    "INTERPRETER_NEEDED": {"dutch_levels": _LEVELS},
    "SCHOOL_CONCERN": {},
    "PREGNANCY": {},
    "CHILD_INTERPRETER": {},
}
DATA_ATTENTION_CODES = tuple(DATA_ATTENTION_PARAMS)
#: Attention points raised from intake answers or by hand (factors.md §4); stored, not derived.
OTHER_ATTENTION_CODES = (
    "PARTICIPATION_ONE_PARTNER",
    "FINANCIAL_DEBT",
    "SEPARATE_LIVING_WISH",
    "DOMESTIC_VIOLENCE_CONCERN",
    "PSYCH_COMPLAINTS",
    "SUBSTANCE_USE",
    "CHRONIC_CONDITION_UNTREATED",
    "UNEMPLOYED_HOUSEHOLD",
    "SOCIAL_ISOLATION",
    "WAITING_STRESS",
)
ATTENTION_CODES = DATA_ATTENTION_CODES + OTHER_ATTENTION_CODES

_TOP_REQUIRED = (
    "format",
    "version",
    "adult_age",
    "family_level_events",
    "organisation_types",
    "deadlines",
    "attention",
)
_TOP_OPTIONAL = ("description",)
_DURATION_UNITS = ("years", "months", "weeks", "days")
_UNIT_WORDS = {
    "en": {"years": ("year", "years"), "months": ("month", "months"),
           "weeks": ("week", "weeks"), "days": ("day", "days")},
    "nl": {"years": ("jaar", "jaar"), "months": ("maand", "maanden"),
           "weeks": ("week", "weken"), "days": ("dag", "dagen")},
}  # fmt: skip
_ORG_TYPE = re.compile(r"^[a-z][a-z0-9_]*$")
_MAX_AGE = 130


class RuleSetError(Exception):
    """A rule-set file that cannot be used; `code` is a stable error code for the CLI/API."""

    def __init__(
        self, message: str, *, path: str | Path | None = None, key: str | None = None, code: str
    ):
        self.path = None if path is None else str(path)
        self.key = key
        self.code = code
        where = [p for p in (self.path, key) if p]
        super().__init__(": ".join([*where, message]))


@dataclass(frozen=True, slots=True)
class Duration:
    """A term such as `{months: 3}`; months (and years) first, clamped, then days (rules.md)."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    # Derived once (evaluation is the hot path): total calendar months and the plain days.
    _months: int = field(init=False, repr=False, compare=False, hash=False, default=0)
    _delta: _dt.timedelta | None = field(
        init=False, repr=False, compare=False, hash=False, default=None
    )

    def __post_init__(self) -> None:
        days = 7 * self.weeks + self.days
        object.__setattr__(self, "_months", 12 * self.years + self.months)
        object.__setattr__(self, "_delta", _dt.timedelta(days=days) if days else None)

    def add(self, day: _dt.date) -> _dt.date:
        if self._months:
            day = add_months(day, self._months)
        return day + self._delta if self._delta is not None else day

    def subtract(self, day: _dt.date) -> _dt.date:
        if self._months:
            day = add_months(day, -self._months)
        return day - self._delta if self._delta is not None else day

    def describe(self, lang: str = "en") -> str:
        """'3 months', '180 days' / '3 maanden', '180 dagen'."""
        words = _UNIT_WORDS[lang]
        parts = []
        for unit in _DURATION_UNITS:
            n = getattr(self, unit)
            if n:
                parts.append(f"{n} {words[unit][0 if n == 1 else 1]}")
        joiner = " and " if lang == "en" else " en "
        return joiner.join(parts) or ("0 days" if lang == "en" else "0 dagen")

    def as_dict(self) -> dict[str, int]:
        return {u: getattr(self, u) for u in _DURATION_UNITS if getattr(self, u)}


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    code: str
    term: Duration
    source: str
    enabled: bool = True
    informational: bool = False
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AttentionRule:
    """Sensitivity and default responsible organisation type of a code (factors.md §4)."""

    code: str
    raised_by: tuple[str, ...]
    sensitivity: str
    responsible: str
    source: str
    responsible_minor: str | None = None
    also: tuple[str, ...] = ()
    enabled: bool = True
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    note: str | None = None

    def responsible_for(self, minor: bool) -> str:
        """The responsible type; some codes route minors elsewhere (e.g. JGZ for children)."""
        if minor and self.responsible_minor:
            return self.responsible_minor
        return self.responsible


@dataclass(frozen=True, eq=False)
class RuleSet:
    """A validated rule set (immutable). `version` identifies it in stored evaluations."""

    format: str
    version: str
    description: str
    path: str
    adult_age: int
    adult_age_source: str
    family_level_event_types: frozenset[str]
    organisation_types: tuple[str, ...]
    deadlines: Mapping[str, DeadlineRule]
    attention: Mapping[str, AttentionRule]

    def term(self, code: str) -> Duration:
        return self.deadlines[code].term

    def param(self, code: str, name: str) -> Any:
        """A parameter of a deadline or attention rule, e.g. `param("NOT_REACHED", "after")`."""
        rule = self.deadlines.get(code) or self.attention[code]
        return rule.params[name]


# --- loading -----------------------------------------------------------------------------------


class _Validator:
    """Walks the parsed YAML; every error names the file and the dotted key path."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, key: str, message: str) -> RuleSetError:
        return RuleSetError(message, path=self.path, key=key or None, code="ruleset_invalid")

    def mapping(
        self, value: Any, key: str, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(key, f"expected a mapping, got {_type_name(value)}")
        for k in value:
            if not isinstance(k, str):
                raise self.fail(key, f"key {k!r} is not a string")
        for k in required:
            if k not in value:
                raise self.fail(key, f"missing key {k!r}")
        allowed = set(required) | set(optional)
        for k in value:
            if k not in allowed:
                raise self.fail(_join(key, k), f"unknown key {k!r} (allowed: {_listing(allowed)})")
        return value

    def string(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected a non-empty string, got {_type_name(value)}")
        return value

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {_type_name(value)}")
        return value

    def integer(self, value: Any, key: str, *, low: int = 0, high: int | None = None) -> int:
        if type(value) is not int:
            raise self.fail(key, f"expected an integer, got {_type_name(value)}")
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f">= {low}"
            raise self.fail(key, f"{value} is out of range (must be {bound})")
        return value

    def amount(self, value: Any, key: str) -> int | float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self.fail(key, f"expected a non-negative number, got {value!r}")
        return value

    def duration(self, value: Any, key: str) -> Duration:
        data = self.mapping(value, key, required=(), optional=_DURATION_UNITS)
        if not data:
            raise self.fail(key, f"a duration needs at least one of {', '.join(_DURATION_UNITS)}")
        units = {u: self.integer(n, _join(key, u)) for u, n in data.items()}
        return Duration(**units)

    def choice(self, value: Any, key: str, options: tuple[str, ...] | frozenset[str]) -> str:
        if not isinstance(value, str) or value not in options:
            raise self.fail(key, f"{value!r} is not one of {_listing(options)}")
        return value

    def choices(
        self, value: Any, key: str, options: tuple[str, ...] | frozenset[str], *, empty: bool
    ) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list, got {_type_name(value)}")
        if not value and not empty:
            raise self.fail(key, "the list must not be empty")
        items = tuple(self.choice(v, f"{key}[{i}]", options) for i, v in enumerate(value))
        if len(set(items)) != len(items):
            raise self.fail(key, "the list repeats a value")
        return items


def _join(key: str, sub: str) -> str:
    return f"{key}.{sub}" if key else sub


def _listing(options: Any) -> str:
    return ", ".join(sorted(options))


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


_COMMON_DEADLINE_REQUIRED = ("term", "source")
_COMMON_DEADLINE_OPTIONAL = ("enabled", "note")
_COMMON_ATTENTION_REQUIRED = ("raised_by", "sensitivity", "responsible", "source")
_COMMON_ATTENTION_OPTIONAL = ("responsible_minor", "also", "enabled", "note")


def _params(
    v: _Validator, data: Mapping[str, Any], key: str, spec: Mapping[str, str]
) -> dict[str, Any]:
    readers: dict[str, Callable[[Any, str], Any]] = {
        _DURATION: v.duration,
        _AGE: lambda value, k: v.integer(value, k, high=_MAX_AGE),
        _AMOUNT: v.amount,
        _LEVELS: lambda value, k: frozenset(v.choices(value, k, DUTCH_LEVELS, empty=True)),
    }
    return {name: readers[kind](data[name], _join(key, name)) for name, kind in spec.items()}


def _deadline(v: _Validator, code: str, value: Any) -> DeadlineRule:
    key = f"deadlines.{code}"
    spec = DEADLINE_PARAMS[code]
    data = v.mapping(
        value,
        key,
        required=(*_COMMON_DEADLINE_REQUIRED, *spec),
        optional=_COMMON_DEADLINE_OPTIONAL,
    )
    params = _params(v, data, key, spec)
    for low, high in (("min_age_at_arrival", "max_age_at_arrival"), ("min_age", "max_age")):
        if low in params and high in params and params[low] > params[high]:
            raise v.fail(_join(key, low), f"{low} ({params[low]}) exceeds {high} ({params[high]})")
    note = data.get("note")
    return DeadlineRule(
        code=code,
        term=v.duration(data["term"], _join(key, "term")),
        source=v.string(data["source"], _join(key, "source")),
        enabled=v.boolean(data.get("enabled", True), _join(key, "enabled")),
        informational=code in INFORMATIONAL_DEADLINES,
        params=MappingProxyType(params),
        note=None if note is None else v.string(note, _join(key, "note")),
    )


def _attention(v: _Validator, code: str, value: Any, orgs: tuple[str, ...]) -> AttentionRule:
    key = f"attention.{code}"
    spec = DATA_ATTENTION_PARAMS.get(code, {})
    data = v.mapping(
        value,
        key,
        required=(*_COMMON_ATTENTION_REQUIRED, *spec),
        optional=_COMMON_ATTENTION_OPTIONAL,
    )
    raised_by = v.choices(data["raised_by"], _join(key, "raised_by"), RAISED_BY, empty=False)
    derived = code in DATA_ATTENTION_PARAMS
    if derived != ("data" in raised_by):
        expected = "includes" if derived else "does not include"
        raise v.fail(
            _join(key, "raised_by"),
            f"{code} is {'' if derived else 'not '}derived from data by the engine, "
            f"so raised_by must be a list that {expected} 'data'",
        )
    minor = data.get("responsible_minor")
    note = data.get("note")
    return AttentionRule(
        code=code,
        raised_by=raised_by,
        sensitivity=v.choice(data["sensitivity"], _join(key, "sensitivity"), SENSITIVITIES),
        responsible=v.choice(data["responsible"], _join(key, "responsible"), orgs),
        source=v.string(data["source"], _join(key, "source")),
        responsible_minor=None
        if minor is None
        else v.choice(minor, _join(key, "responsible_minor"), orgs),
        also=v.choices(data.get("also", []), _join(key, "also"), orgs, empty=True),
        enabled=v.boolean(data.get("enabled", True), _join(key, "enabled")),
        params=MappingProxyType(_params(v, data, key, spec)),
        note=None if note is None else v.string(note, _join(key, "note")),
    )


def _build(path: str, doc: Any) -> RuleSet:
    v = _Validator(path)
    if doc is None:
        raise v.fail("", "the file is empty")
    if not isinstance(doc, Mapping):
        raise v.fail("", f"expected a mapping at the top level, got {_type_name(doc)}")
    if "format" not in doc:
        raise v.fail("", "missing key 'format'")
    fmt = doc["format"]
    if fmt != FORMAT:  # checked first: another format may have other keys
        raise RuleSetError(
            f"unknown format {fmt!r} (expected {FORMAT!r})",
            path=path,
            key="format",
            code="ruleset_format",
        )
    top = v.mapping(doc, "", required=_TOP_REQUIRED, optional=_TOP_OPTIONAL)
    version = v.string(top["version"], "version")
    description = top.get("description")
    description = "" if description is None else v.string(description, "description")

    adult = v.mapping(top["adult_age"], "adult_age", required=("value", "source"))
    adult_age = v.integer(adult["value"], "adult_age.value", high=_MAX_AGE)
    adult_source = v.string(adult["source"], "adult_age.source")

    fam = v.mapping(top["family_level_events"], "family_level_events", required=("types", "source"))
    fam_types = v.choices(fam["types"], "family_level_events.types", EVENT_TYPES, empty=True)
    v.string(fam["source"], "family_level_events.source")

    orgs_raw = top["organisation_types"]
    if not isinstance(orgs_raw, list) or not orgs_raw:
        raise v.fail("organisation_types", "expected a non-empty list of organisation types")
    for i, org in enumerate(orgs_raw):
        if not isinstance(org, str) or not _ORG_TYPE.match(org):
            raise v.fail(f"organisation_types[{i}]", f"{org!r} is not a snake_case type name")
    if len(set(orgs_raw)) != len(orgs_raw):
        raise v.fail("organisation_types", "the list repeats a value")
    orgs = tuple(orgs_raw)

    deadlines_raw = v.mapping(top["deadlines"], "deadlines", required=DEADLINE_CODES)
    deadlines = {code: _deadline(v, code, deadlines_raw[code]) for code in DEADLINE_CODES}
    attention_raw = v.mapping(top["attention"], "attention", required=ATTENTION_CODES)
    attention = {code: _attention(v, code, attention_raw[code], orgs) for code in ATTENTION_CODES}

    return RuleSet(
        format=fmt,
        version=version,
        description=description,
        path=path,
        adult_age=adult_age,
        adult_age_source=adult_source,
        family_level_event_types=frozenset(fam_types),
        organisation_types=orgs,
        deadlines=MappingProxyType(deadlines),
        attention=MappingProxyType(attention),
    )


def parse_ruleset(text: str, *, path: str = "<string>") -> RuleSet:
    """Validate a rule set given as YAML text (`path` only names it in errors)."""
    try:
        doc = load_strict(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = ": ".join(p for p in (exc.context, exc.problem) if p)
        raise RuleSetError(
            f"not valid YAML{where}: {problem}", path=path, code="ruleset_syntax"
        ) from None
    except yaml.YAMLError as exc:
        raise RuleSetError(f"not valid YAML: {exc}", path=path, code="ruleset_syntax") from None
    return _build(path, doc)


_CACHE: dict[tuple[str, int, int], RuleSet] = {}


def load_ruleset(path: str | Path | None = None) -> RuleSet:
    """Load and validate a rule set; None = the shipped default (rules.md, factors.md §4).

    Results are cached by (path, modification time, size); a rule set is immutable.
    """
    file = DEFAULT_RULESET_PATH if path is None else Path(path)
    name = str(file)
    try:
        stat = file.stat()
        cache_key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size)
        cached = _CACHE.get(cache_key)
        if cached is not None:
            return cached
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleSetError("file not found", path=name, code="ruleset_not_found") from None
    except UnicodeDecodeError as exc:
        raise RuleSetError(
            f"not UTF-8 text ({exc.reason})", path=name, code="ruleset_syntax"
        ) from None
    except OSError as exc:
        raise RuleSetError(
            f"cannot read the file ({exc.strerror or exc})", path=name, code="ruleset_not_found"
        ) from None
    ruleset = parse_ruleset(text, path=name)
    _CACHE[cache_key] = ruleset
    return ruleset
