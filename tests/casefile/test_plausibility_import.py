"""The importer applies the plausibility table (issue 10, deliver 3): impossible data refuses the
bundle with a located message in the user's language and writes nothing; unusual but possible
data is imported and reported as a warning."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from herenigd.casefile.bundles import family_import_bundle
from herenigd.families.models import Family

from .support import refused, row_counts, write

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2017, 4, 1)  # after the bundle's last contact (20-3-2017)


def test_an_event_before_the_persons_birth_is_refused_located_in_dutch(
    example_bundle, municipalities
):
    example_bundle["family"]["members"][2]["birth_date"] = "2016-01-01"  # son, separated 2015
    before = row_counts()
    with translation.override("nl"):
        issues = refused(family_import_bundle, data=example_bundle, as_of=AS_OF)
    paths = {i.path: i for i in issues}
    assert "$.family.events[4].date" in paths
    issue = paths["$.family.events[4].date"]
    assert issue.code == "event_before_birth"
    assert "geboorte" in issue.message and "'son'" in issue.message
    assert "separated" not in issue.message, "the event type by its Dutch label"
    assert row_counts() == before


def test_the_same_refusal_in_english(example_bundle, municipalities):
    example_bundle["family"]["members"][2]["birth_date"] = "2016-01-01"
    with translation.override("en"):
        issues = refused(family_import_bundle, data=example_bundle, as_of=AS_OF)
    assert any("birth" in i.message for i in issues if i.path == "$.family.events[4].date")


def test_a_date_far_after_the_import_date_is_refused(example_bundle, municipalities):
    example_bundle["family"]["events"][15]["date"] = "2999-01-01"
    issues = refused(family_import_bundle, data=example_bundle, as_of=AS_OF)
    assert [(i.path, i.code) for i in issues] == [
        ("$.family.events[15].date", "event_date_too_late")
    ]
    assert not Family.objects.exists()


def test_a_partner_aged_ten_is_refused(example_bundle, municipalities):
    example_bundle["family"]["members"][1]["birth_date"] = "2007"
    issues = refused(family_import_bundle, data=example_bundle, as_of=AS_OF)
    assert ("$.family.members[1].role", "partner_too_young") in {(i.path, i.code) for i in issues}


def test_unusual_data_is_imported_with_a_warning(example_bundle, municipalities):
    example_bundle["family"]["members"][3]["birth_date"] = "1985-01-01"  # a 'child' aged 32
    with translation.override("en"):
        result = family_import_bundle(data=example_bundle, as_of=AS_OF)
    assert result.created
    assert result.warnings
    assert all(w.startswith("$.family.members[3].") for w in result.warnings)
    assert any("25" in w for w in result.warnings), "the rule's limit is named"


def test_the_command_prints_warnings_and_refusals(example_bundle, municipalities, tmp_path, capsys):
    example_bundle["family"]["members"][3]["birth_date"] = "1985-01-01"
    ok = write(tmp_path, "ok.json", example_bundle)
    bad = dict(example_bundle, family=dict(example_bundle["family"], reference="NIJ-OTHER"))
    bad["family"]["events"] = [dict(e) for e in example_bundle["family"]["events"]]
    bad["family"]["events"][15]["date"] = "2999-01-01"
    bad_file = write(tmp_path, "bad.json", bad)
    with pytest.raises(CommandError):
        call_command("import_bundle", ok, bad_file, "--language", "nl")
    out, err = capsys.readouterr()
    assert f"{ok}: waarschuwing: $.family.members[3]." in out
    assert f"{bad_file}: $.family.events[15].date:" in err
    assert Family.objects.count() == 1


@pytest.mark.parametrize("date", ["2999-01-01", "1899-12-31", "2017-04-02"])
def test_a_contact_that_cannot_have_taken_place_is_refused(example_bundle, municipalities, date):
    example_bundle["family"]["contacts"][0]["date"] = date
    issues = refused(family_import_bundle, data=example_bundle, as_of=AS_OF)
    assert [(i.path, i.code) for i in issues] == [("$.family.contacts[0].date", "contact_date")]
    assert not Family.objects.exists()
