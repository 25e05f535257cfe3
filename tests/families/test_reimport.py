"""Re-importing a case bundle loses nothing: corrections keep their history, events and contacts
recorded in the web app stay, a member missing from the bundle is refused unless removal is asked
for explicitly (and then audited per person); bidi control characters are refused."""

import copy
import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from herenigd.audit.models import AuditEvent
from herenigd.casefile.bundles import BundleError, family_import_bundle, validate_bundle
from herenigd.families.models import Contact, Family, Person
from herenigd.intake.models import IntakeResponse
from herenigd.timeline.models import EventRevision, TimelineEvent
from herenigd.timeline.services import timeline_event_correct, timeline_event_record

pytestmark = pytest.mark.django_db

ARRIVAL_PARTNER = 6  # index in the example bundle's events: arrival of the partner, 2017-02-06
APPLICATION = 1  # application_filed, 2016-03-01, no person
RLO = "\u202e"


@pytest.fixture(autouse=True)
def english():
    """These tests read the English messages; the Dutch default is tested once below."""
    with translation.override("en"):
        yield


@pytest.fixture
def imported(example_bundle, municipalities):
    return family_import_bundle(data=example_bundle).family


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(json.dumps(content), encoding="utf-8")
    return str(path)


# --- events -------------------------------------------------------------------------------------


def test_reimport_keeps_the_correction_history_of_other_events(example_bundle, imported):
    application = imported.events.get(type="application_filed")
    timeline_event_correct(event=application, date=datetime.date(2016, 3, 2))
    revision = application.revisions.get()
    changed = copy.deepcopy(example_bundle)
    changed["family"]["events"][APPLICATION]["date"] = "2016-03-02"  # agrees with the web
    changed["family"]["events"][ARRIVAL_PARTNER]["date"] = "2017-02-05"

    result = family_import_bundle(data=changed)

    assert result.changed
    assert TimelineEvent.objects.filter(pk=application.pk).exists()
    assert list(application.revisions.all()) == [revision]


def test_an_event_changed_by_the_bundle_is_a_correction_by_the_importer(
    example_bundle, imported, django_user_model
):
    importer = django_user_model.objects.create_user("importer")
    arrival = imported.events.get(type="arrival", person__key="partner")
    changed = copy.deepcopy(example_bundle)
    changed["family"]["events"][ARRIVAL_PARTNER]["date"] = "2017-02-05"
    before = AuditEvent.objects.count()

    result = family_import_bundle(data=changed, acting_user=importer)

    assert result.events_corrected == 1 and result.events_added == 0
    arrival.refresh_from_db()
    assert arrival.date == datetime.date(2017, 2, 5), "the same event, corrected"
    revision = arrival.revisions.get()
    assert revision.before["date"] == "2017-02-06"
    assert revision.after["date"] == "2017-02-05"
    assert revision.after["changed_via"] == "import"
    assert revision.changed_by == importer
    update = AuditEvent.objects.filter(pk__gt=before, action="update").get()
    assert (update.family_id, update.person_id) == (imported.pk, arrival.person_id)
    assert EventRevision.objects.count() == 1, "unchanged events are untouched"


def test_a_details_correction_with_the_same_date_is_a_correction(example_bundle, imported):
    changed = copy.deepcopy(example_bundle)
    moved = changed["family"]["events"][12]
    assert (moved["type"], moved["person"]) == ("moved", "partner")
    moved["destination"] = "azc"
    result = family_import_bundle(data=changed)
    assert (result.events_corrected, result.events_added) == (1, 0)
    event = imported.events.get(type="moved", person__key="partner")
    assert event.destination == "azc"
    assert event.revisions.get().before["destination"] == "sponsor_home"


def test_an_event_with_other_date_and_details_is_added_not_merged(example_bundle, imported):
    changed = copy.deepcopy(example_bundle)
    moved = changed["family"]["events"][12]
    moved.update(date="2017-06-01", destination="azc")
    result = family_import_bundle(data=changed)
    assert (result.events_corrected, result.events_added, result.events_kept) == (0, 1, 1)
    assert imported.events.filter(type="moved", person__key="partner").count() == 2
    assert not EventRevision.objects.exists()


def test_events_and_contacts_recorded_in_the_web_app_are_kept(example_bundle, imported):
    partner = imported.members.get(key="partner")
    recorded = timeline_event_record(
        family=imported, type="gp_registered", date=datetime.date(2017, 3, 1), person=partner
    )
    contact = Contact.objects.create(
        family=imported, person=partner, date=datetime.date(2017, 4, 1), direct=True
    )
    changed = copy.deepcopy(example_bundle)
    changed["family"]["events"][ARRIVAL_PARTNER]["date"] = "2017-02-05"

    result = family_import_bundle(data=changed)

    assert (result.events_kept, result.contacts_kept) == (1, 1)
    assert TimelineEvent.objects.filter(pk=recorded.pk).exists()
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_an_unchanged_bundle_writes_nothing(example_bundle, imported):
    timeline_event_record(
        family=imported,
        type="gp_registered",
        date=datetime.date(2017, 3, 1),
        person=imported.members.get(key="partner"),
    )
    events = sorted(TimelineEvent.objects.values_list("id", "date"))
    audit, revisions = AuditEvent.objects.count(), EventRevision.objects.count()
    updated_at = Family.objects.get().updated_at

    result = family_import_bundle(data=copy.deepcopy(example_bundle))

    assert (result.created, result.changed) == (False, False)
    assert sorted(TimelineEvent.objects.values_list("id", "date")) == events
    assert (AuditEvent.objects.count(), EventRevision.objects.count()) == (audit, revisions)
    assert Family.objects.get().updated_at == updated_at


# --- members ------------------------------------------------------------------------------------


def without_daughter(bundle):
    changed = copy.deepcopy(bundle)
    changed["family"]["members"] = [
        m for m in changed["family"]["members"] if m["key"] != "daughter"
    ]
    return changed


def test_a_member_missing_from_the_bundle_is_refused_by_key(example_bundle, imported):
    daughter = imported.members.get(key="daughter")
    IntakeResponse.objects.create(
        person=daughter,
        questionnaire="adult",
        version=1,
        language="ar",
        organisation=imported.municipality.organisations.create(type="ggd", name="GGD"),
    )
    changed = without_daughter(example_bundle)
    changed["family"]["events"][ARRIVAL_PARTNER]["date"] = "2017-02-05"
    audit = AuditEvent.objects.count()

    with pytest.raises(BundleError) as exc:
        family_import_bundle(data=changed)

    (issue,) = exc.value.issues
    assert issue.path == "$.family.members"
    assert "'daughter'" in issue.message and "--allow-member-removal" in issue.message
    assert "Lina" not in issue.message
    assert Person.objects.filter(pk=daughter.pk).exists()
    assert daughter.intakes.exists()
    assert imported.events.get(type="arrival", person__key="partner").date.day == 6
    assert AuditEvent.objects.count() == audit, "nothing written"


def test_member_removal_when_allowed_is_audited_per_person(example_bundle, imported):
    daughter = imported.members.get(key="daughter")
    result = family_import_bundle(data=without_daughter(example_bundle), allow_member_removal=True)
    assert result.members_removed == 1
    assert not Person.objects.filter(pk=daughter.pk).exists()
    removal = AuditEvent.objects.get(action="delete", person_id=daughter.pk)
    assert removal.family_id == imported.pk
    assert "member removed by import" in removal.detail
    assert "Lina" not in removal.detail


def test_cli_refuses_member_removal_unless_asked(tmp_path, example_bundle, imported, capsys):
    path = write(tmp_path, "less.json", without_daughter(example_bundle))
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("import_bundle", path, "--language", "en")
    err = capsys.readouterr().err
    assert f"{path}: $.family.members: Family, members: member 'daughter' is stored" in err
    assert imported.members.filter(key="daughter").exists()

    call_command("import_bundle", path, "--allow-member-removal", "--language", "en")
    assert "members removed: 1" in capsys.readouterr().out
    assert not imported.members.filter(key="daughter").exists()
    assert AuditEvent.objects.filter(action="delete", actor__startswith="operator:").exists()


# --- bidi control characters --------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", RLO, "\u2066", "\u2069"])
def test_bidi_control_characters_are_refused_with_their_location(example_bundle, char):
    example_bundle["family"]["members"][1]["given_name"] = f"Ali{char}gnp.exe"
    issues = validate_bundle(example_bundle)
    assert [i.path for i in issues] == ["$.family.members[1].given_name"]
    message = issues[0].message
    assert f"U+{ord(char):04X}" in message
    assert "no place in a name" in message
    assert "Ali" not in message and "gnp" not in message, "the value itself is not repeated"


def test_bidi_in_any_text_field_is_refused(example_bundle, municipalities):
    example_bundle["family"]["events"][APPLICATION]["note"] = f"ok{RLO}"
    example_bundle["family"]["contacts"][0]["topic"] = "\u2067x"
    with pytest.raises(BundleError) as exc:
        family_import_bundle(data=example_bundle)
    assert [i.path for i in exc.value.issues] == [
        "$.family.events[1].note",
        "$.family.contacts[0].topic",
    ]
    assert not Family.objects.exists()


def test_cli_reports_bidi_with_file_and_path(tmp_path, example_bundle, municipalities, capsys):
    example_bundle["family"]["members"][0]["family_name"] = f"Haddad{RLO}"
    path = write(tmp_path, "bidi.json", example_bundle)
    with pytest.raises(CommandError):
        call_command("import_bundle", path, "--language", "en")
    err = capsys.readouterr().err
    assert (
        f"{path}: $.family.members[0].family_name: Member 'sponsor', family_name: contains an "
        "invisible"
    ) in err
    assert not Family.objects.exists()


def test_cli_messages_are_dutch_by_default(tmp_path, example_bundle, imported, capsys):
    example_bundle["family"]["members"] = [
        m for m in example_bundle["family"]["members"] if m["key"] != "daughter"
    ]
    path = tmp_path / "less.json"
    path.write_text(json.dumps(example_bundle), encoding="utf-8")
    with translation.override("nl"), pytest.raises(CommandError):
        call_command("import_bundle", path)
    assert "gezinslid 'daughter' staat bij dit gezin maar ontbreekt in de bundel" in (
        capsys.readouterr().err
    )
