"""The findings of issue 8 on the web pages, one test each: every object page reaches its object
through the same gate as the family page, and every page renders the access layer's projection
(members in scope, categories of the role, deadlines by the categories of their facts)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from herenigd.access.models import Involvement, Role
from herenigd.audit.models import Action, AuditEvent, AuditSubject
from herenigd.families.models import Contact, PlanGoal
from herenigd.timeline.models import TimelineEvent
from tests.world import give_health_consent, login_verified

PREGNANCY_NOTE = "MRK-PREG-IMPORTED"
SON_NAME = "Omar"


@pytest.fixture
def imported_pregnancy(world):
    """A pregnancy recorded by nobody's organisation (an import): every organisation needs the
    partner's consent to see it."""
    return TimelineEvent.objects.create(
        family=world.family,
        person=world.partner,
        type="pregnancy",
        date=datetime.date(2017, 5, 1),
        note=PREGNANCY_NOTE,
    )


#: What differs between any two responses: the masked CSRF token, and the requested path the
#: language switch returns to. Nothing else may tell the two pages apart.
_PER_REQUEST = re.compile(
    rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value="|name="next" type="hidden" value=")'
    rb'[^"]*'
)


def same_page(a: bytes, b: bytes) -> bool:
    """Byte for byte the same page, the per-request values aside."""

    def normal(body: bytes) -> bytes:
        return _PER_REQUEST.sub(rb"\1-", body)

    return normal(a) == normal(b)


def _correct_url(world, event):
    return f"/families/{world.family.pk}/events/{event.pk}/correct/"


def _missing_url(world):
    return f"/families/{world.family.pk}/events/999999/correct/"


@pytest.mark.parametrize("role", [Role.SOCIAL_GUIDANCE, Role.GP, Role.JGZ_NURSE])
def test_health_event_correction_refused_without_consent(world, client, imported_pregnancy, role):
    login_verified(client, world.users[role])
    response = client.get(_correct_url(world, imported_pregnancy))
    missing = client.get(_missing_url(world))
    assert response.status_code == missing.status_code == 404
    assert same_page(response.content, missing.content)
    assert PREGNANCY_NOTE not in response.content.decode()
    posted = client.post(_correct_url(world, imported_pregnancy), {"date": "2017-06-01"})
    assert posted.status_code == 404
    imported_pregnancy.refresh_from_db()
    assert imported_pregnancy.date == datetime.date(2017, 5, 1)
    assert not imported_pregnancy.revisions.exists()


def test_health_event_correction_allowed_with_consent_and_audited_as_health(
    world, client, imported_pregnancy
):
    give_health_consent(world, world.orgs["social_guidance"])
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    response = client.get(_correct_url(world, imported_pregnancy))
    assert response.status_code == 200
    assert PREGNANCY_NOTE in response.content.decode()
    # The request's read event names the partner with the health category.
    assert AuditSubject.objects.filter(
        person_id=world.partner.pk, categories__contains="health"
    ).exists()


def test_event_of_a_member_outside_the_scope_is_refused(world, client):
    """A wijkteam working with the son only cannot open the partner's events."""
    wijkteam = world.orgs["wijkteam"]
    Involvement.objects.filter(organisation=wijkteam).delete()
    son = world.family.members.get(key="son")
    Involvement.objects.create(
        organisation=wijkteam, family=world.family, person=son, started_on=timezone.localdate()
    )
    partner_event = world.family.events.filter(person=world.partner, type="moved").first()
    login_verified(client, world.users[Role.WIJKTEAM])
    response = client.get(_correct_url(world, partner_event))
    assert response.status_code == 404
    assert same_page(response.content, client.get(_missing_url(world)).content)


def test_event_of_another_family_is_refused(world, client):
    other_event = world.other_family.events.first()
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    response = client.get(_correct_url(world, other_event))
    assert response.status_code == 404
    assert same_page(response.content, client.get(_missing_url(world)).content)


def test_school_sees_only_deadlines_of_its_categories(world, client):
    login_verified(client, world.users[Role.SCHOOL])
    response = client.get(f"/families/{world.family.pk}/", {"as_of": "2017-03-10"})
    codes = {d.code for d in response.context["view"].deadlines}
    assert codes, "a school sees the school and cohabitation deadlines"
    assert codes <= {"SCHOOL_REGISTRATION", "MIN_COHABITATION"}
    body = response.content.decode()
    for hidden in ("APPLICATION_FILING", "DECISION", "INTAKE", "REPORT_REGISTRATION_CENTRE"):
        assert f">{hidden}<" not in body


@pytest.fixture
def jgz_with_son_only(world):
    jgz = world.orgs["jgz"]
    Involvement.objects.filter(organisation=jgz).delete()
    son = world.family.members.get(key="son")
    Involvement.objects.create(
        organisation=jgz, family=world.family, person=son, started_on=timezone.localdate()
    )
    return son


def test_named_member_involvement_hides_the_other_members_everywhere(
    world, client, jgz_with_son_only
):
    login_verified(client, world.users[Role.JGZ_NURSE])
    partner_name = world.partner.given_name  # MRK-IDENTITY
    caseload = client.get("/families/").content.decode()
    assert SON_NAME in caseload and partner_name not in caseload
    PlanGoal.objects.create(family=world.family, text="The children go to school")
    page = client.get(f"/families/{world.family.pk}/", {"as_of": "2017-03-10"})
    body = page.content.decode()
    assert partner_name not in body
    view = page.context["view"]
    assert {key for key, _label in view.member_choices} == {"son"}
    action_forms = [form for _goal, form in page.context["goals"]]  # one per goal
    assert action_forms
    for form in [page.context["contact_form"], page.context["concern_form"], *action_forms]:
        assert {k for k, _ in form.fields["person"].choices if k} == {"son"}
    assert {d.person_key for d in view.deadlines} <= {"son", None}
    # Search by the other member's name does not find the family.
    assert client.get("/families/", {"q": partner_name}).context["total"] == 0
    assert client.get("/families/", {"q": SON_NAME}).context["total"] == 1


def test_named_member_involvement_cannot_record_a_contact_with_another_member(
    world, client, jgz_with_son_only
):
    login_verified(client, world.users[Role.JGZ_NURSE])
    before = Contact.objects.count()
    response = client.post(
        f"/families/{world.family.pk}/contacts/new/",
        {"person": "partner", "date": "2024-01-01", "direct": "true", "interpreter": "none"},
    )
    assert response.status_code == 400
    assert Contact.objects.count() == before
    assert world.partner.given_name not in response.content.decode()


def test_role_without_household_sees_no_location(world, client):
    login_verified(client, world.users[Role.INTERPRETER_COORDINATOR])
    response = client.get(f"/families/{world.family.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    for member in response.context["view"].members:
        assert member.location is None
    for label in ("In het buitenland", "In Nederland", "Abroad", "In the Netherlands"):
        assert label not in body


def test_who_saw_does_not_reveal_a_confidential_item(world, client):
    """Veilig Thuis reads the confidential point; the regisseur's who-saw does not say so."""
    login_verified(client, world.users[Role.VEILIG_THUIS])
    client.get(f"/families/{world.family.pk}/")
    client.logout()
    login_verified(client, world.users[Role.REGISSEUR])
    response = client.get(f"/persons/{world.partner.pk}/who-saw/")
    assert response.status_code == 200
    entries = response.context["entries"]
    assert entries, "the regisseur sees that Veilig Thuis read the identity"
    for entry in entries:
        assert "confidential" not in entry.category_codes
        assert "health" not in entry.category_codes
    body = response.content.decode().lower()
    assert "vertrouwelijk" not in body and "confidential" not in body
    api = client.get(f"/api/v1/persons/{world.partner.pk}/who-saw/").json()
    assert all("confidential" not in e["categories"] for e in api)


def test_audit_purpose_is_decided_on_the_server(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    client.get(f"/families/{world.family.pk}/", {"purpose": "MRK-PURPOSE"})
    client.get(f"/api/v1/families/{world.family.pk}/", {"purpose": "MRK-PURPOSE"})
    assert not AuditEvent.objects.filter(purpose__contains="MRK-PURPOSE").exists()


def test_break_the_glass_read_is_always_audited_as_such(world, client, django_user_model):
    from tests.world import make_user

    outsider = make_user(django_user_model, "outsider", world.orgs["welfare"], Role.WELFARE)
    Involvement.objects.filter(organisation=world.orgs["welfare"]).delete()
    login_verified(client, outsider)
    response = client.post(
        f"/api/v1/families/{world.family.pk}/break-glass/",
        {"reason": "Acute zorg, gezin niet bereikbaar"},
        content_type="application/json",
    )
    assert response.status_code in (200, 201)
    client.get(f"/families/{world.family.pk}/", {"purpose": "guidance"})
    reads = AuditEvent.objects.filter(actor_id=outsider.pk, action=Action.READ)
    assert reads.exists()
    assert all("glass" in e.purpose for e in reads)


def test_bidi_control_characters_in_names_are_isolated(world, client):
    sponsor = world.family.members.get(key="sponsor")
    sponsor.given_name = "Ali\u202egnp.exe"
    sponsor.save(update_fields=["given_name"])
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    for url in ("/families/", f"/families/{world.family.pk}/"):
        body = client.get(url).content.decode()
        assert '<bdi dir="auto">Ali\u202egnp.exe' in body, url
        isolated = body.count('<bdi dir="auto">Ali\u202egnp.exe') + body.count(
            "\u2068Ali\u202egnp.exe"  # plain-text contexts (<option>): FSI…PDI
        )
        assert body.count("Ali\u202egnp.exe") == isolated, url


def test_two_organisations_record_the_same_concern_without_error(world, client):
    """The second organisation's report is kept and it learns nothing of the first one's."""
    from herenigd.rules.models import AttentionPoint

    url = f"/families/{world.family.pk}/concerns/"
    data = {"person": "partner", "note": "MRK-VT-CONCERN"}
    login_verified(client, world.users[Role.VEILIG_THUIS])
    assert client.post(url, data).status_code == 302
    client.logout()
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    response = client.post(url, {"person": "partner", "note": "MRK-SG-CONCERN"}, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "MRK-VT-CONCERN" not in body
    points = AttentionPoint.objects.filter(code="DOMESTIC_VIOLENCE_CONCERN", person=world.partner)
    assert points.count() == 2
    assert {p.recorded_by_organisation_id for p in points} == {
        world.orgs["veilig_thuis"].pk,
        world.orgs["social_guidance"].pk,
    }
