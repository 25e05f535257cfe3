"""The admin is for management, not for personal data (docs/privacy.md 'What the admin may show').

The superuser fetches every page the admin site exposes — list, add, and change, history and
delete confirmation of every object that exists — and no planted personal data may appear; no
model holding personal data may be registered; the one screen that refers to a person
(involvement) is audited with the family and the person."""

from __future__ import annotations

import datetime
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from herenigd.access.models import Involvement, Role
from herenigd.audit.models import AuditEvent
from herenigd.families.models import Family, PlanAction, PlanGoal
from herenigd.intake.models import IntakeResponse
from herenigd.timeline.services import timeline_event_correct
from tests.world import MARKERS, login_verified

pytestmark = pytest.mark.django_db

BSN = "111222333"
PLAN_MARKER = "MRK-PLANACTION"
#: Models that refer to a family but may have an admin screen showing ids and roles only.
ALLOWED_PERSONAL = {Involvement}


def personal_data_models() -> set:
    """Every model that belongs to a family: Family itself and each model with a foreign key
    (directly or through another such model) to it. New models are covered automatically."""
    found = {Family}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in found:
                continue
            targets = {
                f.related_model
                for f in model._meta.get_fields()
                if f.concrete and (f.many_to_one or f.one_to_one)
            }
            if targets & found:
                found.add(model)
                grew = True
    return found


def test_personal_data_models_are_found():
    labels = {m._meta.label for m in personal_data_models()}
    assert {
        "families.Family",
        "families.Person",
        "families.Contact",
        "families.PlanGoal",
        "families.PlanAction",
        "families.FamilyObservation",
        "procedure.TimelineEvent",
        "procedure.EventRevision",
        "rules.AttentionPoint",
        "rules.AttentionPointStatusChange",
        "intake.IntakeResponse",
        "access.Consent",
        "access.MemberAccount",
        "access.Involvement",
    } <= labels
    assert "organisations.Organisation" not in labels


def test_no_personal_data_model_is_in_the_admin():
    from herenigd.access.admin import ReadAuditedAdmin

    registered = set(admin.site._registry)
    assert registered & personal_data_models() == ALLOWED_PERSONAL
    for model in ALLOWED_PERSONAL:
        assert isinstance(admin.site._registry[model], ReadAuditedAdmin), model


@pytest.fixture
def superuser(world, client):
    user = world.users[Role.ADMINISTRATOR]
    user.is_staff = user.is_superuser = True
    user.save()
    login_verified(client, user)
    return user


@pytest.fixture
def planted(world, superuser):
    """Personal data that management pages could reach through relations: a BSN, an involvement
    naming the partner, a plan action and an intake held by an organisation (both protect the
    organisation from deletion), a corrected event."""
    world.partner.bsn = BSN
    world.partner.save(update_fields=["bsn"])
    org = world.orgs["wijkteam"]
    involvement = Involvement.objects.create(
        organisation=org,
        family=world.family,
        person=world.partner,
        started_on=datetime.date(2024, 1, 1),
    )
    goal = PlanGoal.objects.create(family=world.family, text=PLAN_MARKER)
    PlanAction.objects.create(goal=goal, person=world.partner, text=PLAN_MARKER, owner=org)
    IntakeResponse.objects.create(
        person=world.partner,
        questionnaire="adult",
        version=1,
        language="ar",
        answers={"wish": MARKERS["confidential"]},
        organisation=org,
    )
    event = world.family.events.get(type="pregnancy")
    timeline_event_correct(event=event, note=MARKERS["health"] + "-corrected")
    return involvement


def forbidden_patterns(world) -> list[re.Pattern]:
    names = set()
    for person in world.family.members.all():
        names |= {person.given_name, person.family_name}
    words = {*MARKERS.values(), PLAN_MARKER, BSN, *filter(None, names)}
    patterns = [re.compile(rf"\b{re.escape(w)}\b") for w in words]
    # Codes and event types of health and confidential data are personal data too.
    patterns += [re.compile(r"SEPARATE_LIVING_WISH|PREGNANCY|pregnan", re.IGNORECASE)]
    return patterns


def admin_urls():
    """Every page of every registered ModelAdmin, for every object that exists."""
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{info}_changelist")
        yield reverse(f"{info}_add")
        for pk in model._default_manager.values_list("pk", flat=True):
            for page in ("change", "history", "delete"):
                yield reverse(f"{info}_{page}", args=[pk])


def test_the_admin_shows_no_personal_data_on_any_page(world, client, planted, capsys):
    patterns = forbidden_patterns(world)
    urls = ["/admin/", *admin_urls()]
    involvement_change = reverse("admin:access_involvement_change", args=[planted.pk])
    assert involvement_change in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        body = response.content.decode()
        leaks = [p.pattern for p in patterns if p.search(body)]
        assert not leaks, (url, leaks)
    with capsys.disabled():
        print(f"\nadmin pages checked: {len(urls)}")
    # The involvement names the member by id and role only.
    assert f"#{world.partner.pk} (" in client.get(involvement_change).content.decode()


def test_the_admin_is_for_superusers_only(world, client, planted):
    staff = world.users[Role.REGISSEUR]
    staff.is_staff = True
    staff.save()
    login_verified(client, staff)
    url = reverse("admin:access_involvement_change", args=[planted.pk])
    assert client.get(url).status_code in (302, 403)
    assert client.get(reverse("admin:access_involvement_changelist")).status_code in (302, 403)


def _events(**filters):
    return AuditEvent.objects.filter(via="admin", category="involvement", **filters)


def test_involvement_pages_are_audited_with_the_person(world, client, planted):
    subject = {"family_id": world.family.pk, "person_id": world.partner.pk}
    for page in ("change", "history", "delete"):
        url = reverse(f"admin:access_involvement_{page}", args=[planted.pk])
        before = _events(action="read", **subject).count()
        assert client.get(url).status_code == 200
        assert _events(action="read", **subject).count() == before + 1, page
        assert _events(action="read", detail__endswith=f":{page}", **subject).exists()


def test_involvement_writes_in_the_admin_are_audited_with_the_person(world, client, planted):
    subject = {"family_id": world.family.pk, "person_id": world.partner.pk}
    change = reverse("admin:access_involvement_change", args=[planted.pk])
    ended = planted.started_on + datetime.timedelta(days=10)
    response = client.post(
        change, {"started_on": planted.started_on.isoformat(), "ended_on": ended.isoformat()}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    planted.refresh_from_db()
    assert planted.ended_on == ended
    assert _events(action="update", **subject).count() == 1

    delete = reverse("admin:access_involvement_delete", args=[planted.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Involvement.objects.filter(pk=planted.pk).exists()
    assert _events(action="delete", **subject).count() == 1


def test_an_involvement_added_in_the_admin_goes_through_the_service(world, client, planted):
    son = world.family.members.get(key="son")
    org = world.orgs["school"]
    data = {
        "organisation": org.pk,
        "family": world.family.pk,
        "person": son.pk,
        "started_on": "2024-01-01",
        "ended_on": "",
    }
    response = client.post(reverse("admin:access_involvement_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Involvement.objects.get(organisation=org, person=son)
    assert created.created_by == world.users[Role.ADMINISTRATOR]
    assert _events(action="create", family_id=world.family.pk, person_id=son.pk).count() == 1


def test_an_involvement_across_municipalities_or_members_is_refused(world, client, planted):
    other_member = world.other_family.members.get(key="son")
    cases = [
        (world.other_orgs["school"], world.family, None, "__all__"),
        (world.orgs["school"], world.family, other_member, "person"),
    ]
    for org, family, person, field in cases:
        data = {
            "organisation": org.pk,
            "family": family.pk,
            "person": person.pk if person else "",
            "started_on": "2024-01-01",
        }
        response = client.post(reverse("admin:access_involvement_add"), data)
        assert response.status_code == 200
        assert field in response.context["adminform"].form.errors
    assert not Involvement.objects.filter(organisation=world.other_orgs["school"]).exists()
    assert not Involvement.objects.filter(person=other_member).exists()
