"""The rule-set schema: valid draft 2020-12, one vocabulary; the file gives the generic shape of
a row and no codes, and the schema composed from it and the registries has exactly the codes and
parameters the rules declare."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator

from herenigd import vocab
from herenigd.intake import factors
from herenigd.rules import ruleset
from herenigd.rules.attention import ATTENTION
from herenigd.rules.deadlines import DEADLINES
from herenigd.rules.registry import PARAM_KINDS
from herenigd.rules.ruleset import (
    ATTENTION_CODES,
    DATA_ATTENTION_CODES,
    DEADLINE_CODES,
    OTHER_ATTENTION_CODES,
    SCHEMA_PATH,
    RuleSetError,
)


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _property_names(node: Any) -> Iterator[str]:
    """Every key declared (under `properties`) or required anywhere in a schema."""
    if isinstance(node, dict):
        yield from node.get("properties", {})
        yield from node.get("required", ())
        for value in node.values():
            yield from _property_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from _property_names(value)


def test_schema_file_lists_no_codes_and_no_rule_parameters():
    declared = {name for r in (DEADLINES, ATTENTION) for code in r for name in r[code].params}
    names = set(_property_names(schema()))
    assert not names & {*ATTENTION_CODES, *DEADLINE_CODES, *declared}
    props = schema()["properties"]
    assert props["deadlines"]["additionalProperties"] == {"$ref": "#/$defs/deadline"}
    assert props["attention"]["additionalProperties"] == {"$ref": "#/$defs/attention_rule"}


def test_every_parameter_kind_is_a_definition_of_the_schema_file():
    defs = schema()["$defs"]
    for kind, fragment in PARAM_KINDS.items():
        assert fragment["$ref"].startswith("#/$defs/"), kind
        assert fragment["$ref"].removeprefix("#/$defs/") in defs, kind


def _row(base: str, params: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {"$ref": f"#/$defs/{base}"}
    if params:
        row["required"] = list(params)
        row["properties"] = {name: {"$ref": f"#/$defs/{kind}"} for name, kind in params.items()}
    return {**row, "unevaluatedProperties": False}


def test_composed_schema_requires_exactly_the_registered_codes_and_their_parameters():
    composed = ruleset.composed_schema()
    Draft202012Validator.check_schema(composed)
    props = composed["properties"]
    assert tuple(props["deadlines"]["required"]) == DEADLINE_CODES == tuple(DEADLINES)
    assert props["deadlines"]["additionalProperties"] is False
    assert props["deadlines"]["properties"] == {
        code: _row("deadline", dict(DEADLINES[code].params)) for code in DEADLINES
    }
    assert tuple(props["attention"]["required"]) == ATTENTION_CODES
    assert ATTENTION_CODES[: len(ATTENTION)] == DATA_ATTENTION_CODES == tuple(ATTENTION)
    assert props["attention"]["additionalProperties"] is False
    assert props["attention"]["properties"] == {
        **{code: _row("attention_rule", dict(ATTENTION[code].params)) for code in ATTENTION},
        **{code: _row("attention_rule", {}) for code in OTHER_ATTENTION_CODES},
    }
    rows = props["deadlines"]["properties"]
    assert rows["JGZ_INTAKE"]["properties"] == {
        "min_age_at_arrival": {"$ref": "#/$defs/age"},
        "max_age_at_arrival": {"$ref": "#/$defs/age"},
    }
    # The rest is the file's.
    file = schema()
    for sections in (props, file["properties"]):
        del sections["deadlines"], sections["attention"]
    assert composed == file


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
