"""Loading and validating rule sets (product.md 'Rules': declarative data with a source each)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from herenigd.rules import ruleset_data
from herenigd.rules.attention import ATTENTION
from herenigd.rules.deadlines import DEADLINES
from herenigd.rules.engine import evaluate
from herenigd.rules.ruleset import (
    ATTENTION_CODES,
    DATA_ATTENTION_CODES,
    DEADLINE_CODES,
    DEFAULT_RULESET_PATH,
    INFORMATIONAL_DEADLINES,
    OTHER_ATTENTION_CODES,
    AttentionRule,
    DeadlineRule,
    Duration,
    RuleSet,
    RuleSetError,
    load_ruleset,
)

from .strategies import contact, ev, family, member


@pytest.fixture(scope="module")
def default_doc() -> dict[str, Any]:
    return yaml.safe_load(DEFAULT_RULESET_PATH.read_text(encoding="utf-8"))


def write(tmp_path: Path, doc: Any, name: str = "custom.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_default_ruleset_loads():
    rs = load_ruleset()
    assert isinstance(rs, RuleSet)
    assert rs.format == "herenigd.ruleset/1"
    assert rs.version == "default-v1"
    assert load_ruleset(None) is rs  # cached: immutable
    assert load_ruleset(DEFAULT_RULESET_PATH).version == "default-v1"
    assert load_ruleset(str(DEFAULT_RULESET_PATH)).version == "default-v1"


def test_default_terms_are_those_of_rules_md():
    rs = load_ruleset()
    terms = {code: rs.term(code) for code in DEADLINE_CODES}
    assert terms == {
        "APPLICATION_FILING": Duration(months=3),
        "DECISION": Duration(days=180),
        "REPORT_REGISTRATION_CENTRE": Duration(days=3),
        "HEALTH_INSURANCE": Duration(days=14),
        "INTAKE": Duration(days=14),
        "JGZ_INTAKE": Duration(days=28),
        "SCHOOL_REGISTRATION": Duration(days=14),
        "GP_INTERPRETER_WINDOW": Duration(months=6),
        "MIN_COHABITATION": Duration(months=12),
    }
    assert rs.param("INTAKE", "min_age_at_arrival") == 12
    assert rs.param("JGZ_INTAKE", "min_age_at_arrival") == 0
    assert rs.param("JGZ_INTAKE", "max_age_at_arrival") == 17
    assert rs.param("SCHOOL_REGISTRATION", "min_age") == 5
    assert rs.param("SCHOOL_REGISTRATION", "max_age") == 17
    assert rs.param("APPLICATION_DEADLINE", "warn_before") == Duration(days=21)
    assert rs.param("LONG_SEPARATION", "min_separation") == Duration(years=2)
    assert rs.param("NOT_REACHED", "after") == Duration(days=30)
    assert rs.param("HOUSING_WAIT", "after") == Duration(days=30)
    assert rs.param("INTERPRETER_NEEDED", "dutch_levels") == {"none", "A0", "A1"}
    assert rs.param("ALO_KOP_RECLAIM", "amount_eur") == 3000
    assert rs.adult_age == 18
    assert rs.family_level_event_types == {"guardianship_ended", "family_home_assigned"}
    assert {c for c, r in rs.deadlines.items() if r.informational} == {
        "GP_INTERPRETER_WINDOW",
        "MIN_COHABITATION",
    }


#: The codes of rules v1, in the order the rule modules register them.
V1_DEADLINES = (
    "APPLICATION_FILING",
    "DECISION",
    "REPORT_REGISTRATION_CENTRE",
    "HEALTH_INSURANCE",
    "INTAKE",
    "JGZ_INTAKE",
    "SCHOOL_REGISTRATION",
    "GP_INTERPRETER_WINDOW",
    "MIN_COHABITATION",
)
V1_DATA_ATTENTION = (
    "APPLICATION_DEADLINE",
    "DECISION_OVERDUE",
    "APPLICATION_REFUSED",
    "LONG_SEPARATION",
    "FAMILY_INCOMPLETE",
    "EX_AMV_OVERLOAD",
    "GUARDIANSHIP_HANDOVER",
    "DIRECT_ROUTE_INFO_GAP",
    "NOT_REACHED",
    "ALO_KOP_RECLAIM",
    "HEALTH_INSURANCE_GAP",
    "COA_DEREGISTRATION_RISK",
    "HOUSING_WAIT",
    "INTERPRETER_NEEDED",
    "SCHOOL_CONCERN",
    "PREGNANCY",
    "CHILD_INTERPRETER",
)


def test_code_vocabularies_are_those_of_the_registries_in_their_order():
    assert tuple(DEADLINES) == DEADLINE_CODES == V1_DEADLINES
    informational = {c for c in DEADLINES if DEADLINES[c].informational}
    assert informational == INFORMATIONAL_DEADLINES == {"GP_INTERPRETER_WINDOW", "MIN_COHABITATION"}
    assert tuple(ATTENTION) == DATA_ATTENTION_CODES == V1_DATA_ATTENTION
    assert ATTENTION_CODES == DATA_ATTENTION_CODES + OTHER_ATTENTION_CODES
    assert not set(OTHER_ATTENTION_CODES) & set(ATTENTION)
    # The loaded values live in `ruleset_data`, re-exported here.
    assert (Duration, RuleSet, DeadlineRule, AttentionRule) == (
        ruleset_data.Duration,
        ruleset_data.RuleSet,
        ruleset_data.DeadlineRule,
        ruleset_data.AttentionRule,
    )


def test_every_rule_cites_a_source():
    rs = load_ruleset()
    for rule in [*rs.deadlines.values(), *rs.attention.values()]:
        assert rule.source.strip(), rule.code
    assert rs.deadlines["APPLICATION_FILING"].source.startswith("§2.1")
    assert rs.deadlines["GP_INTERPRETER_WINDOW"].source.startswith("§7.2 fn 27")
    assert rs.adult_age_source


# factors.md §4: sensitivity and default responsible organisation type per code.
FACTORS = {
    "LONG_SEPARATION": ("normal", "social_guidance"),
    "FAMILY_INCOMPLETE": ("normal", "social_guidance"),
    "EX_AMV_OVERLOAD": ("normal", "social_guidance"),
    "CHILD_INTERPRETER": ("normal", "social_guidance"),
    "GUARDIANSHIP_HANDOVER": ("normal", "nidos"),
    "DIRECT_ROUTE_INFO_GAP": ("normal", "social_guidance"),
    "NOT_REACHED": ("normal", "social_guidance"),
    "PARTICIPATION_ONE_PARTNER": ("normal", "municipality"),
    "PREGNANCY": ("health", "ggd"),
    "FINANCIAL_DEBT": ("normal", "social_guidance"),
    "ALO_KOP_RECLAIM": ("normal", "social_guidance"),
    "HEALTH_INSURANCE_GAP": ("normal", "social_guidance"),
    "COA_DEREGISTRATION_RISK": ("normal", "coa"),
    "HOUSING_WAIT": ("normal", "municipality"),
    "SEPARATE_LIVING_WISH": ("confidential", "social_guidance"),
    "DOMESTIC_VIOLENCE_CONCERN": ("confidential", "veilig_thuis"),
    "PSYCH_COMPLAINTS": ("health", "gp"),
    "SUBSTANCE_USE": ("health", "gp"),
    "CHRONIC_CONDITION_UNTREATED": ("health", "gp"),
    "INTERPRETER_NEEDED": ("normal", "social_guidance"),
    "SCHOOL_CONCERN": ("normal", "school"),
    "UNEMPLOYED_HOUSEHOLD": ("normal", "municipality"),
    "SOCIAL_ISOLATION": ("normal", "welfare"),
    "APPLICATION_DEADLINE": ("normal", "legal_guidance"),
    "DECISION_OVERDUE": ("normal", "legal_guidance"),
    "WAITING_STRESS": ("health", "social_guidance"),
    "APPLICATION_REFUSED": ("normal", "legal_guidance"),
}


def test_attention_codes_sensitivity_and_responsible_follow_factors_md():
    rs = load_ruleset()
    assert set(rs.attention) == set(FACTORS) == set(ATTENTION_CODES)
    got = {code: (r.sensitivity, r.responsible) for code, r in rs.attention.items()}
    assert got == FACTORS
    assert rs.attention["LONG_SEPARATION"].responsible_minor == "jgz"
    assert rs.attention["LONG_SEPARATION"].responsible_for(minor=True) == "jgz"
    assert rs.attention["LONG_SEPARATION"].responsible_for(minor=False) == "social_guidance"
    for code in DATA_ATTENTION_CODES:
        assert "data" in rs.attention[code].raised_by


def test_custom_ruleset_changes_a_term(tmp_path, default_doc):
    doc = copy.deepcopy(default_doc)
    doc["version"] = "test-intake-7"
    doc["deadlines"]["INTAKE"]["term"] = {"days": 7}
    doc["attention"]["NOT_REACHED"]["after"] = {"weeks": 2}
    rs = load_ruleset(write(tmp_path, doc))
    assert rs.version == "test-intake-7"
    fam = family(
        member("sp", "sponsor"),
        member("pa", "partner", born="1985-01-01"),
        events=[ev("arrival", "2017-02-06", "pa")],
        contacts=[contact("pa", "2017-02-07", direct=False)],
    )
    result = evaluate(fam, rs, dt.date(2017, 2, 20))
    intake = result.deadline("INTAKE", "pa")
    assert intake.due == dt.date(2017, 2, 13)
    assert intake.status == "overdue"
    assert ("NOT_REACHED", "pa") in result.active()
    assert result.ruleset_version == "test-intake-7"
    default = evaluate(fam, load_ruleset(), dt.date(2017, 2, 20))
    assert default.deadline("INTAKE", "pa").due == dt.date(2017, 2, 20)
    assert ("NOT_REACHED", "pa") not in default.active()


def test_disabled_rules_are_not_reported(tmp_path, default_doc):
    doc = copy.deepcopy(default_doc)
    doc["deadlines"]["HEALTH_INSURANCE"]["enabled"] = False
    doc["attention"]["INTERPRETER_NEEDED"]["enabled"] = False
    rs = load_ruleset(write(tmp_path, doc))
    fam = family(
        member("sp", "sponsor", dutch_level="none"),
        events=[ev("residence_document_issued", "2017-01-01", "sp")],
    )
    result = evaluate(fam, rs, dt.date(2017, 3, 1))
    assert result.deadline("HEALTH_INSURANCE", "sp") is None
    # The gap still follows from the (unreported) deadline.
    assert result.active() == {("HEALTH_INSURANCE_GAP", "sp")}


def test_amount_comes_from_the_ruleset(tmp_path, default_doc):
    doc = copy.deepcopy(default_doc)
    doc["attention"]["ALO_KOP_RECLAIM"]["amount_eur"] = 2500
    rs = load_ruleset(write(tmp_path, doc))
    fam = family(
        member("sp", "sponsor"),
        member("pa", "partner"),
        member("c1", "child", born="2010-01-01", travelled_with_sponsor=True),
        events=[ev("arrival", "2017-09-04", "pa")],
    )
    point = evaluate(fam, rs, dt.date(2017, 10, 1)).attention[0]
    assert point.code == "ALO_KOP_RECLAIM"
    assert "(~€2,500)" in point.reason_en
    assert "(ca. € 2.500)" in point.reason_nl


def _set(doc: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for p in parents:
        doc = doc[p]
    doc[last] = value


def _delete(doc: dict[str, Any], dotted: str) -> None:
    *parents, last = dotted.split(".")
    for p in parents:
        doc = doc[p]
    del doc[last]


MALFORMED = [
    # (id, mutation, words the message must contain)
    ("missing top key", lambda d: _delete(d, "adult_age"), ["missing key 'adult_age'"]),
    ("missing deadline", lambda d: _delete(d, "deadlines.INTAKE"), ["deadlines", "'INTAKE'"]),
    ("missing term", lambda d: _delete(d, "deadlines.INTAKE.term"), ["deadlines.INTAKE", "'term'"]),
    (
        "missing source",
        lambda d: _delete(d, "attention.HOUSING_WAIT.source"),
        ["attention.HOUSING_WAIT", "'source'"],
    ),
    (
        "missing parameter",
        lambda d: _delete(d, "attention.NOT_REACHED.after"),
        ["attention.NOT_REACHED", "'after'"],
    ),
    (
        "missing attention code",
        lambda d: _delete(d, "attention.WAITING_STRESS"),
        ["attention", "'WAITING_STRESS'"],
    ),
    ("unknown top key", lambda d: _set(d, "colour", "blue"), ["unknown key 'colour'"]),
    (
        "unknown rule key",
        lambda d: _set(d, "deadlines.INTAKE.grace", {"days": 1}),
        ["deadlines.INTAKE.grace", "unknown key"],
    ),
    (
        "unknown deadline code",
        lambda d: _set(d, "deadlines.TYPO", {"term": {"days": 1}, "source": "x"}),
        ["deadlines.TYPO", "unknown key"],
    ),
    (
        "misspelt parameter",
        lambda d: d["deadlines"]["JGZ_INTAKE"].update(
            max_age_at_arival=d["deadlines"]["JGZ_INTAKE"].pop("max_age_at_arrival")
        ),
        ["deadlines.JGZ_INTAKE", "missing key 'max_age_at_arrival'"],
    ),
    (
        "parameter of the wrong kind",
        lambda d: _set(d, "deadlines.JGZ_INTAKE.max_age_at_arrival", "17"),
        ["deadlines.JGZ_INTAKE.max_age_at_arrival", "expected an integer"],
    ),
    (
        "parameter on a code raised by hand",
        lambda d: _set(d, "attention.WAITING_STRESS.after", {"days": 1}),
        ["attention.WAITING_STRESS.after", "unknown key 'after'"],
    ),
    (
        "unknown attention code",
        lambda d: _set(d, "attention.TYPO", {}),
        ["attention.TYPO", "unknown key 'TYPO'"],
    ),
    (
        "unknown duration unit",
        lambda d: _set(d, "deadlines.INTAKE.term", {"fortnights": 1}),
        ["deadlines.INTAKE.term.fortnights", "unknown key"],
    ),
    (
        "unknown format",
        lambda d: _set(d, "format", "herenigd.ruleset/9"),
        ["format", "unknown format 'herenigd.ruleset/9'"],
    ),
    (
        "term not a mapping",
        lambda d: _set(d, "deadlines.INTAKE.term", 14),
        ["deadlines.INTAKE.term", "expected a mapping"],
    ),
    (
        "days not an integer",
        lambda d: _set(d, "deadlines.INTAKE.term", {"days": "14"}),
        ["deadlines.INTAKE.term.days", "expected an integer"],
    ),
    (
        "days a boolean",
        lambda d: _set(d, "deadlines.INTAKE.term", {"days": True}),
        ["deadlines.INTAKE.term.days", "expected an integer"],
    ),
    (
        "negative days",
        lambda d: _set(d, "deadlines.INTAKE.term", {"days": -1}),
        ["deadlines.INTAKE.term.days", "out of range"],
    ),
    (
        "empty duration",
        lambda d: _set(d, "deadlines.INTAKE.term", {}),
        ["deadlines.INTAKE.term", "at least one"],
    ),
    (
        "age not an integer",
        lambda d: _set(d, "deadlines.INTAKE.min_age_at_arrival", 12.5),
        ["deadlines.INTAKE.min_age_at_arrival", "expected an integer"],
    ),
    (
        "min age above max age",
        lambda d: _set(d, "deadlines.SCHOOL_REGISTRATION.min_age", 18),
        ["deadlines.SCHOOL_REGISTRATION.min_age", "exceeds"],
    ),
    (
        "min age above max age at arrival",
        lambda d: _set(d, "deadlines.JGZ_INTAKE.min_age_at_arrival", 18),
        ["deadlines.JGZ_INTAKE.min_age_at_arrival", "(18) exceeds max_age_at_arrival (17)"],
    ),
    (
        "source empty",
        lambda d: _set(d, "deadlines.DECISION.source", " "),
        ["deadlines.DECISION.source", "must not be empty"],
    ),
    (
        "unknown sensitivity",
        lambda d: _set(d, "attention.PREGNANCY.sensitivity", "secret"),
        ["attention.PREGNANCY.sensitivity", "'secret'"],
    ),
    (
        "unknown organisation type",
        lambda d: _set(d, "attention.PREGNANCY.responsible", "midwife"),
        ["attention.PREGNANCY.responsible", "'midwife'"],
    ),
    (
        "unknown Dutch level",
        lambda d: _set(d, "attention.INTERPRETER_NEEDED.dutch_levels", ["none", "Z9"]),
        ["attention.INTERPRETER_NEEDED.dutch_levels[1]", "'Z9'"],
    ),
    (
        "levels not a list",
        lambda d: _set(d, "attention.INTERPRETER_NEEDED.dutch_levels", "none"),
        ["attention.INTERPRETER_NEEDED.dutch_levels", "expected a list"],
    ),
    (
        "amount negative",
        lambda d: _set(d, "attention.ALO_KOP_RECLAIM.amount_eur", -5),
        ["attention.ALO_KOP_RECLAIM.amount_eur", "out of range (must be ≥ 0)"],
    ),
    (
        "enabled not a boolean",
        lambda d: _set(d, "deadlines.DECISION.enabled", "yes please"),
        ["deadlines.DECISION.enabled", "true or false"],
    ),
    (
        "unknown family-level event type",
        lambda d: _set(d, "family_level_events.types", ["guardianship_ended", "teleported"]),
        ["family_level_events.types[1]", "'teleported'"],
    ),
    (
        "data rule not raised by data",
        lambda d: _set(d, "attention.HOUSING_WAIT.raised_by", ["intake"]),
        ["attention.HOUSING_WAIT.raised_by", "'data'"],
    ),
    (
        "hand-raised code raised by data",
        lambda d: _set(d, "attention.WAITING_STRESS.raised_by", ["data"]),
        ["attention.WAITING_STRESS.raised_by", "must not include 'data'"],
    ),
    (
        "adult age wrong type",
        lambda d: _set(d, "adult_age.value", "18"),
        ["adult_age.value", "expected an integer"],
    ),
    (
        "version missing",
        lambda d: _delete(d, "version"),
        ["missing key 'version'"],
    ),
    (
        "deadlines not a mapping",
        lambda d: _set(d, "deadlines", ["INTAKE"]),
        ["deadlines", "expected a mapping"],
    ),
    (
        "organisation type not snake_case",
        lambda d: _set(d, "organisation_types", ["social_guidance", "Bad Type"]),
        ["organisation_types[1]", "'Bad Type'"],
    ),
]


@pytest.mark.parametrize(
    ("mutate", "words"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED]
)
def test_malformed_ruleset_names_file_and_key(tmp_path, default_doc, mutate, words):
    doc = copy.deepcopy(default_doc)
    mutate(doc)
    path = write(tmp_path, doc, "broken.yaml")
    with pytest.raises(RuleSetError) as info:
        load_ruleset(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message
    assert info.value.path == str(path)


def test_file_not_found(tmp_path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(RuleSetError, match="file not found") as info:
        load_ruleset(path)
    assert str(path) in str(info.value)
    assert info.value.code == "ruleset_not_found"


def test_directory_is_not_a_ruleset(tmp_path):
    with pytest.raises(RuleSetError, match="cannot read"):
        load_ruleset(tmp_path)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("format: [unclosed\n", ["not valid YAML", "line"]),
        ("a: 1\n  b: 2\n", ["not valid YAML"]),
        ("format: x\nformat: y\n", ["duplicate key 'format'"]),
    ],
    ids=["unclosed", "bad indent", "duplicate key"],
)
def test_yaml_syntax_errors(tmp_path, text, words):
    path = tmp_path / "syntax.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError) as info:
        load_ruleset(path)
    assert str(path) in str(info.value)
    for word in words:
        assert word in str(info.value)
    assert info.value.code == "ruleset_syntax"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", ["the file is empty"]),
        ("- just\n- a list\n", ["expected a mapping"]),
        ("format: herenigd.ruleset/1\n1: x\n", ["key 1 is not a string"]),
    ],
    ids=["empty", "list", "non-string key"],
)
def test_wrong_top_level(tmp_path, text, words):
    path = tmp_path / "top.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError) as info:
        load_ruleset(path)
    for word in words:
        assert word in str(info.value)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("source: '§2.1'\n".encode("latin-1"))
    with pytest.raises(RuleSetError, match="UTF-8"):
        load_ruleset(path)


def test_ruleset_error_is_an_exception_with_a_code():
    assert issubclass(RuleSetError, Exception)
    err = RuleSetError("boom", path="x.yaml", key="a.b", code="ruleset_invalid")
    assert str(err) == "x.yaml: a.b: boom"


def test_changed_file_is_reloaded(tmp_path, default_doc):
    doc = copy.deepcopy(default_doc)
    path = write(tmp_path, doc)
    assert load_ruleset(path).term("INTAKE") == Duration(days=14)
    doc["deadlines"]["INTAKE"]["term"] = {"days": 10, "weeks": 1}
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert load_ruleset(path).term("INTAKE") == Duration(weeks=1, days=10)


def test_duration_arithmetic_and_text():
    three_months = Duration(months=3)
    assert three_months.add(dt.date(2016, 11, 30)) == dt.date(2017, 2, 28)
    assert three_months.subtract(dt.date(2017, 5, 31)) == dt.date(2017, 2, 28)
    assert Duration(years=1, days=1).add(dt.date(2016, 2, 29)) == dt.date(2017, 3, 1)
    assert Duration(months=3).describe("en") == "3 months"
    assert Duration(days=1).describe("en") == "1 day"
    assert Duration(years=2).describe("nl") == "2 jaar"
    assert Duration(days=180).describe("nl") == "180 dagen"
    assert Duration(months=1, days=2).as_dict() == {"months": 1, "days": 2}
