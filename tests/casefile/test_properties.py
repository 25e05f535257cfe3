"""Robustness, property-based (finding 11): arbitrary JSON values, arbitrary text and bytes, and
mutated valid bundles (keys dropped, duplicated or retyped, huge strings, deep nesting, control
characters, odd dates, numbers) never raise anything but `BundleError`, and a refused bundle
leaves nothing written: the row counts of every model and the stored family are unchanged."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from herenigd.casefile.bundles import (
    BundleError,
    BundleIssue,
    family_export_bundle,
    family_import_bundle,
    parse_bundle_text,
    validate_bundle,
)
from herenigd.casefile.parsing import parse_bundle_bytes
from herenigd.families.models import Family
from tests.fixtures import EXAMPLE_BUNDLE

from .support import row_counts

#: Fast enough for CI; `deadline=None` because a database example can take a while the first time.
PROFILE = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
EXAMPLE: dict[str, Any] = json.loads(EXAMPLE_BUNDLE.read_text(encoding="utf-8"))
SCHEMA_WORDS = sorted(
    {"format", "municipality", "family", "reference", "members", "events", "contacts"}
    | {k for m in EXAMPLE["family"]["members"] for k in m}
    | {k for e in EXAMPLE["family"]["events"] for k in e}
    | {k for c in EXAMPLE["family"]["contacts"] for k in c}
)

# --- strategies ----------------------------------------------------------------------------------

CONTROL = ["\x00", "\x01", "\x07", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\u202e", "\ud800"]
WEIRD_DATES = [
    "0000",
    "0001",
    "9999",
    "0000-00-00",
    "0000-01-01",
    "0001-01-01",
    "2999-02-29",
    "9999-12-31",
    "2019-02-30",
    "1983-13-01",
    "1983-1-1",
    "١٩٨٣",
    "1983-07-01T00:00",
    "",
]
NUMBERS = [0, 1, -1, 2**63, 10**5000, -(10**400), 1.5, 1e308, float("nan"), float("inf")]
KEYS = ["sponsor", "partner", "son", "daughter", "ghost", "none", "phone", "", "Sponsor"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(WEIRD_DATES + KEYS),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(SCHEMA_WORDS), st.text(max_size=8)), children, max_size=5
        ),
    ),
    max_leaves=25,
)


def locations(value: Any, path: tuple = ()):
    """Every place in the data (not below 12 levels: a mutation may have nested 3000 deep)."""
    yield path
    if len(path) > 12:
        return
    if isinstance(value, dict):
        for key, child in value.items():
            yield from locations(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from locations(child, (*path, index))


def get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def put(data: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    get(data, path[:-1])[path[-1]] = value
    return data


def drop(draw, data, path):
    if not path:
        return {}
    del get(data, path[:-1])[path[-1]]
    return data


def duplicate(draw, data, path):
    parent = get(data, path[:-1]) if path else None
    if isinstance(parent, list):
        parent.insert(path[-1], copy.copy(parent[path[-1]]))  # deep copies fail at 3000 levels
        return data
    return put(data, path, draw(json_values))


def control(draw, data, path):
    value, char = get(data, path), draw(st.sampled_from(CONTROL))
    if isinstance(value, str):
        at = draw(st.integers(0, len(value)))
        return put(data, path, value[:at] + char + value[at:])
    return put(data, path, char)


def nest(draw, data, path):
    value = get(data, path)
    for _ in range(draw(st.sampled_from([2, 17, 40, 3000]))):
        value = [value]
    return put(data, path, value)


MUTATIONS = [
    drop,
    duplicate,
    control,
    nest,
    lambda draw, data, path: put(data, path, draw(json_values)),
    lambda draw, data, path: put(data, path, draw(st.sampled_from(["x" * 101, "é" * 10_001]))),
    lambda draw, data, path: put(data, path, "Karim" * 20_000),
    lambda draw, data, path: put(data, path, draw(st.sampled_from(WEIRD_DATES))),
    lambda draw, data, path: put(data, path, draw(st.sampled_from(NUMBERS))),
    lambda draw, data, path: put(data, path, draw(st.sampled_from(KEYS))),
]


@st.composite
def mutated_bundles(draw) -> Any:
    data: Any = copy.deepcopy(EXAMPLE)
    for _ in range(draw(st.integers(1, 4))):
        places = list(locations(data)) if isinstance(data, dict | list) else [()]
        # Mostly deep places: the leaves are where data officers make their mistakes.
        path = draw(st.sampled_from(places[1:] or places))
        data = draw(st.sampled_from(MUTATIONS))(draw, data, path)
    return data


KEY_PAIR = re.compile(r'"\w+": ')


@st.composite
def mutated_texts(draw) -> bytes:
    text = json.dumps(EXAMPLE, ensure_ascii=draw(st.booleans()))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["duplicate", "cut", "insert", "number", "nest", "bom"]))
        at = draw(st.integers(0, len(text)))
        if kind == "duplicate":
            pairs = list(KEY_PAIR.finditer(text))
            pair = pairs[draw(st.integers(0, len(pairs) - 1))] if pairs else None
            if pair:
                text = text[: pair.start()] + pair.group() + "null, " + text[pair.start() :]
        elif kind == "cut":
            text = text[:at]
        elif kind == "insert":
            piece = draw(
                st.sampled_from(['"', "{", "[", "]", ",", "\\", "\x00", "\ufeff", "\\u0000"])
            )
            text = text[:at] + piece + text[at:]
        elif kind == "number":
            text = text.replace(
                '"2017-02-06"', draw(st.sampled_from(["9" * 5000, "1e999", "NaN"])), 1
            )
        elif kind == "nest":
            depth = draw(st.sampled_from([17, 5000]))
            text = text.replace('["ar"]', "[" * depth + "]" * depth, 1)
        else:
            text = "\ufeff" + text
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"])) + raw[at:]
    return raw


# --- without the database ------------------------------------------------------------------------


def assert_issues(issues):
    assert isinstance(issues, list)
    for issue in issues:
        assert isinstance(issue, BundleIssue)
        assert issue.path.startswith("$") and issue.message and issue.code
        assert len(str(issue)) < 1_000


@PROFILE
@given(json_values)
def test_validate_never_raises_on_any_json_value(value):
    assert_issues(validate_bundle(value))


@PROFILE
@given(mutated_bundles())
def test_validate_never_raises_on_mutated_bundles(data):
    assert_issues(validate_bundle(data))


@PROFILE
@given(st.one_of(st.text(), st.text(alphabet='{}[]":,0123456789.eE-+ \\u\x00tfnrl')))
def test_parsing_any_text_raises_only_bundle_error(text):
    try:
        data = parse_bundle_text(text)
    except BundleError as exc:
        assert_issues(exc.issues)
    else:
        assert_issues(validate_bundle(data))


@PROFILE
@given(st.one_of(st.binary(), mutated_texts()))
def test_parsing_any_bytes_raises_only_bundle_error(raw):
    try:
        data = parse_bundle_bytes(raw)
    except BundleError as exc:
        assert_issues(exc.issues)
    else:
        assert_issues(validate_bundle(data))


# --- with the database: refused means nothing written --------------------------------------------


@pytest.fixture
def stored(municipalities):
    """The example family is stored: a mutated bundle is mostly a re-import of it."""
    family = family_import_bundle(data=copy.deepcopy(EXAMPLE)).family
    return family, family_export_bundle(family=family), row_counts()


def attempt(data: Any, stored) -> None:
    """Import inside a savepoint that is always rolled back, so every example starts alike (with
    the row counts of `stored`)."""
    family, exported, before = stored
    with transaction.atomic():
        try:
            family_import_bundle(data=data, allow_member_removal=isinstance(data, dict))
        except BundleError as exc:
            assert_issues(exc.issues)
            assert row_counts() == before, "a refused bundle writes nothing"
            assert family_export_bundle(family=Family.objects.get(pk=family.pk)) == exported
        finally:
            transaction.set_rollback(True)


@pytest.mark.django_db
@PROFILE
@given(st.one_of(json_values, mutated_bundles()))
def test_importing_any_data_raises_only_bundle_error_and_a_refusal_writes_nothing(stored, data):
    attempt(data, stored)


@pytest.mark.django_db
@PROFILE
@given(mutated_texts())
def test_importing_any_file_raises_only_bundle_error_and_a_refusal_writes_nothing(stored, raw):
    try:
        data = parse_bundle_bytes(raw)
    except BundleError as exc:
        assert_issues(exc.issues)
        return
    attempt(data, stored)
