"""JSON Schema errors in words a data officer understands.

Each validator keyword has a plain sentence; jsonschema's own message (which repeats the value,
however long or personal, and prints regular expressions) is never shown. A `pattern` is described
by the schema's `x-words` beside it ("a date like 2017-02-06"); the English text there is a message
id listed in PATTERN_WORDS, so the catalogue translates it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from jsonschema import ValidationError

from herenigd.casefile.issues import BundleIssue, field_words, listing, located, value_at

#: The `x-words` of the schema's patterns and alternatives (a test keeps them in step).
PATTERN_WORDS = frozenset(
    {
        gettext_noop("a code of four digits, like 0268"),
        gettext_noop("a date like 2017-02-06"),
        gettext_noop("a date like 1983-07-01, or only a year like 1983"),
        gettext_noop(
            "a key of lower-case letters, digits, - and _ that starts with a letter or digit, "
            "like partner or child-2 (at most 64 characters)"
        ),
        gettext_noop(
            "a reference of letters, digits and . _ / - that starts with a letter or digit, "
            "like NIJ-2017-001"
        ),
        gettext_noop(
            "a country code of three capital letters (ISO 3166), like SYR or ERI; XXA for stateless"
        ),
        gettext_noop("a language code of two lower-case letters (ISO 639-1), like ar or ti"),
        gettext_noop("a citizen service number (BSN) of nine digits"),
        gettext_noop("none, professional, phone, or the key of the member who interpreted"),
    }
)
#: The interpreter words, which the schema forbids as member keys.
_RESERVED = {"none", "professional", "phone"}


def _type_words(name: str) -> str:
    return {
        "object": _("an object ({ … })"),
        "array": _("a list ([ … ])"),
        "string": _("text in double quotes"),
        "boolean": _("true or false"),
        "integer": _("a whole number"),
        "number": _("a number"),
        "null": _("null (empty)"),
    }.get(name, name)


def _found_words(value: Any) -> str:
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, dict):
        return _("an object ({ … })")
    if isinstance(value, list):
        return _("a list ([ … ])")
    if isinstance(value, str):
        return _("text")
    if value is None:
        return _("null (empty)")
    return _("a number")


def _described(error: ValidationError) -> str | None:
    words = error.schema.get("x-words") if isinstance(error.schema, dict) else None
    return _(words) if words in PATTERN_WORDS else None


def schema_issues(errors: Iterable[ValidationError], data: Any) -> list[BundleIssue]:
    """The issues of jsonschema errors, in the order of the file."""
    issues: list[tuple[tuple, BundleIssue]] = []
    for error in errors:
        for parts, issue in _error_issues(error, data):
            issues.append((_file_order(parts, data), issue))
    return [issue for _order, issue in sorted(issues, key=lambda pair: pair[0])]


def _file_order(parts: list, data: Any) -> tuple:
    """Where a place is in the file: each key by its position in its object."""
    order, node = [], data
    for part in parts:
        if isinstance(node, dict) and part in node:
            order.append(list(node).index(part))
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            order.append(part)
            node = node[part]
        else:
            order.append(1 << 30)
            node = None
    return tuple(order)


def _error_issues(error: ValidationError, data: Any) -> list[tuple[list, BundleIssue]]:
    parts, kind, value = list(error.absolute_path), error.validator, error.validator_value
    if kind == "required":
        missing = [name for name in value if name not in error.instance]
        return [(parts, _required(error, parts, data, name)) for name in missing]
    if kind == "additionalProperties":
        declared = list(error.schema.get("properties", {}))
        problem = _("unknown field; allowed here are: %(allowed)s") % {"allowed": listing(declared)}
        extras = [key for key in error.instance if key not in declared]
        return [([*parts, key], located([*parts, key], data, problem, kind)) for key in extras]
    if kind == "not" and isinstance(value, dict) and list(value) == ["required"]:
        field_parts = [*parts, value["required"][0]]
        return [(field_parts, located(field_parts, data, _not_here(parts, data), kind))]
    if kind == "format" and value == "date":
        problem = _("not an existing date")
        return [(parts, located(parts, data, problem, "impossible_date", show_value=True))]
    problem = _problem(error)
    return [(parts, located(parts, data, problem, str(kind or "false"), show_value=True))]


def _required(error: ValidationError, parts: list, data: Any, name: str) -> BundleIssue:
    event_type = error.instance.get("type")
    if "then" in error.relative_schema_path and isinstance(event_type, str):
        problem = _("the field %(field)s is required for an event of type '%(type)s'") % {
            "field": field_words(name),
            "type": event_type,
        }
    else:
        problem = _("the required field %(field)s is missing") % {"field": field_words(name)}
    return located(parts, data, problem, "required")


def _not_here(parts: list, data: Any) -> str:
    """A field that one kind of event or contact may not have."""
    item = value_at(data, parts)
    if parts[:2] == ["family", "events"] and isinstance(item, dict):
        event_type = item.get("type")
        if isinstance(event_type, str):
            return _("this field does not belong to an event of type '%(type)s'") % {
                "type": event_type
            }
    if parts[:2] == ["family", "contacts"]:
        return _("this field does not belong to a direct contact (direct: true)")
    return _("this field is not allowed here")


def _problem(error: ValidationError) -> str:
    kind, value, found = error.validator, error.validator_value, error.instance
    if kind == "type":
        names = [value] if isinstance(value, str) else list(value)
        expected = _(" or ").join(_type_words(name) for name in names)
        return _("should be %(expected)s, but is %(found)s") % {
            "expected": expected,
            "found": _found_words(found),
        }
    if kind == "enum":
        return _("unknown value; allowed are: %(choices)s") % {"choices": listing(value)}
    if kind == "const":
        expected = f"'{value}'" if isinstance(value, str) else str(value).lower()
        return _("should be %(expected)s") % {"expected": expected}
    if kind in ("pattern", "anyOf", "oneOf") and (words := _described(error)):
        return _("should be %(words)s") % {"words": words}
    if kind == "pattern":
        return _("does not have the form this field needs (see docs/bundles.md)")
    if kind == "anyOf":
        return _("does not have any of the forms allowed here")
    if kind == "oneOf":
        if error.context:
            return _("does not have any of the forms allowed here")
        return _("fits more than one of the forms allowed here; it must fit exactly one")
    if kind == "not" and isinstance(value, dict) and set(value.get("enum", ())) == _RESERVED:
        return _(
            "none, professional and phone are words for the interpreter and cannot be the key "
            "of a member"
        )
    return _limit_problem(error) or _other_problem(error)


def _limit_problem(error: ValidationError) -> str | None:
    kind, value, found = error.validator, error.validator_value, error.instance
    if kind in ("minLength", "minItems") and value == 1:
        return _("must not be empty")
    sentences = {
        "minLength": _("too short: at least %(limit)s characters"),
        "maxLength": _("too long: %(count)s characters, at most %(limit)s"),
        "minItems": _("needs at least %(limit)s entries"),
        "maxItems": _("may hold at most %(limit)s entries, not %(count)s"),
        "minProperties": _("needs at least %(limit)s fields"),
        "maxProperties": _("may hold at most %(limit)s fields, not %(count)s"),
        "minimum": _("should be at least %(limit)s"),
        "maximum": _("should be at most %(limit)s"),
        "exclusiveMinimum": _("should be more than %(limit)s"),
        "exclusiveMaximum": _("should be less than %(limit)s"),
        "multipleOf": _("should be a multiple of %(limit)s"),
    }
    if kind not in sentences:
        return None
    count = len(found) if isinstance(found, str | list | dict) else 0
    return sentences[kind] % {"limit": value, "count": count}


def _other_problem(error: ValidationError) -> str:
    kind, value, found = error.validator, error.validator_value, error.instance
    if kind == "uniqueItems":
        return _("holds the same value more than once")
    if kind == "dependentRequired" and isinstance(found, dict):
        for name, needed in value.items():
            missing = [n for n in needed if name in found and n not in found]
            if missing:
                return _("the field %(field)s is required together with %(other)s") % {
                    "field": field_words(missing[0]),
                    "other": field_words(name),
                }
    if kind == "contains":
        return _("holds no entry of the kind needed here")
    if kind is None:  # the schema `false`
        return _("this field is not allowed here")
    if kind == "not":
        return _("this value is not allowed here")
    return _("does not fit the case-bundle format here")
