from django.conf import settings


def security(request):
    """Lets every page show a banner when two-factor authentication is switched off (demo)."""
    return {"two_factor_off": not settings.HERENIGD_REQUIRE_2FA}
