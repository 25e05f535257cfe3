"""The rule-set schema file: valid draft 2020-12, the same codes as the engine, one vocabulary."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator

from herenigd import vocab
from herenigd.intake import factors
from herenigd.rules import ruleset
from herenigd.rules.ruleset import ATTENTION_CODES, DEADLINE_CODES, SCHEMA_PATH, RuleSetError


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_declares_exactly_the_codes_of_the_engine():
    props = schema()["properties"]
    assert tuple(props["deadlines"]["required"]) == DEADLINE_CODES
    assert set(props["deadlines"]["properties"]) == set(DEADLINE_CODES)
    assert tuple(props["attention"]["required"]) == ATTENTION_CODES
    assert set(props["attention"]["properties"]) == set(ATTENTION_CODES)


def test_sensitivities_are_declared_once():
    assert ruleset.SENSITIVITIES is vocab.SENSITIVITIES
    assert factors.SENSITIVITIES is vocab.SENSITIVITIES
    assert "normal" not in SCHEMA_PATH.read_text(encoding="utf-8")  # referenced, not repeated


def test_message_is_worded_for_a_person_and_translatable():
    text = "format: herenigd.ruleset/1\nversion: x\n"
    try:
        ruleset.parse_ruleset(text, path="custom.yaml")
    except RuleSetError as exc:
        error = exc
    assert str(error) == "custom.yaml: missing key 'adult_age'"
    assert error.template == "missing key {name}"
    assert error.translated({"missing key {name}": "ontbrekende sleutel {name}"}.get) == (
        "custom.yaml: ontbrekende sleutel 'adult_age'"
    )
