"""Factor profiles, answer validation and intake attention points (factors.md §1, §2, §4)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from herenigd.intake import reasons
from herenigd.intake.conditions import ROLES
from herenigd.intake.factors import ATTENTION_SENSITIVITY, sensitivity_rank
from herenigd.intake.loading import load_builtin, load_questionnaire
from herenigd.intake.profile import (
    PROFILE_VALUES,
    UNKNOWN,
    AnswerIssue,
    FactorState,
    PersonIntake,
    factor_profile,
    intake_attention,
    normalise_answers,
    validate_answers,
)
from herenigd.intake.questionnaire import FORMAT, MAX_TEXT_LENGTH, Question, Questionnaire
from herenigd.intake.reasons import render_intake_reason

ON = datetime.date(2018, 3, 1)
ADULT = load_builtin("adult")
CHILD = load_builtin("child")


def text(s: str) -> dict[str, str]:
    return {"nl": s, "en": s, "ar": "نص", "ti": "ጽሑፍ"}


def option(value: str, **factors: str) -> dict:
    data: dict = {"value": value, "label": text(value.title())}
    if factors:
        data["factors"] = factors
    return data


#: One factor (health) fed by three questions, so every combination can be tested.
COMBO = {
    "format": FORMAT,
    "id": "combo",
    "version": 1,
    "title": text("Combo"),
    "completes_event": "intake_completed",
    "sections": [
        {
            "id": "s",
            "title": text("S"),
            "questions": [
                {
                    "id": "overall",
                    "type": "single",
                    "sensitivity": "normal",
                    "text": text("Overall?"),
                    "options": [
                        option("good", health="protective"),
                        option("fair", health="neutral"),
                        option("poor", health="risk"),
                    ],
                },
                {
                    "id": "signs",
                    "type": "multi",
                    "sensitivity": "normal",
                    "text": text("Signs?"),
                    "options": [
                        option("pain", health="risk"),
                        option("tired", health="neutral"),
                        option("sport", health="protective", social_network="protective"),
                        {**option("none"), "exclusive": True},
                    ],
                },
                {
                    "id": "checked",
                    "type": "yesno",
                    "sensitivity": "normal",
                    "text": text("Checked?"),
                    "options": [{"value": "yes", "factors": {"health": "neutral"}}],
                },
                {
                    "id": "kids",
                    "type": "number",
                    "sensitivity": "normal",
                    "text": text("Kids?"),
                    "min": 0,
                    "max": 20,
                },
                {"id": "note", "type": "text", "sensitivity": "normal", "text": text("Note?")},
            ],
        }
    ],
    "attention": [],
}


@pytest.fixture(scope="module")
def combo(tmp_path_factory) -> Questionnaire:
    path = Path(tmp_path_factory.mktemp("q")) / "combo-v1.yaml"
    path.write_text(yaml.safe_dump(COMBO, allow_unicode=True), encoding="utf-8")
    return load_questionnaire(path)


def state(profile: list[FactorState], factor: str) -> FactorState:
    (found,) = [s for s in profile if s.factor == factor]
    return found


# --- profile -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "value", "sources"),
    [
        ({}, UNKNOWN, ()),
        ({"signs": ["none"]}, UNKNOWN, ()),
        ({"kids": 3, "note": "fine"}, UNKNOWN, ()),
        ({"overall": "fair"}, "neutral", (("overall", "fair"),)),
        ({"checked": "yes"}, "neutral", (("checked", "yes"),)),
        ({"checked": "no"}, UNKNOWN, ()),
        ({"overall": "good"}, "protective", (("overall", "good"),)),
        ({"overall": "good", "checked": "yes"}, "protective", (("overall", "good"),)),
        ({"overall": "poor"}, "risk", (("overall", "poor"),)),
        ({"overall": "good", "signs": ["pain"]}, "risk", (("signs", "pain"),)),
        ({"overall": "poor", "signs": ["pain"]}, "risk", (("overall", "poor"), ("signs", "pain"))),
        ({"signs": ["tired", "sport"]}, "protective", (("signs", "sport"),)),
        (
            {"signs": ["tired"], "checked": "yes"},
            "neutral",
            (("signs", "tired"), ("checked", "yes")),
        ),
        ({"overall": "fair", "signs": ["tired", "sport", "pain"]}, "risk", (("signs", "pain"),)),
    ],
)
def test_profile_combination_table(combo, answers, value, sources):
    profile = factor_profile(combo, answers, ON)
    health = state(profile, "health")
    assert health.value == value
    assert health.sources == sources
    assert health.answered_on == (None if value == UNKNOWN else ON)


def test_an_option_can_feed_several_factors(combo):
    profile = factor_profile(combo, {"signs": ["sport"]}, ON)
    assert state(profile, "social_network") == FactorState(
        "social_network", "protective", (("signs", "sport"),), ON
    )


def test_profile_lists_every_factor_once_in_profile_order(combo):
    for q in (combo, ADULT, CHILD):
        profile = factor_profile(q, {}, ON)
        assert [s.factor for s in profile] == list(q.factors)
        assert all(s.value == UNKNOWN and s.sources == () for s in profile)
    assert [s.factor for s in factor_profile(ADULT, {}, None)] == [
        # reunifier factors first (factors.md §1, report §8.2), then the rest, in report order
        "loss_violence",
        "finances",
        "language",
        "asylum_procedure",
        "family_presence",
        "residence_security",
        "housing",
        "health_literacy",
        "age_gender",
        "education",
        "work_participation",
        "social_network",
        "religion_ideology",
        "home_country",
        "belonging",
        "health",
        "development_character",
    ]
    assert [s.factor for s in factor_profile(CHILD, {}, None)] == [
        "loss_violence",
        "family_presence",
        "housing",
        "social_network",
        "health",
        "family_climate",
        "school_experience",
        "foster_family_culture",
    ]


def test_adult_profile_from_realistic_answers():
    answers = {
        "age_group": "30_49",
        "gender": "woman",
        "dutch_level": "a1",
        "english_level": "good",
        "debts": "yes",
        "make_ends_meet": "just_about",
        "family_complete": "all_here",
        "relationship_now": "good",
        "work_study": ["language_course", "volunteering"],
        "psych_complaints": ["soul_tired", "sleeplessness"],
        "live_together_wish": "want_together",
    }
    profile = {s.factor: s for s in factor_profile(ADULT, answers, ON)}
    assert profile["age_gender"].value == "risk"
    assert profile["language"].value == "risk"
    assert profile["language"].sources == (("dutch_level", "a1"),)
    assert profile["finances"].value == "risk"
    assert profile["family_presence"].value == "protective"
    assert profile["family_presence"].sources == (
        ("family_complete", "all_here"),
        ("relationship_now", "good"),
    )
    assert profile["work_participation"].value == "protective"
    assert profile["health"].sources == (
        ("psych_complaints", "sleeplessness"),
        ("psych_complaints", "soul_tired"),
    )
    assert profile["housing"].value == UNKNOWN
    # the confidential answer appears in no profile row
    assert all(qid != "live_together_wish" for s in profile.values() for qid, _ in s.sources)


def test_profile_ignores_invalid_answers(combo):
    profile = factor_profile(
        combo, {"overall": "awful", "signs": ["pain", "none"], "nope": "x", "kids": "3"}, ON
    )
    assert state(profile, "health").value == UNKNOWN


# --- validation ----------------------------------------------------------------------------------


def test_partial_and_empty_answers_are_valid(combo):
    assert validate_answers(combo, {}) == []
    assert validate_answers(combo, {"overall": "good"}) == []
    assert validate_answers(combo, {"overall": None, "signs": [], "note": "", "kids": 0}) == []
    assert validate_answers(combo, {"signs": ("pain", "tired"), "checked": "no"}) == []


@pytest.mark.parametrize(
    ("answers", "question_id", "message"),
    [
        ({"nope": "x"}, "nope", "unknown question 'nope' in questionnaire combo v1"),
        ({"overall": "awful"}, "overall", "'awful' is not an option of this question"),
        ({"overall": 3}, "overall", "expected one option value (good, fair, poor), got a number"),
        ({"overall": ["good"]}, "overall", "expected one option value"),
        ({"checked": True}, "checked", "got a boolean"),
        ({"checked": "ja"}, "checked", "'ja' is not an option of this question (yes, no)"),
        ({"signs": "pain"}, "signs", "expected a list of option values"),
        ({"signs": ["pain", 3]}, "signs", "expected a list of option values"),
        ({"signs": ["pain", "itch"]}, "signs", "'itch' is not an option"),
        ({"signs": ["pain", "pain"]}, "signs", "'pain' is selected more than once"),
        ({"signs": ["pain", "none"]}, "signs", "'none' cannot be combined with other options"),
        ({"kids": "3"}, "kids", "expected a number, got a text ('3')"),
        ({"kids": True}, "kids", "expected a number, got a boolean"),
        ({"kids": float("nan")}, "kids", "expected a finite number"),
        ({"kids": -1}, "kids", "must be at least 0, got -1"),
        ({"kids": 21.5}, "kids", "must be at most 20, got 21.5"),
        ({"note": ["x"]}, "note", "expected a text, got a list"),
        ({"note": "x" * (MAX_TEXT_LENGTH + 1)}, "note", f"at most {MAX_TEXT_LENGTH} characters"),
    ],
)
def test_validate_answers_reports_the_problem(combo, answers, question_id, message):
    issues = validate_answers(combo, answers)
    assert len(issues) == 1
    assert issues[0].question_id == question_id
    assert message in issues[0].message_en


def test_validate_answers_order_and_non_mapping(combo):
    issues = validate_answers(combo, {"zzz": 1, "kids": "x", "overall": "x"})
    assert [i.question_id for i in issues] == ["overall", "kids", "zzz"]
    assert validate_answers(combo, ["overall"]) == [
        AnswerIssue("", "answers must be a mapping from question id to answer")
    ]


def test_normalise_answers(combo):
    assert normalise_answers(
        combo, {"note": "hi", "signs": ["tired", "pain"], "overall": "bad", "kids": 2}
    ) == {"signs": ("tired", "pain"), "kids": 2, "note": "hi"}


# --- attention -----------------------------------------------------------------------------------


def adult(person: str, role: str, answers: dict, *, is_adult: bool = True) -> PersonIntake:
    return PersonIntake(
        person=person, role=role, adult=is_adult, questionnaire=ADULT, answers=answers
    )


def child(person: str, answers: dict, *, is_adult: bool = False, role: str = "child"):
    return PersonIntake(
        person=person, role=role, adult=is_adult, questionnaire=CHILD, answers=answers
    )


def codes(entries, *, pending: bool = False) -> set[tuple[str, str | None]]:
    return {(p.code, p.person) for p in intake_attention(entries, application_pending=pending)}


def point(entries, code: str, *, pending: bool = False):
    (found,) = [p for p in intake_attention(entries, application_pending=pending) if p.code == code]
    return found


def reason(p, language: str) -> str:
    """The point's reason as a page renders it, from its facts."""
    return render_intake_reason(p.code, p.facts, language)


def test_no_answers_no_points():
    assert intake_attention([], application_pending=True) == []
    assert codes([adult("sponsor", "sponsor", {}), child("kid", {})], pending=True) == set()


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"psych_complaints": ["soul_tired"]}, "PSYCH_COMPLAINTS"),
        ({"psych_complaints": ["heart_tight", "unexplained_pain"]}, "PSYCH_COMPLAINTS"),
        ({"substance_use": ["khat"]}, "SUBSTANCE_USE"),
        ({"substance_use": ["alcohol", "pills_without_prescription"]}, "SUBSTANCE_USE"),
        ({"debts": "yes"}, "FINANCIAL_DEBT"),
        ({"relatives_ask_money": "often"}, "FINANCIAL_DEBT"),
        ({"relatives_ask_money": "sometimes"}, "FINANCIAL_DEBT"),
        ({"make_ends_meet": "no"}, "FINANCIAL_DEBT"),
        (
            {"chronic_conditions": ["diabetes"], "gp_registered": "no"},
            "CHRONIC_CONDITION_UNTREATED",
        ),
        (
            {"chronic_conditions": ["high_blood_pressure"], "gp_registered": "dont_know"},
            "CHRONIC_CONDITION_UNTREATED",
        ),
        ({"contacts_outside_family": "none"}, "SOCIAL_ISOLATION"),
        ({"contact_places": ["nowhere"]}, "SOCIAL_ISOLATION"),
        ({"live_together_wish": "want_separately"}, "SEPARATE_LIVING_WISH"),
    ],
)
def test_person_codes_raised(answers, code):
    assert codes([adult("partner", "partner", answers)]) == {(code, "partner")}


@pytest.mark.parametrize(
    "answers",
    [
        {"psych_complaints": ["none"]},
        {"psych_complaints": ["prefer_not_to_say"]},
        {"substance_use": ["none"]},
        {"debts": "no", "relatives_ask_money": "no", "make_ends_meet": "yes"},
        {"make_ends_meet": "just_about"},
        {"debt_kind": ["travel_or_procedure"]},
        {"chronic_conditions": ["diabetes"], "gp_registered": "yes"},
        {"chronic_conditions": ["diabetes"]},
        {"chronic_conditions": ["none"], "gp_registered": "no"},
        {"gp_registered": "no"},
        {"contacts_outside_family": "few", "contact_places": ["phone_only"]},
        {"live_together_wish": "want_together"},
        {"live_together_wish": "unsure"},
        {"waiting_effects": ["stress_worry"]},
        {"work_study": ["study"], "role_feelings": ["lost_role"]},
    ],
)
def test_person_codes_not_raised(answers):
    assert codes([adult("partner", "partner", answers)]) == set()


def test_reasons_quote_the_answers():
    p = point(
        [adult("partner", "partner", {"debts": "yes", "debt_kind": ["arrears"]})], "FINANCIAL_DEBT"
    )
    assert p.sensitivity == "normal"
    assert reason(p, "nl").startswith("Schulden: Ja (Achterstand met huur of energie")
    assert "familie in het buitenland vraagt om geld: (geen antwoord)" in reason(p, "nl")
    assert reason(p, "en").startswith("Debts: Yes (Arrears in rent or energy")
    assert p.facts == {
        "questionnaire": "adult",
        "version": 1,
        "rule": "FINANCIAL_DEBT",
        "answers": {"debts": "yes", "debt_kind": ["arrears"]},
    }
    p = point([adult("p", "partner", {"psych_complaints": ["soul_tired"]})], "PSYCH_COMPLAINTS")
    assert p.sensitivity == "health"
    assert "Mijn ziel is moe" in reason(p, "nl")
    assert "My soul is tired" in reason(p, "en")


def test_separate_living_wish_is_confidential_and_not_for_the_sponsor():
    wish = {"live_together_wish": "want_separately"}
    entries = [
        adult("sponsor", "sponsor", {"debts": "yes"}),
        adult("partner", "partner", {**wish, "debts": "yes"}),
    ]
    points = intake_attention(entries, application_pending=False)
    (p,) = [p for p in points if p.code == "SEPARATE_LIVING_WISH"]
    assert (p.person, p.sensitivity) == ("partner", "confidential")
    assert p.facts["answers"] == wish
    # no other point reveals the answer
    for other in points:
        if other is not p:
            assert "live_together_wish" not in repr(other.facts)
            assert "apart" not in reason(other, "nl")
            assert "separately" not in reason(other, "en")
    # the sponsor stating it raises nothing
    assert codes([adult("sponsor", "sponsor", wish)]) == set()


def test_chronic_condition_untreated_quotes_condition_and_gp():
    p = point(
        [adult("p", "partner", {"chronic_conditions": ["diabetes"], "gp_registered": "no"})],
        "CHRONIC_CONDITION_UNTREATED",
    )
    assert p.sensitivity == "health"
    assert reason(p, "en") == "Long-term condition: Diabetes; registered with a GP: No."


def test_waiting_stress_only_while_the_application_is_pending():
    stressed = adult("sponsor", "sponsor", {"waiting_effects": ["stress_worry", "lonely"]})
    assert codes([stressed], pending=True) == {("WAITING_STRESS", "sponsor")}
    assert codes([stressed], pending=False) == set()
    p = point([stressed], "WAITING_STRESS", pending=True)
    assert p.sensitivity == "health"
    assert p.facts["context"] == {"application_pending": True}
    assert "Veel stress en zorgen, Ik voel me eenzaam" in reason(p, "nl")
    # sleep or concentration complaints of the sponsor count as well
    sleepless = adult("sponsor", "sponsor", {"psych_complaints": ["sleeplessness"]})
    assert ("WAITING_STRESS", "sponsor") in codes([sleepless], pending=True)
    # only the sponsor; and not when the sponsor is managing
    partner = adult("partner", "partner", {"waiting_effects": ["stress_worry"]})
    assert codes([partner], pending=True) == set()
    managing = adult("sponsor", "sponsor", {"waiting_effects": ["managing"]})
    assert codes([managing], pending=True) == set()


def test_unemployed_household():
    sponsor = adult("sponsor", "sponsor", {"work_study": ["none"], "role_feelings": ["lost_role"]})
    partner = adult("partner", "partner", {"work_study": ["care_at_home", "language_course"]})
    # the partner takes language lessons, the sponsor nothing: one partner participates as well
    assert codes([sponsor, partner]) == {
        ("UNEMPLOYED_HOUSEHOLD", None),
        ("PARTICIPATION_ONE_PARTNER", None),
    }
    assert codes([sponsor]) == {("UNEMPLOYED_HOUSEHOLD", None)}
    p = point([sponsor, partner], "UNEMPLOYED_HOUSEHOLD")
    assert p.person is None and p.sensitivity == "normal"
    assert "sponsor: None of these; partner: I take care of the household" in reason(p, "en")
    assert "sponsor: I feel I lost my role in the family; partner: (no answer)" in reason(p, "en")
    assert p.facts["answers"] == {
        "sponsor": {"work_study": ["none"], "role_feelings": ["lost_role"]},
        "partner": {"work_study": ["care_at_home", "language_course"]},
    }
    assert p.facts["adults"] == ["sponsor", "partner"]
    assert "versions" not in p.facts


@pytest.mark.parametrize(
    "partner_answers",
    [
        {"work_study": ["paid_work"]},  # someone works
        {"work_study": ["study"]},  # someone studies
        {},  # not known that nobody works
    ],
)
def test_unemployed_household_not_raised_when_an_adult_may_work(partner_answers):
    sponsor = adult("sponsor", "sponsor", {"work_study": ["none"], "role_feelings": ["lost_role"]})
    partner = adult("partner", "partner", partner_answers)
    assert ("UNEMPLOYED_HOUSEHOLD", None) not in codes([sponsor, partner])


def test_unemployed_household_needs_role_loss_and_reads_no_health_answer():
    sponsor = adult(
        "sponsor",
        "sponsor",
        {"work_study": ["none"], "role_feelings": ["none"], "psych_complaints": ["sad_low"]},
    )
    partner = adult("partner", "partner", {"work_study": ["none"]})
    assert ("UNEMPLOYED_HOUSEHOLD", None) not in codes([sponsor, partner])
    # a minor with the adult questionnaire is not one of the household's adults
    teen = adult("teen", "child", {"work_study": ["study"]}, is_adult=False)
    sponsor = adult("sponsor", "sponsor", {"work_study": ["none"], "role_feelings": ["lost_role"]})
    assert ("UNEMPLOYED_HOUSEHOLD", None) in codes([sponsor, teen])


def test_participation_one_partner():
    sponsor = adult("sponsor", "sponsor", {"work_study": ["paid_work"]})
    partner = adult("partner", "partner", {"work_study": ["care_at_home"]})
    assert codes([sponsor, partner]) == {("PARTICIPATION_ONE_PARTNER", None)}
    p = point([sponsor, partner], "PARTICIPATION_ONE_PARTNER")
    assert reason(p, "nl").endswith(
        "sponsor: Betaald werk; partner: Ik zorg voor het huishouden of de kinderen."
    )
    # the partner in a language course participates as well
    taking_lessons = adult("partner", "partner", {"work_study": ["language_course"]})
    assert codes([sponsor, taking_lessons]) == set()
    # nobody participates: not this code
    idle = adult("sponsor", "sponsor", {"work_study": ["none"]})
    assert codes([idle, partner]) == set()
    # unknown for one partner: nothing
    assert codes([sponsor, adult("partner", "partner", {})]) == set()
    # parents of an ex-UAM sponsor are partners of each other
    father = adult("father", "parent", {"work_study": ["language_course"]})
    mother = adult("mother", "parent", {"work_study": ["none"]})
    assert codes([father, mother]) == {("PARTICIPATION_ONE_PARTNER", None)}
    # an ex-UAM sponsor who studies is not the partner of a parent
    ex_uam = adult("sponsor", "sponsor", {"work_study": ["study"]})
    assert codes([ex_uam, mother]) == set()


def test_child_interpreter():
    assert codes([child("kid", {"interprets_for_parents": "sometimes"})]) == {
        ("CHILD_INTERPRETER", "kid")
    }
    assert codes([child("kid", {"interprets_for_parents": "never"})]) == set()
    p = point([child("kid", {"interprets_for_parents": "often"})], "CHILD_INTERPRETER")
    assert reason(p, "nl") == "Het kind tolkt voor de ouders: Vaak."
    # a young adult interpreting is no child interpreter, but may be overloaded
    assert codes([child("son", {"interprets_for_parents": "often"}, is_adult=True)]) == {
        ("EX_AMV_OVERLOAD", "son")
    }


@pytest.mark.parametrize(
    ("answers", "is_adult"),
    [
        ({"arranges_for_parents": "a_lot"}, False),
        ({"uam_status": "yes_ex_uam", "feels_overloaded": "sometimes"}, True),
        ({"uam_status": "yes_minor", "school_dropout": "yes"}, False),
        ({"uam_status": "yes_minor", "arranges_for_parents": "a_little"}, False),
        ({"arranges_for_parents": "a_little"}, True),  # a young adult arranging things
        ({"feels_overloaded": "often"}, True),
    ],
)
def test_ex_amv_overload_raised(answers, is_adult):
    assert ("EX_AMV_OVERLOAD", "kid") in codes([child("kid", answers, is_adult=is_adult)])


@pytest.mark.parametrize(
    ("answers", "is_adult"),
    [
        ({"arranges_for_parents": "a_little"}, False),
        ({"feels_overloaded": "often"}, False),
        ({"school_dropout": "yes"}, False),
        ({"uam_status": "yes_ex_uam"}, True),
        ({"uam_status": "yes_ex_uam", "feels_overloaded": "no", "school_dropout": "no"}, True),
    ],
)
def test_ex_amv_overload_not_raised(answers, is_adult):
    assert ("EX_AMV_OVERLOAD", "kid") not in codes([child("kid", answers, is_adult=is_adult)])


def test_child_and_adult_intakes_of_one_family():
    entries = [
        adult("sponsor", "sponsor", {"work_study": ["paid_work"], "debts": "yes"}),
        adult("partner", "partner", {"work_study": ["none"]}),
        child("kid", {"interprets_for_parents": "often"}),
    ]
    assert [(p.code, p.person) for p in intake_attention(entries, application_pending=False)] == [
        ("FINANCIAL_DEBT", "sponsor"),
        ("CHILD_INTERPRETER", "kid"),
        ("PARTICIPATION_ONE_PARTNER", None),
    ]


def test_two_intakes_of_one_person_with_one_questionnaire_is_an_error():
    with pytest.raises(ValueError, match="two intakes of person 'sponsor'"):
        intake_attention(
            [adult("sponsor", "sponsor", {}), adult("sponsor", "sponsor", {})],
            application_pending=False,
        )


def test_household_rules_of_the_latest_version(tmp_path, monkeypatch):
    source = Path(ADULT.path).read_text(encoding="utf-8").replace("version: 1\n", "version: 2\n", 1)
    source = source.replace('nl: "Eén partner werkt', 'nl: "Versie 2: één partner werkt')
    path = tmp_path / "adult-v2.yaml"
    path.write_text(source, encoding="utf-8")
    v2 = load_questionnaire(path)
    assert v2.version == 2
    sponsor = adult("sponsor", "sponsor", {"work_study": ["paid_work"]})
    partner = PersonIntake("partner", "partner", True, v2, {"work_study": ["none"]})
    p = point([sponsor, partner], "PARTICIPATION_ONE_PARTNER")
    assert p.facts["version"] == 2
    assert p.facts["versions"] == {"sponsor": 1}  # quoted with the labels of the sponsor's v1
    shipped = reasons.load_builtin
    monkeypatch.setattr(
        reasons,
        "load_builtin",
        lambda qid, version: v2 if (qid, version) == v2.key else shipped(qid, version),
    )
    assert reason(p, "nl").startswith("Versie 2:")
    assert reason(p, "nl").endswith("sponsor: Betaald werk; partner: Niets van dit alles.")


# --- properties ----------------------------------------------------------------------------------


def answer_strategy(question: Question) -> st.SearchStrategy:
    if question.type in ("single", "yesno"):
        return st.sampled_from(question.option_values)
    if question.type == "multi":
        exclusive = [o.value for o in question.options if o.exclusive]
        others = [o.value for o in question.options if not o.exclusive]
        combined = st.lists(st.sampled_from(others), min_size=1, unique=True)
        if exclusive:
            return st.one_of(combined, st.sampled_from(exclusive).map(lambda v: [v]))
        return combined
    if question.type == "number":
        low = int(question.min) if question.min is not None else -1000
        high = int(question.max) if question.max is not None else 1000
        return st.integers(low, high)
    return st.text(max_size=40)


@st.composite
def answer_sets(draw, q: Questionnaire) -> dict:
    answers = {}
    for question in q.questions:
        if draw(st.booleans()):
            answers[question.id] = draw(answer_strategy(question))
    return answers


@st.composite
def families(draw) -> list[PersonIntake]:
    entries = []
    for i in range(draw(st.integers(0, 4))):
        q = draw(st.sampled_from([ADULT, CHILD]))
        entries.append(
            PersonIntake(
                person=f"p{i}",
                role=draw(st.sampled_from(ROLES)),
                adult=draw(st.booleans()),
                questionnaire=q,
                answers=draw(answer_sets(q)),
            )
        )
    return entries


JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children)
    ),
    max_leaves=5,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), q=st.sampled_from([ADULT, CHILD]))
def test_random_valid_answers_never_raise_and_profile_lists_every_factor_once(data, q):
    answers = data.draw(answer_sets(q))
    assert validate_answers(q, answers) == []
    blank = {k for k, v in answers.items() if isinstance(v, str) and not v.strip()}
    assert set(normalise_answers(q, answers)) == set(answers) - blank
    profile = factor_profile(q, answers, ON)
    assert [s.factor for s in profile] == list(q.factors)
    for s in profile:
        assert s.value in PROFILE_VALUES
        assert bool(s.sources) == (s.value != UNKNOWN)
        assert s.answered_on == (None if s.value == UNKNOWN else ON)
        for question_id, value in s.sources:
            question = q.question(question_id)
            assert question.sensitivity != "confidential"
            assert question.option(value).factors[s.factor] == s.value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=families(), pending=st.booleans())
def test_random_families_raise_only_known_codes_revealing_nothing_more_sensitive(entries, pending):
    points = intake_attention(entries, application_pending=pending)
    assert len({(p.code, p.person) for p in points}) == len(points)
    people = {e.person: e for e in entries}
    for p in points:
        assert p.sensitivity == ATTENTION_SENSITIVITY[p.code]
        for lang in ("nl", "en"):  # the facts render, not as the neutral sentence
            assert reason(p, lang) and reason(p, lang) != render_intake_reason(p.code, {}, lang)
        if p.code == "WAITING_STRESS":
            assert pending and people[p.person].role == "sponsor"
        if p.code == "SEPARATE_LIVING_WISH":
            assert people[p.person].role != "sponsor"
        if p.code == "CHILD_INTERPRETER":
            assert not people[p.person].adult
        q = ADULT if p.code in {r.code for r in ADULT.attention} else CHILD
        read = p.facts["answers"] if p.person else p.facts["answers"].values()
        for answered in [read] if p.person else read:
            for question_id in answered:
                level = q.question(question_id).sensitivity
                assert sensitivity_rank(level) <= sensitivity_rank(p.sensitivity)


@settings(max_examples=100, deadline=None)
@given(
    q=st.sampled_from([ADULT, CHILD]),
    junk=st.dictionaries(
        st.sampled_from([*ADULT.questions, *CHILD.questions]).map(lambda x: x.id) | st.text(),
        JUNK,
    ),
)
def test_junk_answers_are_reported_not_raised(q, junk):
    issues = validate_answers(q, junk)
    assert all(isinstance(i, AnswerIssue) for i in issues)
    profile = factor_profile(q, junk, ON)
    assert [s.factor for s in profile] == list(q.factors)
    entry = PersonIntake("x", "partner", True, q, junk)
    intake_attention([entry], application_pending=True)
