"""Properties of the engine over random case bundles (hypothesis): it never raises, the result
does not depend on the order of members, events or contacts, and events or contacts dated after
D never change the result at D (rules.md 'Conventions')."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from herenigd.rules.engine import EXPIRED, MET, MET_LATE, OPEN, OVERDUE, evaluate
from herenigd.rules.facts import family_from_bundle
from herenigd.rules.ruleset import DATA_ATTENTION_CODES, DEADLINE_CODES, load_ruleset

from .strategies import contact_dicts, dates, event_dicts, family_dicts, keys_of

RS = load_ruleset()
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SCHEMA = (
    Path(__file__).resolve().parents[2] / "src/herenigd/families/schema/case-bundle-1.schema.json"
)


def run(fam: dict, as_of: dt.date):
    return evaluate(family_from_bundle(fam), RS, as_of)


@SETTINGS
@given(fam=family_dicts(), as_of=dates)
def test_never_raises_and_output_is_well_formed(fam, as_of):
    result = run(fam, as_of)
    assert result.as_of == as_of
    keys = set(keys_of(fam))
    for x in result.deadlines:
        assert x.code in DEADLINE_CODES
        assert x.person is None or x.person in keys
        assert x.status in (MET, MET_LATE, OPEN, OVERDUE, EXPIRED)
        assert (x.fulfilled_on is not None) == (x.status in (MET, MET_LATE))
        if x.fulfilled_on is not None:
            assert x.fulfilled_on <= as_of
            assert (x.fulfilled_on <= x.due) == (x.status == MET)
        elif x.status in (OPEN, OVERDUE, EXPIRED):
            assert (x.due >= as_of) == (x.status == OPEN)
    for a in result.attention:
        assert a.code in DATA_ATTENTION_CODES
        assert a.person is None or a.person in keys
        assert a.reason_nl and a.reason_en
        assert a.responsible in RS.organisation_types
        json.dumps(a.facts)
    assert [x.sort_key for x in result.deadlines] == sorted(x.sort_key for x in result.deadlines)
    assert [a.sort_key for a in result.attention] == sorted(a.sort_key for a in result.attention)
    pairs = [(a.code, a.person) for a in result.attention]
    assert len(pairs) == len(set(pairs)), "a point is raised once per code and subject"
    deadline_pairs = [(x.code, x.person) for x in result.deadlines]
    assert len(deadline_pairs) == len(set(deadline_pairs))


@SETTINGS
@given(fam=family_dicts(), as_of=dates, data=st.data())
def test_independent_of_member_event_and_contact_order(fam, as_of, data):
    shuffled = {
        **fam,
        "members": data.draw(st.permutations(fam["members"]), label="members"),
        "events": data.draw(st.permutations(fam["events"]), label="events"),
        "contacts": data.draw(st.permutations(fam["contacts"]), label="contacts"),
    }
    assert run(shuffled, as_of) == run(fam, as_of)


@SETTINGS
@given(fam=family_dicts(), as_of=dates, data=st.data())
def test_events_and_contacts_after_d_change_nothing(fam, as_of, data):
    keys = keys_of(fam)
    later = st.dates(min_value=as_of + dt.timedelta(days=1), max_value=dt.date(2030, 12, 31))
    extra_events = data.draw(st.lists(event_dicts(keys, later), min_size=1, max_size=12))
    extra_contacts = data.draw(st.lists(contact_dicts(keys, later), max_size=5))
    grown = {
        **fam,
        "events": data.draw(st.permutations(fam["events"] + extra_events)),
        "contacts": data.draw(st.permutations(fam["contacts"] + extra_contacts)),
    }
    assert run(grown, as_of) == run(fam, as_of)


@pytest.fixture(scope="module")
def bundle_validator():
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"case-bundle schema not found at {SCHEMA}")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fam=family_dicts())
def test_generated_families_are_valid_case_bundles(bundle_validator, fam):
    """Keeps the strategies honest: they produce what the importer accepts."""
    bundle = {"format": "herenigd.case-bundle/1", "municipality": "0268", "family": fam}
    bundle_validator.validate(bundle)
