"""Break-the-glass through the API; retention and anonymisation."""

import datetime

import pytest
from django.core.management import call_command

from herenigd.access.models import BreakGlassAccess, Involvement, Notification, Role
from herenigd.audit.models import AuditEvent
from herenigd.audit.selectors import audit_verify_chain
from herenigd.families.models import Family
from herenigd.timeline.models import TimelineEvent
from tests.world import MARKERS, login_verified

pytestmark = pytest.mark.django_db


def test_break_glass_needs_a_reason_and_lasts_three_hours(world, client):
    Involvement.objects.filter(organisation=world.orgs["wijkteam"]).delete()
    login_verified(client, world.users[Role.WIJKTEAM])
    url = f"/api/v1/families/{world.family.pk}/"
    assert client.get(url).status_code == 404
    short = client.post(f"{url}break-glass/", {"reason": "urgent"})
    assert short.status_code == 400
    assert short["Content-Type"] == "application/problem+json"
    assert not BreakGlassAccess.objects.exists()

    granted = client.post(
        f"{url}break-glass/", {"reason": "Child alone at home, parents unreachable"}
    )
    assert granted.status_code == 201
    grant = BreakGlassAccess.objects.get()
    assert grant.expires_at - grant.started_at == datetime.timedelta(hours=3)
    response = client.get(url)
    assert response.status_code == 200 and response.json()["break_glass"] is True
    assert AuditEvent.objects.filter(action="break_glass", actor="wijkteam").exists()
    assert AuditEvent.objects.filter(action="read", purpose="break-the-glass").exists()
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert Role.REGISSEUR in recipients


def test_break_glass_never_crosses_municipalities(world, client):
    login_verified(client, world.users[Role.WIJKTEAM])
    url = f"/api/v1/families/{world.other_family.pk}/break-glass/"
    response = client.post(url, {"reason": "Child alone at home, parents unreachable"})
    assert response.status_code == 404
    assert not BreakGlassAccess.objects.exists()


def test_anonymise_after_retention_keeps_statistics_not_identities(world):
    family = world.family
    TimelineEvent.objects.create(
        family=family, type="guidance_ended", date=datetime.date(2019, 3, 1)
    )
    call_command("anonymise", as_of="2021-02-27")  # 729 days: not yet
    assert Family.objects.get(pk=family.pk).anonymised_on is None
    call_command("anonymise", as_of="2021-03-01")
    family.refresh_from_db()
    assert family.anonymised_on == datetime.date(2021, 3, 1)
    assert family.reference == f"ANON-{family.pk}"
    partner = family.members.get(key="partner")
    assert (partner.given_name, partner.family_name, partner.bsn) == ("", "", "")
    assert partner.birth_date_precision == "year" and partner.birth_date.year == 1983
    assert partner.nationality == "SYR" and partner.role == "partner"
    text = str(list(family.events.values())) + str(list(family.attention_points.values()))
    for marker in MARKERS.values():
        assert marker not in text
    assert family.events.filter(type="arrival").count() == 2
    assert not world.sponsor_user.__class__.objects.get(pk=world.sponsor_user.pk).is_active
    assert AuditEvent.objects.filter(action="anonymise", family_id=family.pk).exists()
    assert audit_verify_chain().ok
    call_command("anonymise", as_of="2021-03-02")
    assert AuditEvent.objects.filter(action="anonymise").count() == 1


def test_guidance_started_again_postpones_anonymisation(world):
    family = world.family
    TimelineEvent.objects.create(
        family=family, type="guidance_ended", date=datetime.date(2019, 3, 1)
    )
    TimelineEvent.objects.create(
        family=family, type="guidance_started", date=datetime.date(2019, 6, 1)
    )
    call_command("anonymise", as_of="2023-01-01")
    assert Family.objects.get(pk=family.pk).anonymised_on is None
