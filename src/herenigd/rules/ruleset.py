"""Rule sets: every term and threshold of the rules as data, each with its source.

A rule set is a YAML file of format `herenigd.ruleset/1` (product.md 'Rules': rules are declarative
data with a source citation each; a deployment can change terms). The shipped default is
`rulesets/default-v1.yaml` (rules.md, factors.md §4). Loading validates strictly: a missing, unknown
or mistyped key raises `RuleSetError` naming the file and the key. The shape of the file is the
JSON Schema `schema/ruleset-1.schema.json` (checked by `herenigd.schemacheck`); the checks a schema
cannot express follow it here.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from herenigd.schemacheck import (
    DataFileError,
    SchemaChecker,
    check_top,
    gettext_noop,
    listing,
    parse_yaml,
    read_data_file,
)
from herenigd.timeline.events import EVENT_TYPES as _EVENT_TYPES
from herenigd.vocab import DUTCH_LEVELS, SENSITIVITIES

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
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "ruleset-1.schema.json"

#: Timeline event vocabulary (product.md 'Core data').
EVENT_TYPES = frozenset(_EVENT_TYPES)

#: Deadlines of rules.md; their parameters are declared in the schema.
DEADLINE_CODES = (
    "APPLICATION_FILING",
    "DECISION",
    "REPORT_REGISTRATION_CENTRE",
    "HEALTH_INSURANCE",
    "INTAKE",
    "JGZ_INTAKE",
    "SCHOOL_REGISTRATION",
    "GP_INTERPRETER_WINDOW",
    "MIN_COHABITATION",
)
#: Deadlines without a fulfilling event: `open` until due, then `expired` (rules.md).
INFORMATIONAL_DEADLINES = frozenset({"GP_INTERPRETER_WINDOW", "MIN_COHABITATION"})

#: Attention points the engine derives from data (rules.md); parameters in the schema.
DATA_ATTENTION_CODES = (
    "APPLICATION_DEADLINE",
    "DECISION_OVERDUE",
    "APPLICATION_REFUSED",
    "LONG_SEPARATION",
    "FAMILY_INCOMPLETE",
    "EX_AMV_OVERLOAD",
    "GUARDIANSHIP_HANDOVER",
    "DIRECT_ROUTE_INFO_GAP",
    "NOT_REACHED",
    "ALO_KOP_RECLAIM",
    "HEALTH_INSURANCE_GAP",
    "COA_DEREGISTRATION_RISK",
    "HOUSING_WAIT",
    "INTERPRETER_NEEDED",
    "SCHOOL_CONCERN",
    "PREGNANCY",
    "CHILD_INTERPRETER",
)
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

_DURATION_UNITS = ("years", "months", "weeks", "days")
_UNIT_WORDS = {
    "en": {"years": ("year", "years"), "months": ("month", "months"),
           "weeks": ("week", "weeks"), "days": ("day", "days")},
    "nl": {"years": ("jaar", "jaar"), "months": ("maand", "maanden"),
           "weeks": ("week", "weken"), "days": ("dag", "dagen")},
}  # fmt: skip


class RuleSetError(DataFileError):
    """A rule-set file that cannot be used; `code` is a stable error code for the CLI/API."""

    CODES = {
        "not_found": "ruleset_not_found",
        "unreadable": "ruleset_not_found",
        "syntax": "ruleset_syntax",
        "format": "ruleset_format",
        "invalid": "ruleset_invalid",
    }


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

_COMMON_DEADLINE = frozenset({"term", "source", "enabled", "note"})
_COMMON_ATTENTION = frozenset(
    {
        "raised_by",
        "sensitivity",
        "responsible",
        "responsible_minor",
        "also",
        "source",
        "enabled",
        "note",
    }
)
_AGE_PAIRS = (("min_age_at_arrival", "max_age_at_arrival"), ("min_age", "max_age"))


@functools.cache
def _checker() -> SchemaChecker:
    return SchemaChecker(
        SCHEMA_PATH,
        vocabularies={
            "sensitivity": SENSITIVITIES,
            "dutch_level": DUTCH_LEVELS,
            "event_type": _EVENT_TYPES,
        },
    )


def _fail(path: str, key: str, message: str, **params: Any) -> RuleSetError:
    return RuleSetError.of("invalid", message, path=path, key=key, **params)


def _duration(data: Mapping[str, int]) -> Duration:
    return Duration(**data)


def _param(value: Any) -> Any:
    """A parameter the schema accepted: a mapping is a term, a list a set of Dutch levels."""
    if isinstance(value, Mapping):
        return _duration(value)
    if isinstance(value, list):
        return frozenset(value)
    return value


def _params(data: Mapping[str, Any], common: frozenset[str]) -> Mapping[str, Any]:
    return MappingProxyType({k: _param(v) for k, v in data.items() if k not in common})


def _deadline(path: str, code: str, data: Mapping[str, Any]) -> DeadlineRule:
    params = _params(data, _COMMON_DEADLINE)
    for low, high in _AGE_PAIRS:
        if low in params and high in params and params[low] > params[high]:
            raise _fail(
                path,
                f"deadlines.{code}.{low}",
                gettext_noop("{low} ({low_value}) exceeds {high} ({high_value})"),
                low=low,
                low_value=params[low],
                high=high,
                high_value=params[high],
            )
    return DeadlineRule(
        code=code,
        term=_duration(data["term"]),
        source=data["source"],
        enabled=data.get("enabled", True),
        informational=code in INFORMATIONAL_DEADLINES,
        params=params,
        note=data.get("note"),
    )


def _check_raised_by(path: str, code: str, raised_by: list[str]) -> None:
    """The engine derives exactly the data codes; the file must say so (rules.md)."""
    derived = code in DATA_ATTENTION_CODES
    if derived == ("data" in raised_by):
        return
    message = (
        gettext_noop("{code} is derived from data by the engine, so raised_by must include 'data'")
        if derived
        else gettext_noop(
            "{code} is not derived from data by the engine, so raised_by must not include 'data'"
        )
    )
    raise _fail(path, f"attention.{code}.raised_by", message, code=code)


def _check_organisation(path: str, key: str, value: str, orgs: tuple[str, ...]) -> str:
    if value not in orgs:
        raise _fail(
            path,
            key,
            gettext_noop("must be one of {choices}, got {found}"),
            choices=listing(orgs),
            found=repr(value),
        )
    return value


def _attention(
    path: str, code: str, data: Mapping[str, Any], orgs: tuple[str, ...]
) -> AttentionRule:
    key = f"attention.{code}"
    _check_raised_by(path, code, data["raised_by"])
    minor = data.get("responsible_minor")
    if minor is not None:
        _check_organisation(path, f"{key}.responsible_minor", minor, orgs)
    also = tuple(data.get("also", ()))
    for i, org in enumerate(also):
        _check_organisation(path, f"{key}.also[{i}]", org, orgs)
    return AttentionRule(
        code=code,
        raised_by=tuple(data["raised_by"]),
        sensitivity=data["sensitivity"],
        responsible=_check_organisation(path, f"{key}.responsible", data["responsible"], orgs),
        source=data["source"],
        responsible_minor=minor,
        also=also,
        enabled=data.get("enabled", True),
        params=_params(data, _COMMON_ATTENTION),
        note=data.get("note"),
    )


def _build(path: str, doc: Any) -> RuleSet:
    check_top(doc, path=path, error=RuleSetError, fmt=FORMAT)
    _checker().check(doc, path=path, error=RuleSetError, fmt=FORMAT)
    orgs = tuple(doc["organisation_types"])
    return RuleSet(
        format=doc["format"],
        version=doc["version"],
        description=doc.get("description") or "",
        path=path,
        adult_age=doc["adult_age"]["value"],
        adult_age_source=doc["adult_age"]["source"],
        family_level_event_types=frozenset(doc["family_level_events"]["types"]),
        organisation_types=orgs,
        deadlines=MappingProxyType(
            {code: _deadline(path, code, doc["deadlines"][code]) for code in DEADLINE_CODES}
        ),
        attention=MappingProxyType(
            {code: _attention(path, code, doc["attention"][code], orgs) for code in ATTENTION_CODES}
        ),
    )


def parse_ruleset(text: str, *, path: str = "<string>") -> RuleSet:
    """Validate a rule set given as YAML text (`path` only names it in errors)."""
    return _build(path, parse_yaml(text, path=path, error=RuleSetError))


_CACHE: dict[tuple[str, int, int], RuleSet] = {}


def load_ruleset(path: str | Path | None = None) -> RuleSet:
    """Load and validate a rule set; None = the shipped default (rules.md, factors.md §4).

    Results are cached by (path, modification time, size); a rule set is immutable.
    """
    file = DEFAULT_RULESET_PATH if path is None else Path(path)
    try:
        stat = file.stat()
    except OSError:
        stat = None  # reading reports it
    cache_key = None
    if stat is not None:
        cache_key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size)
        cached = _CACHE.get(cache_key)
        if cached is not None:
            return cached
    ruleset = _build(str(file), read_data_file(file, RuleSetError))
    if cache_key is not None:
        _CACHE[cache_key] = ruleset
    return ruleset
