"""Reading a case-bundle file: size, encoding, JSON syntax and structure, each refused in words.

`read_bundle_file` checks the size before it reads (HERENIGD_BUNDLE_MAX_BYTES), `parse_bundle_bytes`
decodes UTF-8 (a byte-order mark at the start, as Excel and Notepad write, is accepted silently),
`parse_bundle_text` parses the JSON and refuses, with the JSON path, what `scan` refuses:
nesting, numbers, duplicate keys, control characters, limits. Every failure is a `BundleError`.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herenigd.casefile.issues import BundleError, BundleIssue, capped, json_path, whole_file
from herenigd.casefile.limits import (
    LIMIT_SETTINGS,
    MAX_NUMBER_DIGITS,
    BundleLimits,
    bundle_limits,
)
from herenigd.casefile.scan import BadNumber, object_from_pairs, structure_issues

__all__ = [
    "LIMIT_SETTINGS",
    "BundleLimits",
    "bundle_limits",
    "parse_bundle_bytes",
    "parse_bundle_text",
    "read_bundle_file",
]

BOM = "\ufeff"

#: Python's JSON error messages (their start) → what they mean for a person editing the file.
JSON_PROBLEMS = (
    (
        "Expecting value",
        gettext_lazy(
            "a value is missing here (text in double quotes, true, false, null, a list or an "
            "object)"
        ),
    ),
    ("Expecting ',' delimiter", gettext_lazy("a comma is missing between two items")),
    ("Expecting ':' delimiter", gettext_lazy("a colon is missing after a field name")),
    (
        "Expecting property name enclosed in double quotes",
        gettext_lazy(
            "a field name in double quotes is expected here (or there is one comma too many)"
        ),
    ),
    (
        "Unterminated string",
        gettext_lazy("a text starts here but its closing double quote is missing"),
    ),
    (
        "Invalid control character",
        gettext_lazy("a text holds a line break or a tab; write it as \\n or \\t"),
    ),
    (
        "Invalid \\",
        gettext_lazy(
            "a backslash in a text starts no valid escape (write \\\\ for a backslash itself)"
        ),
    ),
    ("Extra data", gettext_lazy("there is more text after the end of the bundle")),
)


# --- the file ------------------------------------------------------------------------------------


def read_bundle_file(path: str | Path) -> Any:
    """The data of a bundle file; its size is checked before it is read."""
    limits = bundle_limits()
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_bytes:
                raise BundleError([_too_large(limits, size)])
            raw = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise BundleError([whole_file(_unreadable(exc), "unreadable")]) from None
    return parse_bundle_bytes(raw)


def _unreadable(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return _("file not found")
    if isinstance(exc, IsADirectoryError):
        return _("this is a folder, not a file")
    if isinstance(exc, PermissionError):
        return _("no permission to read the file")
    return _("cannot read the file (%(reason)s)") % {"reason": exc.strerror or type(exc).__name__}


def _too_large(limits: BundleLimits, size: int | None) -> BundleIssue:
    values = {"limit": limits.max_bytes, "setting": limits.setting("max_bytes"), "size": size}
    if size is None:
        problem = _("the file is too large: more than %(limit)d bytes (%(setting)s)") % values
    else:
        problem = _("the file is too large: %(size)d bytes, at most %(limit)d (%(setting)s)") % (
            values
        )
    return whole_file(problem, "too_large")


def parse_bundle_bytes(raw: bytes) -> Any:
    """The data of a bundle given as bytes (UTF-8, with or without a byte-order mark)."""
    limits = bundle_limits()
    if len(raw) > limits.max_bytes:
        raise BundleError([_too_large(limits, None)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = _(
            "the file is not UTF-8 text (unreadable byte at position %(position)d); save it as "
            "UTF-8 and import it again"
        ) % {"position": exc.start + 1}
        raise BundleError([whole_file(problem, "not_utf8")]) from None
    return parse_bundle_text(text)


# --- the JSON ------------------------------------------------------------------------------------


def _int(text: str) -> int | BadNumber:
    digits = len(text.lstrip("-"))
    return BadNumber(digits) if digits > MAX_NUMBER_DIGITS else int(text)


def _float(text: str) -> float | BadNumber:
    if len(text) > MAX_NUMBER_DIGITS:
        return BadNumber(sum(c.isdigit() for c in text))
    number = float(text)
    return number if number not in (float("inf"), float("-inf")) else BadNumber(0)


def _constant(text: str) -> BadNumber:
    return BadNumber(0)  # NaN, Infinity, -Infinity: Python accepts them, JSON does not


def parse_bundle_text(text: str) -> Any:
    """The data of a bundle's JSON text; raises BundleError (every problem located)."""
    limits = bundle_limits()
    text = text.removeprefix(BOM)
    if not text.strip():
        raise BundleError([whole_file(_("the file is empty"), "empty")])
    if len(text) > limits.max_bytes // 4 and len(text.encode("utf-8", "surrogatepass")) > (
        limits.max_bytes
    ):
        raise BundleError([_too_large(limits, None)])
    try:
        data = json.loads(
            text,
            object_pairs_hook=object_from_pairs,
            parse_int=_int,
            parse_float=_float,
            parse_constant=_constant,
        )
    except RecursionError:
        raise BundleError([_too_deep_in_text(text, limits)]) from None
    except json.JSONDecodeError as exc:
        raise BundleError([_syntax_issue(exc)]) from None
    issues = capped(structure_issues(data, limits))
    if issues:
        raise BundleError(issues)
    return data


def _syntax_issue(exc: json.JSONDecodeError) -> BundleIssue:
    problem = next(
        (str(words) for start, words in JSON_PROBLEMS if exc.msg.startswith(start)),
        _("this is not valid JSON"),
    )
    message = _("not valid JSON at line %(line)d, column %(column)d: %(problem)s") % {
        "line": exc.lineno,
        "column": exc.colno,
        "problem": problem,
    }
    return whole_file(message, "syntax")


#: Strings (whose brackets do not count), brackets, commas; a lone quote is an unterminated string.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],]|"', re.S)


def _too_deep_in_text(text: str, limits: BundleLimits) -> BundleIssue:
    """Nesting too deep for Python's parser itself: located by reading the brackets."""
    parts = _first_too_deep(text, limits.max_depth)
    problem = _(
        "nested too deeply: more than %(limit)d levels of lists and objects (%(setting)s)"
    ) % {"limit": limits.max_depth, "setting": limits.setting("max_depth")}
    if parts is None:
        return whole_file(problem, "too_deep")
    return BundleIssue(json_path(parts), problem, "too_deep")


def _first_too_deep(text: str, limit: int) -> list[str | int] | None:
    """The path of the first list or object nested deeper than `limit`, or None (not found)."""
    # One frame per open list or object: [is an object, key or index, a key comes next].
    stack: list[list[Any]] = []
    for match in _TOKEN.finditer(text):
        lexeme = match.group()
        if lexeme in ("{", "["):
            if len(stack) >= limit:
                parts = [frame[1] for frame in stack]
                return None if None in parts else parts
            is_object = lexeme == "{"
            stack.append([is_object, None if is_object else 0, is_object])
        elif lexeme in ("}", "]"):
            if stack:
                stack.pop()
        elif lexeme == ",":
            if stack and stack[-1][0]:
                stack[-1][2] = True
            elif stack:
                stack[-1][1] += 1
        elif lexeme == '"':
            return None  # an unterminated string: the JSON is broken before it is deep
        elif stack and stack[-1][0] and stack[-1][2]:
            stack[-1][1], stack[-1][2] = _key(lexeme), False
    return None


def _key(token: str) -> str:
    try:
        return json.loads(token)
    except ValueError:
        return token[1:-1]
