"""The audit trail: who read or wrote whose personal data, when, why and through which door.

Append-only and keyed (NEN 7513 practice for logging access to health records; the design is
docs/decisions/0002-audit-trail.md): each event carries an HMAC of its content, written without any
lock; the sealer then gives events a place in one HMAC chain (`seq`, `chain`) and moves the head.
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


class AuditPurpose(models.TextChoices):
    """Why data was accessed: decided on the server, never taken from the client."""

    GUIDANCE = "guidance", _("Guidance")
    COORDINATION = "coordination", _("Coordination")
    # The value predates this vocabulary; kept so the trail's earlier events read the same.
    BREAK_THE_GLASS = "break-the-glass", _("Emergency access (break-the-glass)")
    OVERSIGHT = "oversight", _("Oversight (who saw this data)")
    ADMINISTRATION = "administration", _("Administration")
    IMPORT_EXPORT = "import_export", _("Import or export")
    EVALUATION = "evaluation", _("Evaluation of deadlines and attention points")
    RETENTION = "retention", _("Retention (anonymisation)")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("the audit trail is append-only")

    def delete(self):
        raise TypeError("the audit trail is append-only")


class AuditEventQuerySet(AppendOnlyQuerySet):
    def _seal(self, pk: int, *, seq: int, chain: str) -> int:
        """The only change an event ever gets: the sealer gives an unsealed event its place in
        the chain (services.audit_seal). Returns the number of rows changed (1, or 0 when it was
        sealed already)."""
        return models.QuerySet.update(self.filter(pk=pk, seq__isnull=True), seq=seq, chain=chain)


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
    #: Whose data: a sorted list of [family_id, person_id or null, "category,category"].
    subjects = models.JSONField(_("data subjects"), default=list, blank=True)
    mac = models.CharField(_("MAC"), max_length=64)
    #: Set once by the sealer: the place in the chain and the chain value.
    seq = models.BigIntegerField(_("sequence number"), null=True, blank=True, unique=True)
    chain = models.CharField(_("chain value"), max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

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


class AuditSubject(models.Model):
    """Index of AuditEvent.subjects, one row per event and person (or family, without person), so
    "who saw this person" is exact and fast. Verification checks it against the MAC'd JSON."""

    event_id = models.BigIntegerField(_("audit event id"), db_index=True)
    family_id = models.BigIntegerField(_("family id"), null=True, blank=True, db_index=True)
    person_id = models.BigIntegerField(_("person id"), null=True, blank=True, db_index=True)
    categories = models.CharField(_("data categories"), max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["event_id", "id"]
        verbose_name = _("audit data subject")
        verbose_name_plural = _("audit data subjects")

    def __str__(self) -> str:
        return f"#{self.event_id} {self.family_id}/{self.person_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("the audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("the audit trail is append-only")


class AuditHead(models.Model):
    """One row, changed only by the sealer under its lock: the last sealed event and chain value,
    with its own MAC. Comparing it with the sealed events detects a removed tail."""

    last_seq = models.BigIntegerField(default=0)
    last_id = models.BigIntegerField(default=0)
    last_chain = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"seq {self.last_seq}"
