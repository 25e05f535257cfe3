"""A marker planted in confidential data must not appear on any page, API answer, export or
notification a user without the right can reach — the sponsor's own account above all."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from herenigd.access.models import Notification, Role
from herenigd.access.services import break_glass_open
from tests.world import MARKERS, login_verified

pytestmark = pytest.mark.django_db


def reachable_pages(world):
    family, partner = world.family, world.partner
    return [
        "/",
        "/api/v1/families/",
        f"/api/v1/families/{family.pk}/",
        f"/api/v1/persons/{partner.pk}/who-saw/",
        f"/api/v1/persons/{world.family.members.get(key='sponsor').pk}/who-saw/",
        "/admin/",
        "/admin/access/involvement/",
        f"/admin/access/involvement/{family.involvements.first().pk}/change/",
        "/families/",
        f"/families/{family.pk}/",
        f"/families/{family.pk}/events/new/?type=arrival",
        f"/families/{family.pk}/events/{family.events.first().pk}/correct/",
        f"/persons/{partner.pk}/intake/",
        f"/persons/{partner.pk}/intake/?q=adult&lang=ar",
        f"/persons/{partner.pk}/who-saw/",
    ]


@pytest.mark.parametrize(
    "who",
    [
        "sponsor",
        *[
            r
            for r in Role.values
            if r not in {Role.SOCIAL_GUIDANCE, Role.VEILIG_THUIS, Role.ADMINISTRATOR}
        ],
    ],
)
def test_confidential_marker_never_reaches_the_wrong_people(world, who):
    client = Client()
    if who == "sponsor":
        client.force_login(world.sponsor_user)
    else:
        login_verified(client, world.users[who])
    for url in reachable_pages(world):
        response = client.get(url)
        body = response.content.decode(errors="replace")
        assert MARKERS["confidential"] not in body, (who, url)
        if who == "sponsor":
            assert MARKERS["health"] not in body, (who, url)
    for notification in Notification.objects.all():
        assert MARKERS["confidential"] not in notification.subject + notification.body


def test_notifications_of_break_glass_carry_no_data(world):
    user = world.users[Role.WIJKTEAM]
    user.is_verified = lambda: True
    break_glass_open(
        user=user, family_id=world.family.pk, reason="Acute crisis, police at the door"
    )
    notes = list(Notification.objects.all())
    assert notes, "the regisseur must be told"
    for note in notes:
        for marker in MARKERS.values():
            assert marker not in note.subject + note.body


def test_bundle_export_carries_no_confidential_point(world):
    out = io.StringIO()
    call_command("export_bundle", municipality="0268", family=world.family.reference, stdout=out)
    exported = out.getvalue()
    json.loads(exported)
    assert MARKERS["confidential"] not in exported
    assert MARKERS["health"] in exported  # the GP's pregnancy event is part of the record
