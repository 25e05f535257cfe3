"""Rules registered by code: the engine runs, for each code of the rule set, the function named so.

`deadlines.py` and `attention.py` each keep a `Registry`; a rule is a function decorated with
`@REGISTRY.rule("CODE")` whose docstring cites its source (the report section, as in the rule set
YAML). Adding a rule = one function in the module of its kind plus one row in the rule set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["RegisteredRule", "Registry"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class RegisteredRule(Generic[F]):
    """A rule function under its code; `informational`: a deadline without a fulfilling event."""

    code: str
    run: F
    informational: bool = False


class Registry(Generic[F]):
    """Code → rule function, one each; registering a code twice is a programming error."""

    def __init__(self, kind: str):
        self.kind = kind
        self._rules: dict[str, RegisteredRule[F]] = {}

    def rule(self, code: str, *, informational: bool = False) -> Callable[[F], F]:
        def register(fn: F) -> F:
            if code in self._rules:
                raise ValueError(f"{self.kind} rule {code} is registered twice")
            self._rules[code] = RegisteredRule(code, fn, informational)
            return fn

        return register

    def __getitem__(self, code: str) -> RegisteredRule[F]:
        try:
            return self._rules[code]
        except KeyError:
            raise LookupError(f"no {self.kind} rule is registered for code {code}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)
