"""Forms that work (issue 11, point 2): date inputs prefilled in ISO, the correction form showing
the stored values, and an invalid form shown again on the same page in the site's layout, with
the errors at the fields and in a summary on top, the entered values kept."""

import re

import pytest
from django.utils import timezone

from herenigd.access.models import Role
from herenigd.families.models import PlanGoal
from herenigd.timeline.models import TimelineEvent
from tests.world import login_verified

pytestmark = pytest.mark.django_db


def _input(html: str, id_: str) -> str:
    match = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{id_}"[^>]*>', html)
    assert match, id_
    return match.group(0)


def _templates(response) -> list[str]:
    return [t.name for t in response.templates]


def _assert_error_shown(response, field_id: str) -> None:
    body = response.content.decode()
    assert response.status_code == 400
    assert 'class="site-header"' in body and 'class="site-nav"' in body  # the base layout
    summary = body[body.index('id="error-summary"') :]
    assert f'href="#{field_id}"' in summary  # the summary links to the field
    assert f'id="{field_id}_error"' in body  # the message at the field
    described = re.search(r'aria-describedby="([^"]*)"', _input(body, field_id))
    assert described and f"{field_id}_error" in described.group(1).split()


def test_correction_form_shows_the_stored_date_and_values(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    client.cookies["django_language"] = "en"
    event = world.family.events.get(type="arrival", person__key="partner")
    response = client.get(f"/families/{world.family.pk}/events/{event.pk}/correct/")
    body = response.content.decode()
    assert f'value="{event.date.isoformat()}"' in _input(body, "id_event_date")
    assert 'type="date"' in _input(body, "id_event_date")
    assert "Current value:" in body  # under the field, while it is changed
    assert 'aria-describedby="id_event_date_helptext"' in _input(body, "id_event_date")


def test_family_page_date_inputs_are_iso(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    body = client.get(f"/families/{world.family.pk}/").content.decode()
    today = timezone.localdate().isoformat()
    assert f'value="{today}"' in _input(body, "id_contact_date")
    assert f'value="{today}"' in _input(body, "id_observation_observed_on")
    fields = client.get(
        f"/families/{world.family.pk}/events/new/", {"type": "arrival"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'value="{today}"' in _input(fields, "id_event_date")


def test_invalid_event_is_shown_again_on_the_same_page(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    url = f"/families/{world.family.pk}/events/new/"
    get = client.get(url, {"type": "arrival"})
    before = TimelineEvent.objects.count()
    response = client.post(url, {"type": "arrival", "date": "2018-05-01", "note": "kept note"})
    assert _templates(response)[0] == _templates(get)[0] == "families/event_form.html"
    _assert_error_shown(response, "id_event_person")
    body = response.content.decode()
    assert 'value="2018-05-01"' in _input(body, "id_event_date")
    assert "kept note" in body
    assert "Dit veld is verplicht." in body or "Dit veld is vereist." in body
    assert TimelineEvent.objects.count() == before


def test_invalid_correction_is_shown_again_on_the_same_page(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    event = world.family.events.get(type="arrival", person__key="partner")
    url = f"/families/{world.family.pk}/events/{event.pk}/correct/"
    response = client.post(url, {"date": "", "note": "kept"})
    assert _templates(response)[0] == _templates(client.get(url))[0]
    _assert_error_shown(response, "id_event_date")
    assert "kept" in response.content.decode()


def test_invalid_contact_keeps_the_values_in_the_users_language(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/families/{world.family.pk}/contacts/new/",
        {"person": "partner", "date": "2017-03-01", "direct": "true", "topic": "housing"},
    )
    _assert_error_shown(response, "id_contact_interpreter")
    body = response.content.decode()
    assert "This field is required." in body
    assert 'value="2017-03-01"' in _input(body, "id_contact_date")
    assert 'value="housing"' in _input(body, "id_contact_topic")


@pytest.mark.parametrize(
    ("path", "data", "field_id", "kept"),
    [
        ("plan/goals/", {"text": ""}, "id_goal_text", None),
        (
            "plan/actions/",
            {"text": "", "due_on": "2017-04-01"},
            "id_action_text",
            ("id_action_due_on", 'value="2017-04-01"'),
        ),
        (
            "concerns/",
            {"person": "partner", "note": ""},
            "id_concern_note",
            ("id_concern_person", None),
        ),
        (
            "observations/",
            {"observed_on": "", "note": "seen at home"},
            "id_observation_observed_on",
            None,
        ),
    ],
)
def test_invalid_family_page_forms_are_shown_again(world, client, path, data, field_id, kept):
    goal = PlanGoal.objects.create(family=world.family, text="Rana finds her way to the GP")
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    if path == "plan/actions/":
        data = {**data, "goal": goal.pk}
    response = client.post(f"/families/{world.family.pk}/{path}", data)
    assert _templates(response)[0] == "families/form_page.html"
    _assert_error_shown(response, field_id)
    body = response.content.decode()
    if kept and kept[1]:
        assert kept[1] in _input(body, kept[0])
    if path == "concerns/":
        assert re.search(r'<option value="partner"[^>]*selected', body)
    if path == "observations/":
        assert "seen at home" in body
