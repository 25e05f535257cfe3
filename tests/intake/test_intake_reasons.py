"""Intake attention reasons rendered from a point's facts, in the viewer's language (factors.md §4):
the stored point keeps codes and facts, the page renders the sentence."""

from __future__ import annotations

import json

import pytest
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import given, settings
from hypothesis import strategies as st

from herenigd.intake.loading import load_builtin
from herenigd.intake.profile import PersonIntake, intake_attention
from herenigd.intake.reasons import reason_languages, render_intake_reason

ADULT = load_builtin("adult")
CHILD = load_builtin("child")


def neutral(language: str) -> str:
    with translation.override(language):
        return gettext("Raised by the intake.")


def adult(person: str, role: str, answers: dict) -> PersonIntake:
    return PersonIntake(person=person, role=role, adult=True, questionnaire=ADULT, answers=answers)


def raised(entries, code: str):
    (found,) = [p for p in intake_attention(entries, application_pending=False) if p.code == code]
    return found


def stored(facts: dict) -> dict:
    """The facts as a JSON column gives them back: jsonb keeps no key order."""
    return json.loads(json.dumps(facts, sort_keys=True))


UNEMPLOYED = [
    adult("sponsor", "sponsor", {"work_study": ["none"], "role_feelings": ["lost_role"]}),
    adult("partner", "partner", {"work_study": ["care_at_home", "language_course"]}),
]
DEBT_FACTS = {
    "questionnaire": "adult",
    "version": 1,
    "rule": "FINANCIAL_DEBT",
    "answers": {"debts": "yes", "debt_kind": ["arrears"]},
}


def test_household_reason_rendered_from_facts():
    p = raised(UNEMPLOYED, "UNEMPLOYED_HOUSEHOLD")
    assert p.facts["rule"] == "UNEMPLOYED_HOUSEHOLD"
    assert render_intake_reason(p.code, stored(p.facts), "en") == (
        "No adult has work or study (sponsor: None of these; partner: I take care of the "
        "household or the children, Language lessons or civic integration course); about their "
        "role: sponsor: I feel I lost my role in the family; partner: (no answer)."
    )
    assert render_intake_reason(p.code, stored(p.facts), "nl") == (
        "Geen volwassene heeft werk of studie (sponsor: Niets van dit alles; partner: Ik zorg "
        "voor het huishouden of de kinderen, Taalles of inburgeringscursus); over de eigen rol: "
        "sponsor: Ik heb het gevoel dat ik mijn rol in het gezin kwijt ben; partner: (geen "
        "antwoord)."
    )


def test_facts_are_json_and_render_the_same_after_storing():
    entries = [*UNEMPLOYED, adult("uncle", "other", {"debts": "yes"})]
    for p in intake_attention(entries, application_pending=True):
        assert stored(p.facts) == p.facts
        for language in ("nl", "en", "ar"):
            assert render_intake_reason(p.code, stored(p.facts), language) == (
                render_intake_reason(p.code, p.facts, language)
            )


def test_a_point_stored_without_rule_id_renders_by_code():
    old = {k: v for k, v in DEBT_FACTS.items() if k != "rule"}
    expected = (
        "Debts: Yes (Arrears in rent or energy or health insurance); relatives abroad ask for "
        "money: (no answer); making ends meet: (no answer)."
    )
    assert render_intake_reason("FINANCIAL_DEBT", old, "en") == expected
    assert render_intake_reason("FINANCIAL_DEBT", DEBT_FACTS, "en") == expected
    # a household point stored before `adults`: the adults in the order of the answers
    p = raised(UNEMPLOYED, "PARTICIPATION_ONE_PARTNER")
    old = {k: v for k, v in p.facts.items() if k not in ("rule", "adults")}
    assert render_intake_reason(p.code, old, "nl") == render_intake_reason(p.code, p.facts, "nl")


def test_arabic_uses_the_dutch_template_with_arabic_option_labels():
    # reason templates are Dutch and English only; option labels exist in all four languages
    assert render_intake_reason("FINANCIAL_DEBT", DEBT_FACTS, "ar") == (
        "Schulden: نعم (متأخرات في الإيجار أو الطاقة أو التأمين الصحي); familie in het "
        "buitenland vraagt om geld: (geen antwoord); rondkomen: (geen antwoord)."
    )
    p = raised(
        [adult("p", "partner", {"live_together_wish": "want_separately"})], "SEPARATE_LIVING_WISH"
    )
    assert render_intake_reason(p.code, p.facts, "ti") == (
        "Op de vraag of de persoon met de referent wil samenwonen: ኣይፋል፡ በይነይ ክነብር እደሊ."
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ("nl", "en")),
        ("en", ("en", "nl")),
        ("en-gb", ("en", "nl")),
        ("ar", ("ar", "nl", "en")),
        ("ti", ("ti", "nl", "en")),
        ("de", ("nl", "en")),
        ("", ("nl", "en")),
        (None, ("nl", "en")),
        ("__doc__", ("nl", "en")),
    ],
)
def test_language_fallback(language, expected):
    assert reason_languages(language) == expected


def test_a_language_without_texts_falls_back_to_dutch():
    dutch = render_intake_reason("FINANCIAL_DEBT", DEBT_FACTS, "nl")
    assert dutch.startswith("Schulden: Ja (Achterstand met huur")
    assert render_intake_reason("FINANCIAL_DEBT", DEBT_FACTS, "de") == dutch
    assert render_intake_reason("FINANCIAL_DEBT", DEBT_FACTS, "en-GB").startswith("Debts: Yes")


def with_facts(**changes) -> dict:
    return {**DEBT_FACTS, **changes}


HOUSEHOLD = {
    "questionnaire": "adult",
    "version": 1,
    "rule": "PARTICIPATION_ONE_PARTNER",
    "answers": {"sponsor": {"work_study": ["paid_work"]}, "partner": {"work_study": ["none"]}},
    "adults": ["sponsor", "partner"],
}


@pytest.mark.parametrize(
    "facts",
    [
        {},  # anonymised
        None,
        "FINANCIAL_DEBT",
        with_facts(questionnaire="gone"),
        with_facts(version=99),  # a version that no longer ships
        with_facts(version="1"),
        with_facts(version=True),
        with_facts(version=[1]),
        with_facts(questionnaire=["adult"]),
        with_facts(rule="NO_SUCH_RULE"),
        with_facts(rule=["FINANCIAL_DEBT"]),
        {k: v for k, v in DEBT_FACTS.items() if k != "answers"},
        with_facts(answers=["debts"]),
        with_facts(answers={"debts": "maybe"}),
        with_facts(answers={"debts": 3}),
        with_facts(answers={"debts": {"yes": True}}),
        with_facts(answers={"debt_kind": "arrears"}),
        with_facts(answers={"debt_kind": ["arrears", "arrears"]}),
        with_facts(answers={"no_such_question": "yes"}),
        with_facts(answers={"debts": "yes", "live_together_wish": [[]]}),
        {**HOUSEHOLD, "answers": {"sponsor": ["paid_work"], "partner": {}}},
        {**HOUSEHOLD, "answers": {"sponsor": {"work_study": "paid_work"}}},
        {**HOUSEHOLD, "adults": "sponsor"},
        {**HOUSEHOLD, "adults": [1, 2]},
        {**HOUSEHOLD, "adults": [["sponsor"]]},
        {**HOUSEHOLD, "versions": {"sponsor": 7}},
        {**HOUSEHOLD, "versions": {"sponsor": None}},
        {**HOUSEHOLD, "versions": ["sponsor"]},
        {**HOUSEHOLD, "answers": {1: {"work_study": ["none"]}}, "adults": None},
    ],
)
def test_facts_that_cannot_be_rendered_give_the_neutral_sentence(facts):
    code = "PARTICIPATION_ONE_PARTNER" if facts and "adults" in facts else "FINANCIAL_DEBT"
    for language in ("nl", "en", "ar", "xx"):
        assert render_intake_reason(code, facts, language) == neutral(reason_languages(language)[0])
    assert render_intake_reason(code, facts, "en") == "Raised by the intake."


def test_the_household_facts_are_sound():
    assert render_intake_reason("PARTICIPATION_ONE_PARTNER", HOUSEHOLD, "en") == (
        "One partner works, studies or takes language lessons, the other does not: "
        "sponsor: Paid work; partner: None of these."
    )


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children)
    ),
    max_leaves=8,
)
QUESTION_IDS = st.sampled_from([q.id for q in (*ADULT.questions, *CHILD.questions)])
ANSWERS = st.dictionaries(QUESTION_IDS | st.text(max_size=5), JSON, max_size=4)


@st.composite
def damaged_facts(draw) -> dict:
    facts = {
        "questionnaire": draw(st.sampled_from(["adult", "child", "x"]) | JSON),
        "version": draw(st.sampled_from([1, 2]) | JSON),
        "rule": draw(
            st.sampled_from([r.code for r in (*ADULT.attention, *CHILD.attention)]) | JSON
        ),
        "answers": draw(ANSWERS | st.dictionaries(st.sampled_from(["a", "b"]), ANSWERS) | JSON),
        "adults": draw(st.lists(st.sampled_from(["a", "b"])) | JSON),
        "versions": draw(st.dictionaries(st.sampled_from(["a", "b"]), JSON) | JSON),
        "context": draw(JSON),
    }
    keep = draw(st.sets(st.sampled_from(sorted(facts))))
    return {k: v for k, v in facts.items() if k in keep}


@settings(max_examples=300, deadline=None)
@given(
    code=st.sampled_from(["FINANCIAL_DEBT", "UNEMPLOYED_HOUSEHOLD", "CHILD_INTERPRETER", ""]),
    facts=damaged_facts() | JSON,
    language=st.sampled_from(["nl", "en", "ar", "ti", "de", ""]) | st.text(max_size=6),
)
def test_rendering_never_raises(code, facts, language):
    assert isinstance(render_intake_reason(code, facts, language), str)
