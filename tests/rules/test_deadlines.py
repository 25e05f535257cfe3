"""Deadlines of rules.md, one table per rule, with the boundaries: due exactly on D, one day
after, month-end clamping, events after D ignored, year-only birth dates, age at arrival vs at D,
and members who travelled with the sponsor (not reunifiers)."""

from __future__ import annotations

import datetime as dt

import pytest

from herenigd.rules.engine import EXPIRED, MET, MET_LATE, OPEN, OVERDUE, evaluate
from herenigd.rules.ruleset import load_ruleset

from .strategies import d, ev, family, member

SP = member("sp", "sponsor", born="1980-01-01")
PA = member("pa", "partner", born="1985-06-15")


def child(key: str = "c1", born: str | None = "2009-09-01", **kw):
    return member(key, "child", born=born, **kw)


def run(members, events, as_of: str, code: str):
    result = evaluate(family(*members, events=events), load_ruleset(), d(as_of))
    return {
        (x.person, x.due.isoformat(), x.status, x.fulfilled_on and x.fulfilled_on.isoformat())
        for x in result.deadlines
        if x.code == code
    }


def rows(*cases):
    return pytest.mark.parametrize(
        ("members", "events", "as_of", "expected"),
        [c[1:] for c in cases],
        ids=[c[0] for c in cases],
    )


PERMIT = ev("permit_granted", "2016-01-12", "sp")


@rows(
    ("open before due", [SP], [PERMIT], "2016-02-01", {("sp", "2016-04-12", OPEN, None)}),
    ("open on due date", [SP], [PERMIT], "2016-04-12", {("sp", "2016-04-12", OPEN, None)}),
    ("overdue day after", [SP], [PERMIT], "2016-04-13", {("sp", "2016-04-12", OVERDUE, None)}),
    (
        "met on due date",
        [SP],
        [PERMIT, ev("application_filed", "2016-04-12")],
        "2016-05-01",
        {("sp", "2016-04-12", MET, "2016-04-12")},
    ),
    (
        "met late one day after",
        [SP],
        [PERMIT, ev("application_filed", "2016-04-13")],
        "2016-05-01",
        {("sp", "2016-04-12", MET_LATE, "2016-04-13")},
    ),
    (
        "filing after D ignored",
        [SP],
        [PERMIT, ev("application_filed", "2016-04-21")],
        "2016-04-20",
        {("sp", "2016-04-12", OVERDUE, None)},
    ),
    (
        "month-end clamped",
        [SP],
        [ev("permit_granted", "2016-11-30", "sp")],
        "2016-12-01",
        {("sp", "2017-02-28", OPEN, None)},
    ),
    (
        "month-end clamped leap year",
        [SP],
        [ev("permit_granted", "2015-11-30", "sp")],
        "2015-12-01",
        {("sp", "2016-02-29", OPEN, None)},
    ),
    (
        "earliest permit",
        [SP],
        [ev("permit_granted", "2016-03-01", "sp"), PERMIT],
        "2016-03-02",
        {("sp", "2016-04-12", OPEN, None)},
    ),
    ("permit after D ignored", [SP], [PERMIT], "2016-01-11", set()),
    (
        "earliest filing fulfils",
        [SP],
        [PERMIT, ev("application_filed", "2016-05-01"), ev("application_filed", "2016-02-01")],
        "2016-06-01",
        {("sp", "2016-04-12", MET, "2016-02-01")},
    ),
    (
        "family-level permit is the sponsor's",
        [SP],
        [ev("permit_granted", "2016-01-12")],
        "2016-02-01",
        {("sp", "2016-04-12", OPEN, None)},
    ),
    (
        "only the sponsor files",
        [SP, member("pa", "partner", travelled_with_sponsor=True)],
        [ev("permit_granted", "2016-01-12", "pa")],
        "2016-02-01",
        set(),
    ),
)
def test_application_filing(members, events, as_of, expected):
    assert run(members, events, as_of, "APPLICATION_FILING") == expected


FILED = ev("application_filed", "2016-03-01")


@rows(
    ("open on due date", [SP], [FILED], "2016-08-28", {(None, "2016-08-28", OPEN, None)}),
    ("overdue day after", [SP], [FILED], "2016-08-29", {(None, "2016-08-28", OVERDUE, None)}),
    (
        "met on due date",
        [SP],
        [FILED, ev("decision", "2016-08-28", outcome="granted")],
        "2016-09-01",
        {(None, "2016-08-28", MET, "2016-08-28")},
    ),
    (
        "met late",
        [SP],
        [FILED, ev("decision", "2016-08-29", outcome="refused")],
        "2016-09-01",
        {(None, "2016-08-28", MET_LATE, "2016-08-29")},
    ),
    (
        "decision after D ignored",
        [SP],
        [FILED, ev("decision", "2016-09-02", outcome="granted")],
        "2016-09-01",
        {(None, "2016-08-28", OVERDUE, None)},
    ),
    (
        "filing recorded on the sponsor counts",
        [SP],
        [ev("application_filed", "2016-03-01", "sp")],
        "2016-04-01",
        {(None, "2016-08-28", OPEN, None)},
    ),
    ("no application", [SP], [PERMIT], "2016-09-01", set()),
    ("application after D", [SP], [FILED], "2016-02-29", set()),
)
def test_decision(members, events, as_of, expected):
    assert run(members, events, as_of, "DECISION") == expected


ARRIVAL = ev("arrival", "2017-02-06", "pa")


@rows(
    ("open on due date", [SP, PA], [ARRIVAL], "2017-02-09", {("pa", "2017-02-09", OPEN, None)}),
    ("overdue day after", [SP, PA], [ARRIVAL], "2017-02-10", {("pa", "2017-02-09", OVERDUE, None)}),
    (
        "met on due date",
        [SP, PA],
        [ARRIVAL, ev("registration_centre_report", "2017-02-09", "pa")],
        "2017-03-01",
        {("pa", "2017-02-09", MET, "2017-02-09")},
    ),
    (
        "met late",
        [SP, PA],
        [ARRIVAL, ev("registration_centre_report", "2017-02-10", "pa")],
        "2017-03-01",
        {("pa", "2017-02-09", MET_LATE, "2017-02-10")},
    ),
    (
        "report after D ignored",
        [SP, PA],
        [ARRIVAL, ev("registration_centre_report", "2017-02-08", "pa")],
        "2017-02-07",
        {("pa", "2017-02-09", OPEN, None)},
    ),
    (
        "another person's report does not fulfil",
        [SP, PA, child()],
        [ARRIVAL, ev("registration_centre_report", "2017-02-07", "c1")],
        "2017-02-10",
        {("pa", "2017-02-09", OVERDUE, None)},
    ),
    (
        "earliest arrival",
        [SP, PA],
        [ev("arrival", "2017-03-01", "pa"), ARRIVAL],
        "2017-02-08",
        {("pa", "2017-02-09", OPEN, None)},
    ),
    ("arrival after D ignored", [SP, PA], [ARRIVAL], "2017-02-05", set()),
    ("sponsor is no reunifier", [SP], [ev("arrival", "2017-02-06", "sp")], "2017-02-07", set()),
    (
        "travelled with sponsor is no reunifier",
        [SP, member("pa", "partner", travelled_with_sponsor=True)],
        [ARRIVAL],
        "2017-02-07",
        set(),
    ),
    (
        "each reunifier",
        [SP, PA, child("c1"), child("c2", born="2012-01-01")],
        [ARRIVAL, ev("arrival", "2017-02-06", "c1")],
        "2017-02-07",
        {("pa", "2017-02-09", OPEN, None), ("c1", "2017-02-09", OPEN, None)},
    ),
)
def test_report_registration_centre(members, events, as_of, expected):
    assert run(members, events, as_of, "REPORT_REGISTRATION_CENTRE") == expected


DOCUMENT = ev("residence_document_issued", "2017-02-08", "pa")


@rows(
    ("open on due date", [SP, PA], [DOCUMENT], "2017-02-22", {("pa", "2017-02-22", OPEN, None)}),
    (
        "overdue day after",
        [SP, PA],
        [DOCUMENT],
        "2017-02-23",
        {("pa", "2017-02-22", OVERDUE, None)},
    ),
    (
        "met",
        [SP, PA],
        [DOCUMENT, ev("health_insurance_started", "2017-02-22", "pa")],
        "2017-03-01",
        {("pa", "2017-02-22", MET, "2017-02-22")},
    ),
    (
        "met late",
        [SP, PA],
        [DOCUMENT, ev("health_insurance_started", "2017-02-23", "pa")],
        "2017-03-01",
        {("pa", "2017-02-22", MET_LATE, "2017-02-23")},
    ),
    (
        "insurance after D ignored",
        [SP, PA],
        [DOCUMENT, ev("health_insurance_started", "2017-03-02", "pa")],
        "2017-03-01",
        {("pa", "2017-02-22", OVERDUE, None)},
    ),
    (
        "plain day arithmetic over month end",
        [SP, PA],
        [ev("residence_document_issued", "2017-02-20", "pa")],
        "2017-02-21",
        {("pa", "2017-03-06", OPEN, None)},
    ),
    (
        "every person, the sponsor too",
        [SP, member("x", "other", travelled_with_sponsor=True)],
        [
            ev("residence_document_issued", "2017-01-01", "sp"),
            ev("residence_document_issued", "2017-01-02", "x"),
        ],
        "2017-01-03",
        {("sp", "2017-01-15", OPEN, None), ("x", "2017-01-16", OPEN, None)},
    ),
)
def test_health_insurance(members, events, as_of, expected):
    assert run(members, events, as_of, "HEALTH_INSURANCE") == expected


@rows(
    (
        "adult: open on due date",
        [SP, PA],
        [ARRIVAL],
        "2017-02-20",
        {("pa", "2017-02-20", OPEN, None)},
    ),
    (
        "adult: overdue day after",
        [SP, PA],
        [ARRIVAL],
        "2017-02-21",
        {("pa", "2017-02-20", OVERDUE, None)},
    ),
    (
        "met",
        [SP, PA],
        [ARRIVAL, ev("intake_completed", "2017-02-15", "pa")],
        "2017-03-01",
        {("pa", "2017-02-20", MET, "2017-02-15")},
    ),
    (
        "another person's intake does not fulfil",
        [SP, PA],
        [ARRIVAL, ev("intake_completed", "2017-02-15", "sp")],
        "2017-03-01",
        {("pa", "2017-02-20", OVERDUE, None)},
    ),
    (
        "12 on the arrival day",
        [SP, child(born="2005-02-06")],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-02-07",
        {("c1", "2017-02-20", OPEN, None)},
    ),
    (
        "12 the day after arrival: no intake",
        [SP, child(born="2005-02-07")],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-03-01",
        set(),
    ),
    (
        "year-only birth: 11 on 30 June",
        [SP, child(born="2005")],
        [ev("arrival", "2017-06-30", "c1")],
        "2017-07-02",
        set(),
    ),
    (
        "year-only birth: 12 on 1 July",
        [SP, child(born="2005")],
        [ev("arrival", "2017-07-01", "c1")],
        "2017-07-02",
        {("c1", "2017-07-15", OPEN, None)},
    ),
    (
        "unknown birth date",
        [SP, child(born=None)],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-02-07",
        set(),
    ),
    ("sponsor: none", [SP], [ev("arrival", "2017-02-06", "sp")], "2017-02-07", set()),
)
def test_intake(members, events, as_of, expected):
    assert run(members, events, as_of, "INTAKE") == expected


@rows(
    (
        "child: open on due date",
        [SP, child()],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-03-06",
        {("c1", "2017-03-06", OPEN, None)},
    ),
    (
        "child: overdue day after",
        [SP, child()],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-03-07",
        {("c1", "2017-03-06", OVERDUE, None)},
    ),
    (
        "met by jgz_intake",
        [SP, child()],
        [ev("arrival", "2017-02-06", "c1"), ev("jgz_intake", "2017-03-01", "c1")],
        "2017-04-01",
        {("c1", "2017-03-06", MET, "2017-03-01")},
    ),
    (
        "17 at arrival, 18 at D: age at arrival counts",
        [SP, child(born="2000-02-07")],
        [ev("arrival", "2018-02-06", "c1")],
        "2018-02-08",
        {("c1", "2018-03-06", OPEN, None)},
    ),
    (
        "18 at arrival: none",
        [SP, child(born="2000-02-06")],
        [ev("arrival", "2018-02-06", "c1")],
        "2018-02-08",
        set(),
    ),
    (
        "newborn",
        [SP, child(born="2017-01-01")],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-02-07",
        {("c1", "2017-03-06", OPEN, None)},
    ),
    ("adult: none", [SP, PA], [ARRIVAL], "2017-02-07", set()),
    (
        "travelled with sponsor: none",
        [SP, child(travelled_with_sponsor=True)],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-02-07",
        set(),
    ),
)
def test_jgz_intake(members, events, as_of, expected):
    assert run(members, events, as_of, "JGZ_INTAKE") == expected


@rows(
    (
        "school age at arrival: open on due date",
        [SP, child()],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-02-20",
        {("c1", "2017-02-20", OPEN, None)},
    ),
    (
        "overdue day after",
        [SP, child()],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-02-21",
        {("c1", "2017-02-20", OVERDUE, None)},
    ),
    (
        "met",
        [SP, child()],
        [ev("arrival", "2017-02-06", "c1"), ev("school_registered", "2017-02-16", "c1")],
        "2017-03-01",
        {("c1", "2017-02-20", MET, "2017-02-16")},
    ),
    (
        "4 at D: none yet",
        [SP, child(born="2012-09-01")],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-08-31",
        set(),
    ),
    (
        "turns 5 after arrival: from the 5th birthday",
        [SP, child(born="2012-09-01")],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-09-01",
        {("c1", "2017-09-15", OPEN, None)},
    ),
    (
        "5th birthday on 29 Feb",
        [SP, child(born="2012-02-29")],
        [ev("arrival", "2016-01-10", "c1")],
        "2017-02-28",
        {("c1", "2017-03-14", OPEN, None)},
    ),
    (
        "year-only birth: 5th birthday 1 July",
        [SP, child(born="2012")],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-07-01",
        {("c1", "2017-07-15", OPEN, None)},
    ),
    (
        "18 at D: none (age at D)",
        [SP, child(born="2000-03-01")],
        [ev("arrival", "2017-02-06", "c1")],
        "2018-03-01",
        set(),
    ),
    (
        "17 at D",
        [SP, child(born="2000-03-01")],
        [ev("arrival", "2017-02-06", "c1")],
        "2018-02-28",
        {("c1", "2017-02-20", OVERDUE, None)},
    ),
    (
        "any reunifier role of school age",
        [SP, member("s1", "sibling", born="2008-01-01")],
        [ev("arrival", "2017-02-06", "s1")],
        "2017-02-07",
        {("s1", "2017-02-20", OPEN, None)},
    ),
    (
        "travelled with sponsor: none",
        [SP, child(travelled_with_sponsor=True)],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-02-07",
        set(),
    ),
    ("not arrived: none", [SP, child()], [], "2017-02-07", set()),
)
def test_school_registration(members, events, as_of, expected):
    assert run(members, events, as_of, "SCHOOL_REGISTRATION") == expected


BRP = ev("brp_registered", "2017-02-08", "pa")


@rows(
    ("open on due date", [SP, PA], [BRP], "2017-08-08", {("pa", "2017-08-08", OPEN, None)}),
    ("expired day after", [SP, PA], [BRP], "2017-08-09", {("pa", "2017-08-08", EXPIRED, None)}),
    (
        "month-end clamped",
        [SP, PA],
        [ev("brp_registered", "2017-08-31", "pa")],
        "2017-09-01",
        {("pa", "2018-02-28", OPEN, None)},
    ),
    (
        "every person",
        [SP, PA],
        [ev("brp_registered", "2016-01-20", "sp"), BRP],
        "2017-02-09",
        {("sp", "2016-07-20", EXPIRED, None), ("pa", "2017-08-08", OPEN, None)},
    ),
    ("registration after D", [SP, PA], [BRP], "2017-02-07", set()),
)
def test_gp_interpreter_window(members, events, as_of, expected):
    assert run(members, events, as_of, "GP_INTERPRETER_WINDOW") == expected


@rows(
    (
        "open on due date",
        [SP, child()],
        [ev("arrival", "2017-02-06", "c1")],
        "2018-02-06",
        {("c1", "2018-02-06", OPEN, None)},
    ),
    (
        "expired day after",
        [SP, child()],
        [ev("arrival", "2017-02-06", "c1")],
        "2018-02-07",
        {("c1", "2018-02-06", EXPIRED, None)},
    ),
    (
        "clamped from 29 Feb",
        [SP, child()],
        [ev("arrival", "2016-02-29", "c1")],
        "2016-03-01",
        {("c1", "2017-02-28", OPEN, None)},
    ),
    ("partner: none", [SP, PA], [ARRIVAL], "2017-02-07", set()),
    (
        "travelled with sponsor: none",
        [SP, child(travelled_with_sponsor=True)],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-02-07",
        set(),
    ),
    (
        "adult child counts (role child)",
        [SP, child(born="1995-01-01")],
        [ev("arrival", "2017-02-06", "c1")],
        "2017-02-07",
        {("c1", "2018-02-06", OPEN, None)},
    ),
)
def test_min_cohabitation(members, events, as_of, expected):
    assert run(members, events, as_of, "MIN_COHABITATION") == expected


def test_output_is_sorted_by_code_person_due():
    members = [SP, PA, child("c2"), child("c1")]
    events = [
        ev("arrival", "2017-02-06", "c2"),
        ev("arrival", "2017-02-06", "pa"),
        ev("arrival", "2017-02-05", "c1"),
        ev("application_filed", "2016-03-01"),
        PERMIT,
    ]
    result = evaluate(family(*members, events=events), load_ruleset(), dt.date(2017, 3, 1))
    keys = [(x.code, x.person is not None, x.person or "", x.due) for x in result.deadlines]
    assert keys == sorted(keys)
    assert [x.code for x in result.deadlines][:2] == ["APPLICATION_FILING", "DECISION"]
    assert [x.person for x in result.deadlines if x.code == "JGZ_INTAKE"] == ["c1", "c2"]
