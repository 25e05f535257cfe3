"""Case bundles: schema and semantic validation, atomic idempotent import, lossless export."""

import copy
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from herenigd.casefile.bundles import (
    BundleError,
    family_export_bundle,
    family_import_bundle,
    validate_bundle,
)
from herenigd.families.models import Contact, Family, Person
from herenigd.timeline.models import TimelineEvent

pytestmark = pytest.mark.django_db


def paths(data):
    return [issue.path for issue in validate_bundle(data)]


def test_example_bundle_is_valid(example_bundle):
    assert validate_bundle(example_bundle) == []


def test_import_creates_family_with_members_events_contacts(example_bundle, municipalities):
    result = family_import_bundle(data=example_bundle)
    family = result.family
    assert result.created and result.changed
    assert family.municipality.code == "0268"
    assert family.reference == "NIJ-EXAMPLE-1"
    assert [p.key for p in family.members.order_by("id")] == [
        "sponsor",
        "partner",
        "son",
        "daughter",
    ]
    partner = family.members.get(key="partner")
    assert partner.birth_date.isoformat() == "1983-07-01"
    assert partner.birth_date_precision == "year"
    assert partner.birth_date_text == "1983"
    assert family.events.count() == len(example_bundle["family"]["events"])
    moved = family.events.filter(type="moved", person=partner).get()
    assert (moved.route, moved.destination, moved.suitable) == ("direct", "sponsor_home", True)
    via_sponsor = family.contacts.get(direct=False)
    assert via_sponsor.via.key == "sponsor"
    assert via_sponsor.interpreter == "member"
    assert via_sponsor.interpreter_member.key == "sponsor"
    assert family.contacts.get(direct=True).interpreter == "phone"


def test_round_trip_is_lossless_and_reimport_changes_nothing(example_bundle, municipalities):
    family = family_import_bundle(data=example_bundle).family
    exported = family_export_bundle(family=family)
    assert_subset(example_bundle, exported)

    ids_before = sorted(TimelineEvent.objects.values_list("id", flat=True))
    result = family_import_bundle(data=json.loads(json.dumps(exported)))
    assert (result.created, result.changed) == (False, False)
    assert sorted(TimelineEvent.objects.values_list("id", flat=True)) == ids_before
    assert family_export_bundle(family=family) == exported
    assert Family.objects.count() == 1


def assert_subset(given, exported):
    """Every field the input had comes back with the same value (export may add defaults)."""
    if isinstance(given, dict):
        for key, value in given.items():
            assert key in exported, key
            assert_subset(value, exported[key])
    elif isinstance(given, list):
        assert len(given) == len(exported)
        for a, b in zip(given, exported, strict=True):
            assert_subset(a, b)
    else:
        assert given == exported


def test_reimport_updates_members_and_keeps_what_the_bundle_lacks(example_bundle, municipalities):
    """A re-import updates members by key and adds nothing it already has; stored events and
    contacts the bundle lacks stay (tests/families/test_reimport.py covers the rest)."""
    family = family_import_bundle(data=example_bundle).family
    sponsor_id = family.members.get(key="sponsor").id
    changed = copy.deepcopy(example_bundle)
    changed["family"]["members"][1]["dutch_level"] = "A1"
    changed["family"]["events"] = changed["family"]["events"][:3]
    changed["family"]["contacts"] = []

    result = family_import_bundle(data=changed)

    assert (result.created, result.changed) == (False, True)
    assert (result.members_updated, result.events_kept, result.contacts_kept) == (1, 13, 2)
    assert list(family.members.values_list("key", flat=True).order_by("id")) == [
        "sponsor",
        "partner",
        "son",
        "daughter",
    ]
    assert family.members.get(key="sponsor").id == sponsor_id, "member identity kept by key"
    assert family.members.get(key="partner").dutch_level == "A1"
    assert family.events.count() == len(example_bundle["family"]["events"])
    assert Contact.objects.count() == 2
    example_bundle["family"]["members"][1]["dutch_level"] = "A1"
    assert_subset(example_bundle, family_export_bundle(family=family))


def test_unknown_member_in_event_is_refused_and_nothing_written(example_bundle, municipalities):
    example_bundle["family"]["events"][4]["person"] = "grandmother"
    with translation.override("en"), pytest.raises(BundleError) as exc:
        family_import_bundle(data=example_bundle)
    assert [str(i) for i in exc.value.issues] == [
        "$.family.events[4].person: Event 5 (separated), person 'grandmother': no member of this "
        "family has this key"
    ]
    assert not Family.objects.exists()
    assert not Person.objects.exists()


def test_unknown_municipality_is_refused(example_bundle, municipalities):
    example_bundle["municipality"] = "9999"
    with pytest.raises(BundleError) as exc:
        family_import_bundle(data=example_bundle)
    assert [i.path for i in exc.value.issues] == ["$.municipality"]
    assert not Family.objects.exists()


def test_failed_reimport_leaves_previous_data_intact(example_bundle, municipalities):
    family_import_bundle(data=example_bundle)
    before = family_export_bundle(family=Family.objects.get())
    bad = copy.deepcopy(example_bundle)
    bad["family"]["members"][0]["bsn"] = "123456789"
    with pytest.raises(BundleError):
        family_import_bundle(data=bad)
    assert family_export_bundle(family=Family.objects.get()) == before


@pytest.mark.parametrize(
    ("mutate", "expected_path"),
    [
        (lambda b: b.update(format="herenigd.case-bundle/2"), "$.format"),
        (lambda b: b.update(municipality="268"), "$.municipality"),
        (lambda b: b["family"].pop("reference"), "$.family"),
        (lambda b: b["family"].update(colour="red"), "$.family.colour"),
        (lambda b: b["family"]["members"][0].update(role="uncle"), "$.family.members[0].role"),
        (lambda b: b["family"]["members"][0].update(sex="male"), "$.family.members[0].sex"),
        (
            lambda b: b["family"]["members"][0].update(nationality="SY"),
            "$.family.members[0].nationality",
        ),
        (
            lambda b: b["family"]["members"][0].update(dutch_level="B3"),
            "$.family.members[0].dutch_level",
        ),
        (
            lambda b: b["family"]["members"][0].update(speaks_english="no"),
            "$.family.members[0].speaks_english",
        ),
        (
            lambda b: b["family"]["members"][0].update(location="home"),
            "$.family.members[0].location",
        ),
        (
            lambda b: b["family"]["members"][0].update(birth_date="14-03-1978"),
            "$.family.members[0].birth_date",
        ),
        (
            lambda b: b["family"]["members"][0].update(birth_date="1978-02-30"),
            "$.family.members[0].birth_date",
        ),
        (lambda b: b["family"]["members"][0].update(bsn="123456789"), "$.family.members[0].bsn"),
        (lambda b: b["family"]["members"][0].update(bsn="12345"), "$.family.members[0].bsn"),
        (lambda b: b["family"]["members"][1].update(key="sponsor"), "$.family.members[1].key"),
        (lambda b: b["family"]["members"][1].update(key="phone"), "$.family.members[1].key"),
        (lambda b: b["family"]["members"][1].update(role="sponsor"), "$.family.members"),
        (lambda b: b["family"]["events"][0].update(date="2016-13-01"), "$.family.events[0].date"),
        (lambda b: b["family"]["events"][0].update(date="2017-02-29"), "$.family.events[0].date"),
        (lambda b: b["family"]["events"][0].update(type="visa"), "$.family.events[0].type"),
        (
            lambda b: b["family"]["contacts"][0].update(person="nobody"),
            "$.family.contacts[0].person",
        ),
        (lambda b: b["family"]["contacts"][0].update(via="nobody"), "$.family.contacts[0].via"),
        (
            lambda b: b["family"]["contacts"][0].update(interpreter="uncle"),
            "$.family.contacts[0].interpreter",
        ),
        (
            lambda b: b["family"]["contacts"][0].update(interpreter="partner"),
            "$.family.contacts[0].interpreter",
        ),
        (
            lambda b: b["family"]["contacts"][1].update(via="sponsor"),
            "$.family.contacts[1].via",
        ),
        (
            lambda b: b["family"]["contacts"][0].update(organisation="police"),
            "$.family.contacts[0].organisation",
        ),
    ],
)
def test_invalid_bundle_names_the_json_path(example_bundle, mutate, expected_path):
    mutate(example_bundle)
    assert expected_path in paths(example_bundle)


def test_year_only_birth_date_round_trips(example_bundle, municipalities):
    example_bundle["family"]["members"][3]["birth_date"] = "2001"
    family = family_import_bundle(data=example_bundle).family
    daughter = family.members.get(key="daughter")
    assert (daughter.birth_date.isoformat(), daughter.birth_date_precision) == (
        "2001-07-01",
        "year",
    )
    assert family_export_bundle(family=family)["family"]["members"][3]["birth_date"] == "2001"


def test_full_birth_date_on_1_july_stays_a_full_date(example_bundle, municipalities):
    example_bundle["family"]["members"][3]["birth_date"] = "2001-07-01"
    family = family_import_bundle(data=example_bundle).family
    assert family_export_bundle(family=family)["family"]["members"][3]["birth_date"] == "2001-07-01"


# --- the CLI -----------------------------------------------------------------------------------


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def test_cli_import_export_import_changes_nothing(tmp_path, example_bundle, municipalities, capsys):
    source = write(tmp_path, "in.json", example_bundle)
    call_command("import_bundle", source, language="en")
    out = str(tmp_path / "out.json")
    call_command("export_bundle", municipality="0268", family="NIJ-EXAMPLE-1", output=out)
    call_command("import_bundle", out, language="en")
    assert capsys.readouterr().out.splitlines() == [
        f"{source}: 0268/NIJ-EXAMPLE-1 created",
        f"{out}: 0268/NIJ-EXAMPLE-1 unchanged",
    ]
    assert_subset(example_bundle, json.loads((tmp_path / "out.json").read_text()))


def test_cli_export_to_stdout(example_bundle, municipalities, capsys):
    family_import_bundle(data=example_bundle)
    call_command("export_bundle", municipality="0268", family="NIJ-EXAMPLE-1")
    assert json.loads(capsys.readouterr().out)["family"]["reference"] == "NIJ-EXAMPLE-1"


def test_cli_export_unknown_family_fails(municipalities):
    with pytest.raises(CommandError, match="No family 'NOPE' in municipality '0268'"):
        call_command("export_bundle", municipality="0268", family="NOPE")


def test_cli_refuses_bad_files_but_imports_good_ones(
    tmp_path, example_bundle, municipalities, capsys
):
    good = write(tmp_path, "good.json", example_bundle)
    broken = write(tmp_path, "broken.json", '{"format": ')
    other = copy.deepcopy(example_bundle)
    other["family"]["reference"] = "NIJ-OTHER"
    other["family"]["contacts"][0]["person"] = "ghost"
    bad = write(tmp_path, "bad.json", other)
    missing = str(tmp_path / "missing.json")

    with pytest.raises(CommandError, match="3 of 4 file"):
        call_command("import_bundle", good, broken, bad, missing, "--language", "en")

    err = capsys.readouterr().err
    assert f"{broken}: $: not valid JSON at line 1, column 12" in err
    assert (
        f"{bad}: $.family.contacts[0].person: Contact 1, person 'ghost': no member of this "
        "family has this key"
    ) in err
    assert f"{missing}: $: file not found" in err
    assert list(Family.objects.values_list("reference", flat=True)) == ["NIJ-EXAMPLE-1"]
