"""Factor profile, answer validation and intake attention points.

Pure functions of a questionnaire definition (`definitions.Questionnaire`) and answers: no Django,
no clock (the caller passes the answer date and the context flags).

Answers are a mapping `question id -> answer`: a single/yesno answer is the option value (`"yes"`
or `"no"` for yesno), a multi answer a list of option values, a number answer an int or float, a
text answer a string. `None`, `""` and `[]` mean "not answered"; partial answers are fine.
`validate_answers` reports what is wrong; the other functions ignore invalid answers, so they never
raise on stored data that a later questionnaire version no longer accepts.

- `factor_profile`: per factor of the questionnaire's factor set (factors.md §1/§2, reunifier
  factors first, then report order) risk / neutral / protective / unknown: risk if any answer gives
  risk, else protective if any, else neutral if any, else unknown; with the answers it came from.
- `intake_attention`: the attention points (factors.md §4) the `attention` rules of the
  questionnaires raise for one family, per person or (household rules) for the family. A point
  holds codes and facts, no sentences: `reasons.render_intake_reason` renders its reason from the
  facts, in the viewer's language (`reasons` documents the facts).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from .conditions import (
    AllOf,
    AnyOf,
    Condition,
    ContextFlag,
    HouseholdAllAdults,
    HouseholdAnyAdult,
    IsAdult,
    Not,
    QuestionTest,
    RoleIn,
)
from .questionnaire import MAX_TEXT_LENGTH, NO, YES, AttentionRule, Question, Questionnaire

__all__ = [
    "PROFILE_VALUES",
    "UNKNOWN",
    "Answer",
    "AnswerIssue",
    "FactorState",
    "IntakePoint",
    "PersonIntake",
    "factor_profile",
    "format_number",
    "intake_attention",
    "normalise_answers",
    "validate_answers",
]

UNKNOWN = "unknown"
#: The values a profile row can take, most to least telling.
PROFILE_VALUES = ("risk", "protective", "neutral", UNKNOWN)

#: A normalised answer: option value, tuple of option values (multi), number or text.
Answer: TypeAlias = str | int | float | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FactorState:
    """One row of a profile: the factor's value and the answers `(question_id, option value)` it
    came from (those giving that value, in questionnaire and option order); `answered_on` is None
    when unknown."""

    factor: str
    value: str
    sources: tuple[tuple[str, str], ...] = ()
    answered_on: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class AnswerIssue:
    """A problem with one answer; `question_id` is the key as given (empty for the whole set)."""

    question_id: str
    message_en: str


@dataclass(frozen=True, slots=True)
class PersonIntake:
    """One person's intake, as input of `intake_attention`: `person` is the person's key in the
    family, `role` one of definitions.ROLES, `adult` whether the person is 18+ on the evaluation
    date."""

    person: str
    role: str
    adult: bool
    questionnaire: Questionnaire
    answers: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class IntakePoint:
    """An attention point an intake raises; `person` is None for a household rule. `facts`
    (JSON-ready) name the questionnaire version and the rule and hold the answers the rule read or
    quoted, never other questions: all `reasons.render_intake_reason` needs."""

    code: str
    person: str | None
    sensitivity: str
    facts: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)


# --- answers ----------------------------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple) and not value


def _answer_problem(question: Question, value: Any) -> str | None:
    """Why `value` is not a valid answer to `question` (None: valid). `value` is not empty."""
    options = ", ".join(question.option_values)
    if question.type in ("single", "yesno"):
        if not isinstance(value, str):
            return f"expected one option value ({options}), got {_kind(value)}"
        if question.option(value) is None:
            return f"{value!r} is not an option of this question ({options})"
        return None
    if question.type == "multi":
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            return f"expected a list of option values ({options}), got {_kind(value)}"
        for v in value:
            if question.option(v) is None:
                return f"{v!r} is not an option of this question ({options})"
        if len(set(value)) != len(value):
            duplicate = next(v for v in value if value.count(v) > 1)
            return f"{duplicate!r} is selected more than once"
        if len(value) > 1:
            for v in value:
                if question.option(v).exclusive:  # type: ignore[union-attr] - checked above
                    return f"{v!r} cannot be combined with other options"
        return None
    if question.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expected a number, got {_kind(value)}"
        if not math.isfinite(value):
            return f"expected a finite number, got {value!r}"
        if question.min is not None and value < question.min:
            return f"must be at least {format_number(question.min)}, got {format_number(value)}"
        if question.max is not None and value > question.max:
            return f"must be at most {format_number(question.max)}, got {format_number(value)}"
        return None
    # text
    if not isinstance(value, str):
        return f"expected a text, got {_kind(value)}"
    if len(value) > MAX_TEXT_LENGTH:
        return f"must be at most {MAX_TEXT_LENGTH} characters, got {len(value)}"
    return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({value!r})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a text ({value!r})"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__


def format_number(value: float) -> str:
    """A number as a message or reason quotes it (3.0 as 3)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def validate_answers(q: Questionnaire, answers: Mapping[str, Any]) -> list[AnswerIssue]:
    """Problems with (possibly partial) answers: unknown question, unknown option, wrong type,
    out-of-range number, an exclusive option combined with others. Known questions are reported in
    questionnaire order, unknown keys after them in the order given."""
    if not isinstance(answers, Mapping):
        return [AnswerIssue("", "answers must be a mapping from question id to answer")]
    issues: list[AnswerIssue] = []
    for question in q.questions:
        if question.id in answers and not _is_empty(answers[question.id]):
            problem = _answer_problem(question, answers[question.id])
            if problem:
                issues.append(AnswerIssue(question.id, problem))
    for key in answers:
        if not isinstance(key, str) or not q.has_question(key):
            issues.append(
                AnswerIssue(
                    str(key), f"unknown question {key!r} in questionnaire {q.id} v{q.version}"
                )
            )
    return issues


def normalise_answers(q: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Answer]:
    """The valid, non-empty answers, in questionnaire order; multi answers become tuples."""
    if not isinstance(answers, Mapping):
        return {}
    clean: dict[str, Answer] = {}
    for question in q.questions:
        value = answers.get(question.id)
        if _is_empty(value) or _answer_problem(question, value) is not None:
            continue
        clean[question.id] = tuple(value) if question.type == "multi" else value
    return clean


# --- profile ----------------------------------------------------------------------------------


def factor_profile(
    q: Questionnaire, answers: Mapping[str, Any], answered_on: datetime.date | None
) -> list[FactorState]:
    """Every factor of the questionnaire's factor set exactly once, in profile order."""
    clean = normalise_answers(q, answers)
    found: dict[str, dict[str, list[tuple[str, str]]]] = {code: {} for code in q.factors}
    for question in q.questions:
        if question.id not in clean or question.type not in ("single", "multi", "yesno"):
            continue
        value = clean[question.id]
        chosen = set(value) if isinstance(value, tuple) else {value}
        for option in question.options:  # in option order, whatever order the answer has
            if option.value not in chosen:
                continue
            for code, factor_value in option.factors.items():
                found.setdefault(code, {}).setdefault(factor_value, []).append(
                    (question.id, option.value)
                )
    states = []
    for code in q.factors:
        by_value = found[code]
        for value in ("risk", "protective", "neutral"):
            if by_value.get(value):
                states.append(FactorState(code, value, tuple(by_value[value]), answered_on))
                break
        else:
            states.append(FactorState(code, UNKNOWN))
    return states


# --- attention --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Person:
    entry: PersonIntake
    answers: Mapping[str, Answer]

    @property
    def key(self) -> str:
        return self.entry.person


def _holds(
    condition: Condition,
    person: _Person | None,
    adults: Sequence[_Person],
    context: Mapping[str, bool],
) -> bool:
    if isinstance(condition, QuestionTest):
        return person is not None and _test(condition, person.answers.get(condition.question))
    if isinstance(condition, ContextFlag):
        return bool(context.get(condition.key, False))
    if isinstance(condition, RoleIn):
        return person is not None and person.entry.role in condition.roles
    if isinstance(condition, IsAdult):
        return person is not None and person.entry.adult == condition.adult
    if isinstance(condition, AllOf):
        return all(_holds(c, person, adults, context) for c in condition.items)
    if isinstance(condition, AnyOf):
        return any(_holds(c, person, adults, context) for c in condition.items)
    if isinstance(condition, Not):
        return not _holds(condition.item, person, adults, context)
    if isinstance(condition, HouseholdAnyAdult):
        return any(_holds(condition.condition, a, adults, context) for a in adults)
    if isinstance(condition, HouseholdAllAdults):
        return bool(adults) and all(_holds(condition.condition, a, adults, context) for a in adults)
    raise TypeError(f"unknown condition {condition!r}")


def _test(test: QuestionTest, answer: Answer | None) -> bool:
    if test.op == "answered":
        return (answer is not None) == test.operand
    if answer is None:
        return False
    values = answer if isinstance(answer, tuple) else (answer,)
    if test.op == "in":
        return any(_same(v, o) for v in values for o in test.operand)
    if test.op == "not_in":
        return not any(_same(v, o) for v in values for o in test.operand)
    if test.op == "answered_yes":
        return answer == (YES if test.operand else NO)
    is_number = isinstance(answer, int | float) and not isinstance(answer, bool)
    if test.op == "at_least":
        return is_number and answer >= test.operand
    if test.op == "at_most":
        return is_number and answer <= test.operand
    raise ValueError(f"unknown question test {test.op!r}")


def _same(value: Any, operand: Any) -> bool:
    """Literal comparison; numbers compare by value, never with strings."""
    if isinstance(value, str) or isinstance(operand, str):
        return isinstance(value, str) and isinstance(operand, str) and value == operand
    return value == operand


def _jsonable(answer: Answer) -> Any:
    return list(answer) if isinstance(answer, tuple) else answer


def _read(rule: AttentionRule) -> tuple[str, ...]:
    """The questions a rule reads or quotes, in first-use order."""
    return tuple(dict.fromkeys((*rule.questions, *rule.reason.placeholders)))


def _point(
    rule: AttentionRule,
    q: Questionnaire,
    person: _Person | None,
    adults: Sequence[_Person],
    context: Mapping[str, bool],
) -> IntakePoint:
    read = _read(rule)

    def answered(p: _Person) -> dict[str, Any]:
        return {qid: _jsonable(p.answers[qid]) for qid in read if qid in p.answers}

    facts: dict[str, Any] = {"questionnaire": q.id, "version": q.version, "rule": rule.code}
    if person is not None:
        facts["answers"] = answered(person)
    else:
        # JSON objects (jsonb) do not keep key order: the adults' order is a list of its own.
        facts["answers"] = {a.key: answered(a) for a in adults}
        facts["adults"] = [a.key for a in adults]
        versions = {
            a.key: a.entry.questionnaire.version
            for a in adults
            if a.entry.questionnaire.version != q.version
        }
        if versions:
            facts["versions"] = versions
    if rule.context_keys:
        facts["context"] = {k: bool(context.get(k, False)) for k in rule.context_keys}
    return IntakePoint(
        code=rule.code,
        person=None if person is None else person.key,
        sensitivity=rule.sensitivity,
        facts=facts,
    )


def intake_attention(
    entries: Iterable[PersonIntake], *, application_pending: bool
) -> list[IntakePoint]:
    """The attention points the intakes of one family raise.

    `entries` holds at most one intake per person and questionnaire id (ValueError otherwise).
    Self rules are evaluated for every entry with the rules of its own questionnaire version;
    household rules once per questionnaire id, with the rules of the highest version in use, over
    the adults whose intake uses that questionnaire. Points come in entry order, household points
    last; a (code, person) pair is raised once.
    """
    context = {"application_pending": bool(application_pending)}
    people: list[_Person] = []
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        key = (entry.person, entry.questionnaire.id)
        if key in seen:
            raise ValueError(
                f"two intakes of person {entry.person!r} with questionnaire {key[1]!r}"
            )
        seen.add(key)
        people.append(_Person(entry, normalise_answers(entry.questionnaire, entry.answers)))

    def adults_of(questionnaire_id: str) -> list[_Person]:
        return [p for p in people if p.entry.adult and p.entry.questionnaire.id == questionnaire_id]

    points: list[IntakePoint] = []
    raised: set[tuple[str, str | None]] = set()

    def add(point: IntakePoint) -> None:
        if (point.code, point.person) not in raised:
            raised.add((point.code, point.person))
            points.append(point)

    for person in people:
        q = person.entry.questionnaire
        adults = adults_of(q.id)
        for rule in q.attention:
            if rule.person_scope == "self" and _holds(rule.when, person, adults, context):
                add(_point(rule, q, person, adults, context))

    latest: dict[str, Questionnaire] = {}
    for person in people:
        q = person.entry.questionnaire
        if q.id not in latest or q.version > latest[q.id].version:
            latest[q.id] = q
    for qid, q in latest.items():
        adults = adults_of(qid)
        for rule in q.attention:
            if rule.person_scope == "household" and _holds(rule.when, None, adults, context):
                add(_point(rule, q, None, adults, context))
    return points
