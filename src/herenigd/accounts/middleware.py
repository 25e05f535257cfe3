"""Session limits, the second factor on every way in, no caching of personal data, and which
door (web, api, admin) a request came through for the audit trail, with its reads written as one
audit event per purpose when the request ends."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from herenigd.audit.context import audit_via
from herenigd.audit.models import Via
from herenigd.audit.services import audit_reads_per_request

LOGIN_AT = "herenigd_login_at"


class AuditViaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        via = (
            Via.API
            if path.startswith("/api/")
            else Via.ADMIN
            if path.startswith("/admin/")
            else Via.WEB
        )
        # The reads are written after the response is made, also for an error response; if that
        # write fails, the exception turns the response into a 500: no unaudited data leaves.
        with audit_via(via), audit_reads_per_request():
            return self.get_response(request)


class SessionLimitsMiddleware:
    """Idle timeout comes from SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST; this adds the
    absolute limit: a session ends 12 hours after login whatever happens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(LOGIN_AT, time.time())
            if time.time() - started > settings.HERENIGD_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse('accounts:login')}?expired=1")
        return self.get_response(request)


class RequireSecondFactorMiddleware:
    """A logged-in user without a verified second factor reaches only the 2FA pages. (The access
    layer checks the verified state again, so token or API logins cannot bypass it.)"""

    ALLOWED = ("/accounts/", "/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.HERENIGD_REQUIRE_2FA
            and user.is_authenticated
            and needs_second_factor(user)
            and not user.is_verified()
            and not request.path_info.startswith(self.ALLOWED)
        ):
            if request.path_info.startswith("/api/"):
                return self.get_response(request)  # the API answers 403 problem+json itself
            return redirect(f"{reverse('accounts:two_factor')}?next={request.path_info}")
        return self.get_response(request)


def needs_second_factor(user) -> bool:
    """Professionals and staff log in with two factors; family members log in with the account
    activated by a code handed over in person (product.md) and reach only their own data."""
    return user.is_staff or hasattr(user, "professional") or not hasattr(user, "member_account")


class NoStoreMiddleware:
    """Pages for a logged-in user may hold personal data: never store them in any cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated or request.path_info.startswith(("/api/", "/accounts/")):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
