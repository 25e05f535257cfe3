"""The condition language of the intake attention rules, and its parser.

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
A rule may only read questions whose sensitivity is at most the sensitivity of its code, so a
`normal` point never reveals a health or confidential answer.

The schema (`schema/questionnaire-1.schema.json`) only says a condition is a non-empty mapping:
the language refers to the questions of the file, so `ConditionParser` checks it, raising the
same errors (file, key path, message) as the schema check.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from herenigd.schemacheck import gettext_noop, join, listing, type_name
from herenigd.vocab import FAMILY_ROLES, sensitivity_rank

if TYPE_CHECKING:
    from .questionnaire import Question

__all__ = [
    "CONTEXT_KEYS",
    "QUESTION_OPS",
    "ROLES",
    "AllOf",
    "AnyOf",
    "Condition",
    "ConditionParser",
    "ContextFlag",
    "HouseholdAllAdults",
    "HouseholdAnyAdult",
    "IsAdult",
    "Not",
    "QuestionTest",
    "RoleIn",
    "iter_conditions",
]

#: Person roles in a family (product.md 'Core data').
ROLES = FAMILY_ROLES
#: Context flags the caller of the attention evaluation supplies.
CONTEXT_KEYS = ("application_pending",)
QUESTION_OPS = ("in", "not_in", "answered_yes", "answered", "at_least", "at_most")
_OPERATORS = (
    "question, all, any, not, context, role, adult, household_any_adult, household_all_adults"
)


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


#: Builds the error for (key, message id, params).
Fail = Callable[..., Exception]


class ConditionParser:
    """Reads the `when` of one rule: the questions it may read, and the code's sensitivity."""

    def __init__(
        self, questions: Mapping[str, Question], *, code: str, sensitivity: str, fail: Fail
    ):
        self.questions = questions
        self.code = code
        self.sensitivity = sensitivity
        self.fail = fail

    def check_sensitivity(self, question_id: str, key: str, verb: str) -> None:
        """A rule reads or quotes nothing more sensitive than its code (factors.md §4)."""
        q = self.questions[question_id]
        if sensitivity_rank(q.sensitivity) > sensitivity_rank(self.sensitivity):
            raise self.fail(
                key,
                gettext_noop(
                    "{code} is {level} but {verb} question {question}, which is {question_level}: "
                    "the point would reveal it"
                ),
                code=self.code,
                level=self.sensitivity,
                verb=verb,
                question=repr(question_id),
                question_level=q.sensitivity,
            )

    def parse(self, raw: Any, key: str, *, household: bool, inside: bool = False) -> Condition:
        """One condition; `inside` = within a household aggregation (a person is at hand)."""
        if not isinstance(raw, Mapping) or not raw:
            raise self.fail(
                key,
                gettext_noop("a condition must be a non-empty mapping, got {found}"),
                found=type_name(raw),
            )
        person_level = not household or inside
        if "question" in raw:
            return self.question_test(raw, key, person_level)
        if len(raw) != 1:
            raise self.fail(
                key,
                gettext_noop("a condition has exactly one operator, got {found}"),
                found=listing(raw),
            )
        ((op, arg),) = raw.items()
        sub = join(key, op) if isinstance(op, str) else key
        if op in ("all", "any"):
            items = tuple(
                self.parse(c, join(sub, i), household=household, inside=inside)
                for i, c in enumerate(self.listing(arg, sub))
            )
            return AllOf(items) if op == "all" else AnyOf(items)
        if op == "not":
            return Not(self.parse(arg, sub, household=household, inside=inside))
        if op == "context":
            return ContextFlag(self.choice(arg, sub, CONTEXT_KEYS))
        if op in ("household_any_adult", "household_all_adults"):
            return self.aggregation(op, arg, sub, household=household, inside=inside)
        if op in ("role", "adult"):
            return self.person_test(op, arg, sub, person_level)
        raise self.fail(
            sub,
            gettext_noop("unknown condition operator {found} (known: {known})"),
            found=repr(op),
            known=_OPERATORS,
        )

    def aggregation(
        self, op: str, arg: Any, key: str, *, household: bool, inside: bool
    ) -> HouseholdAnyAdult | HouseholdAllAdults:
        if inside:
            raise self.fail(
                key,
                gettext_noop("{op} cannot be nested in another household aggregation"),
                op=op,
            )
        inner = self.parse(arg, key, household=household, inside=True)
        return (
            HouseholdAnyAdult(inner) if op == "household_any_adult" else HouseholdAllAdults(inner)
        )

    def person_test(self, op: str, arg: Any, key: str, person_level: bool) -> IsAdult | RoleIn:
        if not person_level:
            raise self.fail(
                key,
                gettext_noop(
                    "{op} needs a person: in a household rule use it inside "
                    "household_any_adult or household_all_adults"
                ),
                op=op,
            )
        if op == "adult":
            return IsAdult(self.boolean(arg, key))
        roles = self.listing(arg, key)
        for i, r in enumerate(roles):
            self.choice(r, join(key, i), ROLES)
        return RoleIn(tuple(roles))

    def question_test(self, raw: Mapping[str, Any], key: str, person_level: bool) -> QuestionTest:
        ops = [k for k in raw if k != "question"]
        for k in ops:
            if k not in QUESTION_OPS:
                raise self.fail(
                    join(key, k),
                    gettext_noop("unknown question test {found} (known: {known})"),
                    found=repr(k),
                    known=listing(QUESTION_OPS),
                )
        if len(ops) != 1:
            raise self.fail(
                key,
                gettext_noop("a question condition needs exactly one of {known}"),
                known=listing(QUESTION_OPS),
            )
        qkey = join(key, "question")
        if not person_level:
            raise self.fail(
                qkey,
                gettext_noop(
                    "a household rule cannot read one person's answer directly: wrap the test "
                    "in household_any_adult or household_all_adults"
                ),
            )
        qid = raw["question"]
        if not isinstance(qid, str) or qid not in self.questions:
            raise self.fail(
                qkey,
                gettext_noop(
                    "question {found} referenced in a condition does not exist in this file"
                ),
                found=repr(qid),
            )
        self.check_sensitivity(qid, qkey, "reads")
        op = ops[0]
        return QuestionTest(qid, op, self.operand(self.questions[qid], op, raw[op], join(key, op)))

    def operand(self, question: Question, op: str, arg: Any, key: str) -> Any:
        if op in ("in", "not_in"):
            return tuple(
                self.compared_value(question, v, join(key, i))
                for i, v in enumerate(self.listing(arg, key))
            )
        if op == "answered":
            return self.boolean(arg, key)
        needed = "yesno" if op == "answered_yes" else "number"
        if question.type != needed:
            raise self.fail(
                key,
                gettext_noop("{op} needs a {needed} question; {question} is {type}"),
                op=op,
                needed=needed,
                question=repr(question.id),
                type=question.type,
            )
        return self.boolean(arg, key) if op == "answered_yes" else self.number(arg, key)

    def compared_value(self, question: Question, value: Any, key: str) -> Any:
        """A value of `in`/`not_in`: an option of a choice question, else a number or text."""
        if question.is_choice:
            if isinstance(value, bool):  # YAML 1.1 reads a bare yes/no as a boolean
                value = "yes" if value else "no"
            if not isinstance(value, str) or question.option(value) is None:
                raise self.fail(
                    key,
                    gettext_noop("{found} is not an option of question {question} ({options})"),
                    found=repr(value),
                    question=repr(question.id),
                    options=listing(question.option_values),
                )
            return value
        if question.type == "number":
            return self.number(value, key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(
                key,
                gettext_noop("expected a non-empty string, got {found}"),
                found=type_name(value),
            )
        return value

    # the few value checks of the language

    def listing(self, value: Any, key: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(
                key, gettext_noop("expected a list, got {found}"), found=type_name(value)
            )
        if not value:
            raise self.fail(key, gettext_noop("must not be empty"))
        return value

    def choice(self, value: Any, key: str, choices: tuple[str, ...]) -> str:
        if not isinstance(value, str) or value not in choices:
            raise self.fail(
                key,
                gettext_noop("must be one of {choices}, got {found}"),
                choices=listing(choices),
                found=repr(value),
            )
        return value

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(
                key, gettext_noop("expected true or false, got {found}"), found=type_name(value)
            )
        return value

    def number(self, value: Any, key: str) -> float:
        if type(value) not in (int, float) or not math.isfinite(value):
            raise self.fail(
                key, gettext_noop("expected a number, got {found}"), found=type_name(value)
            )
        return value
