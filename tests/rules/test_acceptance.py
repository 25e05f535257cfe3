"""Acceptance: the example bundle (tests/fixtures/nijmegen-family.json, a copy of
shared/spec/examples/nijmegen-family.json) at several dates.

The expectations below are derived by hand from rules.md, not by running the engine:

- permit_granted 12-1-2016 → APPLICATION_FILING due 12-4-2016, met by application_filed 1-3-2016;
  the APPLICATION_DEADLINE warning would start 22-3-2016 but the application was filed before.
- application_filed 1-3-2016 → DECISION due 1-3-2016 + 180 days = 28-8-2016; decision 15-11-2016
  → met_late; DECISION_OVERDUE only while D > 28-8-2016 and D < 15-11-2016. Outcome
  partly_granted → never APPLICATION_REFUSED.
- Reunifiers: partner (born "1983" → 1-7-1983, year only), son (1-9-2009), daughter (abroad, no
  arrival). Partner and son arrive 6-2-2017 → REPORT_REGISTRATION_CENTRE due 9-2-2017 (met
  7-2-2017); partner is 33 at arrival → INTAKE due 20-2-2017, never fulfilled; son is 7 at arrival
  → JGZ_INTAKE due 6-3-2017, never fulfilled, and SCHOOL_REGISTRATION due
  max(6-2-2017, 1-9-2014) + 14 = 20-2-2017, met 16-2-2017; son is a child → MIN_COHABITATION due
  6-2-2018.
- Partner brp_registered and residence_document_issued 8-2-2017 → GP_INTERPRETER_WINDOW due
  8-8-2017; HEALTH_INSURANCE due 22-2-2017, met 20-2-2017.
- Separated 20-8-2015, arrived 6-2-2017: less than 2 years → no LONG_SEPARATION.
- From 6-2-2017 partner and son are in NL, daughter abroad → FAMILY_INCOMPLETE; partner is an
  adult in NL with Dutch "none" and no English → INTERPRETER_NEEDED (sponsor has A2: no).
- Direct moves 10-2-2017, no health-care session → DIRECT_ROUTE_INFO_GAP for partner and son;
  the moves are suitable → no COA_DEREGISTRATION_RISK, no HOUSING_WAIT.
- Partner arrived 6-2-2017, first direct contact 20-3-2017 → NOT_REACHED from 8-3-2017 (R + 30
  days) up to 19-3-2017. The 14-2-2017 contact was interpreted by the sponsor (an adult) → no
  CHILD_INTERPRETER. No child was in NL before the partner → no ALO_KOP_RECLAIM.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from herenigd.rules.engine import evaluate
from herenigd.rules.facts import family_from_bundle
from herenigd.rules.ruleset import load_ruleset
from tests.fixtures import EXAMPLE_BUNDLE

AF_OPEN = ("APPLICATION_FILING", "sponsor", "2016-04-12", "open")
AF_MET = ("APPLICATION_FILING", "sponsor", "2016-04-12", "met")
DEC_OPEN = ("DECISION", None, "2016-08-28", "open")
DEC_OVERDUE = ("DECISION", None, "2016-08-28", "overdue")
DEC_LATE = ("DECISION", None, "2016-08-28", "met_late")


def rrc(person: str, status: str) -> tuple[str, str | None, str, str]:
    return ("REPORT_REGISTRATION_CENTRE", person, "2017-02-09", status)


def intake(status: str) -> tuple[str, str | None, str, str]:
    return ("INTAKE", "partner", "2017-02-20", status)


def jgz(status: str) -> tuple[str, str | None, str, str]:
    return ("JGZ_INTAKE", "son", "2017-03-06", status)


def school(status: str) -> tuple[str, str | None, str, str]:
    return ("SCHOOL_REGISTRATION", "son", "2017-02-20", status)


def cohabitation(status: str) -> tuple[str, str | None, str, str]:
    return ("MIN_COHABITATION", "son", "2018-02-06", status)


def gp_window(status: str) -> tuple[str, str | None, str, str]:
    return ("GP_INTERPRETER_WINDOW", "partner", "2017-08-08", status)


def insurance(status: str) -> tuple[str, str | None, str, str]:
    return ("HEALTH_INSURANCE", "partner", "2017-02-22", status)


ARRIVED = {("FAMILY_INCOMPLETE", None), ("INTERPRETER_NEEDED", "partner")}
MOVED = ARRIVED | {("DIRECT_ROUTE_INFO_GAP", "partner"), ("DIRECT_ROUTE_INFO_GAP", "son")}
AFTER_MARCH = {
    AF_MET,
    DEC_LATE,
    rrc("partner", "met"),
    rrc("son", "met"),
    intake("overdue"),
    jgz("overdue"),
    school("met"),
    insurance("met"),
}

CASES = [
    ("2016-02-01", {AF_OPEN}, set()),
    ("2016-03-22", {AF_MET, DEC_OPEN}, set()),
    ("2016-04-01", {AF_MET, DEC_OPEN}, set()),
    ("2016-08-28", {AF_MET, DEC_OPEN}, set()),
    ("2016-08-29", {AF_MET, DEC_OVERDUE}, {("DECISION_OVERDUE", None)}),
    ("2016-12-01", {AF_MET, DEC_LATE}, set()),
    (
        "2017-02-06",
        {
            AF_MET,
            DEC_LATE,
            rrc("partner", "open"),
            rrc("son", "open"),
            intake("open"),
            jgz("open"),
            school("open"),
            cohabitation("open"),
        },
        ARRIVED,
    ),
    (
        "2017-02-07",
        {
            AF_MET,
            DEC_LATE,
            rrc("partner", "met"),
            rrc("son", "met"),
            intake("open"),
            jgz("open"),
            school("open"),
            cohabitation("open"),
        },
        ARRIVED,
    ),
    (
        "2017-02-10",
        {
            AF_MET,
            DEC_LATE,
            rrc("partner", "met"),
            rrc("son", "met"),
            intake("open"),
            jgz("open"),
            school("open"),
            cohabitation("open"),
            gp_window("open"),
            insurance("open"),
        },
        MOVED,
    ),
    (
        "2017-02-21",
        {
            AF_MET,
            DEC_LATE,
            rrc("partner", "met"),
            rrc("son", "met"),
            intake("overdue"),
            jgz("open"),
            school("met"),
            cohabitation("open"),
            gp_window("open"),
            insurance("met"),
        },
        MOVED,
    ),
    ("2017-03-07", AFTER_MARCH | {cohabitation("open"), gp_window("open")}, MOVED),
    (
        "2017-03-08",
        AFTER_MARCH | {cohabitation("open"), gp_window("open")},
        MOVED | {("NOT_REACHED", "partner")},
    ),
    (
        "2017-03-10",
        AFTER_MARCH | {cohabitation("open"), gp_window("open")},
        MOVED | {("NOT_REACHED", "partner")},
    ),
    ("2017-03-20", AFTER_MARCH | {cohabitation("open"), gp_window("open")}, MOVED),
    ("2017-04-01", AFTER_MARCH | {cohabitation("open"), gp_window("open")}, MOVED),
    ("2017-08-08", AFTER_MARCH | {cohabitation("open"), gp_window("open")}, MOVED),
    ("2017-08-09", AFTER_MARCH | {cohabitation("open"), gp_window("expired")}, MOVED),
    ("2018-02-06", AFTER_MARCH | {cohabitation("open"), gp_window("expired")}, MOVED),
    ("2018-02-07", AFTER_MARCH | {cohabitation("expired"), gp_window("expired")}, MOVED),
    ("2018-03-01", AFTER_MARCH | {cohabitation("expired"), gp_window("expired")}, MOVED),
    ("2019-03-01", AFTER_MARCH | {cohabitation("expired"), gp_window("expired")}, MOVED),
]


@pytest.fixture(scope="module")
def example():
    return family_from_bundle(json.loads(EXAMPLE_BUNDLE.read_text(encoding="utf-8"))["family"])


@pytest.mark.parametrize(("as_of", "deadlines", "attention"), CASES, ids=[c[0] for c in CASES])
def test_example_bundle(example, as_of, deadlines, attention):
    result = evaluate(example, load_ruleset(), dt.date.fromisoformat(as_of))
    got = {(x.code, x.person, x.due.isoformat(), x.status) for x in result.deadlines}
    assert got == deadlines
    assert result.active() == attention
    assert len(result.deadlines) == len(deadlines)
    assert len(result.attention) == len(attention)


def test_example_fulfilment_dates(example):
    result = evaluate(example, load_ruleset(), dt.date(2017, 4, 1))
    fulfilled = {(x.code, x.person): x.fulfilled_on for x in result.deadlines}
    assert fulfilled == {
        ("APPLICATION_FILING", "sponsor"): dt.date(2016, 3, 1),
        ("DECISION", None): dt.date(2016, 11, 15),
        ("REPORT_REGISTRATION_CENTRE", "partner"): dt.date(2017, 2, 7),
        ("REPORT_REGISTRATION_CENTRE", "son"): dt.date(2017, 2, 7),
        ("INTAKE", "partner"): None,
        ("JGZ_INTAKE", "son"): None,
        ("SCHOOL_REGISTRATION", "son"): dt.date(2017, 2, 16),
        ("HEALTH_INSURANCE", "partner"): dt.date(2017, 2, 20),
        ("GP_INTERPRETER_WINDOW", "partner"): None,
        ("MIN_COHABITATION", "son"): None,
    }


def test_example_reasons_quote_the_data(example):
    result = evaluate(example, load_ruleset(), dt.date(2017, 3, 10))
    points = {(a.code, a.person): a for a in result.attention}
    not_reached = points[("NOT_REACHED", "partner")]
    assert "Rana" in not_reached.reason_en
    assert "6-2-2017" in not_reached.reason_en
    assert "6-2-2017" in not_reached.reason_nl
    assert not_reached.facts["arrival"] == "2017-02-06"
    assert not_reached.facts["contacts_via_others"] == 1
    incomplete = points[("FAMILY_INCOMPLETE", None)]
    assert "Lina" in incomplete.reason_en
    assert "buitenland" in incomplete.reason_nl
    assert incomplete.responsible == "social_guidance"
    assert incomplete.sensitivity == "normal"
