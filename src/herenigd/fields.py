"""Model fields used across apps."""

from django.conf import settings
from django.db import models


def user_reference(verbose_name) -> models.ForeignKey:
    """Who recorded or changed something. The record outlives the account (SET_NULL), and users
    get no reverse accessor for it."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )
