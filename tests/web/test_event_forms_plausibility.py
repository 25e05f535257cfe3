"""The tester's finding: every one of the web event forms accepted a date in 2999, in year 1 or
9999-12-31. For every event type, the record form and the correction form now refuse such a date
on the same form page (the form re-rendered with the entered values and a Dutch message at the
date field) and store nothing (docs/bundles.md, Plausibility)."""

from __future__ import annotations

import datetime

import pytest

from herenigd.access.models import Role
from herenigd.timeline.categories import EVENT_CATEGORY
from herenigd.timeline.models import EventRevision, TimelineEvent
from herenigd.timeline.vocab import EVENT_SPECS, EventType
from tests.world import login_verified

pytestmark = pytest.mark.django_db

#: A value for each per-type field an event type requires.
VALUES = {
    "outcome": "granted",
    "route": "direct",
    "destination": "sponsor_home",
    "topic": "health_care",
}
#: far future (2999), year 1 (before 1900) and the last representable date.
IMPOSSIBLE = ("2999-01-01", "0001-01-01", "9999-12-31")
#: The Dutch text each refusal shows (the rules event_date_too_early, event_date_too_late and
#: planned_date_too_late of herenigd/timeline/plausibility.py).
DUTCH = {
    "0001-01-01": "ligt vóór 1-1-1900",
    "2999-01-01": "dagen na",
    "9999-12-31": "dagen na",
}
ENGLISH_WORDS = ("Event", " is before ", " after ", " days ", "event_date", "arrival")

#: The role that may record (and correct) each category of event in the test world.
AUTHOR = {"health": Role.GP, "confidential": Role.VEILIG_THUIS}


def author(world, event_type: str):
    return world.users[AUTHOR.get(EVENT_CATEGORY[event_type], Role.SOCIAL_GUIDANCE)]


def form_data(event_type: str, date: str) -> dict:
    spec = EVENT_SPECS[event_type]
    return {"date": date, "person": "partner", **{f: VALUES[f] for f in spec.required}}


def assert_refused_on_the_form(response, date: str, template: str) -> None:
    """The form page again (not an error page), with the value kept and a Dutch message."""
    assert response.status_code == 400  # the project's status for a re-rendered invalid form
    assert template in [t.name for t in response.templates]
    form = response.context["form"]
    assert form.data["date"] == date
    (message,) = form.errors["date"]
    assert DUTCH[date] in message, message
    assert message.startswith("Gebeurtenis ")
    for word in ENGLISH_WORDS:
        assert word not in message, (word, message)
    body = response.content.decode()
    assert f'value="{date}"' in body
    assert 'aria-invalid="true"' in body and "utrecht-form-field-error-message" in body


@pytest.mark.parametrize("event_type", EventType.values)
def test_record_form_refuses_impossible_dates(world, client, event_type):
    login_verified(client, author(world, event_type))
    url = f"/families/{world.family.pk}/events/new/"
    assert client.get(url, {"type": event_type}).status_code == 200
    stored = sorted(TimelineEvent.objects.values_list("id", "date"))
    for date in IMPOSSIBLE:
        response = client.post(url, {"type": event_type, **form_data(event_type, date)})
        assert_refused_on_the_form(response, date, "families/event_form.html")
        assert sorted(TimelineEvent.objects.values_list("id", "date")) == stored


@pytest.mark.parametrize("event_type", EventType.values)
def test_correction_form_refuses_impossible_dates(world, client, event_type):
    user = author(world, event_type)
    login_verified(client, user)
    spec = EVENT_SPECS[event_type]
    event = TimelineEvent.objects.create(
        family=world.family,
        person=world.partner,
        type=event_type,
        date=datetime.date(2017, 3, 1),
        recorded_by=user,
        **{f: VALUES[f] for f in spec.required},
    )
    url = f"/families/{world.family.pk}/events/{event.pk}/correct/"
    assert client.get(url).status_code == 200
    for date in IMPOSSIBLE:
        data = {k: v for k, v in form_data(event_type, date).items() if k != "person"}
        response = client.post(url, data)
        assert_refused_on_the_form(response, date, "families/event_correct.html")
        event.refresh_from_db()
        assert event.date == datetime.date(2017, 3, 1)
    assert not EventRevision.objects.filter(event=event).exists()


def test_a_plausible_date_is_still_recorded(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    response = client.post(
        f"/families/{world.family.pk}/events/new/",
        {"type": "gp_registered", "person": "partner", "date": "1900-01-01"},
    )
    # 1-1-1900 is the earliest date allowed, but the partner was born in 1983.
    assert response.status_code == 400
    assert "geboorte (1983)" in response.context["form"].errors["date"][0]
    response = client.post(
        f"/families/{world.family.pk}/events/new/",
        {"type": "gp_registered", "person": "partner", "date": "2017-03-01"},
    )
    assert response.status_code == 302
    assert TimelineEvent.objects.filter(type="gp_registered", person=world.partner).exists()


def test_a_flag_is_saved_and_shown_as_a_warning(world, client):
    """An unusual order (the son arrived on 6-2-2017, before this MVV) is recorded, with the
    table's warning on the family page."""
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    response = client.post(
        f"/families/{world.family.pk}/events/new/",
        {"type": "mvv_issued", "person": "son", "date": "2017-03-01"},
        follow=True,
    )
    assert response.status_code == 200
    assert TimelineEvent.objects.filter(type="mvv_issued", person__key="son").exists()
    shown = [str(m) for m in response.context["messages"]]
    assert any(
        m.startswith("Gebeurtenis 'Aankomst in Nederland' van 'son' op 6-2-2017 ligt vóór")
        and "'MVV afgegeven' op 1-3-2017" in m
        for m in shown
    ), shown
