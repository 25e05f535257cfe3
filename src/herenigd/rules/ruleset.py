"""Rule sets: every term and threshold of the rules as data, each with its source.

A rule set is a YAML file of format `herenigd.ruleset/1` (product.md 'Rules': rules are declarative
data with a source citation each; a deployment can change terms). The shipped default is
`rulesets/default-v1.yaml` (rules.md, factors.md §4). Loading validates strictly: a missing, unknown
or mistyped key raises `RuleSetError` naming the file and the key.

The codes are those of the rule registries (`deadlines.py`, `attention.py`), not a list here: each
rule is registered with the parameters its row carries (`registry.py`). The schema file
`schema/ruleset-1.schema.json` gives the generic shape of a deadline row and of an attention row;
at load time `compose_schema` adds a row per registered code (and per code raised by intake or by
hand, `OTHER_ATTENTION_CODES`), each closed with its rule's parameters, and `herenigd.schemacheck`
checks the file against that, so every message names the file and the key. The checks a schema
cannot express follow it here. The values loaded are the dataclasses of `ruleset_data.py`,
re-exported.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterable, Mapping
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

from .attention import ATTENTION
from .deadlines import DEADLINES
from .registry import PARAM_KINDS, Signature
from .ruleset_data import AttentionRule, DeadlineRule, Duration, RuleSet

__all__ = [
    "ATTENTION_CODES",
    "DATA_ATTENTION_CODES",
    "DEADLINE_CODES",
    "DEFAULT_RULESET_PATH",
    "FORMAT",
    "INFORMATIONAL_DEADLINES",
    "OTHER_ATTENTION_CODES",
    "AttentionRule",
    "DeadlineRule",
    "Duration",
    "RuleSet",
    "RuleSetError",
    "compose_schema",
    "composed_schema",
    "load_ruleset",
    "parse_ruleset",
]

FORMAT = "herenigd.ruleset/1"
DEFAULT_RULESET_PATH = Path(__file__).resolve().parent / "rulesets" / "default-v1.yaml"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "ruleset-1.schema.json"

#: Timeline event vocabulary (product.md 'Core data').
EVENT_TYPES = frozenset(_EVENT_TYPES)

# The code vocabularies, as registered by the rule modules (in their order). Loading reads the
# registries themselves, so a rule registered later (a test's own) is checked as well.
#: Deadlines of rules.md (`deadlines.py`).
DEADLINE_CODES = tuple(DEADLINES)
#: Deadlines without a fulfilling event: `open` until due, then `expired` (rules.md).
INFORMATIONAL_DEADLINES = frozenset(code for code in DEADLINES if DEADLINES[code].informational)
#: Attention points the engine derives from data (rules.md; `attention.py`).
DATA_ATTENTION_CODES = tuple(ATTENTION)
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


class RuleSetError(DataFileError):
    """A rule-set file that cannot be used; `code` is a stable error code for the CLI/API."""

    CODES = {
        "not_found": "ruleset_not_found",
        "unreadable": "ruleset_not_found",
        "syntax": "ruleset_syntax",
        "format": "ruleset_format",
        "invalid": "ruleset_invalid",
    }


# --- the schema: the generic file plus the registries ------------------------------------------

_VOCABULARIES = {
    "sensitivity": SENSITIVITIES,
    "dutch_level": DUTCH_LEVELS,
    "event_type": _EVENT_TYPES,
}
#: (deadline codes, attention codes) with what each rule declares (`Registry.signature`).
_Registered = tuple[Signature, Signature]
#: Rows of one section: (code, ((param, kind), ...)).
_Rows = Iterable[tuple[str, tuple[tuple[str, str], ...]]]


def _registered() -> _Registered:
    return DEADLINES.signature(), ATTENTION.signature()


def compose_schema(
    generic: Mapping[str, Any], deadlines: Signature, attention: Signature
) -> dict[str, Any]:
    """The schema a rule set is checked against: the schema file `generic` with, in `deadlines`
    and in `attention`, a required row per code (none other allowed), each holding the common
    keys of its kind of row and exactly the parameters its rule declares, each of its kind."""
    schema = copy.deepcopy(dict(generic))
    props = schema["properties"]
    props["deadlines"] = _section(
        schema, props["deadlines"], "deadline", ((code, params) for code, _, params in deadlines)
    )
    data = ((code, params) for code, _, params in attention)
    other = ((code, ()) for code in OTHER_ATTENTION_CODES)
    props["attention"] = _section(schema, props["attention"], "attention_rule", [*data, *other])
    return schema


def _section(
    schema: Mapping[str, Any], generic: Mapping[str, Any], row: str, codes: _Rows
) -> dict[str, Any]:
    common = schema["$defs"][row]["properties"]
    rows: dict[str, Any] = {}
    for code, params in codes:
        if code in rows:
            raise ValueError(f"{code} is both derived from data and raised by intake or by hand")
        clash = [name for name, _ in params if name in common]
        if clash:
            raise ValueError(f"rule {code}: parameter {clash[0]} is a key of every {row} row")
        rows[code] = {"$ref": f"#/$defs/{row}"}
        if params:
            rows[code]["required"] = [name for name, _ in params]
            rows[code]["properties"] = {name: dict(PARAM_KINDS[kind]) for name, kind in params}
        rows[code]["unevaluatedProperties"] = False
    # `required` before `additionalProperties`: a missing code is reported before an unknown one.
    kept = {k: v for k, v in generic.items() if k != "additionalProperties"}
    return {**kept, "required": list(rows), "additionalProperties": False, "properties": rows}


class _ComposedChecker(SchemaChecker):
    """The schema file composed with the registered codes (`compose_schema`), same messages."""

    def __init__(self, registered: _Registered):
        super().__init__(SCHEMA_PATH, vocabularies=_VOCABULARIES)
        self.schema = compose_schema(self.schema, *registered)
        self.validator.check_schema(self.schema)
        self.validator = self.validator.evolve(schema=self.schema)


@functools.lru_cache(maxsize=8)
def _checker(registered: _Registered) -> SchemaChecker:
    return _ComposedChecker(registered)


def composed_schema() -> dict[str, Any]:
    """The schema rule sets are checked against now (a copy), for the registered rules."""
    return copy.deepcopy(_checker(_registered()).schema)


# --- loading -----------------------------------------------------------------------------------


def _fail(path: str, key: str, message: str, **params: Any) -> RuleSetError:
    return RuleSetError.of("invalid", message, path=path, key=key, **params)


def _duration(data: Mapping[str, int]) -> Duration:
    return Duration(**data)


def _same(value: Any) -> Any:
    return value


#: Parameter kinds the loader converts (`registry.PARAM_KINDS`); the others stay as given.
_CONVERT: Mapping[str, Callable[[Any], Any]] = {"duration": _duration, "dutch_levels": frozenset}
#: Kinds in which a `min_X` parameter is compared with its `max_X`.
_ORDERED_KINDS = frozenset({"age", "amount", "count"})


def _params(
    path: str, key: str, data: Mapping[str, Any], declared: Mapping[str, str]
) -> Mapping[str, Any]:
    """The parameters a rule declares (the schema checked each is there, of its kind); a
    `min_X` must not exceed its `max_X`."""
    params = {name: _CONVERT.get(kind, _same)(data[name]) for name, kind in declared.items()}
    for low, kind in declared.items():
        high = f"max_{low[4:]}"
        if not (low.startswith("min_") and kind in _ORDERED_KINDS and declared.get(high) == kind):
            continue
        if params[low] > params[high]:
            raise _fail(
                path,
                f"{key}.{low}",
                gettext_noop("{low} ({low_value}) exceeds {high} ({high_value})"),
                low=low,
                low_value=params[low],
                high=high,
                high_value=params[high],
            )
    return MappingProxyType(params)


def _deadline(
    path: str, code: str, informational: bool, declared: Mapping[str, str], data: Mapping[str, Any]
) -> DeadlineRule:
    return DeadlineRule(
        code=code,
        term=_duration(data["term"]),
        source=data["source"],
        enabled=data.get("enabled", True),
        informational=informational,
        params=_params(path, f"deadlines.{code}", data, declared),
        note=data.get("note"),
    )


def _check_raised_by(path: str, code: str, derived: bool, raised_by: list[str]) -> None:
    """The engine derives exactly the registered codes; the file must say so (rules.md)."""
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
    path: str,
    code: str,
    declared: Mapping[str, str] | None,
    data: Mapping[str, Any],
    orgs: tuple[str, ...],
) -> AttentionRule:
    """An attention row; `declared` is None for a code raised by intake or by hand."""
    key = f"attention.{code}"
    _check_raised_by(path, code, declared is not None, data["raised_by"])
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
        params=_params(path, key, data, declared or {}),
        note=data.get("note"),
    )


def _build(path: str, doc: Any, registered: _Registered) -> RuleSet:
    check_top(doc, path=path, error=RuleSetError, fmt=FORMAT)
    _checker(registered).check(doc, path=path, error=RuleSetError, fmt=FORMAT)
    deadlines, attention = registered
    orgs = tuple(doc["organisation_types"])
    rows = doc["attention"]
    derived = {code: _attention(path, code, dict(p), rows[code], orgs) for code, _, p in attention}
    other = {code: _attention(path, code, None, rows[code], orgs) for code in OTHER_ATTENTION_CODES}
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
            {
                code: _deadline(path, code, info, dict(p), doc["deadlines"][code])
                for code, info, p in deadlines
            }
        ),
        attention=MappingProxyType({**derived, **other}),
    )


def parse_ruleset(text: str, *, path: str = "<string>") -> RuleSet:
    """Validate a rule set given as YAML text (`path` only names it in errors)."""
    return _build(path, parse_yaml(text, path=path, error=RuleSetError), _registered())


_CACHE: dict[tuple[str, int, int, _Registered], RuleSet] = {}


def load_ruleset(path: str | Path | None = None) -> RuleSet:
    """Load and validate a rule set; None = the shipped default (rules.md, factors.md §4).

    Results are cached by (path, modification time, size, the registered rules); a rule set is
    immutable.
    """
    file = DEFAULT_RULESET_PATH if path is None else Path(path)
    registered = _registered()
    try:
        stat = file.stat()
    except OSError:
        stat = None  # reading reports it
    cache_key = None
    if stat is not None:
        cache_key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size, registered)
        cached = _CACHE.get(cache_key)
        if cached is not None:
            return cached
    ruleset = _build(str(file), read_data_file(file, RuleSetError), registered)
    if cache_key is not None:
        _CACHE[cache_key] = ruleset
    return ruleset
