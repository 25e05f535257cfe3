"""The professional web app: caseload (filters, counts, no N+1), family page, timeline forms with
corrections kept, contact log, family plan — all through the access layer."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from herenigd.access.models import Role
from herenigd.casefile.bundles import family_import_bundle
from herenigd.families.models import Contact, PlanAction, PlanGoal
from herenigd.rules.models import AttentionPoint
from herenigd.rules.services import attention_evaluate_all
from herenigd.timeline.models import EventRevision, TimelineEvent
from tests.world import MARKERS, login_verified

pytestmark = pytest.mark.django_db


def test_caseload_lists_visible_families_with_phase_counts(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    response = client.get("/families/")
    body = response.content.decode()
    assert response.status_code == 200
    assert world.family.reference in body
    assert response.context["total"] == 1
    # The family of Almelo is not on a Nijmegen caseload.
    assert all(row.id != world.other_family.pk for row in response.context["rows"])


def test_caseload_search_and_filters(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    assert client.get("/families/", {"q": "Haddad"}).context["total"] == 1
    assert client.get("/families/", {"q": "nobody-like-this"}).context["total"] == 0
    assert client.get("/families/", {"nationality": "SYR"}).context["total"] == 1
    assert client.get("/families/", {"language": "ar"}).context["total"] == 1
    assert client.get("/families/", {"phase": "waiting"}).context["total"] == 0
    assert client.get("/families/", {"phase": "after_guidance"}).context["total"] == 0
    assert client.get("/families/", {"phase": "in_guidance"}).context["total"] == 1
    assert client.get("/families/", {"code": "NOT_REACHED"}).context["total"] == 1
    assert client.get("/families/", {"code": "FAMILY_INCOMPLETE"}).context["total"] == 0
    assert client.get("/families/", {"overdue": "on"}).context["total"] == 0
    attention_evaluate_all(as_of=timezone.localdate())
    assert client.get("/families/", {"overdue": "on"}).context["total"] == 1


def test_caseload_does_not_offer_or_count_health_or_confidential_codes(world, client):
    login_verified(client, world.users[Role.SCHOOL])
    response = client.get("/families/")
    codes = [c for c, _ in response.context["form"].fields["code"].choices]
    assert "PREGNANCY" not in codes and "SEPARATE_LIVING_WISH" not in codes
    assert response.context["rows"][0].open_points == 1  # NOT_REACHED only
    probing = client.get("/families/", {"code": "SEPARATE_LIVING_WISH"})
    assert "code" in probing.context["form"].errors  # not a choice: no filter, nothing revealed
    assert probing.context["rows"][0].open_points == 1


def test_caseload_query_count_does_not_grow_with_families(world, client, example_bundle):
    login_verified(client, world.users[Role.REGISSEUR])
    client.get("/families/")
    with CaptureQueriesContext(connection) as few:
        client.get("/families/")
    for n in range(12):
        example_bundle["family"]["reference"] = f"NIJ-EXTRA-{n}"
        family_import_bundle(data=example_bundle)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/families/")
    assert response.context["total"] == 13

    # Reads stay constant; only the audit trail grows with the rows shown (one event per row,
    # each reading the chain head it extends).
    def reads(ctx):
        return [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]

    assert len(reads(many)) - len(reads(few)) <= 12


def test_family_page_shows_sections_by_role(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    body = client.get(f"/families/{world.family.pk}/").content.decode()
    for section in ("members", "attention", "deadlines", "timeline", "contacts", "plan"):
        assert f'id="{section}"' in body, section
    assert MARKERS["confidential"] in body  # recorded by social guidance itself
    assert MARKERS["health"] not in body  # no consent


def test_school_sees_school_data_and_normal_points_only(world, client):
    login_verified(client, world.users[Role.SCHOOL])
    body = client.get(f"/families/{world.family.pk}/").content.decode()
    assert MARKERS["attention_normal"] in body and MARKERS["household"] in body
    for marker in ("health", "confidential", "contact_log", "intake", "procedure"):
        assert MARKERS[marker] not in body, marker
    assert 'id="contacts"' not in body


def test_family_page_of_another_municipality_is_not_found(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    assert client.get(f"/families/{world.other_family.pk}/").status_code == 404
    assert client.get("/families/999999/").status_code == 404


def test_deadlines_for_an_explicit_as_of_date(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    response = client.get(f"/families/{world.family.pk}/", {"as_of": "2017-03-10"})
    statuses = {(d.code, d.person_key): d.status for d in response.context["view"].deadlines}
    assert statuses[("INTAKE", "partner")] == "overdue"
    assert statuses[("HEALTH_INSURANCE", "partner")] == "met"
    bad = client.get(f"/families/{world.family.pk}/", {"as_of": "2017-02-30"})
    assert bad.status_code == 200 and bad.context["as_of"] == timezone.localdate()


def test_record_an_arrival_through_the_form(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    url = f"/families/{world.family.pk}/events/new/"
    fields = client.get(url, {"type": "arrival"}, HTTP_HX_REQUEST="true")
    assert fields.status_code == 200 and b'name="person"' in fields.content
    assert b'name="outcome"' not in fields.content
    response = client.post(url, {"type": "arrival", "person": "daughter", "date": "2018-05-01"})
    assert response.status_code == 302
    assert TimelineEvent.objects.filter(person__key="daughter", type="arrival").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"type": "arrival", "date": "2018-05-01"}, "person"),  # arrival belongs to a person
        ({"type": "arrival", "person": "daughter", "date": "2018-02-30"}, "date"),
        ({"type": "decision", "date": "2018-05-01"}, "outcome"),
        (
            {"type": "moved", "person": "partner", "date": "2018-05-01", "route": "direct"},
            "destination",
        ),
    ],
)
def test_invalid_event_is_refused_with_a_message_and_nothing_written(world, client, data, field):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    before = TimelineEvent.objects.count()
    response = client.post(f"/families/{world.family.pk}/events/new/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert b'aria-invalid="true"' in response.content
    assert TimelineEvent.objects.count() == before


def test_role_cannot_record_an_event_of_a_category_it_may_not_see(world, client):
    login_verified(client, world.users[Role.SCHOOL])
    response = client.post(
        f"/families/{world.family.pk}/events/new/",
        {"type": "decision", "date": "2018-05-01", "outcome": "granted"},
    )
    assert response.status_code == 404
    assert not TimelineEvent.objects.filter(
        type="decision", date=datetime.date(2018, 5, 1)
    ).exists()


def test_correction_keeps_the_earlier_version(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    event = world.family.events.get(type="arrival", person__key="partner")
    url = f"/families/{world.family.pk}/events/{event.pk}/correct/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2017-02-05"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.date == datetime.date(2017, 2, 5)
    revision = EventRevision.objects.get(event=event)
    assert (revision.before["date"], revision.after["date"]) == ("2017-02-06", "2017-02-05")
    assert revision.changed_by == world.users[Role.SOCIAL_GUIDANCE]


def test_direct_contact_with_the_partner_by_phone_interpreter_ends_not_reached(
    world, client, django_capture_on_commit_callbacks
):
    from herenigd.families.models import Contact as ContactModel

    ContactModel.objects.filter(direct=True).delete()
    attention_evaluate_all(as_of=timezone.localdate())
    open_not_reached = AttentionPoint.objects.filter(
        family=world.family, code="NOT_REACHED", subject="partner", status="open", origin="rule"
    )
    assert open_not_reached.exists()
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/families/{world.family.pk}/contacts/new/",
            {
                "person": "partner",
                "date": timezone.localdate().isoformat(),
                "direct": "true",
                "interpreter": "phone",
                "topic": "intake",
            },
        )
    assert response.status_code == 302
    contact = world.family.contacts.filter(direct=True).get()
    assert (contact.interpreter, contact.organisation_type) == ("phone", "social_guidance")
    assert not open_not_reached.exists()


def test_contact_form_refuses_direct_via_and_self_interpreting(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    url = f"/families/{world.family.pk}/contacts/new/"
    before = Contact.objects.count()
    bad = {
        "person": "partner",
        "date": "2017-03-01",
        "direct": "true",
        "via": "sponsor",
        "interpreter": "member:partner",
    }
    response = client.post(url, bad)
    assert response.status_code == 400
    assert {"via", "interpreter"} <= set(response.context["form"].errors)
    assert Contact.objects.count() == before


def test_family_plan_goal_and_action(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    base = f"/families/{world.family.pk}/plan/"
    client.post(f"{base}goals/", {"text": "Rana finds her way to the GP"})
    goal = PlanGoal.objects.get()
    gp = world.orgs["gp"]
    client.post(
        f"{base}actions/",
        {
            "goal": goal.pk,
            "text": "Register with GP",
            "person": "partner",
            "owner": gp.pk,
            "due_on": "2017-04-01",
        },
    )
    action = PlanAction.objects.get()
    assert (action.person.key, action.owner, action.due_on) == (
        "partner",
        gp,
        datetime.date(2017, 4, 1),
    )
    body = client.get(f"/families/{world.family.pk}/").content.decode()
    assert "Rana finds her way to the GP" in body and "Register with GP" in body
