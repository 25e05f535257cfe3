"""Login to OWASP ASVS 5.0 level 2: Argon2id, password rules, TOTP for every professional on every
way in, lockout, session limits, headers."""

import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from herenigd.access.gates import NotFound, access_family
from herenigd.access.models import Role
from herenigd.accounts.middleware import LOGIN_AT
from herenigd.audit.models import AuditEvent
from tests.world import PASSWORD, login_verified, make_user

pytestmark = pytest.mark.django_db


def totp_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def test_passwords_are_hashed_with_argon2id(django_user_model):
    user = make_user(django_user_model, "hashcheck", password=PASSWORD)
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.password.startswith("argon2$argon2id$")


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("short-pass1", False),  # 11 characters
        ("twelve-chars", True),
        ("x" * 63 + "!", True),  # 64 characters are allowed
        ("passw0rd-passw0rd"[:12], True),
        ("qwertyytrewq", False),  # on the shipped list of common passwords
        ("123456qwerty", False),
        ("a" * 129, False),
    ],
)
def test_password_rules(password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_second_factor_setup_and_login_through_the_web(world, client, django_user_model):
    user = world.users[Role.SOCIAL_GUIDANCE]
    user.set_password(PASSWORD)
    user.save()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    # Logged in with one factor: every page leads to the second factor, the API refuses.
    assert client.get("/").url.startswith("/accounts/2fa/")
    assert client.get(f"/api/v1/families/{world.family.pk}/").status_code == 403
    assert client.get("/api/v1/families/").status_code == 403
    setup = client.get("/accounts/2fa/")
    assert b"data:image/svg+xml;base64," in setup.content
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    response = client.post("/accounts/2fa/", {"token": totp_now(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(f"/api/v1/families/{world.family.pk}/").status_code == 200


def test_wrong_second_factor_code_is_refused_with_a_clear_message(world, client):
    client.force_login(world.users[Role.GP])
    client.get("/accounts/2fa/")
    response = client.post("/accounts/2fa/", {"token": "000000"})
    assert response.status_code == 400
    assert b'role="alert"' in response.content
    assert client.get(f"/api/v1/families/{world.family.pk}/").status_code == 403


def test_professional_without_second_factor_reaches_no_personal_data(world, client):
    user = world.users[Role.SOCIAL_GUIDANCE]
    client.force_login(user)  # password only
    assert client.get(f"/api/v1/families/{world.family.pk}/").status_code == 403
    assert client.get("/admin/access/involvement/").status_code == 302
    user.is_verified = lambda: False
    with pytest.raises(NotFound):
        access_family(user, world.family.pk)


def test_family_member_account_needs_no_totp_but_sees_no_family_data(world, client):
    client.force_login(world.sponsor_user)
    assert client.get("/").status_code == 200
    response = client.get(f"/api/v1/families/{world.family.pk}/")
    assert response.status_code in (403, 404)


def test_five_failed_logins_lock_the_account(client, django_user_model):
    make_user(django_user_model, "victim", password=PASSWORD)
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"username": "victim", "password": "wrong-one-1234"}
        )
    assert response.status_code in (403, 429)
    locked = client.post("/accounts/login/", {"username": "victim", "password": PASSWORD})
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed").count() >= 4


def test_four_failed_logins_do_not_lock(client, django_user_model):
    make_user(django_user_model, "typo", password=PASSWORD)
    for _ in range(4):
        client.post("/accounts/login/", {"username": "typo", "password": "wrong-one-1234"})
    assert (
        client.post("/accounts/login/", {"username": "typo", "password": PASSWORD}).status_code
        == 302
    )
    assert AuditEvent.objects.filter(action="login").exists()


def test_session_limits():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.HERENIGD_SESSION_ABSOLUTE_SECONDS == 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY


def test_session_ends_twelve_hours_after_login(world, client):
    login_verified(client, world.users[Role.GP])
    session = client.session
    session[LOGIN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_security_headers(world, client):
    login_verified(client, world.users[Role.GP])
    for url in ("/", f"/api/v1/families/{world.family.pk}/"):
        response = client.get(url)
        assert response["Cache-Control"] == "no-store"
        csp = response["Content-Security-Policy"]
        assert "object-src 'none'" in csp and "base-uri 'self'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"


def test_hsts_in_production_settings(monkeypatch):
    import importlib

    import herenigd.settings as module

    monkeypatch.setenv("HTTPS", "true")
    monkeypatch.setenv("DEBUG", "false")
    production = importlib.reload(module)
    try:
        assert production.SECURE_HSTS_SECONDS == 31_536_000
        assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    finally:
        monkeypatch.delenv("HTTPS")
        importlib.reload(module)
