"""The permission table of docs/privacy.md, tried through the real HTTP API: for every role and
every relation to the family, each data category is visible exactly when the table says so, and
every refused family answers exactly like a family that does not exist."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from herenigd.access.categories import HEALTH_ROLES, NO_PERSONAL_DATA, ROLE_CATEGORIES
from herenigd.access.models import BreakGlassAccess, Involvement, Professional, Role
from herenigd.demo.services import ROLE_ORGANISATION
from tests.world import MARKERS, give_health_consent, login_verified

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
COLUMNS = [
    "identity",
    "procedure",
    "household",
    "contact_log",
    "intake",
    "attention_normal",
    "health",
    "confidential",
]


def permission_table() -> dict[str, dict[str, str]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- permission-table -->")[1].split("<!-- /permission-table -->")[0]
    rows = [line for line in block.strip().splitlines() if line.startswith("|")][2:]
    table = {}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        table[cells[0]] = dict(zip(COLUMNS, cells[1:], strict=True))
    return table


TABLE = permission_table()
RELATIONS = ["involved", "ended", "never", "break_glass", "other_municipality"]


def test_table_covers_every_role_and_matches_the_code():
    assert set(TABLE) == set(Role.values)
    code_to_doc = {"contact_log": "contact_log", "intake_normal": "intake"}
    for role, cells in TABLE.items():
        granted = {code_to_doc.get(c, c) for c in ROLE_CATEGORIES[role]}
        for column in ("identity", "procedure", "household", "contact_log", "intake"):
            assert (column in granted) == (cells[column] == "yes"), (role, column)
        assert ("health" in ROLE_CATEGORIES[role]) == (cells["health"] != "no"), role
        assert (cells["health"] == "own+consent") == (role in HEALTH_ROLES), role
        assert (role in NO_PERSONAL_DATA) == all(v == "no" for v in cells.values()), role
        assert cells["confidential"] in {"yes", "no", "own/named"}
        assert all(
            re.fullmatch(r"yes|no|consent|own\+consent|own/named", v) for v in cells.values()
        )


def expected_visible(role: str, column: str, *, consent: bool) -> bool:
    cell = TABLE[role][column]
    if cell in ("yes", "no"):
        return cell == "yes"
    if cell == "consent":
        return consent
    if cell == "own+consent":  # the health data in the world was recorded by the GP practice
        return role == Role.GP or consent
    if cell == "own/named":  # the confidential point was recorded by social guidance
        return role == Role.SOCIAL_GUIDANCE
    raise AssertionError(cell)


def family_sees(role: str, relation: str) -> bool:
    if role in NO_PERSONAL_DATA or relation == "other_municipality":
        return False
    if role == Role.REGISSEUR:
        return True  # every family of the municipality
    return relation in ("involved", "break_glass")


def arrange(world, role, relation, django_user_model):
    user = world.users[role]
    org = Professional.objects.get(user=user).organisation
    if relation == "ended":
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        Involvement.objects.filter(organisation=org).update(ended_on=yesterday)
    elif relation in ("never", "break_glass"):
        Involvement.objects.filter(organisation=org).delete()
    if relation == "break_glass":
        now = timezone.now()
        BreakGlassAccess.objects.create(
            user=user,
            family=world.family,
            reason="acute crisis at the family home tonight",
            started_at=now,
            expires_at=now + datetime.timedelta(hours=3),
        )
    if relation == "other_municipality":
        from tests.world import make_user

        org = world.other_orgs[ROLE_ORGANISATION[role]]
        user = make_user(django_user_model, f"{role}-almelo", org, role)
        Involvement.objects.create(
            organisation=org, family=world.other_family, started_on=timezone.localdate()
        )
    return user, org


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("role", Role.values)
def test_permission_row(world, client, django_user_model, role, relation):
    user, org = arrange(world, role, relation, django_user_model)
    login_verified(client, user)
    url = f"/api/v1/families/{world.family.pk}/"
    missing = client.get("/api/v1/families/999999/")
    assert missing.status_code == 404

    for consent in (False, True):
        if consent:
            give_health_consent(world, org)
        response = client.get(url)
        listed = client.get("/api/v1/families/").json()
        references = [f["reference"] for f in listed["results"]]
        if not family_sees(role, relation):
            assert response.status_code == 404, (role, relation)
            assert response.content == missing.content, "a refusal must look like 'not found'"
            assert world.family.reference not in references or (
                world.other_family.reference == world.family.reference
                and relation == "other_municipality"
            )
            assert all(f["id"] != world.family.pk for f in listed["results"])
            continue
        assert response.status_code == 200, (role, relation)
        body = response.content.decode()
        assert response.json()["break_glass"] is (
            relation == "break_glass" and role != Role.REGISSEUR
        )
        for column in COLUMNS:
            want = expected_visible(role, column, consent=consent)
            assert (MARKERS[column] in body) is want, (role, relation, column, consent)


@pytest.mark.parametrize("role", [r for r in Role.values if r not in NO_PERSONAL_DATA])
def test_named_person_sees_confidential_only_when_named(world, client, role):
    login_verified(client, world.users["named"])
    body = client.get(f"/api/v1/families/{world.family.pk}/").content.decode()
    assert MARKERS["confidential"] in body
    assert MARKERS["health"] not in body


def test_withdrawn_consent_takes_effect_at_once(world, client):
    from herenigd.access.services import consent_withdraw

    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    consent = give_health_consent(world, world.orgs["social_guidance"])
    url = f"/api/v1/families/{world.family.pk}/"
    assert MARKERS["health"] in client.get(url).content.decode()
    consent_withdraw(consent=consent)
    assert MARKERS["health"] not in client.get(url).content.decode()


def test_expired_break_glass_gives_nothing(world, client):
    user = world.users[Role.WIJKTEAM]
    Involvement.objects.filter(organisation=world.orgs["wijkteam"]).delete()
    now = timezone.now()
    BreakGlassAccess.objects.create(
        user=user,
        family=world.family,
        reason="acute crisis at the family home tonight",
        started_at=now - datetime.timedelta(hours=4),
        expires_at=now - datetime.timedelta(hours=1),
    )
    login_verified(client, user)
    assert client.get(f"/api/v1/families/{world.family.pk}/").status_code == 404


def test_involvement_with_one_member_shows_only_that_members_data(world, client):
    """Need-to-know per person: JGZ works with the son only, so it sees his data and the family's
    shared events, not the partner's name, contacts or points."""
    jgz = world.orgs["jgz"]
    Involvement.objects.filter(organisation=jgz).delete()
    son = world.family.members.get(key="son")
    Involvement.objects.create(
        organisation=jgz, family=world.family, person=son, started_on=timezone.localdate()
    )
    login_verified(client, world.users[Role.JGZ_NURSE])
    view = client.get(f"/api/v1/families/{world.family.pk}/").json()
    members = {m["key"]: m for m in view["members"]}
    assert members["son"]["given_name"] == "Omar"
    assert "given_name" not in members["partner"]
    body = str(view)
    for marker in ("identity", "household", "contact_log", "attention_normal", "health"):
        assert MARKERS[marker] not in body, marker
    assert {e["person"] for e in view["timeline"]} <= {son.pk, None}
    assert client.get(f"/persons/{world.partner.pk}/intake/").status_code == 404
    assert client.get(f"/persons/{son.pk}/intake/").status_code == 200
