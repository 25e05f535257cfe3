"""Attention points derived from data (rules.md table), a positive and a negative case each,
plus the boundaries."""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path

import pytest

from herenigd.rules import (
    attention,
    context,
    dates,
    deadlines,
    engine,
    facts,
    labels,
    reasons,
    registry,
    results,
    ruleset,
    ruleset_data,
)
from herenigd.rules.engine import evaluate
from herenigd.rules.ruleset import DATA_ATTENTION_CODES, load_ruleset

from .strategies import contact, d, ev, family, member

SP = member("sp", "sponsor", born="1980-01-01", dutch_level="B1")
PA = member("pa", "partner", born="1985-06-15", dutch_level="B1")


def child(key: str = "c1", born: str | None = "2009-09-01", **kw):
    return member(key, "child", born=born, **kw)


def evaluation(members, events=(), contacts=(), as_of="2017-06-01"):
    return evaluate(family(*members, events=events, contacts=contacts), load_ruleset(), d(as_of))


def persons(code, members, events=(), contacts=(), as_of="2017-06-01"):
    """The persons (None = family) on which `code` is active."""
    return {
        a.person for a in evaluation(members, events, contacts, as_of).attention if a.code == code
    }


def cases(*rows):
    return pytest.mark.parametrize(
        ("members", "events", "contacts", "as_of", "expected"),
        [r[1:] for r in rows],
        ids=[r[0] for r in rows],
    )


PERMIT = ev("permit_granted", "2016-01-12", "sp")


@cases(
    ("day before the warning", [SP], [PERMIT], [], "2016-03-21", set()),
    ("first day of the warning", [SP], [PERMIT], [], "2016-03-22", {"sp"}),
    ("after the term, still not filed", [SP], [PERMIT], [], "2016-05-01", {"sp"}),
    ("filed", [SP], [PERMIT, ev("application_filed", "2016-03-01")], [], "2016-03-25", set()),
    (
        "filed after D",
        [SP],
        [PERMIT, ev("application_filed", "2016-04-01")],
        [],
        "2016-03-25",
        {"sp"},
    ),
    (
        "clamped: day before",
        [SP],
        [ev("permit_granted", "2016-11-30", "sp")],
        [],
        "2017-02-06",
        set(),
    ),
    (
        "clamped: first day",
        [SP],
        [ev("permit_granted", "2016-11-30", "sp")],
        [],
        "2017-02-07",
        {"sp"},
    ),
    ("no permit", [SP], [], [], "2016-05-01", set()),
)
def test_application_deadline(members, events, contacts, as_of, expected):
    assert persons("APPLICATION_DEADLINE", members, events, contacts, as_of) == expected


FILED = ev("application_filed", "2016-03-01")


@cases(
    ("on the due date", [SP], [FILED], [], "2016-08-28", set()),
    ("day after due", [SP], [FILED], [], "2016-08-29", {None}),
    (
        "decided",
        [SP],
        [FILED, ev("decision", "2016-08-20", outcome="granted")],
        [],
        "2016-09-01",
        set(),
    ),
    (
        "decided after D",
        [SP],
        [FILED, ev("decision", "2016-09-02", outcome="granted")],
        [],
        "2016-09-01",
        {None},
    ),
    ("no application", [SP], [], [], "2016-09-01", set()),
)
def test_decision_overdue(members, events, contacts, as_of, expected):
    assert persons("DECISION_OVERDUE", members, events, contacts, as_of) == expected


def decision(date, outcome):
    return ev("decision", date, outcome=outcome)


@cases(
    ("refused", [SP], [decision("2016-06-01", "refused")], [], "2016-07-01", {None}),
    ("granted", [SP], [decision("2016-06-01", "granted")], [], "2016-07-01", set()),
    (
        "refused, then granted on objection",
        [SP],
        [decision("2016-06-01", "refused"), decision("2016-09-01", "granted")],
        [],
        "2016-10-01",
        set(),
    ),
    (
        "granted, then refused: the latest decides",
        [SP],
        [decision("2016-09-01", "refused"), decision("2016-06-01", "partly_granted")],
        [],
        "2016-10-01",
        {None},
    ),
    (
        "latest refusal after D ignored",
        [SP],
        [decision("2016-06-01", "granted"), decision("2016-09-01", "refused")],
        [],
        "2016-08-01",
        set(),
    ),
    (
        "same-day decisions: a refusal among them counts",
        [SP],
        [decision("2016-06-01", "granted"), decision("2016-06-01", "refused")],
        [],
        "2016-07-01",
        {None},
    ),
    ("no decision", [SP], [], [], "2016-07-01", set()),
)
def test_application_refused(members, events, contacts, as_of, expected):
    assert persons("APPLICATION_REFUSED", members, events, contacts, as_of) == expected


@cases(
    (
        "exactly 2 years: no",
        [SP, PA],
        [ev("separated", "2015-02-06", "pa"), ev("arrival", "2017-02-06", "pa")],
        [],
        "2017-03-01",
        set(),
    ),
    (
        "2 years and a day",
        [SP, PA],
        [ev("separated", "2015-02-06", "pa"), ev("arrival", "2017-02-07", "pa")],
        [],
        "2017-03-01",
        {"pa"},
    ),
    (
        "clamped from 29 Feb: on S + 2 years",
        [SP, PA],
        [ev("separated", "2016-02-29", "pa"), ev("arrival", "2018-02-28", "pa")],
        [],
        "2018-03-05",
        set(),
    ),
    (
        "clamped from 29 Feb: day after",
        [SP, PA],
        [ev("separated", "2016-02-29", "pa"), ev("arrival", "2018-03-01", "pa")],
        [],
        "2018-03-05",
        {"pa"},
    ),
    (
        "arrival after D",
        [SP, PA],
        [ev("separated", "2014-01-01", "pa"), ev("arrival", "2017-02-07", "pa")],
        [],
        "2017-02-06",
        set(),
    ),
    (
        "travelled with the sponsor",
        [SP, member("pa", "partner", travelled_with_sponsor=True)],
        [ev("separated", "2014-01-01", "pa"), ev("arrival", "2017-02-07", "pa")],
        [],
        "2017-03-01",
        set(),
    ),
    ("no separation date", [SP, PA], [ev("arrival", "2017-02-07", "pa")], [], "2017-03-01", set()),
)
def test_long_separation(members, events, contacts, as_of, expected):
    assert persons("LONG_SEPARATION", members, events, contacts, as_of) == expected


def test_long_separation_of_a_child_is_for_jgz():
    events = [
        ev("separated", "2014-01-01", "c1"),
        ev("arrival", "2017-02-07", "c1"),
        ev("separated", "2014-01-01", "pa"),
        ev("arrival", "2017-02-07", "pa"),
    ]
    result = evaluation([SP, PA, child()], events)
    responsible = {a.person: a.responsible for a in result.attention if a.code == "LONG_SEPARATION"}
    assert responsible == {"c1": "jgz", "pa": "social_guidance"}


ARR_PA = ev("arrival", "2017-02-06", "pa")


@cases(
    (
        "one arrived, one abroad",
        [SP, PA, child(location="abroad")],
        [ARR_PA],
        [],
        "2017-03-01",
        {None},
    ),
    ("one missing", [SP, PA, child(location="missing")], [ARR_PA], [], "2017-03-01", {None}),
    ("no location: abroad", [SP, PA, child()], [ARR_PA], [], "2017-03-01", {None}),
    (
        "in_nl without arrival: abroad",
        [SP, PA, child(location="in_nl")],
        [ARR_PA],
        [],
        "2017-03-01",
        {None},
    ),
    ("other one deceased", [SP, PA, child(location="deceased")], [ARR_PA], [], "2017-03-01", set()),
    ("nobody arrived", [SP, PA, child()], [], [], "2017-03-01", set()),
    ("arrival after D", [SP, PA, child()], [ARR_PA], [], "2017-02-05", set()),
    (
        "all arrived",
        [SP, PA, child()],
        [ARR_PA, ev("arrival", "2017-02-06", "c1")],
        [],
        "2017-03-01",
        set(),
    ),
    (
        "travelled with sponsor is no reunifier",
        [SP, PA, child(travelled_with_sponsor=True)],
        [ARR_PA],
        [],
        "2017-03-01",
        set(),
    ),
    ("the sponsor is no reunifier", [SP, PA], [ARR_PA], [], "2017-03-01", set()),
)
def test_family_incomplete(members, events, contacts, as_of, expected):
    assert persons("FAMILY_INCOMPLETE", members, events, contacts, as_of) == expected


UAM = member("sp", "sponsor", born="2000-01-01", uam=True, dutch_level="B1")
PARENT = member("mo", "parent", born="1970-01-01", dutch_level="B1")
SIBLING = member("br", "sibling", born="2005-01-01")


@cases(
    (
        "parent arrived",
        [UAM, PARENT],
        [ev("arrival", "2016-06-01", "mo")],
        [],
        "2016-07-01",
        {"sp"},
    ),
    (
        "sibling arrived",
        [UAM, SIBLING],
        [ev("arrival", "2016-06-01", "br")],
        [],
        "2016-07-01",
        {"sp"},
    ),
    (
        "not yet arrived",
        [UAM, PARENT],
        [ev("arrival", "2016-08-01", "mo")],
        [],
        "2016-07-01",
        set(),
    ),
    (
        "sponsor not an (ex-)UAM",
        [SP, PARENT],
        [ev("arrival", "2016-06-01", "mo")],
        [],
        "2016-07-01",
        set(),
    ),
    (
        "a partner is not a parent",
        [UAM, PA],
        [ev("arrival", "2016-06-01", "pa")],
        [],
        "2016-07-01",
        set(),
    ),
)
def test_ex_amv_overload(members, events, contacts, as_of, expected):
    assert persons("EX_AMV_OVERLOAD", members, events, contacts, as_of) == expected


@cases(
    (
        "parent arrived, minor",
        [UAM, PARENT],
        [ev("arrival", "2016-06-01", "mo")],
        [],
        "2016-07-01",
        {"sp"},
    ),
    (
        "no parent, minor",
        [UAM, SIBLING],
        [ev("arrival", "2016-06-01", "br")],
        [],
        "2016-07-01",
        set(),
    ),
    ("turns 18: day before", [UAM], [], [], "2017-12-31", set()),
    ("turns 18", [UAM], [], [], "2018-01-01", {"sp"}),
    (
        "guardianship ended",
        [UAM, PARENT],
        [ev("arrival", "2016-06-01", "mo"), ev("guardianship_ended", "2016-06-20", "sp")],
        [],
        "2016-07-01",
        set(),
    ),
    (
        "family-level guardianship_ended applies to every member",
        [UAM],
        [ev("guardianship_ended", "2017-12-01")],
        [],
        "2018-02-01",
        set(),
    ),
    (
        "guardianship ended after D",
        [UAM],
        [ev("guardianship_ended", "2018-03-01", "sp")],
        [],
        "2018-02-01",
        {"sp"},
    ),
    (
        "another member's guardianship ended",
        [UAM, SIBLING],
        [ev("guardianship_ended", "2017-12-01", "br")],
        [],
        "2018-02-01",
        {"sp"},
    ),
    ("not an (ex-)UAM", [SP], [], [], "2018-02-01", set()),
    (
        "unknown birth date, no parent",
        [member("sp", "sponsor", born=None, uam=True)],
        [],
        [],
        "2018-02-01",
        set(),
    ),
)
def test_guardianship_handover(members, events, contacts, as_of, expected):
    assert persons("GUARDIANSHIP_HANDOVER", members, events, contacts, as_of) == expected


def moved(date, person, route="direct", destination="sponsor_home", suitable=None):
    fields = {"route": route, "destination": destination}
    if suitable is not None:
        fields["suitable"] = suitable
    return ev("moved", date, person, **fields)


def session(date, person, topic="health_care"):
    return ev("information_session", date, person, topic=topic)


@cases(
    ("direct move", [SP, PA], [moved("2017-02-10", "pa")], [], "2017-03-01", {"pa"}),
    ("via azc", [SP, PA], [moved("2017-02-10", "pa", route="via_azc")], [], "2017-03-01", set()),
    (
        "health-care session",
        [SP, PA],
        [moved("2017-02-10", "pa"), session("2017-02-20", "pa")],
        [],
        "2017-03-01",
        set(),
    ),
    (
        "session on another topic",
        [SP, PA],
        [moved("2017-02-10", "pa"), session("2017-02-20", "pa", "sexual_health")],
        [],
        "2017-03-01",
        {"pa"},
    ),
    (
        "another person's session",
        [SP, PA],
        [moved("2017-02-10", "pa"), session("2017-02-20", "sp")],
        [],
        "2017-03-01",
        {"pa"},
    ),
    (
        "session after D",
        [SP, PA],
        [moved("2017-02-10", "pa"), session("2017-03-02", "pa")],
        [],
        "2017-03-01",
        {"pa"},
    ),
    ("move after D", [SP, PA], [moved("2017-03-02", "pa")], [], "2017-03-01", set()),
    ("sponsor: no reunifier", [SP], [moved("2017-02-10", "sp")], [], "2017-03-01", set()),
)
def test_direct_route_info_gap(members, events, contacts, as_of, expected):
    assert persons("DIRECT_ROUTE_INFO_GAP", members, events, contacts, as_of) == expected


@cases(
    ("29 days after arrival", [SP, PA], [ARR_PA], [], "2017-03-07", set()),
    ("30 days after arrival", [SP, PA], [ARR_PA], [], "2017-03-08", {"pa"}),
    (
        "only contact via the sponsor",
        [SP, PA],
        [ARR_PA],
        [contact("pa", "2017-02-14", direct=False, via="sp", interpreter="sp")],
        "2017-03-08",
        {"pa"},
    ),
    (
        "direct contact",
        [SP, PA],
        [ARR_PA],
        [contact("pa", "2017-03-01", direct=True)],
        "2017-03-08",
        set(),
    ),
    (
        "direct contact after D",
        [SP, PA],
        [ARR_PA],
        [contact("pa", "2017-03-09", direct=True)],
        "2017-03-08",
        {"pa"},
    ),
    (
        "direct contact with someone else",
        [SP, PA],
        [ARR_PA],
        [contact("sp", "2017-03-01", direct=True)],
        "2017-03-08",
        {"pa"},
    ),
    ("a minor", [SP, child()], [ev("arrival", "2017-02-06", "c1")], [], "2017-03-08", set()),
    (
        "arrived as a minor, adult at D",
        [SP, child(born="1999-03-01")],
        [ev("arrival", "2017-02-06", "c1")],
        [],
        "2017-03-08",
        {"c1"},
    ),
    ("not arrived", [SP, PA], [], [], "2017-03-08", set()),
)
def test_not_reached(members, events, contacts, as_of, expected):
    assert persons("NOT_REACHED", members, events, contacts, as_of) == expected


ARR_PARTNER = ev("arrival", "2017-09-04", "pa")


@cases(
    (
        "child arrived before the partner",
        [SP, PA, child()],
        [ev("arrival", "2014-02-01", "c1"), ARR_PARTNER],
        [],
        "2017-10-01",
        {"sp"},
    ),
    (
        "child travelled with the sponsor",
        [SP, PA, child(travelled_with_sponsor=True)],
        [ARR_PARTNER],
        [],
        "2017-10-01",
        {"sp"},
    ),
    (
        "child arrived the same day",
        [SP, PA, child()],
        [ev("arrival", "2017-09-04", "c1"), ARR_PARTNER],
        [],
        "2017-10-01",
        set(),
    ),
    (
        "child arrived after the partner",
        [SP, PA, child()],
        [ev("arrival", "2017-09-05", "c1"), ARR_PARTNER],
        [],
        "2017-10-01",
        set(),
    ),
    (
        "partner not arrived at D",
        [SP, PA, child(travelled_with_sponsor=True)],
        [ARR_PARTNER],
        [],
        "2017-09-03",
        set(),
    ),
    ("no child", [SP, PA], [ARR_PARTNER], [], "2017-10-01", set()),
)
def test_alo_kop_reclaim(members, events, contacts, as_of, expected):
    assert persons("ALO_KOP_RECLAIM", members, events, contacts, as_of) == expected


def test_alo_kop_reason_quotes_the_data():
    members = [
        member("sp", "sponsor", born="1980-01-01", dutch_level="B1"),
        member("pa", "partner", born="1985-01-01", dutch_level="B1"),
        member("c1", "child", born="2010-01-01"),
    ]
    events = [ev("arrival", "2014-02-01", "c1"), ev("arrival", "2017-09-04", "pa")]
    point = next(
        a
        for a in evaluation(members, events, as_of="2017-10-01").attention
        if a.code == "ALO_KOP_RECLAIM"
    )
    assert point.reason_en == (
        "Partner arrived 4-9-2017; a child has lived in NL since 1-2-2014: the tax office may "
        "reclaim the single-parent supplement (~€3,000)."
    )
    assert point.reason_nl == (
        "Partner kwam aan op 4-9-2017; een kind woont sinds 1-2-2014 in Nederland: de "
        "Belastingdienst kan de alleenstaande-ouderkop terugvorderen (ca. € 3.000)."
    )
    assert point.facts == {
        "person": "sp",
        "partner": "pa",
        "partner_arrival": "2017-09-04",
        "child": "c1",
        "child_in_nl_since": "2014-02-01",
        "amount_eur": 3000,
    }
    assert (point.sensitivity, point.responsible) == ("normal", "social_guidance")


DOC = ev("residence_document_issued", "2017-02-08", "pa")


@cases(
    ("on the due date", [SP, PA], [DOC], [], "2017-02-22", set()),
    ("day after due", [SP, PA], [DOC], [], "2017-02-23", {"pa"}),
    (
        "insured",
        [SP, PA],
        [DOC, ev("health_insurance_started", "2017-02-20", "pa")],
        [],
        "2017-03-01",
        set(),
    ),
    (
        "insured late",
        [SP, PA],
        [DOC, ev("health_insurance_started", "2017-02-25", "pa")],
        [],
        "2017-03-01",
        set(),
    ),
    (
        "insured after D",
        [SP, PA],
        [DOC, ev("health_insurance_started", "2017-03-02", "pa")],
        [],
        "2017-03-01",
        {"pa"},
    ),
)
def test_health_insurance_gap(members, events, contacts, as_of, expected):
    assert persons("HEALTH_INSURANCE_GAP", members, events, contacts, as_of) == expected


@cases(
    (
        "into the unsuitable sponsor home",
        [SP, PA],
        [moved("2017-02-10", "pa", suitable=False)],
        [],
        "2017-03-01",
        {"pa"},
    ),
    ("suitable", [SP, PA], [moved("2017-02-10", "pa", suitable=True)], [], "2017-03-01", set()),
    ("suitability unknown", [SP, PA], [moved("2017-02-10", "pa")], [], "2017-03-01", set()),
    (
        "unsuitable azc is not the sponsor home",
        [SP, PA],
        [moved("2017-02-10", "pa", route="via_azc", destination="azc", suitable=False)],
        [],
        "2017-03-01",
        set(),
    ),
    (
        "family home assigned to the family",
        [SP, PA],
        [moved("2017-02-10", "pa", suitable=False), ev("family_home_assigned", "2017-02-20")],
        [],
        "2017-03-01",
        set(),
    ),
    (
        "family home assigned to another member",
        [SP, PA],
        [moved("2017-02-10", "pa", suitable=False), ev("family_home_assigned", "2017-02-20", "sp")],
        [],
        "2017-03-01",
        set(),
    ),
    (
        "family home assigned after D",
        [SP, PA],
        [moved("2017-02-10", "pa", suitable=False), ev("family_home_assigned", "2017-03-02")],
        [],
        "2017-03-01",
        {"pa"},
    ),
    (
        "latest move decides: moved on",
        [SP, PA],
        [
            moved("2017-02-10", "pa", suitable=False),
            moved("2017-02-20", "pa", route="other", destination="family_home", suitable=True),
        ],
        [],
        "2017-03-01",
        set(),
    ),
    (
        "latest move decides: moved in later",
        [SP, PA],
        [
            moved("2017-02-20", "pa", suitable=False),
            moved("2017-02-10", "pa", route="via_azc", destination="azc", suitable=True),
        ],
        [],
        "2017-03-01",
        {"pa"},
    ),
    (
        "later move after D ignored",
        [SP, PA],
        [
            moved("2017-02-10", "pa", suitable=False),
            moved("2017-03-02", "pa", destination="family_home", suitable=True),
        ],
        [],
        "2017-03-01",
        {"pa"},
    ),
)
def test_coa_deregistration_risk(members, events, contacts, as_of, expected):
    assert persons("COA_DEREGISTRATION_RISK", members, events, contacts, as_of) == expected


@cases(
    ("29 days after arrival", [SP, PA], [ARR_PA], [], "2017-03-07", set()),
    ("30 days after arrival", [SP, PA], [ARR_PA], [], "2017-03-08", {None}),
    (
        "suitable move after arrival",
        [SP, PA],
        [ARR_PA, moved("2017-02-10", "pa", suitable=True)],
        [],
        "2017-03-08",
        set(),
    ),
    (
        "suitable move on the arrival day",
        [SP, PA],
        [ARR_PA, moved("2017-02-06", "pa", suitable=True)],
        [],
        "2017-03-08",
        set(),
    ),
    (
        "suitable move before arrival",
        [SP, PA],
        [ARR_PA, moved("2016-05-01", "sp", route="other", destination="other", suitable=True)],
        [],
        "2017-03-08",
        {None},
    ),
    (
        "suitable move by any member",
        [SP, PA],
        [
            ARR_PA,
            moved("2017-02-20", "sp", route="other", destination="family_home", suitable=True),
        ],
        [],
        "2017-03-08",
        set(),
    ),
    (
        "unsuitable move",
        [SP, PA],
        [ARR_PA, moved("2017-02-10", "pa", suitable=False)],
        [],
        "2017-03-08",
        {None},
    ),
    (
        "family home assigned",
        [SP, PA],
        [ARR_PA, ev("family_home_assigned", "2017-01-01")],
        [],
        "2017-03-08",
        set(),
    ),
    (
        "suitable move after D",
        [SP, PA],
        [ARR_PA, moved("2017-03-09", "pa", suitable=True)],
        [],
        "2017-03-08",
        {None},
    ),
    (
        "travelled with sponsor is no reunifier",
        [SP, member("pa", "partner", travelled_with_sponsor=True)],
        [ARR_PA],
        [],
        "2017-03-08",
        set(),
    ),
)
def test_housing_wait(members, events, contacts, as_of, expected):
    assert persons("HOUSING_WAIT", members, events, contacts, as_of) == expected


def nl(key, role, level, english=False, born="1985-01-01", **kw):
    return member(key, role, born=born, dutch_level=level, speaks_english=english, **kw)


@cases(
    ("sponsor A1", [nl("sp", "sponsor", "A1")], [], [], "2017-03-01", {"sp"}),
    ("sponsor A0", [nl("sp", "sponsor", "A0")], [], [], "2017-03-01", {"sp"}),
    ("sponsor A2", [nl("sp", "sponsor", "A2")], [], [], "2017-03-01", set()),
    (
        "sponsor speaks English",
        [nl("sp", "sponsor", "none", english=True)],
        [],
        [],
        "2017-03-01",
        set(),
    ),
    ("arrived partner", [SP, nl("pa", "partner", "none")], [ARR_PA], [], "2017-03-01", {"pa"}),
    ("partner abroad", [SP, nl("pa", "partner", "none")], [], [], "2017-03-01", set()),
    (
        "partner arrives after D",
        [SP, nl("pa", "partner", "none")],
        [ARR_PA],
        [],
        "2017-02-05",
        set(),
    ),
    (
        "travelled with the sponsor",
        [SP, nl("pa", "partner", "none", travelled_with_sponsor=True)],
        [],
        [],
        "2017-03-01",
        {"pa"},
    ),
    (
        "a minor",
        [SP, nl("c1", "child", "none", born="2005-01-01")],
        [ev("arrival", "2017-02-06", "c1")],
        [],
        "2017-03-01",
        set(),
    ),
    (
        "adult at D",
        [SP, nl("c1", "child", "none", born="1999-02-01")],
        [ev("arrival", "2017-01-06", "c1")],
        [],
        "2017-03-01",
        {"c1"},
    ),
    (
        "no Dutch level recorded",
        [member("sp", "sponsor", born="1980-01-01")],
        [],
        [],
        "2017-03-01",
        set(),
    ),
)
def test_interpreter_needed(members, events, contacts, as_of, expected):
    assert persons("INTERPRETER_NEEDED", members, events, contacts, as_of) == expected


ARR_C1 = ev("arrival", "2017-02-06", "c1")


@cases(
    ("on the due date", [SP, child()], [ARR_C1], [], "2017-02-20", set()),
    ("day after due", [SP, child()], [ARR_C1], [], "2017-02-21", {"c1"}),
    (
        "registered",
        [SP, child()],
        [ARR_C1, ev("school_registered", "2017-02-16", "c1")],
        [],
        "2017-03-01",
        set(),
    ),
    (
        "registered late",
        [SP, child()],
        [ARR_C1, ev("school_registered", "2017-02-25", "c1")],
        [],
        "2017-03-01",
        set(),
    ),
    ("too young", [SP, child(born="2013-01-01")], [ARR_C1], [], "2017-03-01", set()),
)
def test_school_concern(members, events, contacts, as_of, expected):
    assert persons("SCHOOL_CONCERN", members, events, contacts, as_of) == expected


PREG = ev("pregnancy", "2017-05-01", "pa")


@cases(
    ("pregnancy", [SP, PA], [PREG], [], "2017-06-01", {"pa"}),
    ("birth later", [SP, PA], [PREG, ev("birth", "2017-12-01", "pa")], [], "2018-01-01", set()),
    (
        "birth recorded on the family",
        [SP, PA],
        [PREG, ev("birth", "2017-12-01")],
        [],
        "2018-01-01",
        set(),
    ),
    (
        "birth the same day",
        [SP, PA],
        [PREG, ev("birth", "2017-05-01", "pa")],
        [],
        "2018-01-01",
        set(),
    ),
    (
        "birth before the pregnancy",
        [SP, PA],
        [PREG, ev("birth", "2016-03-01", "pa")],
        [],
        "2017-06-01",
        {"pa"},
    ),
    ("birth after D", [SP, PA], [PREG, ev("birth", "2017-12-01", "pa")], [], "2017-11-30", {"pa"}),
    ("pregnancy after D", [SP, PA], [PREG], [], "2017-04-30", set()),
    ("none", [SP, PA], [], [], "2017-06-01", set()),
)
def test_pregnancy(members, events, contacts, as_of, expected):
    assert persons("PREGNANCY", members, events, contacts, as_of) == expected


def test_pregnancy_is_health_sensitive():
    point = evaluation([SP, PA], [PREG]).attention[0]
    assert (point.code, point.sensitivity, point.responsible) == ("PREGNANCY", "health", "ggd")


def interpreted(date, by, person="pa"):
    return contact(person, date, direct=True, interpreter=by, organisation="gp")


@cases(
    (
        "a 12-year-old interpreted",
        [SP, PA, child(born="2005-01-01")],
        [],
        [interpreted("2017-02-14", "c1")],
        "2017-03-01",
        {"c1"},
    ),
    ("an adult interpreted", [SP, PA], [], [interpreted("2017-02-14", "sp")], "2017-03-01", set()),
    (
        "a phone interpreter",
        [SP, PA],
        [],
        [interpreted("2017-02-14", "phone")],
        "2017-03-01",
        set(),
    ),
    (
        "17 at the contact, 18 at D: age at the contact",
        [SP, PA, child(born="1999-03-01")],
        [],
        [interpreted("2017-02-14", "c1")],
        "2017-06-01",
        {"c1"},
    ),
    (
        "18 on the contact date",
        [SP, PA, child(born="1999-02-14")],
        [],
        [interpreted("2017-02-14", "c1")],
        "2017-06-01",
        set(),
    ),
    (
        "contact after D",
        [SP, PA, child()],
        [],
        [interpreted("2017-03-02", "c1")],
        "2017-03-01",
        set(),
    ),
)
def test_child_interpreter(members, events, contacts, as_of, expected):
    assert persons("CHILD_INTERPRETER", members, events, contacts, as_of) == expected


def test_child_interpreter_reason():
    members = [
        SP,
        member("pa", "partner", given_name="Rana"),
        child(born="2005-01-01", given_name="Omar"),
    ]
    contacts = [interpreted("2017-02-14", "c1"), interpreted("2017-01-10", "c1")]
    point = evaluation(members, contacts=contacts, as_of="2017-03-01").attention[0]
    assert point.code == "CHILD_INTERPRETER"
    assert point.reason_en == (
        "Omar (child, aged 12) interpreted for Rana (partner) on 14-2-2017 (contact by GP); "
        "recorded as interpreter 2 times."
    )
    assert "Omar (kind, 12 jaar) tolkte op 14-2-2017 voor Rana (partner)" in point.reason_nl
    assert point.facts["contacts"] == 2
    assert point.facts["latest"]["date"] == "2017-02-14"


def test_every_data_code_has_a_positive_case_in_this_module():
    source = Path(__file__).read_text(encoding="utf-8")
    for code in DATA_ATTENTION_CODES:
        assert f'"{code}"' in source, code


def test_points_are_sorted_and_carry_the_ruleset_attributes():
    members = [
        nl("sp", "sponsor", "none"),
        nl("pa", "partner", "none"),
        nl("c2", "child", "none", born="2010-01-01"),
        nl("c1", "child", "none", born="2010-01-01"),
    ]
    events = [
        ev("arrival", "2017-02-06", "pa"),
        moved("2017-02-10", "pa"),
        moved("2017-02-10", "c2"),
        moved("2017-02-10", "c1"),
    ]
    result = evaluation(members, events, as_of="2017-03-20")
    keys = [a.sort_key for a in result.attention]
    assert keys == sorted(keys)
    assert [(a.code, a.person) for a in result.attention] == [
        ("DIRECT_ROUTE_INFO_GAP", "c1"),
        ("DIRECT_ROUTE_INFO_GAP", "c2"),
        ("DIRECT_ROUTE_INFO_GAP", "pa"),
        ("FAMILY_INCOMPLETE", None),
        ("HOUSING_WAIT", None),
        ("INTERPRETER_NEEDED", "pa"),
        ("INTERPRETER_NEEDED", "sp"),
        ("NOT_REACHED", "pa"),
    ]
    rs = load_ruleset()
    for a in result.attention:
        assert a.sensitivity == rs.attention[a.code].sensitivity
        assert a.reason_nl and a.reason_en


@pytest.mark.parametrize(
    "module",
    [engine, context, deadlines, attention, registry, results, facts, ruleset, ruleset_data, dates],
)
def test_pure_modules_use_no_clock_and_no_django(module):
    source = inspect.getsource(module)
    for forbidden in ("today(", "now(", "django", "time.time", "utcnow"):
        assert forbidden not in source, f"{module.__name__} uses {forbidden}"


@pytest.mark.parametrize("module", [reasons, labels])
def test_text_modules_use_no_clock_and_only_django_translation(module):
    """Reasons and labels come from the gettext catalogues (issue 9); nothing else of Django."""
    source = inspect.getsource(module)
    for forbidden in ("today(", "now(", "time.time", "utcnow"):
        assert forbidden not in source, f"{module.__name__} uses {forbidden}"
    imports = [
        line for line in source.splitlines() if line.startswith(("from django", "import django"))
    ]
    assert imports and all(
        line.startswith(
            (
                "from django.utils import translation",
                "from django.utils.translation",
                "from django.utils.functional",
            )
        )
        for line in imports
    ), imports


def test_evaluation_is_repeatable():
    fam = family(SP, PA, child(), events=[ARR_PA, moved("2017-02-10", "pa", suitable=False)])
    rs = load_ruleset()
    assert evaluate(fam, rs, dt.date(2017, 4, 1)) == evaluate(fam, rs, dt.date(2017, 4, 1))
