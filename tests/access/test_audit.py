"""The audit trail: every view of personal data writes an event; the chain detects tampering."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from herenigd.access.models import Role
from herenigd.audit.models import AuditEvent, AuditSubject
from herenigd.audit.selectors import audit_verify_chain
from herenigd.audit.services import audit_seal
from tests.world import login_verified

pytestmark = pytest.mark.django_db

#: URL names that show no personal data (documents, login pages, the start page with counts).
NO_PERSONAL_DATA = {
    "api:schema",
    "api:docs",
    "api:families",
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor",
    "home",
    "set_language",
}


def named_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # the admin is covered by tests/admin
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from named_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


def test_every_view_showing_personal_data_writes_an_audit_event(world, client):
    partner = world.partner
    event = world.family.events.first()
    regisseur, worker = Role.REGISSEUR, Role.SOCIAL_GUIDANCE
    urls = {
        "api:family": (regisseur, f"/api/v1/families/{world.family.pk}/"),
        "api:who-saw": (regisseur, f"/api/v1/persons/{partner.pk}/who-saw/"),
        "families:caseload": (regisseur, "/families/"),
        "families:family": (regisseur, f"/families/{world.family.pk}/"),
        "families:event_add": (
            regisseur,
            f"/families/{world.family.pk}/events/new/?type=arrival",
        ),
        "families:event_correct": (
            regisseur,
            f"/families/{world.family.pk}/events/{event.pk}/correct/",
        ),
        "intake:person": (worker, f"/persons/{partner.pk}/intake/"),
        "access:who_saw": (regisseur, f"/persons/{partner.pk}/who-saw/"),
    }
    posts = {
        "api:break-glass",
        "families:contact_add",
        "families:plan_goal",
        "families:plan_action",
        "families:observation_add",
        "families:concern_add",
    }
    names = {name for name, _ in named_patterns()}
    unknown = names - NO_PERSONAL_DATA - set(urls) - posts
    assert not unknown, f"new views must be added to this test: {unknown}"
    for name, (role, url) in urls.items():
        client.logout()
        login_verified(client, world.users[role])
        before = AuditEvent.objects.filter(action="read").count()
        assert client.get(url).status_code == 200, name
        assert AuditEvent.objects.filter(action="read").count() > before, name


def test_family_read_is_audited_per_person_with_categories_and_door(world, client):
    login_verified(client, world.users[Role.SCHOOL])
    before = AuditEvent.objects.filter(action="read").count()
    client.get(f"/api/v1/families/{world.family.pk}/")
    event = AuditEvent.objects.filter(action="read").latest("id")
    assert AuditEvent.objects.filter(action="read").count() == before + 1  # one per request
    assert (event.actor, event.via, event.family_id) == ("school", "api", world.family.pk)
    subject = AuditSubject.objects.get(event_id=event.pk, person_id=world.partner.pk)
    assert subject.family_id == world.family.pk
    assert set(subject.categories.split(",")) <= {"identity", "household", "attention_normal"}
    assert "health" not in event.category
    members = set(world.family.members.values_list("pk", flat=True))
    indexed = set(
        AuditSubject.objects.filter(event_id=event.pk).values_list("person_id", flat=True)
    )
    # Every member, and the family itself for what concerns no one member (a point such as
    # FAMILY_INCOMPLETE the page derives for its date).
    assert indexed - {None} == members
    assert [s[1] for s in event.subjects if s[1] is not None] == sorted(members)


def test_refused_access_is_audited(world, client):
    login_verified(client, world.users[Role.RESEARCHER])
    client.get(f"/api/v1/families/{world.family.pk}/")
    assert AuditEvent.objects.filter(action="denied", actor="researcher").exists()


def test_who_saw_my_data_lists_readers(world, client):
    login_verified(client, world.users[Role.GP])
    client.get(f"/api/v1/families/{world.family.pk}/")
    client.logout()
    login_verified(client, world.users[Role.REGISSEUR])
    entries = client.get(f"/api/v1/persons/{world.partner.pk}/who-saw/").json()
    assert any(e["who"] == "gp" and e["action"] == "read" for e in entries)


def test_who_saw_is_only_for_the_regisseur(world, client):
    login_verified(client, world.users[Role.GP])
    assert client.get(f"/api/v1/persons/{world.partner.pk}/who-saw/").status_code == 404
    assert client.get(f"/persons/{world.partner.pk}/who-saw/").status_code == 404


def test_who_saw_page_lists_readers_for_the_regisseur(world, client):
    login_verified(client, world.users[Role.GP])
    client.get(f"/families/{world.family.pk}/")
    client.logout()
    login_verified(client, world.users[Role.REGISSEUR])
    response = client.get(f"/persons/{world.partner.pk}/who-saw/")
    actors = {e.actor for e in response.context["entries"]}
    assert "gp" in actors


def test_audit_rows_cannot_be_changed_through_the_orm(world):
    event = AuditEvent.objects.first()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(actor="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_verify_audit_passes_on_an_intact_chain(world, client, capsys):
    login_verified(client, world.users[Role.GP])
    client.get(f"/api/v1/families/{world.family.pk}/")
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def test_tampering_with_one_row_is_detected_and_named(world, client):
    login_verified(client, world.users[Role.GP])
    client.get(f"/api/v1/families/{world.family.pk}/")
    audit_seal()
    victim = AuditEvent.objects.order_by("id")[3]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET actor = %s WHERE id = %s", ["nobody", victim.pk]
        )
    report = audit_verify_chain()
    assert (report.ok, report.first_broken_id) == (False, victim.pk)
    with pytest.raises(CommandError, match=f"broken at event #{victim.pk}"):
        call_command("verify_audit")


def test_removing_a_row_or_the_tail_is_detected(world):
    audit_seal()
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditsubject WHERE event_id = %s", [ids[2]])
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [ids[2]])
    assert audit_verify_chain().first_broken_id == ids[3]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditsubject WHERE event_id >= %s", [ids[2]])
        cursor.execute("DELETE FROM audit_auditevent WHERE id >= %s", [ids[2]])
    report = audit_verify_chain()
    assert not report.ok and "removed" in report.problem


def test_cli_reads_are_audited(world, capsys):
    call_command(
        "deadlines", municipality="0268", family=world.family.reference, as_of="2017-03-10"
    )
    event = AuditEvent.objects.filter(action="read", family_id=world.family.pk).last()
    assert event.actor.startswith("operator:")
