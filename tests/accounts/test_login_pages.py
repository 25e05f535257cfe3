"""The login and second-factor pages: the site's layout, the user's language, labelled fields
with the autocomplete the password managers and phones need (issue 11, point 8)."""

import re

import pytest

from tests.world import make_user

pytestmark = pytest.mark.django_db


def _field(html: str, field_id: str) -> str:
    match = re.search(rf"<input[^>]*\bid=\"{field_id}\"[^>]*>", html, re.DOTALL)
    assert match, f"no input #{field_id}"
    return match.group(0)


def _labelled(html: str, field_id: str) -> None:
    assert re.search(rf"<label[^>]*\bfor=\"{field_id}\"", html), f"#{field_id} has no label"


def _in_layout(html: str) -> None:
    assert 'class="site-header"' in html and "herenigd/site.css" in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert "utrecht-button--primary-action" in html and "utrecht-textbox" in html


def test_the_login_page_is_in_dutch_in_the_site_layout(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    _in_layout(html)
    assert '<html lang="nl"' in html and "Inloggen" in html
    assert 'autocomplete="username"' in _field(html, "id_username")
    assert 'autocomplete="current-password"' in _field(html, "id_password")
    assert 'type="password"' in _field(html, "id_password")
    _labelled(html, "id_username")
    _labelled(html, "id_password")


def test_the_login_page_follows_the_users_language(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in html and "Log in" in html


def test_a_failed_login_is_announced_and_marks_the_fields(client, django_user_model):
    make_user(django_user_model, "someone", password="right password 123")
    response = client.post("/accounts/login/", {"username": "someone", "password": "wrong"})
    html = response.content.decode()
    assert 'role="alert"' in html and 'id="login-error"' in html
    assert 'aria-invalid="true"' in _field(html, "id_password")
    assert 'value="someone"' in _field(html, "id_username")


def test_the_second_factor_page_is_in_the_site_layout(client, django_user_model):
    # A plain account (no family-member account): it logs in with a second factor too.
    make_user(django_user_model, "prof", password="right password 123")
    client.post("/accounts/login/", {"username": "prof", "password": "right password 123"})
    response = client.get("/accounts/2fa/")
    assert response.status_code == 200
    html = response.content.decode()
    _in_layout(html)
    token = _field(html, "id_token")
    assert 'autocomplete="one-time-code"' in token and 'inputmode="numeric"' in token
    _labelled(html, "id_token")
    assert "<img" in html  # the QR code to set up the authenticator (first login)
    wrong = client.post("/accounts/2fa/", {"token": "000000"})
    assert wrong.status_code == 400
    assert 'aria-describedby="token-error"' in _field(wrong.content.decode(), "id_token")
