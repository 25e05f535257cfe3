"""/admin/ for an account without admin rights answers 404, without a loop between the admin's
login and the site's login (issue 11)."""

import pytest

from herenigd.access.models import Role
from tests.world import login_verified

pytestmark = pytest.mark.django_db


def _final(client, url="/admin/"):
    response = client.get(url, follow=True)
    assert len(response.redirect_chain) <= 2, response.redirect_chain
    return response


def test_a_family_member_gets_404_without_a_loop(world, client):
    client.force_login(world.sponsor_user)
    response = _final(client)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_a_professional_who_is_not_staff_gets_404_without_a_loop(world, client):
    login_verified(client, world.users[Role.SOCIAL_GUIDANCE])
    assert _final(client).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")


def test_a_verified_staff_member_reaches_the_admin(world, client):
    staff = world.users[Role.REGISSEUR]
    staff.is_staff = True
    staff.save()
    login_verified(client, staff)
    assert client.get("/admin/").status_code == 200
