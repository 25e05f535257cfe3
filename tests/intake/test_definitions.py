"""The shipped questionnaires and family observations load, cover the factor model in four
languages, and malformed files are refused with the key path of the error (factors.md)."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from herenigd.intake.factors import (
    ATTENTION_SENSITIVITY,
    CHILD_FACTORS,
    FACTOR_SETS,
    FACTORS,
    LANGUAGES,
    REUNIFIER_FACTORS,
    profile_order,
    sensitivity_rank,
)
from herenigd.intake.loading import (
    QUESTIONNAIRE_DIR,
    builtin_questionnaires,
    load_builtin,
    load_questionnaire,
)
from herenigd.intake.observations import load_family_observations
from herenigd.intake.questionnaire import FORMAT, Questionnaire, QuestionnaireError

ARABIC = re.compile(r"[\u0600-\u06FF]")
ETHIOPIC = re.compile(r"[\u1200-\u137F]")

ADULT_CODES = {
    "PSYCH_COMPLAINTS",
    "SUBSTANCE_USE",
    "FINANCIAL_DEBT",
    "SEPARATE_LIVING_WISH",
    "CHRONIC_CONDITION_UNTREATED",
    "SOCIAL_ISOLATION",
    "UNEMPLOYED_HOUSEHOLD",
    "WAITING_STRESS",
    "PARTICIPATION_ONE_PARTNER",
}
CHILD_CODES = {"CHILD_INTERPRETER", "EX_AMV_OVERLOAD"}


def fed_factors(q: Questionnaire) -> set[str]:
    return {code for question in q.questions for code in question.feeds}


def all_texts(q: Questionnaire):
    """(where, Text) for every four-language text of a questionnaire."""
    yield "title", q.title
    for section in q.sections:
        yield f"{section.id}.title", section.title
        for question in section.questions:
            yield f"{question.id}.text", question.text
            if question.help is not None:
                yield f"{question.id}.help", question.help
            for option in question.options:
                yield f"{question.id}.{option.value}", option.label


# --- the shipped files ---------------------------------------------------------------------------


def test_every_builtin_loads():
    found = builtin_questionnaires()
    assert set(found) == {("adult", 1), ("child", 1)}
    for (qid, version), q in found.items():
        assert Path(q.path).name == f"{qid}-v{version}.yaml"
        assert load_builtin(qid) is q
        assert load_builtin(qid, version) is q
    observations = load_family_observations()
    assert observations.version == 1


def test_every_yaml_file_in_the_directory_is_a_builtin_or_the_observations():
    names = sorted(p.name for p in QUESTIONNAIRE_DIR.glob("*.yaml"))
    assert names == ["adult-v1.yaml", "child-v1.yaml", "family-observations-v1.yaml"]


def test_unknown_builtin_is_an_error():
    with pytest.raises(QuestionnaireError) as exc:
        load_builtin("adult", 99)
    assert exc.value.code == "questionnaire_not_found"
    assert "adult v1" in str(exc.value)


def test_adult_questionnaire_header():
    q = load_builtin("adult")
    assert (q.id, q.version, q.completes_event, q.factor_set) == (
        "adult",
        1,
        "intake_completed",
        "adult",
    )
    assert 30 <= len(q.questions) <= 40
    assert {r.code for r in q.attention} == ADULT_CODES


def test_child_questionnaire_header():
    q = load_builtin("child")
    assert (q.id, q.version, q.completes_event, q.factor_set) == (
        "child",
        1,
        "jgz_intake",
        "child",
    )
    assert 12 <= len(q.questions) <= 20
    assert {r.code for r in q.attention} == CHILD_CODES


def test_adult_questionnaire_feeds_all_17_factors():
    q = load_builtin("adult")
    assert len(FACTORS) == 17
    assert fed_factors(q) == {f.code for f in FACTORS}


def test_child_questionnaire_covers_the_child_factors():
    q = load_builtin("child")
    fazel = {f.code for f in CHILD_FACTORS}
    assert fazel == {"family_climate", "school_experience", "foster_family_culture"}
    assert fazel <= fed_factors(q)
    assert fed_factors(q) == set(FACTOR_SETS["child"])


@pytest.mark.parametrize("qid", ["adult", "child"])
def test_every_text_is_in_four_languages_with_the_right_script(qid):
    q = load_builtin(qid)
    for where, text in all_texts(q):
        for lang in LANGUAGES:
            assert text[lang].strip(), f"{qid}: {where} has no {lang}"
        assert ARABIC.search(text.ar), f"{qid}: {where}.ar is not in Arabic script: {text.ar!r}"
        assert ETHIOPIC.search(text.ti), f"{qid}: {where}.ti is not in Ge'ez script: {text.ti!r}"


@pytest.mark.parametrize("qid", ["adult", "child"])
def test_reasons_are_in_dutch_and_english_and_quote_answers(qid):
    for rule in load_builtin(qid).attention:
        assert rule.reason.nl.strip() and rule.reason.en.strip()
        assert rule.reason.placeholders, rule.code
        assert set(rule.questions) <= set(rule.reason.placeholders), rule.code


@pytest.mark.parametrize("qid", ["adult", "child"])
def test_rules_read_nothing_more_sensitive_than_their_code(qid):
    q = load_builtin(qid)
    for rule in q.attention:
        assert rule.sensitivity == ATTENTION_SENSITIVITY[rule.code]
        for question_id in (*rule.questions, *rule.reason.placeholders):
            question = q.question(question_id)
            assert sensitivity_rank(question.sensitivity) <= sensitivity_rank(rule.sensitivity)


def test_adult_sensitivities():
    q = load_builtin("adult")
    sensitivity = {question.id: question.sensitivity for question in q.questions}
    assert sensitivity["live_together_wish"] == "confidential"
    for health in (
        "psych_complaints",
        "substance_use",
        "chronic_conditions",
        "pregnant",
        "waiting_effects",
        "general_health",
    ):
        assert sensitivity[health] == "health", health
    for normal in ("work_study", "role_feelings", "debts", "contacts_outside_family"):
        assert sensitivity[normal] == "normal", normal
    # a confidential answer never feeds the (more widely shown) profile
    assert not q.question("live_together_wish").feeds


def test_adult_psych_complaints_include_indirect_expressions():
    q = load_builtin("adult").question("psych_complaints")
    assert q.type == "multi"
    labels = {o.label.en for o in q.options}
    for phrase in ("My soul is tired", "My heart is tight", "I sleep badly"):
        assert phrase in labels
    assert any("think too much" in label for label in labels)
    assert any("Pain without a clear cause" in label for label in labels)


def test_adult_role_loss_and_language_questions():
    q = load_builtin("adult")
    assert "I feel I lost my role in the family" in {
        o.label.en for o in q.question("role_feelings").options
    }
    assert q.question("dutch_level").option_values == (
        "none",
        "a0",
        "a1",
        "a2",
        "b1",
        "b2",
        "c1",
        "c2",
    )
    for question_id in ("english_level", "interpreter_needed", "preferred_language"):
        assert q.has_question(question_id)


def test_profile_order_puts_reunifier_factors_first():
    q = load_builtin("adult")
    n = len(REUNIFIER_FACTORS)
    assert set(q.factors[:n]) == REUNIFIER_FACTORS
    assert q.factors == profile_order([f.code for f in FACTORS])
    assert q.factors[:n] == (
        "loss_violence",
        "finances",
        "language",
        "asylum_procedure",
        "family_presence",
        "residence_security",
        "housing",
        "health_literacy",
    )


def test_family_observations_have_the_four_famcort_realms_and_the_literature_factors():
    obs = load_family_observations()
    assert [r.code for r in obs.realms] == [
        "roles_obligations",
        "memories_communication",
        "wider_family",
        "community_nation",
    ]
    for realm in obs.realms:
        assert realm.adverse and realm.rebuilding
        for item in (*realm.adverse, *realm.rebuilding):
            assert item.label["nl"].strip() and item.label["en"].strip()
    assert len(obs.literature_factors) == 11
    assert obs.observation("ambiguous_loss").label["en"] == "Ambiguous loss"
    assert "grandparent_parenting" in obs.codes
    with pytest.raises(KeyError):
        obs.observation("nope")


# --- malformed files -----------------------------------------------------------------------------


def text(s: str) -> dict[str, str]:
    return {"nl": s, "en": s, "ar": "نص", "ti": "ጽሑፍ"}


MINI = {
    "format": FORMAT,
    "id": "mini",
    "version": 1,
    "title": text("Mini"),
    "completes_event": "intake_completed",
    "sections": [
        {
            "id": "s",
            "title": text("S"),
            "questions": [
                {
                    "id": "mood",
                    "type": "single",
                    "sensitivity": "normal",
                    "text": text("Mood?"),
                    "options": [
                        {"value": "good", "label": text("Good"), "factors": {"health": "neutral"}},
                        {"value": "bad", "label": text("Bad"), "factors": {"health": "risk"}},
                    ],
                },
                {
                    "id": "pain",
                    "type": "multi",
                    "sensitivity": "health",
                    "text": text("Pain?"),
                    "options": [
                        {"value": "head", "label": text("Head")},
                        {"value": "back", "label": text("Back")},
                    ],
                },
                {
                    "id": "wish",
                    "type": "single",
                    "sensitivity": "confidential",
                    "text": text("Wish?"),
                    "options": [
                        {"value": "together", "label": text("Together")},
                        {"value": "apart", "label": text("Apart")},
                    ],
                },
                {"id": "kids", "type": "number", "sensitivity": "normal", "text": text("Kids?")},
            ],
        }
    ],
    "attention": [
        {
            "code": "SOCIAL_ISOLATION",
            "person_scope": "self",
            "when": {"question": "mood", "in": ["bad"]},
            "reason": {"nl": "Stemming: {mood}", "en": "Mood: {mood}"},
        }
    ],
}


def write(tmp_path: Path, doc, name: str = "mini-v1.yaml") -> Path:
    path = tmp_path / name
    source = doc if isinstance(doc, str) else yaml.safe_dump(doc, allow_unicode=True)
    path.write_text(source, encoding="utf-8")
    return path


def test_the_mini_file_is_valid(tmp_path):
    q = load_questionnaire(write(tmp_path, MINI))
    assert q.key == ("mini", 1)
    assert q.factor_set == "adult"
    assert [question.id for question in q.questions] == ["mood", "pain", "wish", "kids"]


def _q(doc, i=0):
    return doc["sections"][0]["questions"][i]


def _del_ti(doc):
    del _q(doc)["text"]["ti"]


def _unknown_factor(doc):
    _q(doc)["options"][1]["factors"] = {"finance": "risk"}


def _bad_factor_value(doc):
    _q(doc)["options"][1]["factors"] = {"health": "bad"}


def _child_factor_in_adult_set(doc):
    _q(doc)["options"][0]["factors"] = {"school_experience": "protective"}


def _unknown_question_key(doc):
    _q(doc)["colour"] = "red"


def _factors_on_question(doc):
    _q(doc, 3)["factors"] = {"health": "risk"}


def _confidential_feeds_factors(doc):
    _q(doc, 2)["options"][0]["factors"] = {"family_presence": "protective"}


def _bad_type(doc):
    _q(doc)["type"] = "dropdown"


def _duplicate_question(doc):
    _q(doc, 1)["id"] = "mood"


def _unknown_language(doc):
    _q(doc)["options"][0]["label"]["fr"] = "Bon"


def _empty_label(doc):
    _q(doc)["options"][0]["label"]["ar"] = "  "


def _exclusive_on_single(doc):
    _q(doc)["options"][0]["exclusive"] = True


def _one_option(doc):
    del _q(doc)["options"][1]


def _options_on_number(doc):
    _q(doc, 3)["options"] = [{"value": "x", "label": text("X")}]


def _min_on_single(doc):
    _q(doc)["min"] = 1


def _rule_unknown_question(doc):
    doc["attention"][0]["when"] = {"question": "nope", "in": ["bad"]}


def _rule_unknown_option(doc):
    doc["attention"][0]["when"] = {"question": "mood", "in": ["awful"]}


def _rule_reads_health(doc):
    doc["attention"][0]["when"] = {"question": "pain", "in": ["head"]}


def _rule_quotes_confidential(doc):
    doc["attention"][0]["reason"]["en"] = "Mood: {mood}, wish: {wish}"


def _rule_unknown_placeholder(doc):
    doc["attention"][0]["reason"]["nl"] = "Stemming: {moood}"


def _rule_unknown_code(doc):
    doc["attention"][0]["code"] = "LONG_SEPARATION"


def _household_reads_directly(doc):
    doc["attention"][0]["person_scope"] = "household"


def _household_role_at_top(doc):
    doc["attention"][0]["person_scope"] = "household"
    doc["attention"][0]["when"] = {
        "all": [{"role": ["sponsor"]}, {"household_any_adult": {"question": "mood", "in": ["bad"]}}]
    }


def _nested_aggregation(doc):
    doc["attention"][0]["person_scope"] = "household"
    doc["attention"][0]["when"] = {
        "household_any_adult": {"household_all_adults": {"question": "mood", "in": ["bad"]}}
    }


def _answered_yes_on_single(doc):
    doc["attention"][0]["when"] = {"question": "mood", "answered_yes": True}


def _unknown_operator(doc):
    doc["attention"][0]["when"] = {"some": [{"question": "mood", "in": ["bad"]}]}


def _unknown_context(doc):
    doc["attention"][0]["when"] = {"context": "decision_overdue"}


def _duplicate_code(doc):
    doc["attention"].append(copy.deepcopy(doc["attention"][0]))


def _missing_attention(doc):
    del doc["attention"]


def _wrong_format(doc):
    doc["format"] = "herenigd.questionnaire/2"


def _bad_completes_event(doc):
    doc["completes_event"] = "arrival"


S0 = "sections[0].questions"


@pytest.mark.parametrize(
    ("mutate", "key", "message"),
    [
        (_del_ti, f"{S0}[0].text", "missing language 'ti'"),
        (_unknown_factor, f"{S0}[0].options[1].factors.finance", "unknown factor code 'finance'"),
        (_bad_factor_value, f"{S0}[0].options[1].factors.health", "must be one of risk"),
        (
            _child_factor_in_adult_set,
            f"{S0}[0].options[0].factors.school_experience",
            "not in the 'adult' factor set",
        ),
        (_unknown_question_key, f"{S0}[0].colour", "unknown key 'colour'"),
        (_factors_on_question, f"{S0}[3].factors", "factors belong on the options"),
        (_confidential_feeds_factors, f"{S0}[2].options[0].factors", "confidential question"),
        (_bad_type, f"{S0}[0].type", "must be one of single"),
        (_duplicate_question, f"{S0}[1].id", "duplicate question id 'mood'"),
        (_unknown_language, f"{S0}[0].options[0].label.fr", "unknown language 'fr'"),
        (_empty_label, f"{S0}[0].options[0].label.ar", "must not be empty"),
        (_exclusive_on_single, f"{S0}[0].options[0].exclusive", "only meaningful on multi"),
        (_one_option, f"{S0}[0].options", "at least 2 options"),
        (_options_on_number, f"{S0}[3].options", "has no options"),
        (_min_on_single, f"{S0}[0].min", "only allowed on number questions"),
        (_rule_unknown_question, "attention[0].when.question", "does not exist"),
        (_rule_unknown_option, "attention[0].when.in[0]", "'awful' is not an option"),
        (_rule_reads_health, "attention[0].when.question", "would reveal it"),
        (_rule_quotes_confidential, "attention[0].reason.en", "which is confidential"),
        (_rule_unknown_placeholder, "attention[0].reason.nl", "{moood}"),
        (_rule_unknown_code, "attention[0].code", "unknown attention code"),
        (_household_reads_directly, "attention[0].when.question", "household rule"),
        (_household_role_at_top, "attention[0].when.all[0].role", "needs a person"),
        (
            _nested_aggregation,
            "attention[0].when.household_any_adult.household_all_adults",
            "cannot be nested",
        ),
        (_answered_yes_on_single, "attention[0].when.answered_yes", "needs a yesno question"),
        (_unknown_operator, "attention[0].when.some", "unknown condition operator"),
        (_unknown_context, "attention[0].when.context", "must be one of application_pending"),
        (_duplicate_code, "attention[1].code", "duplicate attention code"),
        (_missing_attention, None, "missing key 'attention'"),
        (_wrong_format, "format", "must be 'herenigd.questionnaire/1'"),
        (_bad_completes_event, "completes_event", "must be one of intake_completed"),
    ],
)
def test_malformed_questionnaire_names_the_key_path(tmp_path, mutate, key, message):
    doc = copy.deepcopy(MINI)
    mutate(doc)
    path = write(tmp_path, doc)
    with pytest.raises(QuestionnaireError) as exc:
        load_questionnaire(path)
    error = exc.value
    assert error.path == str(path)
    assert error.key == key
    assert message in error.message
    assert str(error).startswith(str(path))
    if key:
        assert f": {key}: " in str(error)


def test_unquoted_number_like_option_value_gets_a_hint(tmp_path):
    source = yaml.safe_dump(MINI, allow_unicode=True).replace("value: good", "value: 18_24")
    with pytest.raises(QuestionnaireError) as exc:
        load_questionnaire(write(tmp_path, source))
    assert exc.value.key == f"{S0}[0].options[0].value"
    assert "quote it" in exc.value.message


def test_duplicate_yaml_keys_are_refused(tmp_path):
    source = yaml.safe_dump(MINI, allow_unicode=True).replace("id: mini\n", "id: mini\nid: other\n")
    with pytest.raises(QuestionnaireError) as exc:
        load_questionnaire(write(tmp_path, source))
    assert "duplicate key 'id'" in exc.value.message


def test_unreadable_and_non_mapping_files(tmp_path):
    with pytest.raises(QuestionnaireError) as exc:
        load_questionnaire(tmp_path / "missing.yaml")
    assert exc.value.code == "questionnaire_unreadable"
    with pytest.raises(QuestionnaireError) as exc:
        load_questionnaire(write(tmp_path, "- just\n- a list\n"))
    assert "expected a mapping" in exc.value.message


def test_malformed_family_observations_name_the_key_path(tmp_path):
    doc = yaml.safe_load((QUESTIONNAIRE_DIR / "family-observations-v1.yaml").read_text("utf-8"))
    doc["realms"][1]["rebuilding"][0]["code"] = doc["realms"][0]["adverse"][0]["code"]
    with pytest.raises(QuestionnaireError) as exc:
        load_family_observations(write(tmp_path, doc, "obs.yaml"))
    assert exc.value.key == "realms[1].rebuilding[0].code"
    assert "duplicate code" in exc.value.message

    doc = yaml.safe_load((QUESTIONNAIRE_DIR / "family-observations-v1.yaml").read_text("utf-8"))
    del doc["literature_factors"][2]["label"]["en"]
    with pytest.raises(QuestionnaireError) as exc:
        load_family_observations(write(tmp_path, doc, "obs.yaml"))
    assert exc.value.key == "literature_factors[2].label"
    assert "missing language 'en'" in exc.value.message
