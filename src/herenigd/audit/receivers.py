"""Every login, logout and failed login is an audit event (OWASP ASVS V16)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import Action
from .services import SYSTEM, Actor, audit_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(actor=Actor.of(user), action=Action.LOGIN)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=Actor.of(user), action=Action.LOGOUT)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The attempted user name is not stored: it may be a password typed in the wrong field.
    audit_record(actor=SYSTEM, action=Action.LOGIN_FAILED)
