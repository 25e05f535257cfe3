"""Problems of a case bundle, located and in words a data officer understands.

Every problem is a `BundleIssue`: the JSON path (`$.family.members[1].birth_date`), a message that
names the place in words and says what is wrong, and a stable code for programs:

    $.family.members[1].birth_date: Lid 'partner', geboortedatum 2019-02-30: geen bestaande datum

Messages never hold the value of a personal field (names, BSN, notes, addresses, nationality …):
only the path, the field's name and, for a few non-personal fields (dates, member keys, event
types, the format, municipality code and family reference), the value, cut short. Field names are
Django message ids with the context "bundle field": English shows the field as it is spelled in
the file (`birth_date`), Dutch in words (`geboortedatum`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from herenigd.timeline.events import EVENT_TYPES

MAX_REPORTED_ISSUES = 20
#: Longest value or field name a message shows; longer ones are cut short.
MAX_SHOWN = 40
#: A member's key (the schema's `memberKey` pattern); keys are identifiers, shown in messages.
MEMBER_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DATE_LIKE = re.compile(r"[0-9-]{1,10}")
_CODE_LIKE = re.compile(r"[A-Za-z0-9._/-]+")
_EVENT_TYPES = frozenset(EVENT_TYPES)
#: The lists of a family whose items messages name ("Member 'partner'", "Event 7 (arrival)").
_ITEMS = ("members", "events", "contacts")

Parts = Sequence[str | int]


@dataclass(frozen=True)
class BundleIssue:
    """One problem in a bundle, located by a JSON path such as `$.family.events[3].person`.

    `message` is for people (in the active language), `code` for programs and tests: a JSON
    Schema keyword (`required`, `pattern` …) or one of the importer's own (`too_deep`,
    `duplicate_key`, `impossible_date` …; docs/bundles.md lists them)."""

    path: str
    message: str
    code: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class BundleError(Exception):
    """A bundle the importer refuses; nothing of it was written."""

    def __init__(self, issues: list[BundleIssue]):
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


#: Every field of the format. English shows the name as spelled in the file; Dutch in words.
FIELD_LABELS = {
    "format": pgettext_lazy("bundle field", "format"),
    "municipality": pgettext_lazy("bundle field", "municipality"),
    "family": pgettext_lazy("bundle field", "family"),
    "reference": pgettext_lazy("bundle field", "reference"),
    "members": pgettext_lazy("bundle field", "members"),
    "events": pgettext_lazy("bundle field", "events"),
    "contacts": pgettext_lazy("bundle field", "contacts"),
    "key": pgettext_lazy("bundle field", "key"),
    "role": pgettext_lazy("bundle field", "role"),
    "given_name": pgettext_lazy("bundle field", "given_name"),
    "family_name": pgettext_lazy("bundle field", "family_name"),
    "birth_date": pgettext_lazy("bundle field", "birth_date"),
    "sex": pgettext_lazy("bundle field", "sex"),
    "nationality": pgettext_lazy("bundle field", "nationality"),
    "languages": pgettext_lazy("bundle field", "languages"),
    "dutch_level": pgettext_lazy("bundle field", "dutch_level"),
    "speaks_english": pgettext_lazy("bundle field", "speaks_english"),
    "uam": pgettext_lazy("bundle field", "uam"),
    "travelled_with_sponsor": pgettext_lazy("bundle field", "travelled_with_sponsor"),
    "location": pgettext_lazy("bundle field", "location"),
    "bsn": pgettext_lazy("bundle field", "bsn"),
    "type": pgettext_lazy("bundle field", "type"),
    "date": pgettext_lazy("bundle field", "date"),
    "person": pgettext_lazy("bundle field", "person"),
    "outcome": pgettext_lazy("bundle field", "outcome"),
    "route": pgettext_lazy("bundle field", "route"),
    "destination": pgettext_lazy("bundle field", "destination"),
    "suitable": pgettext_lazy("bundle field", "suitable"),
    "address": pgettext_lazy("bundle field", "address"),
    "topic": pgettext_lazy("bundle field", "topic"),
    "source": pgettext_lazy("bundle field", "source"),
    "note": pgettext_lazy("bundle field", "note"),
    "direct": pgettext_lazy("bundle field", "direct"),
    "via": pgettext_lazy("bundle field", "via"),
    "interpreter": pgettext_lazy("bundle field", "interpreter"),
    "organisation": pgettext_lazy("bundle field", "organisation"),
}


# --- showing text safely -------------------------------------------------------------------------


def cut(text: str, limit: int = MAX_SHOWN, mark: str = "…") -> str:
    return text if len(text) <= limit else text[: limit - len(mark)] + mark


def visible(text: str) -> str:
    """Invisible and control characters written as `\\u….` (so a message shows what is there)."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def json_path(parts: Parts) -> str:
    """`["family", "members", 1, "key"]` → `$.family.members[1].key`; other keys in brackets."""
    out = ["$"]
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _IDENTIFIER.fullmatch(part) and len(part) <= MAX_SHOWN:
            out.append(f".{part}")
        else:
            out.append("[" + json.dumps(cut(part, mark="..."), ensure_ascii=True) + "]")
    return "".join(out)


def field_label(name: str) -> str:
    """A field in words (Dutch) or as spelled (English); an unknown name quoted, cut short."""
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else f"'{visible(cut(name))}'"


def field_words(name: str) -> str:
    """A field in a sentence: `'reference'` in English, `kenmerk ('reference')` in Dutch."""
    label = field_label(name)
    if name not in FIELD_LABELS:
        return label
    return f"'{name}'" if label == name else f"{label} ('{name}')"


def listing(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


# --- where a problem is --------------------------------------------------------------------------

_MISSING = object()


def value_at(data: Any, parts: Parts) -> Any:
    """The value at `parts`, or `_MISSING`."""
    for part in parts:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


def _item_words(kind: str, index: int, data: Any, by_number: bool) -> str:
    item = value_at(data, ("family", kind, index))
    number = index + 1
    if kind == "members":
        key = item.get("key") if isinstance(item, dict) else None
        if not by_number and isinstance(key, str) and MEMBER_KEY.fullmatch(key):
            return _("Member '%(key)s'") % {"key": key}
        return _("Member %(number)d") % {"number": number}
    if kind == "events":
        kind_of = item.get("type") if isinstance(item, dict) else None
        if isinstance(kind_of, str) and kind_of in _EVENT_TYPES:
            return _("Event %(number)d (%(type)s)") % {"number": number, "type": kind_of}
        return _("Event %(number)d") % {"number": number}
    return _("Contact %(number)d") % {"number": number}


def item_kind(parts: Parts) -> str:
    """`members`, `events` or `contacts` for a place inside one; else `family` or `bundle`."""
    if (
        len(parts) >= 3
        and parts[0] == "family"
        and parts[1] in _ITEMS
        and isinstance(parts[2], int)
    ):
        return str(parts[1])
    return "family" if parts and parts[0] == "family" else "bundle"


def where(parts: Parts, data: Any, *, by_number: bool = False) -> str:
    """The place in words: «Lid 'partner', geboortedatum», «Gebeurtenis 7 (arrival), datum»."""
    parts = list(parts)
    kind = item_kind(parts)
    if kind in _ITEMS:
        rest = parts[3:]
        # A problem with a member's key names the member by number: the key is what is wrong.
        by_number = by_number or rest == ["key"]
        words = [_item_words(kind, int(parts[2]), data, by_number)]
    elif kind == "family":
        words, rest = [_("Family")], parts[1:]
    else:
        words, rest = [_("Bundle")], parts
    for part in rest:
        if isinstance(part, int):
            words.append(pgettext("position in a list", "no. %(number)d") % {"number": part + 1})
        else:
            words.append(field_label(part))
    return ", ".join(words)


def shown_value(parts: Parts, data: Any) -> str | None:
    """The value at `parts` as a message may show it, or None: only for non-personal fields
    (dates, member keys, event types, format, municipality, reference) and only when it looks
    like one (a name typed into a date field is not shown)."""
    value = value_at(data, parts)
    if not isinstance(value, str) or not parts or not isinstance(parts[-1], str):
        return None
    field, kind = parts[-1], item_kind(parts)
    if field in ("date", "birth_date") and kind in _ITEMS:
        return value if _DATE_LIKE.fullmatch(value) else None
    if field in ("key", "person", "via", "interpreter") and kind in _ITEMS:
        return f"'{value}'" if MEMBER_KEY.fullmatch(value) else None
    if field == "type" and kind == "events":
        return f"'{cut(value)}'" if re.fullmatch(r"[a-z_]+", value) else None
    if (kind, field) in (("bundle", "format"), ("bundle", "municipality"), ("family", "reference")):
        return f"'{cut(value)}'" if _CODE_LIKE.fullmatch(value) else None
    return None


def located(
    parts: Parts,
    data: Any,
    problem: str,
    code: str,
    *,
    show_value: bool = False,
    by_number: bool = False,
) -> BundleIssue:
    """An issue at `parts`: «<where>[ <value>]: <problem>»."""
    place = where(parts, data, by_number=by_number)
    value = shown_value(parts, data) if show_value else None
    if value is not None:
        place = f"{place} {value}"
    return BundleIssue(json_path(parts), f"{place}: {problem}", code)


def whole_file(problem: str, code: str) -> BundleIssue:
    """An issue of the file as a whole (cannot be read, is not JSON …), at `$`."""
    return BundleIssue("$", problem, code)


def capped(issues: Iterable[BundleIssue]) -> list[BundleIssue]:
    """The first MAX_REPORTED_ISSUES issues (without repeats), and a note if there are more."""
    seen: dict[tuple[str, str], BundleIssue] = {}
    for issue in islice(issues, 5 * MAX_REPORTED_ISSUES):
        seen.setdefault((issue.path, issue.message), issue)
        if len(seen) > MAX_REPORTED_ISSUES:
            break
    found = list(seen.values())
    if len(found) <= MAX_REPORTED_ISSUES:
        return found
    count = {"count": MAX_REPORTED_ISSUES}
    more = _("only the first %(count)d problems are shown; fix these and import the file again")
    more %= count
    return [*found[:MAX_REPORTED_ISSUES], whole_file(more, "more")]
