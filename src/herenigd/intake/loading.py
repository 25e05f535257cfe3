"""Loading questionnaire files: the schema first, then what a schema cannot express.

`schema/questionnaire-1.schema.json` holds the shape (keys, types, the four languages, the
vocabularies); `herenigd.schemacheck` checks it. The checks here read across the file: unique ids,
options per question type, a confidential question feeds no factors (factors.md §4: the profile
is shown beyond the recording organisation), the factor set, and the attention rules (their code,
the condition language, the questions their reasons quote). Every problem is a
`QuestionnaireError` naming the file and the key path.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from herenigd.schemacheck import SchemaChecker, gettext_noop, join, listing, read_data_file
from herenigd.vocab import SENSITIVITIES

from .conditions import ConditionParser
from .factors import ATTENTION_SENSITIVITY, FACTOR_SETS, FACTOR_VALUES, FACTORS_BY_CODE, Text
from .questionnaire import (
    COMPLETES_EVENTS,
    DEFAULT_YESNO,
    FORMAT,
    NO,
    PERSON_SCOPES,
    PLACEHOLDER,
    QUESTION_TYPES,
    REASON_LANGUAGES,
    YES,
    AttentionRule,
    Option,
    Question,
    Questionnaire,
    QuestionnaireError,
    Reason,
    Section,
)

__all__ = [
    "QUESTIONNAIRE_DIR",
    "builtin_questionnaires",
    "load_builtin",
    "load_questionnaire",
]

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent / "questionnaires"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "questionnaire-1.schema.json"

_HINTS = {
    ("additionalProperties", "factors"): gettext_noop(
        "factors belong on the options of a single, multi or yesno question "
        "(text and number questions cannot feed factors)"
    ),
    ("type", "value"): gettext_noop(
        "an option value must be a string of lower-case letters, digits and underscores "
        "(quote it: a bare 18_24 is read as a number by YAML)"
    ),
}


@functools.cache
def _checker() -> SchemaChecker:
    return SchemaChecker(
        SCHEMA_PATH,
        vocabularies={
            "sensitivity": SENSITIVITIES,
            "question_type": QUESTION_TYPES,
            "completes_event": COMPLETES_EVENTS,
            "factor_set": tuple(FACTOR_SETS),
            "factor_code": tuple(FACTORS_BY_CODE),
            "factor_value": FACTOR_VALUES,
            "person_scope": PERSON_SCOPES,
        },
        hints=_HINTS,
    )


def _text(data: Mapping[str, str]) -> Text:
    return Text(**data)


class _Builder:
    """Turns a document the schema accepted into a `Questionnaire`, checking across the file."""

    def __init__(self, path: str, doc: Mapping[str, Any]):
        self.path = path
        self.doc = doc
        self.factor_set = doc.get("factor_set", "adult")
        self.questions: dict[str, Question] = {}
        self.question_keys: dict[str, str] = {}  # id → where it was first defined
        self.section_ids: set[str] = set()

    def fail(self, key: str, message: str, **params: Any) -> QuestionnaireError:
        return QuestionnaireError.of("invalid", message, path=self.path, key=key, **params)

    def build(self) -> Questionnaire:
        doc = self.doc
        sections = tuple(
            self.section(raw, join("sections", i)) for i, raw in enumerate(doc["sections"])
        )
        return Questionnaire(
            id=doc["id"],
            version=doc["version"],
            title=_text(doc["title"]),
            completes_event=doc["completes_event"],
            factor_set=self.factor_set,
            sections=sections,
            attention=self.rules(),
            path=self.path,
            description=doc.get("description"),
            _by_id=MappingProxyType(self.questions),
        )

    # sections, questions, options

    def section(self, raw: Mapping[str, Any], key: str) -> Section:
        if raw["id"] in self.section_ids:
            raise self.fail(
                join(key, "id"), gettext_noop("duplicate section id {found}"), found=repr(raw["id"])
            )
        self.section_ids.add(raw["id"])
        questions = []
        for j, qraw in enumerate(raw["questions"]):
            qkey = join(join(key, "questions"), j)
            question = self.question(qraw, qkey, raw["id"])
            if question.id in self.questions:
                raise self.fail(
                    join(qkey, "id"),
                    gettext_noop("duplicate question id {found} (first at {first})"),
                    found=repr(question.id),
                    first=self.question_keys[question.id],
                )
            self.questions[question.id] = question
            self.question_keys[question.id] = qkey
            questions.append(question)
        return Section(id=raw["id"], title=_text(raw["title"]), questions=tuple(questions))

    def question(self, q: Mapping[str, Any], key: str, section: str) -> Question:
        qtype = q["type"]
        if qtype != "number":
            for bound in ("min", "max"):
                if bound in q:
                    raise self.fail(
                        join(key, bound),
                        gettext_noop("{bound} is only allowed on number questions"),
                        bound=bound,
                    )
        low, high = q.get("min"), q.get("max")
        if low is not None and high is not None and low > high:
            raise self.fail(
                join(key, "max"),
                gettext_noop("max ({high}) is below min ({low})"),
                high=high,
                low=low,
            )
        return Question(
            id=q["id"],
            type=qtype,
            text=_text(q["text"]),
            sensitivity=q["sensitivity"],
            section=section,
            options=self.options(q, key),
            help=_text(q["help"]) if "help" in q else None,
            min=low,
            max=high,
        )

    def options(self, q: Mapping[str, Any], key: str) -> tuple[Option, ...]:
        qtype, okey = q["type"], join(key, "options")
        if qtype in ("text", "number"):
            if "options" in q:
                raise self.fail(okey, gettext_noop("a {type} question has no options"), type=qtype)
            return ()
        if qtype == "yesno":
            return self.yesno_options(q.get("options", ()), okey, q["sensitivity"])
        if "options" not in q:
            raise self.fail(
                key,
                gettext_noop("missing key 'options' (a {type} question needs options)"),
                type=qtype,
            )
        if len(q["options"]) < 2:
            raise self.fail(okey, gettext_noop("a choice question needs at least 2 options"))
        options = tuple(
            self.option(o, join(okey, i), qtype, q["sensitivity"])
            for i, o in enumerate(q["options"])
        )
        self.unique_values(options, okey)
        return options

    def unique_values(self, options: tuple[Option, ...], key: str) -> None:
        seen: set[str] = set()
        for i, o in enumerate(options):
            if o.value in seen:
                raise self.fail(
                    join(join(key, i), "value"),
                    gettext_noop("duplicate option value {found}"),
                    found=repr(o.value),
                )
            seen.add(o.value)

    def yesno_options(self, raw: Any, key: str, sensitivity: str) -> tuple[Option, ...]:
        mapped: dict[str, Option] = {}
        for i, data in enumerate(raw):
            okey = join(key, i)
            value = _option_value(data["value"])
            if value not in (YES, NO):
                raise self.fail(
                    join(okey, "value"),
                    gettext_noop("a yesno option value is yes or no, got {found}"),
                    found=repr(value),
                )
            if value in mapped:
                raise self.fail(
                    join(okey, "value"),
                    gettext_noop("duplicate option value {found}"),
                    found=repr(value),
                )
            if "exclusive" in data:
                raise self.fail(
                    join(okey, "exclusive"), gettext_noop("exclusive is only meaningful on multi")
                )
            label = _text(data["label"]) if "label" in data else DEFAULT_YESNO[value]
            factors = self.factors(data.get("factors"), join(okey, "factors"), sensitivity)
            mapped[value] = Option(value=value, label=label, factors=factors)
        return tuple(mapped.get(v) or Option(value=v, label=DEFAULT_YESNO[v]) for v in (YES, NO))

    def option(self, data: Mapping[str, Any], key: str, qtype: str, sensitivity: str) -> Option:
        if "label" not in data:
            raise self.fail(key, gettext_noop("missing key {name}"), name="'label'")
        exclusive = data.get("exclusive", False)
        if exclusive and qtype != "multi":
            raise self.fail(
                join(key, "exclusive"), gettext_noop("exclusive is only meaningful on multi")
            )
        return Option(
            value=_option_value(data["value"]),
            label=_text(data["label"]),
            factors=self.factors(data.get("factors"), join(key, "factors"), sensitivity),
            exclusive=exclusive,
        )

    def factors(
        self, data: Mapping[str, str] | None, key: str, sensitivity: str
    ) -> Mapping[str, str]:
        if not data:
            return MappingProxyType({})
        if sensitivity == "confidential":
            raise self.fail(
                key,
                gettext_noop(
                    "a confidential question may not feed factors: the factor profile is shown "
                    "beyond the recording organisation (factors.md §4)"
                ),
            )
        allowed = FACTOR_SETS[self.factor_set]
        for code in data:
            if code not in allowed:
                raise self.fail(
                    join(key, code),
                    gettext_noop("factor {code} is not in the {set} factor set ({allowed})"),
                    code=repr(code),
                    set=repr(self.factor_set),
                    allowed=listing(allowed),
                )
        return MappingProxyType(dict(data))

    # attention rules

    def rules(self) -> tuple[AttentionRule, ...]:
        rules: list[AttentionRule] = []
        for i, raw in enumerate(self.doc["attention"]):
            key = join("attention", i)
            rule = self.rule(raw, key)
            if rule.code in {r.code for r in rules}:
                raise self.fail(
                    join(key, "code"),
                    gettext_noop(
                        "duplicate attention code {found} (combine the triggers with any:)"
                    ),
                    found=repr(rule.code),
                )
            rules.append(rule)
        return tuple(rules)

    def rule(self, data: Mapping[str, Any], key: str) -> AttentionRule:
        code = data["code"]
        if code not in ATTENTION_SENSITIVITY:
            raise self.fail(
                join(key, "code"),
                gettext_noop("unknown attention code {found} for an intake (known: {known})"),
                found=repr(code),
                known=listing(ATTENTION_SENSITIVITY),
            )
        conditions = ConditionParser(
            self.questions, code=code, sensitivity=ATTENTION_SENSITIVITY[code], fail=self.fail
        )
        scope = data["person_scope"]
        when = conditions.parse(data["when"], join(key, "when"), household=scope == "household")
        for lang in REASON_LANGUAGES:
            self.check_template(conditions, data["reason"][lang], join(join(key, "reason"), lang))
        return AttentionRule(
            code=code, person_scope=scope, when=when, reason=Reason(**data["reason"])
        )

    def check_template(self, conditions: ConditionParser, template: str, key: str) -> None:
        if template.count("{") != template.count("}"):
            raise self.fail(key, gettext_noop("unbalanced { } in the reason template"))
        for name in PLACEHOLDER.findall(template):
            if name not in self.questions:
                raise self.fail(
                    key,
                    gettext_noop("placeholder {placeholder} does not name a question of this file"),
                    placeholder="{" + name + "}",
                )
            conditions.check_sensitivity(name, key, "quotes")


def _option_value(value: str | bool) -> str:
    """YAML 1.1 turns an unquoted yes/no into a boolean; the schema allows it, taken back here."""
    if isinstance(value, bool):
        return YES if value else NO
    return value


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Load and validate a questionnaire file; raises `QuestionnaireError`."""
    path = Path(path)
    doc = read_data_file(path, QuestionnaireError)
    _checker().check(doc, path=path, error=QuestionnaireError, fmt=FORMAT)
    return _Builder(str(path), doc).build()


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
                gettext_noop("file name must be {expected}.yaml for id {id} version {version}"),
                path=path,
                params={"expected": expected, "id": repr(q.id), "version": q.version},
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
    raise QuestionnaireError(
        gettext_noop("no built-in questionnaire {wanted} (available: {available})"),
        code="questionnaire_not_found",
        params={
            "wanted": id if version is None else f"{id} v{version}",
            "available": ", ".join(f"{qid} v{v}" for qid, v in available) or "none",
        },
    )
