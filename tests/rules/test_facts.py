"""Parsing the `family` object of a case bundle into facts (rules.md 'Case bundle fields')."""

import datetime as dt
import json

import pytest

from herenigd.rules.facts import BundleDataError, Event, FamilyData, Member, family_from_bundle
from tests.fixtures import EXAMPLE_BUNDLE

from .strategies import contact, ev, family_dict, member


def test_example_bundle_is_parsed():
    bundle = json.loads(EXAMPLE_BUNDLE.read_text(encoding="utf-8"))
    fam = family_from_bundle(bundle["family"])
    assert isinstance(fam, FamilyData)
    assert fam.reference == "NIJ-EXAMPLE-1"
    assert [m.key for m in fam.members] == ["sponsor", "partner", "son", "daughter"]
    partner = fam.member("partner")
    assert partner.birth_date == dt.date(1983, 7, 1)
    assert partner.birth_year_only is True
    son = fam.member("son")
    assert son.birth_date == dt.date(2009, 9, 1)
    assert son.birth_year_only is False
    assert fam.member("daughter").speaks_english is True
    assert len(fam.events) == 16
    moved = next(e for e in fam.events if e.type == "moved")
    assert (moved.route, moved.destination, moved.suitable) == ("direct", "sponsor_home", True)
    decision = next(e for e in fam.events if e.type == "decision")
    assert decision.person is None
    assert decision.outcome == "partly_granted"
    first = fam.contacts[0]
    assert (first.person, first.direct, first.via, first.interpreter) == (
        "partner",
        False,
        "sponsor",
        "sponsor",
    )
    assert first.organisation == "social_guidance"
    # A whole bundle is unwrapped too.
    assert family_from_bundle(bundle) == fam


def test_missing_optional_fields_get_the_defaults_of_rules_md():
    fam = family_from_bundle({"reference": "X", "members": [{"key": "a", "role": "partner"}]})
    m = fam.members[0]
    assert m == Member(key="a", role="partner")
    assert (m.travelled_with_sponsor, m.uam, m.speaks_english) == (False, False, False)
    assert m.birth_date is None
    assert m.is_reunifier
    assert fam.events == () and fam.contacts == ()


def test_reunifier_is_neither_sponsor_nor_travelled_with_sponsor():
    fam = family_from_bundle(
        family_dict(
            member("sp", "sponsor"),
            member("pa", "partner", travelled_with_sponsor=True),
            member("c1", "child"),
        )
    )
    assert [m.is_reunifier for m in fam.members] == [False, False, True]


def test_event_and_contact_fields():
    fam = family_from_bundle(
        family_dict(
            member("sp", "sponsor"),
            events=[
                ev("information_session", "2017-03-01", "sp", topic="health_care"),
                ev("moved", "2017-03-02", "sp", route="via_azc", destination="azc"),
            ],
            contacts=[contact("sp", "2017-03-03", direct=True, interpreter="phone", topic="x")],
        )
    )
    assert fam.events[0] == Event(
        "information_session", dt.date(2017, 3, 1), "sp", topic="health_care"
    )
    assert fam.events[1].suitable is None
    assert fam.contacts[0].direct is True
    assert fam.contacts[0].via is None
    assert fam.contacts[0].topic == "x"


@pytest.mark.parametrize("bad", ["2017-02-30", "17-02-2017", "soon", ""])
def test_unreadable_dates_raise(bad):
    with pytest.raises(BundleDataError, match="date"):
        family_from_bundle(family_dict(member("sp", "sponsor"), events=[ev("arrival", bad, "sp")]))


def test_year_only_birth_is_first_of_july():
    fam = family_from_bundle(family_dict(member("c", "child", born="2005")))
    assert fam.members[0].birth_date == dt.date(2005, 7, 1)
    assert fam.members[0].birth_year_only
