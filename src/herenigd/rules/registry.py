"""Rules registered by code: the engine runs, for each code of the rule set, the function named so.

`deadlines.py` and `attention.py` each keep a `Registry`; a rule is a function decorated with
`@REGISTRY.rule("CODE", params={...})` whose docstring cites its source (the report section, as in
the rule set YAML). `params` declares the parameters its row in the rule set carries, name → kind
(`PARAM_KINDS`); a deadline without a fulfilling event says `informational=True`.

The registries are the one list of codes: `ruleset.py` derives its code vocabularies from them and,
at load time, composes from the declarations the schema a rule set is checked against (every
registered code has a row, and each row exactly its rule's parameters, each of its kind). Adding a
rule = one function in the module of its kind plus one row in the rule set.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar

__all__ = ["PARAM_KINDS", "RegisteredRule", "Registry", "Signature"]

F = TypeVar("F", bound=Callable[..., Any])

#: The kinds of a rule parameter, each checked by the JSON Schema fragment given here (a `$defs`
#: entry of `schema/ruleset-1.schema.json`). The loader turns a `duration` into a `Duration` and
#: `dutch_levels` into a frozenset; the other kinds stay as the YAML gives them.
PARAM_KINDS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "age": {"$ref": "#/$defs/age"},  # whole years, 0-130
        "amount": {"$ref": "#/$defs/amount"},  # a number ≥ 0, e.g. euros
        "boolean": {"$ref": "#/$defs/boolean"},  # true or false
        "count": {"$ref": "#/$defs/count"},  # an integer ≥ 0
        "duration": {"$ref": "#/$defs/duration"},  # a term such as {days: 30}
        "dutch_levels": {"$ref": "#/$defs/dutch_levels"},  # a set of Dutch levels
    }
)
_PARAM_NAME = re.compile(r"[a-z][a-z0-9_]*")

#: What a loaded rule set depends on, per code in order: (code, informational, ((param, kind), …)).
Signature = tuple[tuple[str, bool, tuple[tuple[str, str], ...]], ...]


@dataclass(frozen=True, slots=True)
class RegisteredRule(Generic[F]):
    """A rule function under its code; `informational`: a deadline without a fulfilling event;
    `params`: the parameters of its row in the rule set, name → kind (`PARAM_KINDS`)."""

    code: str
    run: F
    informational: bool = False
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)


class Registry(Generic[F]):
    """Code → rule function, one each, in registration order; registering a code twice, or a
    parameter of an unknown kind, is a programming error."""

    def __init__(self, kind: str):
        self.kind = kind
        self._rules: dict[str, RegisteredRule[F]] = {}

    def rule(
        self, code: str, *, params: Mapping[str, str] | None = None, informational: bool = False
    ) -> Callable[[F], F]:
        declared = MappingProxyType(dict(params or {}))
        for name, kind in declared.items():
            if not _PARAM_NAME.fullmatch(name):
                raise ValueError(f"{self.kind} rule {code}: parameter {name!r} is not snake_case")
            if kind not in PARAM_KINDS:
                known = ", ".join(PARAM_KINDS)
                raise ValueError(
                    f"{self.kind} rule {code}: parameter {name} has unknown kind {kind!r}"
                    f" (known: {known})"
                )

        def register(fn: F) -> F:
            if code in self._rules:
                raise ValueError(f"{self.kind} rule {code} is registered twice")
            self._rules[code] = RegisteredRule(code, fn, informational, declared)
            return fn

        return register

    def unregister(self, code: str) -> None:
        """Remove a rule (for a test that registers one of its own and cleans up after)."""
        if code not in self._rules:
            raise self._unknown(code)
        del self._rules[code]

    def signature(self) -> Signature:
        """Each code with what it declares, in order: what a loaded rule set depends on."""
        return tuple(
            (code, rule.informational, tuple(rule.params.items()))
            for code, rule in self._rules.items()
        )

    def __getitem__(self, code: str) -> RegisteredRule[F]:
        try:
            return self._rules[code]
        except KeyError:
            raise self._unknown(code) from None

    def _unknown(self, code: str) -> LookupError:
        return LookupError(f"no {self.kind} rule is registered for code {code}")

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)
