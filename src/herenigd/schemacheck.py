"""Checking the data files a deployment edits (rule sets, questionnaires, next: content files).

One way for all of them: read the file, parse the YAML strictly (`herenigd.yamlfile`: a duplicate
key is an error), check the `format`, validate against a JSON Schema (draft 2020-12) kept in the
repository beside the loader, and report the first problem as `DataFileError` naming the file and
the path inside it, in words for a person:

    default-v1.yaml: deadlines.INTAKE.term.days: expected an integer ≥ 0, got a string

Checks a schema cannot express (a responsible type must be one the file declares, a condition must
name a question of the file) are made by the loader after the schema, raising the same error.

Messages are message ids marked with `gettext_noop` (English, `{name}` placeholders): this module is
used by the pure engine and imports no Django; the web, API and CLI layers translate them with
`DataFileError.translated(gettext)`. Schemas refer to shared vocabularies (`herenigd.vocab`,
the timeline event types) as `{"$ref": "urn:herenigd:vocab:<name>"}`; the loader supplies them, so a
list of values is declared once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import yaml
from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from herenigd.yamlfile import load_strict

__all__ = [
    "DataFileError",
    "SchemaChecker",
    "gettext_noop",
    "join",
    "listing",
    "read_data_file",
    "type_name",
]

VOCAB_URI = "urn:herenigd:vocab:"


def gettext_noop(message: str) -> str:
    """Marks a message id for the catalogues (`makemessages` knows this name); translated later."""
    return message


class DataFileError(Exception):
    """A data file that cannot be used: `path` the file, `key` the dotted path inside it.

    `template` is the message id, `params` its values, `message` the English text; `code` a stable
    error code for the CLI/API (a subclass maps the kinds of problem to its codes in `CODES`).
    """

    CODES: ClassVar[Mapping[str, str]] = {}

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        key: str | None = None,
        code: str,
        params: Mapping[str, Any] | None = None,
    ):
        self.path = None if path is None else str(path)
        self.key = key or None
        self.code = code
        self.template = message
        self.params = dict(params or {})
        self.message = self._render(message)
        super().__init__(self._where(self.message))

    @classmethod
    def of(cls, kind: str, message: str, *, path: str | Path | None, key: str | None = None,
           **params: Any) -> DataFileError:  # fmt: skip
        """An error of a kind (`not_found`, `unreadable`, `syntax`, `format`, `invalid`)."""
        return cls(message, path=path, key=key, code=cls.CODES[kind], params=params)

    def _render(self, template: str) -> str:
        return template.format(**self.params) if self.params else template

    def _where(self, message: str) -> str:
        return ": ".join([*(p for p in (self.path, self.key) if p), message])

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The full message (file, key, text) in the language of `gettext` (e.g. Django's)."""
        return self._where(self._render(gettext(self.template)))


# --- reading -------------------------------------------------------------------------------------


def read_data_file(path: Path, error: type[DataFileError]) -> Any:
    """The parsed YAML of a file; every failure is an `error` naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error.of("not_found", gettext_noop("file not found"), path=path) from None
    except UnicodeDecodeError as exc:
        raise error.of(
            "syntax", gettext_noop("not UTF-8 text ({reason})"), path=path, reason=exc.reason
        ) from None
    except OSError as exc:
        raise error.of(
            "unreadable",
            gettext_noop("cannot read the file ({reason})"),
            path=path,
            reason=exc.strerror or str(exc),
        ) from None
    return parse_yaml(text, path=path, error=error)


def parse_yaml(text: str, *, path: str | Path, error: type[DataFileError]) -> Any:
    try:
        return load_strict(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = ": ".join(p for p in (exc.context, exc.problem) if p)
        if mark is None:
            raise error.of(
                "syntax", gettext_noop("not valid YAML: {problem}"), path=path, problem=problem
            ) from None
        raise error.of(
            "syntax",
            gettext_noop("not valid YAML at line {line}, column {column}: {problem}"),
            path=path,
            line=mark.line + 1,
            column=mark.column + 1,
            problem=problem,
        ) from None
    except yaml.YAMLError as exc:
        raise error.of(
            "syntax", gettext_noop("not valid YAML: {problem}"), path=path, problem=str(exc)
        ) from None


# --- words ---------------------------------------------------------------------------------------


def join(key: str, part: str | int) -> str:
    """`sections[0].questions` + 1 → `sections[0].questions[1]`; `deadlines` + `INTAKE`."""
    if isinstance(part, int):
        return f"{key}[{part}]"
    return f"{key}.{part}" if key else part


def listing(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


def type_name(value: Any) -> str:
    """What a person calls the value found ('a string', 'a list', 'nothing')."""
    if value is None:
        return gettext_noop("nothing (null)")
    if isinstance(value, bool):
        return gettext_noop("true or false")
    return {
        int: gettext_noop("an integer"),
        float: gettext_noop("a number"),
        str: gettext_noop("a string"),
        list: gettext_noop("a list"),
        dict: gettext_noop("a mapping"),
    }.get(type(value), type(value).__name__)


_TYPE_WORDS = {
    "object": gettext_noop("a mapping"),
    "array": gettext_noop("a list"),
    "string": gettext_noop("a string"),
    "integer": gettext_noop("an integer"),
    "number": gettext_noop("a number"),
    "boolean": gettext_noop("true or false"),
    "null": gettext_noop("nothing (null)"),
}
NON_EMPTY = r"\S"

#: Messages about keys, per kind of key a schema names with `"x-keys"` (default: "key").
_KEY_WORDS = {
    "key": (
        gettext_noop("missing key {name}"),
        gettext_noop("unknown key {name} (allowed: {allowed})"),
    ),
    "language": (
        gettext_noop("missing language {name}"),
        gettext_noop("unknown language {name} (expected {allowed})"),
    ),
    "factor_code": (
        gettext_noop("missing factor code {name}"),
        gettext_noop("unknown factor code {name} (known: {allowed})"),
    ),
}


def _bounds(schema: Mapping[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f" between {low} and {high}"
    if low is not None:
        return f" ≥ {low}"
    if high is not None:
        return f" ≤ {high}"
    return ""


def expected_words(schema: Mapping[str, Any]) -> str:
    """'an integer ≥ 0', 'a non-empty string', 'a mapping': what the schema wants."""
    types = schema.get("type")
    if types is None:
        return gettext_noop("a value")
    names = [types] if isinstance(types, str) else list(types)
    words = []
    for name in names:
        if name == "string" and (schema.get("pattern") == NON_EMPTY or schema.get("minLength")):
            words.append(gettext_noop("a non-empty string"))
        elif name in ("integer", "number"):
            words.append(_TYPE_WORDS[name] + _bounds(schema))
        else:
            words.append(_TYPE_WORDS[name])
    return " or ".join(words)


# --- validation ----------------------------------------------------------------------------------


def _is_integer(checker: Any, value: Any) -> bool:
    return type(value) is int  # neither a boolean nor 12.0: a term is whole days


def _is_number(checker: Any, value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


_Validator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine_many(
        {"integer": _is_integer, "number": _is_number}
    ),
)

Issue = tuple[str, str, dict[str, Any]]  # (key, message id, params)
#: Messages replacing the general one for an error of a kind at a key of this name, e.g.
#: {("additionalProperties", "factors"): "factors belong on the options …"}.
Hints = Mapping[tuple[str, str], str]


class SchemaChecker:
    """One JSON Schema file and the vocabularies it refers to; `check` raises the first problem."""

    def __init__(
        self,
        schema_path: Path,
        *,
        vocabularies: Mapping[str, Sequence[str]] | None = None,
        hints: Hints | None = None,
    ):
        self.schema_path = schema_path
        self.schema = json.loads(schema_path.read_text(encoding="utf-8"))
        _Validator.check_schema(self.schema)
        resources = [
            (f"{VOCAB_URI}{name}", _vocab_resource(name, values))
            for name, values in (vocabularies or {}).items()
        ]
        self.validator = _Validator(self.schema, registry=Registry().with_resources(resources))
        self.hints = hints or {}

    def check(self, doc: Any, *, path: str | Path, error: type[DataFileError], fmt: str) -> None:
        """The document is a mapping of format `fmt` that the schema accepts, or `error`."""
        check_top(doc, path=path, error=error, fmt=fmt)
        issue = self.first_issue(doc)
        if issue is not None:
            key, message, params = issue
            raise error.of("invalid", message, path=path, key=key, **params)

    def first_issue(self, doc: Any) -> Issue | None:
        """The first problem in document order (the one a person fixes first), or None."""
        issues = self.issues(doc)
        return issues[0] if issues else None

    def issues(self, doc: Any) -> list[Issue]:
        found = list(_non_string_keys(doc, ""))
        if found:
            return found
        errors = sorted(self.validator.iter_errors(doc), key=_document_order)
        return [self._issue(e) for e in errors]

    def _issue(self, error: ValidationError) -> Issue:
        key = _dotted(error.absolute_path)
        key, message, params = describe(error, key, self.validator.schema)
        name = key.rsplit(".", 1)[-1].split("[", 1)[0]
        hint = self.hints.get((str(error.validator), name))
        return (key, hint, {}) if hint else (key, message, params)


def check_top(doc: Any, *, path: str | Path, error: type[DataFileError], fmt: str) -> None:
    """A mapping with the right `format` first: another format may have other keys."""
    if doc is None:
        raise error.of("invalid", gettext_noop("the file is empty"), path=path)
    if not isinstance(doc, Mapping):
        raise error.of(
            "invalid",
            gettext_noop("expected a mapping at the top level, got {found}"),
            path=path,
            found=type_name(doc),
        )
    if "format" not in doc:
        raise error.of("invalid", gettext_noop("missing key {name}"), path=path, name="'format'")
    if doc["format"] != fmt:
        raise error.of(
            "format",
            gettext_noop("unknown format {found} (must be {expected})"),
            path=path,
            key="format",
            found=repr(doc["format"]),
            expected=repr(fmt),
        )


def _vocab_resource(name: str, values: Sequence[str]) -> Resource[Any]:
    contents = {"$id": f"{VOCAB_URI}{name}", "type": "string", "enum": list(values), "x-keys": name}
    return Resource.from_contents(contents, default_specification=DRAFT202012)


def _non_string_keys(value: Any, key: str) -> Iterable[Issue]:
    if isinstance(value, Mapping):
        for k, v in value.items():
            if not isinstance(k, str):
                yield key, gettext_noop("key {name} is not a string"), {"name": repr(k)}
                return
            yield from _non_string_keys(v, join(key, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _non_string_keys(v, join(key, i))


def _dotted(parts: Iterable[str | int]) -> str:
    key = ""
    for part in parts:
        key = join(key, part)
    return key


def _document_order(error: ValidationError) -> tuple[tuple[int, str], ...]:
    # Mixed int/str paths: compare (kind, text) pairs; a parent's problem comes before a child's.
    return tuple((0, f"{p:09d}") if isinstance(p, int) else (1, p) for p in error.absolute_path)


def _declared_keys(schema: Mapping[str, Any], root: Mapping[str, Any]) -> list[str]:
    """The property names a (sub)schema declares, following local `$ref`s and `allOf`."""
    keys = list(schema.get("properties", {}))
    ref = schema.get("$ref", "")
    if ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        keys += [k for k in _declared_keys(target, root) if k not in keys]
    for sub in schema.get("allOf", ()):
        keys += [k for k in _declared_keys(sub, root) if k not in keys]
    return keys


def _describe_keys(error: ValidationError, key: str, root: Mapping[str, Any]) -> Issue | None:
    """A missing or unknown key; None for an error about a value."""
    kind, value, schema, found = (
        error.validator,
        error.validator_value,
        error.schema,
        error.instance,
    )
    words = _KEY_WORDS.get(schema.get("x-keys", "key"), _KEY_WORDS["key"])
    if kind == "required":
        missing = next(k for k in value if k not in found)
        return key, words[0], {"name": repr(missing)}
    if kind in ("additionalProperties", "unevaluatedProperties"):
        declared = _declared_keys(schema, root)
        extra = next(k for k in found if k not in declared)
        return join(key, extra), words[1], {"name": repr(extra), "allowed": listing(declared)}
    if kind == "enum" and "propertyNames" in error.relative_schema_path:
        # The name of a key from a vocabulary (`_vocab_resource` names it in "x-keys").
        return join(key, found), words[1], {"name": repr(found), "allowed": listing(value)}
    return None


def describe(error: ValidationError, key: str, root: Mapping[str, Any]) -> Issue:
    """A jsonschema error in words for a person: (key, message id, params)."""
    about_keys = _describe_keys(error, key, root)
    if about_keys is not None:
        return about_keys
    kind, value, schema, found = (
        error.validator,
        error.validator_value,
        error.schema,
        error.instance,
    )
    if kind == "type":
        return (
            key,
            gettext_noop("expected {expected}, got {found}"),
            {
                "expected": expected_words(schema),
                "found": type_name(found),
            },
        )
    if kind == "enum":
        return (
            key,
            gettext_noop("must be one of {choices}, got {found}"),
            {
                "choices": listing(value),
                "found": repr(found),
            },
        )
    if kind == "const":
        return (
            key,
            gettext_noop("must be {expected}, got {found}"),
            {
                "expected": repr(value),
                "found": repr(found),
            },
        )
    if kind in ("minimum", "maximum"):
        return (
            key,
            gettext_noop("{found} is out of range (must be{bounds})"),
            {
                "found": found,
                "bounds": _bounds(schema),
            },
        )
    if (kind == "pattern" and value == NON_EMPTY) or kind == "minLength":
        return key, gettext_noop("must not be empty"), {}
    if kind == "pattern":
        return (
            key,
            gettext_noop("must be {words}, got {found}"),
            {
                "words": schema.get("x-words", f"text matching {value}"),
                "found": repr(found),
            },
        )
    if kind == "minItems" and value == 1:
        return key, gettext_noop("must not be empty"), {}
    if kind == "minItems":
        return key, gettext_noop("needs at least {count} entries"), {"count": value}
    if kind == "minProperties":
        return (
            key,
            gettext_noop("needs at least one of {allowed}"),
            {"allowed": listing(_declared_keys(schema, root))},
        )
    if kind == "uniqueItems":
        seen: list[Any] = []
        repeated = next(v for v in found if v in seen or seen.append(v))
        return key, gettext_noop("the list repeats {found}"), {"found": repr(repeated)}
    return key, gettext_noop("is not valid here ({detail})"), {"detail": error.message}
