"""Pages with several forms: every id is unique and every field has an accessible name
(issue 11, accessibility finding on duplicate ids)."""

from collections import Counter
from html.parser import HTMLParser

import pytest

from herenigd.access.models import Role
from herenigd.families.models import PlanGoal
from tests.world import login_verified

pytestmark = pytest.mark.django_db

NAMED_BY_ITSELF = ("aria-label", "aria-labelledby")


class _Fields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.label_for, self.fields = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag in ("select", "textarea") or (
            tag == "input" and attrs.get("type") not in ("hidden", "submit", "button")
        ):
            self.fields.append(attrs)


def assert_ids_unique_and_fields_named(html: str) -> None:
    parser = _Fields()
    parser.feed(html)
    duplicates = [i for i, n in Counter(parser.ids).items() if n > 1]
    assert duplicates == []
    nameless = [
        f.get("name")
        for f in parser.fields
        if f.get("id") not in parser.label_for and not any(f.get(a) for a in NAMED_BY_ITSELF)
    ]
    assert nameless == []


def test_family_page_ids_are_unique_and_fields_named(world, client):
    PlanGoal.objects.create(family=world.family, text="Rana finds her way to the GP")
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    response = client.get(f"/families/{world.family.pk}/")
    assert response.status_code == 200
    assert_ids_unique_and_fields_named(response.content.decode())


def test_family_page_with_two_goals_has_unique_ids(world, client):
    for text in ("Rana finds her way to the GP", "The children go to school"):
        PlanGoal.objects.create(family=world.family, text=text)
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    response = client.get(f"/families/{world.family.pk}/")
    assert_ids_unique_and_fields_named(response.content.decode())


@pytest.mark.parametrize("event_type", ["arrival", "decision", "moved"])
def test_event_form_pages(world, client, event_type):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    url = f"/families/{world.family.pk}/events/new/"
    assert_ids_unique_and_fields_named(client.get(url, {"type": event_type}).content.decode())
    invalid = client.post(url, {"type": event_type})
    assert invalid.status_code == 400
    assert_ids_unique_and_fields_named(invalid.content.decode())


def test_correction_contact_and_intake_pages(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    event = world.family.events.get(type="arrival", person__key="partner")
    pages = [
        client.get(f"/families/{world.family.pk}/events/{event.pk}/correct/"),
        client.post(f"/families/{world.family.pk}/contacts/new/", {"person": "partner"}),
        client.get(f"/persons/{world.partner.pk}/intake/"),
    ]
    for page in pages:
        assert page.status_code in (200, 400)
        assert_ids_unique_and_fields_named(page.content.decode())
