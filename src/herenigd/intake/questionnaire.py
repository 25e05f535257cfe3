"""The questionnaire model: what a validated questionnaire file becomes (immutable dataclasses).

A questionnaire is a YAML file of format `herenigd.questionnaire/1` (factors.md: questions, answer
options and their mapping to factors are *data*, never hard-coded branches; product.md 'Intake').
Loading it (`loading.py`) checks it against `schema/questionnaire-1.schema.json`, then the checks a
schema cannot express; every problem raises `QuestionnaireError` naming the file and the dotted key
path (`sections[1].questions[0].options[2].factors.finance`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from herenigd.schemacheck import DataFileError

from .conditions import Condition, ContextFlag, QuestionTest, iter_conditions
from .factors import ATTENTION_SENSITIVITY, FACTOR_SETS, Text

__all__ = [
    "CHOICE_TYPES",
    "COMPLETES_EVENTS",
    "DEFAULT_YESNO",
    "FORMAT",
    "MAX_TEXT_LENGTH",
    "NO",
    "PERSON_SCOPES",
    "QUESTION_TYPES",
    "REASON_LANGUAGES",
    "YES",
    "AttentionRule",
    "Option",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Reason",
    "Section",
]

FORMAT = "herenigd.questionnaire/1"
REASON_LANGUAGES = ("nl", "en")
QUESTION_TYPES = ("single", "multi", "yesno", "text", "number")
CHOICE_TYPES = frozenset({"single", "multi", "yesno"})
PERSON_SCOPES = ("self", "household")
#: Timeline events a completed questionnaire records (product.md vocabulary).
COMPLETES_EVENTS = ("intake_completed", "jgz_intake")
YES = "yes"
NO = "no"
MAX_TEXT_LENGTH = 4000
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class QuestionnaireError(DataFileError):
    """A questionnaire (or family-observations) file that cannot be used.

    `path` is the file, `key` the dotted key path inside it; `code` is a stable error code for the
    CLI/API layers, which translate the message (`translated(gettext)`).
    """

    CODES = {
        "not_found": "questionnaire_unreadable",
        "unreadable": "questionnaire_unreadable",
        "syntax": "questionnaire_invalid",
        "format": "questionnaire_invalid",
        "invalid": "questionnaire_invalid",
    }

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        key: str | None = None,
        code: str = "questionnaire_invalid",
        params: Mapping[str, Any] | None = None,
    ):
        super().__init__(message, path=path, key=key, code=code, params=params)


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: Text
    factors: Mapping[str, str] = field(default_factory=dict, hash=False)
    #: A multi-choice option that cannot be combined with others ("none of these").
    exclusive: bool = False


DEFAULT_YESNO = {
    YES: Text(nl="Ja", en="Yes", ar="نعم", ti="እወ"),
    NO: Text(nl="Nee", en="No", ar="لا", ti="ኣይፋል"),
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
    def is_choice(self) -> bool:
        """Single, multi or yes/no: answered with option values."""
        return self.type in CHOICE_TYPES

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
            for name in PLACEHOLDER.findall(text):
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
