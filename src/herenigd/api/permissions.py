from django.conf import settings
from rest_framework.permissions import BasePermission


class VerifiedProfessional(BasePermission):
    """Every API call needs a logged-in user with a verified second factor — whatever the
    authentication class (session, token, OIDC): 2FA libraries that only guard the session
    login are bypassed by token logins unless a permission checks the verified state."""

    message = "Log in with a second factor first."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not settings.HERENIGD_REQUIRE_2FA:
            return True
        is_verified = getattr(user, "is_verified", None)
        return bool(is_verified and is_verified())
