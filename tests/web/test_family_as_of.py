"""The family page for a chosen date (issue 11, point 1): besides the points and deadlines, the
timeline, the contact log and where each member is are those of that date."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from herenigd.access.models import Role
from tests.world import login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_request_log")]


def _page(world, as_of=None):
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    login_verified(client, world.users[Role.REGISSEUR])
    query = f"?as_of={as_of}" if as_of else ""
    response = client.get(f"/families/{world.family.pk}/{query}")
    assert response.status_code == 200
    return response


def _partner(response):
    return next(m for m in response.context["view"].members if m.key == "partner")


def _member_row(html: str, name: str) -> str:
    rows = re.findall(r"<tr class=\"utrecht-table__row\">.*?</tr>", html, flags=re.S)
    return next(row for row in rows if name in row)


def _timeline(html: str) -> str:
    """The timeline section (the event form's type drop-down names every type)."""
    return html.split('id="timeline"', 1)[1].split('id="event-form"', 1)[0]


def test_before_the_partners_arrival_she_is_abroad_and_her_arrival_is_not_shown(world):
    response = _page(world, "2017-01-20")  # the partner arrived on 2017-02-06
    html = response.content.decode()
    partner = _partner(response)
    assert partner.location == "abroad" and partner.location_label == "In het buitenland"
    assert "In het buitenland" in _member_row(html, partner.given_name)
    view = response.context["view"]
    assert all(e.date <= view_date(response) for e in view.timeline)
    assert not any(e.type == "arrival" for e in view.timeline)
    assert "Aankomst in Nederland" not in _timeline(html)
    assert view.later_events > 0 and 'id="later-events"' in html
    assert "niet getoond" in html
    # The contacts of 2017-02-14 and 2017-03-20 are later too.
    assert view.contacts == () and view.later_contacts == 2
    # The sponsor has no arrival event: he stays where the data says he is.
    sponsor = next(m for m in view.members if m.key == "sponsor")
    assert sponsor.location == "in_nl"


def test_as_of_today_she_is_in_the_netherlands_and_her_arrival_is_shown(world):
    response = _page(world)
    html = response.content.decode()
    partner = _partner(response)
    assert partner.location == "in_nl" and partner.location_label == "In Nederland"
    assert "In Nederland" in _member_row(html, partner.given_name)
    view = response.context["view"]
    assert any(e.type == "arrival" and e.person_key == "partner" for e in view.timeline)
    assert "Aankomst in Nederland" in _timeline(html)
    assert view.later_events == 0 and 'id="later-events"' not in html


def test_event_links_have_unique_human_names(world):
    html = _page(world).content.decode()
    names = re.findall(r'href="/families/\d+/events/\d+/correct/" aria-label="([^"]*)"', html)
    assert names and len(names) == len(set(names))
    assert not any("arrival" in n for n in names)
    assert any(n.startswith("Corrigeren: Aankomst in Nederland van") for n in names)


def view_date(response):
    return response.context["as_of"]
