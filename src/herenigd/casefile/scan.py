"""The first check of a bundle, before its schema: what could crash the importer, the schema
validator or the database, or make a message unsafe, is refused here with its location.

- nesting deeper than HERENIGD_BUNDLE_MAX_DEPTH;
- numbers Python cannot hold as written (thousands of digits, 1e999, NaN, Infinity);
- a key named twice in one object (JSON parsers silently keep the last);
- more members, events or contacts than the limits, text longer than the limit;
- control characters (U+0000–U+001F, U+007F–U+009F): PostgreSQL cannot store NUL, the others
  are invisible. Tab, line feed and carriage return are allowed in free text only (an event's
  note, address and source, a contact's topic); names, keys and codes are one line;
- half of a UTF-16 surrogate pair (cannot be written as UTF-8);
- bidirectional controls (U+202A–U+202E, U+2066–U+2069): invisible, they make text display in
  another order than it is stored ("Ali\\u202egnp.exe" shows as "Aliexe.png").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from herenigd.casefile.issues import BundleIssue, Parts, located
from herenigd.casefile.limits import MAX_NUMBER_DIGITS, BundleLimits

#: Unicode bidirectional embedding, override and isolate controls.
BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_FREE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Fields where tab, line feed and carriage return are allowed: (list of the family, field).
FREE_TEXT = frozenset({("events", "note"), ("events", "address"), ("events", "source")}) | {
    ("contacts", "topic")
}
_MAX_BITS = int(MAX_NUMBER_DIGITS * 3.33)
_COUNTS = (("members", "max_members"), ("events", "max_events"), ("contacts", "max_contacts"))


class BadNumber:
    """Stands in for a number of the JSON text that Python cannot hold as written: `digits`
    digits (too many to convert), or 0 for a number that is not finite (1e999, NaN)."""

    __slots__ = ("digits",)

    def __init__(self, digits: int):
        self.digits = digits

    def __repr__(self) -> str:
        return "<number>"


class KeyedTwice(dict):
    """A JSON object that names a key more than once; `twice` lists those keys."""

    twice: tuple[str, ...] = ()


def object_from_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`json.loads` object hook: an object as a dict, marked when a key occurs twice."""
    obj: dict[str, Any] = {}
    twice: list[str] = []
    for key, value in pairs:
        if key in obj and key not in twice:
            twice.append(key)
        obj[key] = value
    if not twice:
        return obj
    marked = KeyedTwice(obj)
    marked.twice = tuple(twice)
    return marked


def structure_issues(data: Any, limits: BundleLimits) -> Iterator[BundleIssue]:
    """Every problem of the structure, in the order of the file (see the module's docstring)."""
    yield from _count_issues(data, limits)
    yield from _walk(data, [], data, limits)


def _count_issues(data: Any, limits: BundleLimits) -> Iterator[BundleIssue]:
    family = data.get("family") if isinstance(data, dict) else None
    if not isinstance(family, dict):
        return
    messages = {
        "members": _(
            "a bundle may hold at most %(limit)d members; this one has %(count)d (%(setting)s)"
        ),
        "events": _(
            "a bundle may hold at most %(limit)d events; this one has %(count)d (%(setting)s)"
        ),
        "contacts": _(
            "a bundle may hold at most %(limit)d contacts; this one has %(count)d (%(setting)s)"
        ),
    }
    for name, field in _COUNTS:
        items, limit = family.get(name), getattr(limits, field)
        if isinstance(items, list) and len(items) > limit:
            problem = messages[name] % {
                "limit": limit,
                "count": len(items),
                "setting": limits.setting(field),
            }
            yield located(["family", name], data, problem, "too_many")


def _walk(value: Any, parts: list, root: Any, limits: BundleLimits) -> Iterator[BundleIssue]:
    if isinstance(value, dict | list):
        if len(parts) >= limits.max_depth:
            problem = _(
                "nested too deeply: more than %(limit)d levels of lists and objects (%(setting)s)"
            ) % {"limit": limits.max_depth, "setting": limits.setting("max_depth")}
            yield located(parts, root, problem, "too_deep")
        elif isinstance(value, dict):
            yield from _key_issues(value, parts, root, limits)
            for key, child in value.items():
                if isinstance(key, str):
                    yield from _walk(child, [*parts, key], root, limits)
        else:
            for index, child in enumerate(value):
                yield from _walk(child, [*parts, index], root, limits)
    elif isinstance(value, str):
        yield from _text_issues(value, parts, root, limits)
    elif isinstance(value, bool):
        return
    elif isinstance(value, BadNumber | int | float):
        yield from _number_issues(value, parts, root)


def _key_issues(obj: dict, parts: list, root: Any, limits: BundleLimits) -> Iterator[BundleIssue]:
    for key in obj:
        if not isinstance(key, str):
            yield located(parts, root, _("a field name is not text"), "key_not_text")
        else:
            yield from _text_issues(key, [*parts, key], root, limits, is_key=True)
    for key in obj.twice if isinstance(obj, KeyedTwice) else ():
        problem = _("this field occurs more than once in the same object; keep only one")
        yield located([*parts, key], root, problem, "duplicate_key")


def _number_issues(value: BadNumber | float, parts: Parts, root: Any) -> Iterator[BundleIssue]:
    if isinstance(value, BadNumber) and value.digits:
        digits = value.digits
    elif isinstance(value, int) and value.bit_length() > _MAX_BITS:
        digits = int(value.bit_length() * math.log10(2)) + 1
    elif isinstance(value, BadNumber) or (isinstance(value, float) and not math.isfinite(value)):
        problem = _(
            "a number too large to store, or NaN or Infinity, which JSON does not allow; no "
            "field of a bundle holds a number"
        )
        yield located(parts, root, problem, "not_a_number")
        return
    else:
        return
    problem = _(
        "a number of %(digits)d digits; no field of a bundle holds a number, and none this long"
    ) % {"digits": digits}
    yield located(parts, root, problem, "number_too_long")


def _codes(found: list[str]) -> str:
    return ", ".join(f"U+{ord(c):04X}" for c in sorted(set(found))[:5])


def _text_issues(
    text: str, parts: Parts, root: Any, limits: BundleLimits, *, is_key: bool = False
) -> Iterator[BundleIssue]:
    if len(text) > limits.max_string_length:
        problem = _("too long: %(length)d characters, at most %(limit)d (%(setting)s)") % {
            "length": len(text),
            "limit": limits.max_string_length,
            "setting": limits.setting("max_string_length"),
        }
        yield located(parts, root, problem, "too_long")
        return
    if found := _SURROGATE.findall(text):
        position = _SURROGATE.search(text).start() + 1  # type: ignore[union-attr]
        problem = _(
            "contains an invalid character (half of a UTF-16 surrogate pair, %(codes)s, at "
            "character %(position)d); remove it and import the file again"
        ) % {"codes": _codes(found), "position": position}
        yield located(parts, root, problem, "invalid_character")
    control = _CONTROL_IN_FREE_TEXT if not is_key and _is_free_text(parts) else _CONTROL
    if found := control.findall(text):
        position = control.search(text).start() + 1  # type: ignore[union-attr]
        problem = _(
            "contains an invisible control character (%(codes)s, first at character "
            "%(position)d); remove it and import the file again. Line breaks and tabs are "
            "allowed only in free text: an event's note, address or source, a contact's topic."
        ) % {"codes": _codes(found), "position": position}
        yield located(parts, root, problem, "control_character")
    if found := _BIDI.findall(text):
        position = _BIDI.search(text).start() + 1  # type: ignore[union-attr]
        problem = _(
            "contains an invisible bidirectional control character (%(codes)s, first at "
            "character %(position)d). Such characters make text display in a different "
            "order than it is written and have no place in a name or any other field: "
            "remove them and import the file again."
        ) % {"codes": _codes(found), "position": position}
        yield located(parts, root, problem, "bidi_control")


def _is_free_text(parts: Parts) -> bool:
    return (
        len(parts) == 4
        and parts[0] == "family"
        and isinstance(parts[2], int)
        and (parts[1], parts[3]) in FREE_TEXT
    )
