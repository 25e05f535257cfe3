"""Hostile or broken bundles are refused with a located message, never a crash (the tester's
findings 1–4, 6–8): deep nesting, huge numbers, impossible dates, control characters, duplicate
keys, limits, and no personal data in any message."""

import copy
import datetime
import json
import tracemalloc

import pytest
from django.test import override_settings
from django.utils import translation

from herenigd.casefile.bundles import (
    BundleError,
    family_import_bundle,
    parse_bundle_text,
    validate_bundle,
)
from herenigd.casefile.parsing import bundle_limits, parse_bundle_bytes, read_bundle_file
from herenigd.families.models import Family, Person

from .support import refused, row_counts, write

DEPTH = 16  # the default HERENIGD_BUNDLE_MAX_DEPTH


def codes(issues):
    return [i.code for i in issues]


def deep_list(depth: int):
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


# --- 1. nesting depth ----------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [DEPTH + 1, 20, 900, 10_000])
def test_deeply_nested_lists_are_refused_at_the_first_level_too_deep(depth):
    (issue,) = refused(parse_bundle_text, "[" * depth + "]" * depth)
    assert issue.code == "too_deep"
    assert issue.path == "$" + "[0]" * DEPTH
    assert str(DEPTH) in issue.message


@pytest.mark.parametrize("depth", [DEPTH + 1, 10_000])
def test_deeply_nested_objects_are_refused_with_their_path(depth):
    (issue,) = refused(parse_bundle_text, '{"a":' * depth + "null" + "}" * depth)
    assert issue.code == "too_deep"
    assert issue.path == "$" + ".a" * DEPTH


def test_the_allowed_depth_itself_is_accepted_by_the_parser():
    assert parse_bundle_text("[" * DEPTH + "]" * DEPTH) == deep_list(DEPTH)


def test_deep_nesting_inside_a_bundle_names_the_field(example_bundle):
    text = json.dumps(example_bundle)
    deep = "[" * 10_000 + "]" * 10_000
    text = text.replace('"languages": ["ar"]', f'"languages": {deep}', 1)
    (issue,) = refused(parse_bundle_text, text)
    assert issue.path == "$.family.members[0].languages" + "[0]" * (DEPTH - 4)


def test_deep_python_data_is_refused_without_recursion(example_bundle):
    example_bundle["family"]["members"][0]["languages"] = deep_list(10_000)
    issues = validate_bundle(example_bundle)
    assert codes(issues) == ["too_deep"]
    assert validate_bundle(deep_list(10_000))[0].code == "too_deep"


def test_unterminated_string_full_of_brackets_is_a_syntax_error():
    (issue,) = refused(parse_bundle_text, '{"a": "' + "[" * 10_000)
    assert (issue.path, issue.code) == ("$", "syntax")


@override_settings(HERENIGD_BUNDLE_MAX_DEPTH=4)
def test_depth_limit_is_a_setting(example_bundle):
    assert bundle_limits().max_depth == 4
    issues = validate_bundle(example_bundle)
    assert [(i.path, i.code) for i in issues] == [
        (f"$.family.members[{n}].languages", "too_deep") for n in range(4)
    ]


# --- 2. numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["9" * 5000, "-" + "9" * 5000, "0." + "0" * 5000 + "1", "1" + "0" * 400 + ".5"]
)
def test_a_number_with_thousands_of_digits_is_refused_with_its_path(number):
    (issue,) = refused(parse_bundle_text, '{"format": ' + number + "}")
    assert (issue.path, issue.code) == ("$.format", "number_too_long")
    assert "9999" not in issue.message


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity", "-Infinity"])
def test_numbers_json_cannot_store_are_refused(number):
    (issue,) = refused(parse_bundle_text, '{"family": {"members": [' + number + "]}}")
    assert (issue.path, issue.code) == ("$.family.members[0]", "not_a_number")


def test_huge_python_int_is_refused_without_converting_it(example_bundle):
    example_bundle["family"]["members"][0]["uam"] = 10**5000
    issues = validate_bundle(example_bundle)
    assert [(i.path, i.code) for i in issues] == [("$.family.members[0].uam", "number_too_long")]


def test_ordinary_numbers_are_a_type_error(example_bundle):
    example_bundle["family"]["members"][0]["uam"] = 1
    (issue,) = validate_bundle(example_bundle)
    assert (issue.path, issue.code) == ("$.family.members[0].uam", "type")


# --- 3. dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("birth_date", ["0000", "0000-01-01", "2019-02-30", "1983-13-01"])
def test_impossible_birth_dates_are_refused_with_their_location(example_bundle, birth_date):
    example_bundle["family"]["members"][1]["birth_date"] = birth_date
    (issue,) = validate_bundle(example_bundle)
    assert (issue.path, issue.code) == ("$.family.members[1].birth_date", "impossible_date")


@pytest.mark.parametrize("date", ["0000-01-01", "2017-00-10", "2017-02-29", "2017-04-31"])
@pytest.mark.parametrize("where", ["events", "contacts"])
def test_impossible_event_and_contact_dates_are_refused(example_bundle, date, where):
    example_bundle["family"][where][0]["date"] = date
    (issue,) = validate_bundle(example_bundle)
    assert (issue.path, issue.code) == (f"$.family.{where}[0].date", "impossible_date")


@pytest.mark.django_db
@pytest.mark.parametrize("date", ["0001-01-01", "0001", "2999-12-31", "9999-12-31", "9999"])
def test_extreme_dates_never_crash_the_import(
    example_bundle, municipalities, date, django_capture_on_commit_callbacks
):
    """Year 1, 2999 or 9999 never crash the import (or the evaluation after it): the
    plausibility rules (timeline.plausibility) refuse them, located, and nothing is written."""
    example_bundle["family"]["members"][1]["birth_date"] = date
    day = date if len(date) == 10 else f"{date}-07-01"
    example_bundle["family"]["events"][6]["date"] = day
    example_bundle["family"]["contacts"][0]["date"] = day
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(BundleError) as refused:
        family_import_bundle(data=example_bundle)
    issues = refused.value.issues
    assert issues and all(i.path.startswith("$.family.") for i in issues)
    assert {i.path for i in issues} & {
        "$.family.members[1].birth_date",
        "$.family.events[6].date",
    }
    assert not Family.objects.exists()


# --- 4. control characters -----------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\x9f"])
def test_control_characters_are_refused_with_path_and_position(example_bundle, char):
    example_bundle["family"]["members"][1]["given_name"] = f"Ali{char}ce"
    (issue,) = validate_bundle(example_bundle)
    assert (issue.path, issue.code) == ("$.family.members[1].given_name", "control_character")
    assert f"U+{ord(char):04X}" in issue.message
    assert " 4" in issue.message, "the character position, counted from 1"
    assert "Ali" not in issue.message


@pytest.mark.parametrize("char", ["\n", "\t", "\r"])
def test_line_breaks_and_tabs_are_refused_in_names(example_bundle, char):
    example_bundle["family"]["members"][0]["family_name"] = f"Had{char}dad"
    (issue,) = validate_bundle(example_bundle)
    assert (issue.path, issue.code) == ("$.family.members[0].family_name", "control_character")


def test_line_breaks_and_tabs_are_allowed_in_free_text(example_bundle):
    example_bundle["family"]["events"][1]["note"] = "first line\nsecond\tcolumn\r\n"
    example_bundle["family"]["events"][1]["source"] = "letter\n2016"
    example_bundle["family"]["contacts"][0]["topic"] = "allowances\nand rent"
    assert validate_bundle(example_bundle) == []


def test_nul_is_refused_in_free_text_too(example_bundle):
    example_bundle["family"]["events"][1]["note"] = "note\x00"
    (issue,) = validate_bundle(example_bundle)
    assert (issue.path, issue.code) == ("$.family.events[1].note", "control_character")


def test_a_control_character_in_a_field_name_is_refused():
    (issue,) = refused(parse_bundle_text, '{"form\\u0000at": "x"}')
    assert issue.code == "control_character"
    assert issue.path == '$["form\\u0000at"]'


def test_a_lone_surrogate_is_refused(example_bundle):
    (issue,) = refused(parse_bundle_text, json.dumps(example_bundle).replace("Rana", "Ra\\ud800"))
    assert (issue.path, issue.code) == ("$.family.members[1].given_name", "invalid_character")


@pytest.mark.django_db
def test_nul_never_reaches_the_database(example_bundle, municipalities):
    """On PostgreSQL a NUL byte in a text column is a DataError; it is refused before."""
    example_bundle["family"]["members"][0]["given_name"] = "Karim\x00"
    example_bundle["family"]["events"][1]["note"] = "\x00"
    before = row_counts()
    issues = refused(family_import_bundle, data=example_bundle)
    assert [i.path for i in issues] == [
        "$.family.members[0].given_name",
        "$.family.events[1].note",
    ]
    assert row_counts() == before


# --- 6. duplicate keys ---------------------------------------------------------------------------


def test_a_duplicate_key_is_refused_with_its_path():
    text = '{"format": "herenigd.case-bundle/1", "format": "herenigd.case-bundle/1"}'
    (issue,) = refused(parse_bundle_text, text)
    assert (issue.path, issue.code) == ("$.format", "duplicate_key")


def test_a_duplicate_key_in_a_member_is_refused_and_its_values_not_shown(example_bundle):
    text = json.dumps(example_bundle).replace(
        '"given_name": "Omar"', '"given_name": "Omar", "given_name": "Yusuf"', 1
    )
    issues = refused(parse_bundle_text, text)
    assert [(i.path, i.code) for i in issues] == [
        ("$.family.members[2].given_name", "duplicate_key")
    ]
    assert "Omar" not in issues[0].message and "Yusuf" not in issues[0].message


def test_every_duplicate_key_is_reported():
    issues = refused(parse_bundle_text, '{"a": 1, "a": 2, "b": {"c": 1, "c": 1}}')
    assert [i.path for i in issues] == ["$.a", "$.b.c"]


# --- 7. limits -----------------------------------------------------------------------------------


def test_the_limits_have_defaults():
    limits = bundle_limits()
    assert limits.max_bytes == 5_000_000
    assert (limits.max_members, limits.max_events, limits.max_contacts) == (50, 2_000, 5_000)
    assert (limits.max_depth, limits.max_string_length) == (16, 10_000)


def members(n):
    return [{"key": "sponsor", "role": "sponsor"}] + [
        {"key": f"m{i}", "role": "child"} for i in range(1, n)
    ]


def test_a_family_of_ten_thousand_members_is_refused(example_bundle):
    example_bundle["family"]["members"] = members(10_000)
    issues = validate_bundle(example_bundle)
    assert [(i.path, i.code) for i in issues] == [("$.family.members", "too_many")]
    assert "10000" in issues[0].message and "50" in issues[0].message
    assert "HERENIGD_BUNDLE_MAX_MEMBERS" in issues[0].message


def test_fifty_members_are_accepted(example_bundle):
    example_bundle["family"]["members"] = members(50)
    example_bundle["family"]["events"] = example_bundle["family"]["contacts"] = []
    assert validate_bundle(example_bundle) == []


@override_settings(
    HERENIGD_BUNDLE_MAX_MEMBERS=3, HERENIGD_BUNDLE_MAX_EVENTS=10, HERENIGD_BUNDLE_MAX_CONTACTS=1
)
def test_member_event_and_contact_limits_are_settings(example_bundle):
    issues = validate_bundle(example_bundle)
    assert [(i.path, i.code) for i in issues] == [
        ("$.family.members", "too_many"),
        ("$.family.events", "too_many"),
        ("$.family.contacts", "too_many"),
    ]
    assert "HERENIGD_BUNDLE_MAX_EVENTS" in issues[1].message
    assert "HERENIGD_BUNDLE_MAX_CONTACTS" in issues[2].message


def test_a_name_of_100_kb_is_refused_and_not_echoed(example_bundle):
    example_bundle["family"]["members"][0]["given_name"] = "Karim" * 20_000
    (issue,) = validate_bundle(example_bundle)
    assert (issue.path, issue.code) == ("$.family.members[0].given_name", "too_long")
    assert "Karim" not in issue.message
    assert "100000" in issue.message and "HERENIGD_BUNDLE_MAX_STRING_LENGTH" in issue.message
    assert len(str(issue)) < 300


def test_a_long_note_under_the_limit_is_accepted(example_bundle):
    example_bundle["family"]["events"][1]["note"] = "x" * 10_000
    assert validate_bundle(example_bundle) == []


@override_settings(HERENIGD_BUNDLE_MAX_STRING_LENGTH=10)
def test_string_limit_is_a_setting(example_bundle):
    issues = validate_bundle(example_bundle)
    assert ("$.format", "too_long") in [(i.path, i.code) for i in issues]
    assert ("$.family.members[0].given_name", "too_long") not in [(i.path, i.code) for i in issues]


def test_a_long_field_name_is_cut_short_in_the_path():
    (issue,) = refused(parse_bundle_text, '{"' + "k" * 5000 + '": 1, "' + "k" * 5000 + '": 2}')
    assert issue.code == "duplicate_key"
    assert len(issue.path) < 80


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: no disk space, but 50 MB long
        handle.truncate(50_000_000)
    tracemalloc.start()
    try:
        (issue,) = refused(read_bundle_file, path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (issue.path, issue.code) == ("$", "too_large")
    assert "50000000" in issue.message and "HERENIGD_BUNDLE_MAX_BYTES" in issue.message
    assert peak < 1_000_000, "the file was not read into memory"


@override_settings(HERENIGD_BUNDLE_MAX_BYTES=1000)
def test_file_size_limit_is_a_setting(tmp_path, example_bundle):
    (issue,) = refused(read_bundle_file, write(tmp_path, "b.json", example_bundle))
    assert issue.code == "too_large"
    (issue,) = refused(parse_bundle_bytes, json.dumps(example_bundle).encode())
    assert issue.code == "too_large"


def test_a_file_is_read_and_parsed(tmp_path, example_bundle):
    assert read_bundle_file(write(tmp_path, "b.json", example_bundle)) == example_bundle


def test_a_bom_is_accepted(example_bundle):
    raw = json.dumps(example_bundle).encode("utf-8")
    assert parse_bundle_bytes(b"\xef\xbb\xbf" + raw) == example_bundle
    assert parse_bundle_text("\ufeff" + raw.decode()) == example_bundle


def test_text_that_is_not_utf8_is_refused_with_its_byte_position():
    (issue,) = refused(parse_bundle_bytes, b'{"format": "caf\xe9"}')
    assert (issue.path, issue.code) == ("$", "not_utf8")
    assert "16" in issue.message


@pytest.mark.parametrize("name", ["missing.json", "."])
def test_unreadable_files_are_refused(tmp_path, name):
    (issue,) = refused(read_bundle_file, tmp_path / name)
    assert (issue.path, issue.code) == ("$", "unreadable")


@pytest.mark.parametrize("text", ["", "   \n"])
def test_an_empty_file_is_refused(text):
    (issue,) = refused(parse_bundle_text, text)
    assert (issue.path, issue.code) == ("$", "empty")


# --- 8. no personal data in messages -------------------------------------------------------------

MARK = "Zaynab"


def test_a_json_array_is_refused_without_echoing_the_file(example_bundle):
    text = json.dumps(example_bundle["family"]["members"])
    (issue,) = validate_bundle(parse_bundle_text(text))
    assert (issue.path, issue.code) == ("$", "type")
    for name in ("Karim", "Rana", "Omar", "Lina", "Haddad"):
        assert name not in issue.message
    assert len(issue.message) < 200


PERSONAL_MUTATIONS = [
    lambda m, e, c: m.update(given_name=MARK * 30),
    lambda m, e, c: m.update(family_name=[MARK]),
    lambda m, e, c: m.update(given_name={"first": MARK}),
    lambda m, e, c: m.update(sex=MARK),
    lambda m, e, c: m.update(role=MARK.lower()),
    lambda m, e, c: m.update(nationality=MARK),
    lambda m, e, c: m.update(bsn=MARK),
    lambda m, e, c: m.update(bsn="123456789"),
    lambda m, e, c: m.update(languages=[MARK.lower()[:2] + MARK]),
    lambda m, e, c: m.update(location=MARK),
    lambda m, e, c: m.update(key=MARK),
    lambda m, e, c: m.update(birth_date=MARK),
    lambda m, e, c: e.update(note=f"{MARK}\x00"),
    lambda m, e, c: e.update(note=[MARK]),
    lambda m, e, c: e.update(address=MARK),
    lambda m, e, c: e.update(source=MARK * 100),
    lambda m, e, c: e.update(person=MARK),
    lambda m, e, c: e.update(date=MARK),
    lambda m, e, c: c.update(topic=MARK * 100),
    lambda m, e, c: c.update(topic=f"{MARK}\u202e"),
    lambda m, e, c: c.update(person=MARK),
    lambda m, e, c: c.update(interpreter=MARK),
]


@pytest.mark.django_db
@pytest.mark.parametrize("mutate", PERSONAL_MUTATIONS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_messages_never_echo_personal_values(example_bundle, municipalities, mutate, language):
    family = example_bundle["family"]
    mutate(family["members"][1], family["events"][1], family["contacts"][0])
    with translation.override(language):
        issues = refused(family_import_bundle, data=copy.deepcopy(example_bundle))
    for issue in issues:
        assert MARK not in str(issue) and MARK.lower() not in str(issue), str(issue)
        assert len(str(issue)) < 600
    assert not Family.objects.exists()


def test_a_date_may_be_quoted(english, example_bundle):
    example_bundle["family"]["members"][1]["birth_date"] = "2019-02-30"
    (issue,) = validate_bundle(example_bundle)
    assert "2019-02-30" in issue.message


def test_a_quoted_value_is_cut_short(english, example_bundle):
    example_bundle["municipality"] = "0" * 9_000
    (issue,) = validate_bundle(example_bundle)
    assert issue.path == "$.municipality"
    assert len(issue.message) < 300


def test_at_most_20_problems_are_listed_then_a_note(english, example_bundle):
    example_bundle["family"]["members"] = [
        {"key": f"m{i}", "role": "child", "given_name": "x\x00"} for i in range(30)
    ]
    issues = validate_bundle(example_bundle)
    assert len(issues) == 21
    assert issues[-1].code == "more" and issues[-1].path == "$"
    assert issues[-1].message.startswith("only the first 20 problems are shown")


# --- nothing written -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_refused_reimport_writes_nothing(example_bundle, municipalities):
    family_import_bundle(data=example_bundle)
    before = row_counts()
    bad = copy.deepcopy(example_bundle)
    bad["family"]["members"][1]["birth_date"] = "0000"
    refused(family_import_bundle, data=bad)
    assert row_counts() == before
    assert Person.objects.get(key="partner").birth_date == datetime.date(1983, 7, 1)
