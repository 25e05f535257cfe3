"""The reason of an intake attention point, rendered from its facts when a page shows it.

An intake point stores a code and facts, never sentences (`profile.intake_attention`): the facts
name the questionnaire version and the rule, and hold the answers the rule reads or quotes. Its
reason is that rule's template in the viewer's language, quoting those answers with the option
labels of that language; a text the questionnaire lacks in that language falls back to Dutch,
then English (reason templates are Dutch and English, option labels in all intake languages).

Facts that cannot be rendered faithfully (anonymised points have none, a questionnaire version
that no longer ships, answers its questions do not accept) give a neutral sentence instead:
`render_intake_reason` never raises.

Facts of a point (JSON):
- `questionnaire`, `version`: the questionnaire whose rule raised the point; `rule`: the rule's
  code, unique within a questionnaire version (points stored before it was added are found by the
  point's code).
- `answers`: `question id -> answer` (multi answers as lists) of the questions the rule reads or
  quotes; for a household rule `adult key -> those answers`, with `adults` the adults' keys in
  order and `versions` the questionnaire version of an adult whose intake used another version.
- `context`: the context flags the rule reads (not quoted).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext

from .factors import LANGUAGES
from .loading import load_builtin
from .profile import Answer, format_number, normalise_answers, validate_answers
from .questionnaire import PLACEHOLDER, AttentionRule, Question, Questionnaire, QuestionnaireError

__all__ = [
    "NO_ANSWER",
    "QuotedAnswers",
    "quote_answer",
    "reason_languages",
    "render_intake_reason",
    "render_template",
]

#: How a reason quotes a question that has no answer.
NO_ANSWER = {"nl": "(geen antwoord)", "en": "(no answer)"}
_FALLBACK = ("nl", "en")


@dataclass(frozen=True, slots=True)
class QuotedAnswers:
    """One person's valid answers as a reason quotes them: `key` is the person's key in the family;
    a question is looked up in `questionnaires` in order (the person's own version first, then
    the rule's)."""

    key: str
    answers: Mapping[str, Answer]
    questionnaires: tuple[Questionnaire, ...]

    def question(self, question_id: str) -> Question | None:
        for q in self.questionnaires:
            if q.has_question(question_id):
                return q.question(question_id)
        return None


def reason_languages(language: Any) -> tuple[str, ...]:
    """The languages to try for `language`: itself (a regional variant as its language, en-GB
    as en) if it is an intake language, then Dutch, then English."""
    wanted = language.lower().replace("_", "-").split("-")[0] if isinstance(language, str) else ""
    return tuple(dict.fromkeys(lang for lang in (wanted, *_FALLBACK) if lang in LANGUAGES))


def _localised(text: Any, languages: Sequence[str]) -> str:
    """`text` (a mapping or an object with one attribute per language) in the first of
    `languages` it has."""
    for lang in languages:
        value = text.get(lang) if isinstance(text, Mapping) else getattr(text, lang, None)
        if isinstance(value, str) and value:
            return value
    return ""


def quote_answer(question: Question | None, answer: Answer | None, languages: Sequence[str]) -> str:
    """An answer as a reason quotes it: option labels, numbers, the text as given."""
    if answer is None:
        return _localised(NO_ANSWER, languages)
    if isinstance(answer, tuple):
        return ", ".join(quote_answer(question, v, languages) for v in answer)
    if isinstance(answer, str):
        option = question.option(answer) if question is not None else None
        return _localised(option.label, languages) if option is not None else answer
    return format_number(answer)


def render_template(
    template: str,
    languages: Sequence[str],
    person: QuotedAnswers | None,
    adults: Sequence[QuotedAnswers],
) -> str:
    """A reason template with each `{question_id}` quoting the person's answer, or (household
    rule, `person` None) every adult's answer as `key: answer; key: answer`."""

    def quote(match: re.Match[str]) -> str:
        qid = match.group(1)
        if person is not None:
            return quote_answer(person.question(qid), person.answers.get(qid), languages)
        parts = [
            f"{a.key}: {quote_answer(a.question(qid), a.answers.get(qid), languages)}"
            for a in adults
        ]
        return "; ".join(parts) or _localised(NO_ANSWER, languages)

    return PLACEHOLDER.sub(quote, template)


def render_intake_reason(code: str, facts: Mapping[str, Any], language: str) -> str:
    """The reason of an intake point with `code` and `facts` in `language` (falling back to Dutch,
    then English); a neutral sentence when the facts cannot be rendered. Never raises."""
    languages = reason_languages(language)
    found = _from_facts(code, facts)
    if found is None:
        with translation.override(languages[0]):
            return gettext("Raised by the intake.")
    rule, person, adults = found
    return render_template(_localised(rule.reason, languages), languages, person, adults)


def _questionnaire(questionnaire_id: Any, version: Any) -> Questionnaire | None:
    if not isinstance(questionnaire_id, str) or isinstance(version, bool):
        return None
    if not isinstance(version, int):
        return None
    try:
        return load_builtin(questionnaire_id, version)
    except QuestionnaireError:
        return None


def _from_facts(
    code: str, facts: Any
) -> tuple[AttentionRule, QuotedAnswers | None, list[QuotedAnswers]] | None:
    """The rule and the answers it quotes, or None when the facts cannot be rendered."""
    if not isinstance(facts, Mapping):
        return None
    q = _questionnaire(facts.get("questionnaire"), facts.get("version"))
    if q is None:
        return None
    rule_code = facts.get("rule", code)
    rule = next((r for r in q.attention if r.code == rule_code), None)
    answers = facts.get("answers")
    if rule is None or not isinstance(answers, Mapping):
        return None
    if rule.person_scope != "household":
        person = _quoted("", answers, q, q)
        return None if person is None else (rule, person, [])
    adults = _household(facts, answers, q)
    return None if adults is None else (rule, None, adults)


def _quoted(
    key: str, answers: Any, own: Questionnaire, rule_q: Questionnaire
) -> QuotedAnswers | None:
    """`answers` of one person, checked against the person's own questionnaire version."""
    if validate_answers(own, answers):
        return None
    questionnaires = (own,) if own is rule_q else (own, rule_q)
    return QuotedAnswers(key, normalise_answers(own, answers), questionnaires)


def _household(
    facts: Mapping[str, Any], answers: Mapping[Any, Any], q: Questionnaire
) -> list[QuotedAnswers] | None:
    """The adults of a household point in order (facts stored before `adults` was added: in the
    order of `answers`)."""
    order = facts.get("adults", list(answers))
    versions = facts.get("versions", {})
    if not isinstance(order, list | tuple) or not isinstance(versions, Mapping):
        return None
    adults = []
    for key in order:
        if not isinstance(key, str):
            return None
        own = _questionnaire(q.id, versions[key]) if key in versions else q
        quoted = None if own is None else _quoted(key, answers.get(key, {}), own, q)
        if quoted is None:
            return None
        adults.append(quoted)
    return adults
