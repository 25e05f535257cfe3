"""The intake page: questions in the person's language, save and resume, complete (timeline
event, intake attention points, factor profile), health only with consent, bad input refused."""

import pytest

from herenigd.access.models import Role
from herenigd.intake.loading import load_builtin
from herenigd.intake.models import IntakeResponse
from herenigd.rules.models import AttentionPoint
from tests.world import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_client(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    return client


def url(world, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/persons/{world.partner.pk}/intake/" + (f"?{query}" if query else "")


def test_questions_in_the_persons_language_next_to_the_professionals(world, worker_client):
    adult = load_builtin("adult")
    body = worker_client.get(url(world, lang="ar")).content.decode()
    question = adult.question("contacts_outside_family")
    assert question.text["ar"] in body and question.text["nl"] in body
    assert 'lang="ar" dir="rtl"' in body
    tigrinya = worker_client.get(url(world, lang="ti")).content.decode()
    assert question.text["ti"] in tigrinya


def test_health_questions_hidden_without_consent_and_shown_with_it(world, worker_client):
    adult = load_builtin("adult")
    health_text = adult.question("psych_complaints").text["nl"]
    assert health_text not in worker_client.get(url(world)).content.decode()
    worker_client.post(url(world), {"consent": "health", "purpose": "intake"})
    assert health_text in worker_client.get(url(world)).content.decode()


def test_withdrawing_consent_hides_health_questions_at_once(world, worker_client):
    from herenigd.access.models import Consent

    health_text = load_builtin("adult").question("psych_complaints").text["nl"]
    worker_client.post(url(world), {"consent": "health", "purpose": "intake"})
    consent = Consent.objects.get(person=world.partner, withdrawn_at__isnull=True)
    assert health_text in worker_client.get(url(world)).content.decode()
    worker_client.post(url(world), {"withdraw": str(consent.pk)})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert health_text not in worker_client.get(url(world)).content.decode()
    assert worker_client.post(url(world), {"withdraw": "999999"}).status_code == 404


def test_save_and_resume_then_complete(world, worker_client, django_capture_on_commit_callbacks):
    worker_client.post(url(world, q="adult"), {"contacts_outside_family": "none", "save": "1"})
    draft = IntakeResponse.objects.get(person=world.partner)
    assert draft.status == "draft" and draft.answers == {"contacts_outside_family": "none"}
    completed_events = world.partner.events.filter(type="intake_completed")
    before = completed_events.count()  # the bundle of the world already has one
    page = worker_client.get(url(world, q="adult")).content.decode()
    assert 'value="none" checked' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = worker_client.post(
            url(world, q="adult"),
            {
                "contacts_outside_family": "none",  # pre-checked from the draft, sent again
                "debts": "yes",
                "live_together_wish": "want_separately",
                "complete": "1",
            },
        )
    assert response.status_code == 302
    done = IntakeResponse.objects.get(person=world.partner)
    assert done.status == "completed"
    assert done.answers["contacts_outside_family"] == "none"
    assert completed_events.count() == before  # an intake was already on the timeline
    codes = set(
        AttentionPoint.objects.filter(family=world.family, origin="intake").values_list(
            "code", "sensitivity"
        )
    )
    assert {("SOCIAL_ISOLATION", "normal"), ("FINANCIAL_DEBT", "normal")} <= codes
    assert ("SEPARATE_LIVING_WISH", "confidential") in codes
    separate = AttentionPoint.objects.get(code="SEPARATE_LIVING_WISH")
    assert separate.recorded_by_organisation == world.orgs["social_guidance"]
    profile = worker_client.get(url(world)).context["profile"]
    values = {row["label"]: row["value"] for row in profile["rows"]}
    assert len(values) == len(load_builtin("adult").factors)
    assert "risk" in values.values()


def test_confidential_intake_point_is_hidden_from_other_organisations(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    client.post(url(world, q="adult"), {"live_together_wish": "want_separately", "complete": "1"})
    client.logout()
    login_verified(client, world.users[Role.WIJKTEAM])
    page = client.get(url(world, q="adult")).content.decode()
    assert 'value="want_separately" checked' not in page  # the answer of social guidance
    family_page = client.get(f"/families/{world.family.pk}/").content.decode()
    assert "SEPARATE_LIVING_WISH" not in family_page


def test_bad_answer_is_refused_and_changes_nothing(world, worker_client):
    response = worker_client.post(url(world, q="adult"), {"debts": "perhaps", "complete": "1"})
    assert response.status_code == 400
    assert "debts" in response.context["errors"]
    assert not IntakeResponse.objects.exists()
    assert world.partner.events.filter(type="intake_completed").count() == 1  # the world's own


def test_school_cannot_open_an_intake(world, client):
    login_verified(client, world.users[Role.SCHOOL])
    assert client.get(url(world)).status_code == 404


def test_child_intake_for_a_minor_records_jgz_intake(
    world, client, django_capture_on_commit_callbacks
):
    login_verified(client, world.users[Role.JGZ_NURSE])
    son = world.family.members.get(key="son")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/persons/{son.pk}/intake/", {"interprets_for_parents": "often", "complete": "1"}
        )
    assert son.events.filter(type="jgz_intake").exists()
    assert AttentionPoint.objects.filter(code="CHILD_INTERPRETER", subject="son").exists()
