"""Reason texts quote the data, in Dutch and English (factors.md §4; dates d-m-yyyy)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from herenigd.rules.engine import evaluate
from herenigd.rules.reasons import CODES, render
from herenigd.rules.ruleset import DATA_ATTENTION_CODES, load_ruleset

from .strategies import contact, ev, family, member

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
NAMES = {"sp": "Karim", "pa": "Rana", "mo": "Amina", "br": "Lina", "br2": "Omar", "c1": "Sami"}


def kitchen_sink(named: bool, *, filed: bool):
    """Families that trigger every data-derived code (DECISION_OVERDUE needs a filed
    application, APPLICATION_DEADLINE needs none: two variants)."""

    def m(key, role, born, **kw):
        if named:
            kw["given_name"] = NAMES[key]
        return member(key, role, born=born, **kw)

    members = [
        m("sp", "sponsor", "1999-01-01", uam=True, dutch_level="none"),
        m("mo", "parent", "1970", dutch_level="A1"),
        m("pa", "partner", "1998-05-05", dutch_level="B1"),
        m("c1", "child", "2016-01-01", travelled_with_sponsor=True),
        m("br", "sibling", "2008-01-01", location="abroad"),
        m("br2", "sibling", "2010-01-01"),
    ]
    events = [
        ev("permit_granted", "2016-01-12", "sp"),
        ev("decision", "2016-11-15", outcome="refused"),
        ev("separated", "2014-01-01", "mo"),
        ev("arrival", "2017-02-06", "mo"),
        ev("arrival", "2017-02-06", "br2"),
        ev("arrival", "2017-09-04", "pa"),
        ev("residence_document_issued", "2017-02-08", "mo"),
        ev("moved", "2017-02-10", "mo", route="direct", destination="sponsor_home", suitable=False),
        ev("moved", "2017-02-10", "br2", route="direct", destination="sponsor_home"),
        ev("pregnancy", "2017-10-01", "pa"),
    ]
    if filed:
        events = [e for e in events if e["type"] != "decision"]
        events.append(ev("application_filed", "2016-03-01"))
    contacts = [
        contact("mo", "2017-02-14", direct=False, via="sp", interpreter="br2", organisation="coa")
    ]
    return family(*members, events=events, contacts=contacts)


def points(named: bool):
    rs = load_ruleset()
    as_of = dt.date(2018, 1, 10)
    out = {}
    for filed in (False, True):
        for a in evaluate(kitchen_sink(named, filed=filed), rs, as_of).attention:
            out.setdefault((a.code, a.person), a)
    return out


def test_the_kitchen_sink_triggers_every_data_code():
    assert {code for code, _ in points(named=True)} == set(DATA_ATTENTION_CODES) == CODES


def _dates(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _dates(v)
    elif isinstance(value, list):
        for v in value:
            yield from _dates(v)
    elif isinstance(value, str) and ISO.fullmatch(value):
        yield dt.date.fromisoformat(value)


@pytest.mark.parametrize("named", [True, False], ids=["given names", "roles only"])
def test_reasons_quote_every_date_of_their_facts(named):
    for (code, _person), a in points(named).items():
        assert a.reason_nl and a.reason_en and a.reason_nl != a.reason_en, code
        for text in (a.reason_nl, a.reason_en):
            assert not ISO.search(text), (code, text)
            assert text[0].isupper(), (code, text)
            assert text.endswith("."), (code, text)
            for day in _dates(a.facts):
                assert f"{day.day}-{day.month}-{day.year}" in text, (code, day, text)
        json.dumps(a.facts)  # storable as JSON


def test_names_or_roles():
    named = points(named=True)
    unnamed = points(named=False)
    assert named[("NOT_REACHED", "mo")].reason_en.startswith("Amina (parent) arrived 6-2-2017;")
    assert unnamed[("NOT_REACHED", "mo")].reason_en.startswith("The parent arrived 6-2-2017;")
    assert unnamed[("NOT_REACHED", "mo")].reason_nl.startswith("De ouder kwam aan op 6-2-2017;")
    assert named[("CHILD_INTERPRETER", "br2")].reason_en.startswith(
        "Omar (sibling, aged 7) interpreted for Amina (parent) on 14-2-2017 (contact by COA)"
    )
    for a in unnamed.values():
        for name in NAMES.values():
            assert name not in a.reason_en + a.reason_nl


def test_selected_texts():
    p = points(named=True)
    assert p[("LONG_SEPARATION", "mo")].reason_en == (
        "Amina (parent) last lived with the sponsor on 1-1-2014 and arrived 6-2-2017: "
        "more than 2 years apart."
    )
    assert p[("FAMILY_INCOMPLETE", None)].reason_nl == (
        "Omar (broer of zus) kwam aan op 6-2-2017, Amina (ouder) kwam aan op 6-2-2017 en "
        "Rana (partner) kwam aan op 4-9-2017; Lina (broer of zus) is nog in het buitenland."
    )
    assert p[("HEALTH_INSURANCE_GAP", "mo")].reason_en == (
        "The residence document of Amina (parent) was issued 8-2-2017; no health insurance was "
        "recorded within 14 days (by 22-2-2017), when the asylum seekers' health cost cover ends."
    )
    assert p[("APPLICATION_DEADLINE", "sp")].reason_en == (
        "Permit granted 12-1-2016 and no reunification application filed yet: the term of "
        "3 months ended 12-4-2016."
    )
    assert p[("INTERPRETER_NEEDED", "mo")].reason_en == (
        "Amina (parent, aged 47) is an adult who speaks Dutch at level A1 and does not speak "
        "English."
    )
    assert "ALO" not in p[("ALO_KOP_RECLAIM", "sp")].reason_en
    assert "Sami (child) came to NL with the sponsor" in p[("ALO_KOP_RECLAIM", "sp")].reason_en


def test_render_reads_only_facts():
    nl, en = render(
        "APPLICATION_REFUSED", {"decision": "2016-11-15", "outcome": "refused"}, members={}
    )
    assert en == "The latest decision, of 15-11-2016, refuses the application."
    assert nl == "De laatste beslissing, van 15-11-2016, wijst de aanvraag af."
