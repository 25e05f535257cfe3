"""The questionnaire and family-observations schemas, and the one wording of both loaders."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from herenigd.intake import loading, observations
from herenigd.intake.factors import LANGUAGES
from herenigd.intake.loading import load_questionnaire
from herenigd.intake.questionnaire import QuestionnaireError


@pytest.mark.parametrize("path", [loading.SCHEMA_PATH, observations.SCHEMA_PATH])
def test_schemas_are_valid_draft_2020_12(path):
    Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_the_text_definition_has_the_intake_languages():
    text = json.loads(loading.SCHEMA_PATH.read_text(encoding="utf-8"))["$defs"]["text"]
    assert tuple(text["required"]) == LANGUAGES


def test_an_integer_is_called_an_integer(tmp_path):
    source = (loading.QUESTIONNAIRE_DIR / "adult-v1.yaml").read_text(encoding="utf-8")
    path = tmp_path / "adult-v1.yaml"
    path.write_text(source.replace("\nversion: 1\n", "\nversion: '1'\n"), encoding="utf-8")
    with pytest.raises(QuestionnaireError) as exc:
        load_questionnaire(path)
    assert exc.value.key == "version"
    assert exc.value.message == "expected an integer ≥ 1, got a string"
