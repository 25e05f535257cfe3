"""Messages a data officer understands, in Dutch by default and English on request (finding 9):
no JSON Schema wording, no regular expressions, no Python hints; the value of a personal field is
never shown."""

import gettext as gnu_gettext
import json
import re
from pathlib import Path

import pytest
from django.utils import translation
from jsonschema import Draft202012Validator

from herenigd.casefile.bundles import bundle_schema, parse_bundle_text, validate_bundle
from herenigd.casefile.schemawords import PATTERN_WORDS, schema_issues

from .support import refused

LOCALE = Path(__file__).resolve().parents[2] / "src/herenigd/locale/nl/LC_MESSAGES"

#: Wording of jsonschema, Python and regular expressions that must not reach a data officer.
PROGRAMMER_WORDS = re.compile(
    r"is not of type|is a required property|does not match|Additional properties|is not one of"
    r"|is not valid under|should not be valid|non-unique|was expected|is not a multiple"
    r"|does not have enough|has too many properties|is a dependency|False schema|is not a 'date'"
    r"|Failed validating|utf-8-sig|BOM|Expecting|Unterminated|delimiter|JSONDecodeError"
    r"|\^|\[0-9\]|\\d|\{\d|\$defs|Traceback"
)


def messages_in(language, issues_of):
    with translation.override(language):
        return [i.message for i in issues_of()]


# --- the issue's own examples --------------------------------------------------------------------


def test_impossible_birth_date_in_dutch_and_english(example_bundle):
    example_bundle["family"]["members"][1]["birth_date"] = "2019-02-30"
    assert messages_in("nl", lambda: validate_bundle(example_bundle)) == [
        "Lid 'partner', geboortedatum 2019-02-30: geen bestaande datum"
    ]
    assert messages_in("en", lambda: validate_bundle(example_bundle)) == [
        "Member 'partner', birth_date 2019-02-30: not an existing date"
    ]


def test_unknown_member_key_names_the_event(example_bundle):
    example_bundle["family"]["events"][4]["person"] = "grandmother"
    assert messages_in("en", lambda: validate_bundle(example_bundle)) == [
        "Event 5 (separated), person 'grandmother': no member of this family has this key"
    ]
    assert messages_in("nl", lambda: validate_bundle(example_bundle)) == [
        "Gebeurtenis 5 (separated), persoon 'grandmother': geen lid van dit gezin heeft deze "
        "sleutel"
    ]


def test_a_pattern_is_described_in_words(example_bundle):
    example_bundle["municipality"] = "268"
    example_bundle["family"]["members"][0]["birth_date"] = "14-03-1978"
    nl = messages_in("nl", lambda: validate_bundle(example_bundle))
    assert nl == [
        "Bundel, gemeentecode '268': hier hoort een code van vier cijfers, zoals 0268",
        "Lid 'sponsor', geboortedatum 14-03-1978: hier hoort een datum zoals 1983-07-01, of "
        "alleen een jaar zoals 1983",
    ]
    en = messages_in("en", lambda: validate_bundle(example_bundle))
    assert en[0] == "Bundle, municipality '268': should be a code of four digits, like 0268"


def test_a_json_array_is_described_without_its_content(example_bundle):
    data = parse_bundle_text(json.dumps(example_bundle["family"]["members"]))
    assert messages_in("en", lambda: validate_bundle(data)) == [
        "Bundle: should be an object ({ … }), but is a list ([ … ])"
    ]
    assert messages_in("nl", lambda: validate_bundle(data)) == [
        "Bundel: hier hoort een object ({ … }), maar er staat een lijst ([ … ])"
    ]


def test_a_missing_required_field_in_dutch_names_the_field_in_both_words(example_bundle):
    del example_bundle["family"]["reference"]
    assert messages_in("nl", lambda: validate_bundle(example_bundle)) == [
        "Gezin: het verplichte veld kenmerk ('reference') ontbreekt"
    ]
    assert messages_in("en", lambda: validate_bundle(example_bundle)) == [
        "Family: the required field 'reference' is missing"
    ]


def test_a_field_of_another_event_type_is_located_at_the_field(example_bundle):
    example_bundle["family"]["events"][6]["outcome"] = "granted"
    (issue,) = validate_bundle(example_bundle)
    assert issue.path == "$.family.events[6].outcome"
    with translation.override("en"):
        (issue,) = validate_bundle(example_bundle)
    assert issue.message == (
        "Event 7 (arrival), outcome: this field does not belong to an event of type 'arrival'"
    )


# --- every JSON Schema keyword has a sentence ----------------------------------------------------

KEYWORDS = [
    ("required", {"type": "object", "required": ["reference"]}, {}),
    (
        "additionalProperties",
        {"type": "object", "properties": {"a": {}}, "additionalProperties": False},
        {"a": 1, "colour": 2},
    ),
    ("type", {"type": "object"}, [1, 2]),
    ("type", {"type": ["string", "null"]}, 1),
    ("enum", {"enum": ["sponsor", "partner"]}, "uncle"),
    ("const", {"const": "herenigd.case-bundle/1"}, "x"),
    ("pattern", {"type": "string", "pattern": "^[0-9]{4}$"}, "268"),
    ("impossible_date", {"type": "string", "format": "date"}, "2019-02-30"),
    ("minimum", {"minimum": 1}, 0),
    ("maximum", {"maximum": 9}, 10),
    ("exclusiveMinimum", {"exclusiveMinimum": 1}, 1),
    ("exclusiveMaximum", {"exclusiveMaximum": 9}, 9),
    ("minLength", {"minLength": 1}, ""),
    ("minLength", {"minLength": 3}, "ab"),
    ("maxLength", {"maxLength": 3}, "abcd"),
    ("minItems", {"minItems": 1}, []),
    ("minItems", {"minItems": 2}, [1]),
    ("maxItems", {"maxItems": 1}, [1, 2]),
    ("uniqueItems", {"uniqueItems": True}, ["ar", "ar"]),
    ("not", {"not": {"enum": ["x"]}}, "x"),
    ("anyOf", {"anyOf": [{"type": "string"}, {"type": "boolean"}]}, 1),
    ("oneOf", {"oneOf": [{"type": "string"}, {"minLength": 1}]}, "ab"),
    ("multipleOf", {"multipleOf": 2}, 3),
    ("minProperties", {"minProperties": 1}, {}),
    ("maxProperties", {"maxProperties": 1}, {"a": 1, "b": 2}),
    ("dependentRequired", {"dependentRequired": {"a": ["b"]}}, {"a": 1}),
    ("false", {"properties": {"a": False}}, {"a": 1}),
    ("contains", {"contains": {"type": "string"}}, [1]),
]


def keyword_issues(schema, instance):
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = list(validator.iter_errors(instance))
    assert errors
    return errors, schema_issues(errors, instance)


@pytest.mark.parametrize(("keyword", "schema", "instance"), KEYWORDS)
def test_every_schema_keyword_is_a_plain_sentence(keyword, schema, instance):
    with translation.override("en"):
        errors, issues = keyword_issues(schema, instance)
    with translation.override("nl"):
        _errors, dutch = keyword_issues(schema, instance)
    assert issues[0].code == keyword
    for issue, error, nl in zip(issues, errors, dutch, strict=False):
        assert not PROGRAMMER_WORDS.search(issue.message), issue.message
        assert not PROGRAMMER_WORDS.search(nl.message), nl.message
        assert error.message not in issue.message
        assert nl.message != issue.message, "translated"


def test_every_pattern_of_the_schema_has_words_in_both_languages():
    def patterns(node):
        if isinstance(node, dict):
            if "pattern" in node:
                yield node
            for value in node.values():
                yield from patterns(value)
        elif isinstance(node, list):
            for value in node:
                yield from patterns(value)

    found = list(patterns(bundle_schema()))
    assert len(found) >= 7
    for node in found:
        words = node.get("x-words")
        assert words in PATTERN_WORDS, node["pattern"]
        with translation.override("nl"):
            assert translation.gettext(words) != words, words


# --- reading -------------------------------------------------------------------------------------

SYNTAX = [
    '{"format": }',
    '{"format": "x" "municipality": "0268"}',
    '{"format" "x"}',
    '{"format": "x",}',
    '{"format": "x',
    '{"format": "a\tb"}',
    '{"format": "\\q"}',
    '{"format": "x"} {}',
    "{'format': 'x'}",
    "nope",
]


@pytest.mark.parametrize("text", SYNTAX)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_json_syntax_errors_are_explained(text, language):
    with translation.override(language):
        (issue,) = refused(parse_bundle_text, text)
    assert (issue.path, issue.code) == ("$", "syntax")
    assert not PROGRAMMER_WORDS.search(issue.message), issue.message
    assert ("regel 1, kolom" if language == "nl" else "line 1, column") in issue.message


def test_a_bom_is_no_problem(example_bundle):
    assert parse_bundle_text("\ufeff" + json.dumps(example_bundle)) == example_bundle


# --- the catalogue -------------------------------------------------------------------------------


def po_entries(path):
    """(msgctxt, msgid, msgid_plural) → (first msgstr, flags) of each entry of a .po file."""
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, field, flags = {}, None, ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif line.startswith("msg"):
                field, _, rest = line.partition(" ")
                fields[field] = json.loads(rest)
            elif line.startswith('"') and field:
                fields[field] += json.loads(line)
        if fields.get("msgid"):
            key = (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"))
            entries[key] = (fields.get("msgstr", fields.get("msgstr[0]", "")), flags)
    return entries


def test_the_dutch_catalogue_is_complete_and_compiled():
    entries = po_entries(LOCALE / "django.po")
    assert len(entries) > 60
    assert [key for key, (text, _flags) in entries.items() if not text] == []
    assert [key for key, (_text, flags) in entries.items() if "fuzzy" in flags] == []
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gnu_gettext.GNUTranslations(handle)
    for (context, msgid, plural), (text, _flags) in entries.items():
        if plural:
            found = (
                compiled.npgettext(context, msgid, plural, 1)
                if context
                else compiled.ngettext(msgid, plural, 1)
            )
        else:
            found = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        assert found == text, msgid
