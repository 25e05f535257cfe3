"""Login with a second factor: password first, then a TOTP code (set up on first login)."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from herenigd.access.gates import professional_for
from herenigd.access.selectors import families_for_caseload


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "accounts:login"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@never_cache
@login_required
def two_factor(request):
    """Verify with a confirmed TOTP device, or set one up (QR code) and confirm it."""
    if request.user.is_verified():
        return redirect(_next(request))
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=request.user, name="authenticator", confirmed=False
            )
    error = None
    if request.method == "POST":
        token = request.POST.get("token", "").strip().replace(" ", "")
        if device.verify_token(token):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("You are logged in with two factors."))
            return redirect(_next(request))
        error = _("This code is not correct or has expired. Try the current code.")
    context = {"setting_up": setting_up, "error": error, "next": _next(request)}
    if setting_up:
        context["qr_svg"] = _qr_data_uri(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor.html", context, status=400 if error else 200)


def _qr_data_uri(url: str) -> str:
    buffer = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def home(request):
    professional = professional_for(request.user)
    if (
        professional is not None
        and not request.user.notifications.filter(read_at__isnull=True).exists()
    ):
        return redirect("families:caseload")
    return render(
        request,
        "accounts/home.html",
        {
            "professional": professional,
            "family_count": families_for_caseload(request.user).count() if professional else 0,
            # Plain data: a notification names a family reference, never the data.
            "notifications": list(
                request.user.notifications.order_by("-created_at").values(
                    "subject", "body", "created_at", "read_at"
                )[:20]
            ),
        },
    )
