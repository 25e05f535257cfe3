"""The audit trail: who read or wrote whose personal data, when, why and through which door.

Append-only and hash-chained (NEN 7513 practice for logging access to health records): each event
stores the hash of its predecessor, so changing or deleting any row breaks the chain, and
`herenigd verify-audit` names the first broken entry. References are plain ids, not foreign keys,
so deleting or anonymising data never touches the trail.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    DENIED = "denied", _("Access denied")
    BREAK_GLASS = "break_glass", _("Emergency access")
    ANONYMISE = "anonymise", _("Anonymised")


class Via(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    CLI = "cli", _("Command line")
    ADMIN = "admin", _("Admin")
    TASK = "task", _("Background task")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("the audit trail is append-only")

    def delete(self):
        raise TypeError("the audit trail is append-only")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), db_index=True)
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True, db_index=True)
    actor = models.CharField(_("who"), max_length=150)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    municipality = models.CharField(_("municipality"), max_length=4, blank=True)
    family_id = models.BigIntegerField(_("family id"), null=True, blank=True, db_index=True)
    person_id = models.BigIntegerField(_("person id"), null=True, blank=True, db_index=True)
    category = models.CharField(_("data categories"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    via = models.CharField(_("via"), max_length=8, choices=Via.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["person_id", "action"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("the audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("the audit trail is append-only")


class AuditHead(models.Model):
    """One row: the hash and id of the last event. Locking it serialises writers of the chain;
    comparing it with the last row detects a removed tail."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.last_id}"
