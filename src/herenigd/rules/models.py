"""Stored attention points with their full status history (rules.md; factors.md §4).

Deadlines are not stored: they are derived for any as-of date. Attention points are stored so
people can claim and resolve them and so a point is never raised twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from herenigd.families.models import Family, Person
from herenigd.fields import user_reference
from herenigd.organisations.models import OrganisationType


class Sensitivity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HEALTH = "health", _("Health")
    CONFIDENTIAL = "confidential", _("Confidential")


class PointStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLAIMED = "claimed", _("Claimed")
    RESOLVED = "resolved", _("Resolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PointOrigin(models.TextChoices):
    RULE = "rule", _("Derived from the timeline and household")
    INTAKE = "intake", _("Derived from an intake")
    MANUAL = "manual", _("Recorded by a professional")


ACTIVE_STATUSES = (PointStatus.OPEN, PointStatus.CLAIMED)


class AttentionPoint(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="attention_points", verbose_name=_("family")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attention_points",
        verbose_name=_("person"),
    )
    subject = models.CharField(
        _("subject"),
        max_length=80,
        help_text=_(
            "Member key, or empty for the whole family; one active point per code, subject and"
            " owning organisation."
        ),
        blank=True,
    )
    code = models.CharField(_("code"), max_length=40)
    origin = models.CharField(
        _("origin"), max_length=8, choices=PointOrigin.choices, default=PointOrigin.RULE
    )
    sensitivity = models.CharField(_("sensitivity"), max_length=12, choices=Sensitivity.choices)
    responsible_type = models.CharField(
        _("responsible organisation"), max_length=32, choices=OrganisationType.choices, blank=True
    )
    # A point keeps codes and facts, not rendered sentences: its reason is rendered when it is
    # shown, in the reader's language (rules/reasons.py, intake/reasons.py). Only what a person
    # wrote (a point recorded by hand) is stored as text.
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("What the professional observed (points by hand).")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PointStatus.choices, default=PointStatus.OPEN
    )
    raised_on = models.DateField(_("raised as of"))
    closed_on = models.DateField(_("closed as of"), null=True, blank=True)
    claimed_by = user_reference(_("claimed by"))
    recorded_by_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by organisation"),
        help_text=_("For health and confidential points: the organisation that owns them."),
    )
    named_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("also visible to"),
        help_text=_("People the recorder names for a confidential point."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["family", "code", "subject", "-id"]
        verbose_name = _("attention point")
        verbose_name_plural = _("attention points")
        # One active point per code and subject *and owner*: the rule engine's shared points
        # (no owner) are unique per code and subject; a point an organisation owns (recorded by
        # hand or raised by its intake) never collides with another organisation's point, so
        # nobody learns from an error that a point they may not see exists. NULLs are distinct
        # in a unique constraint, hence two conditional constraints.
        constraints = [
            models.UniqueConstraint(
                fields=["family", "code", "subject"],
                condition=models.Q(
                    status__in=["open", "claimed"], recorded_by_organisation__isnull=True
                ),
                name="attention_point_one_active_shared",
            ),
            models.UniqueConstraint(
                fields=["family", "code", "subject", "recorded_by_organisation"],
                condition=models.Q(
                    status__in=["open", "claimed"], recorded_by_organisation__isnull=False
                ),
                name="attention_point_one_active_per_owner",
            ),
        ]
        indexes = [models.Index(fields=["family", "status"])]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_status_display()})"


class AttentionPointStatusChange(models.Model):
    """Append-only history: every status a point had, when, by whom (None = the rule engine)."""

    point = models.ForeignKey(
        AttentionPoint, on_delete=models.CASCADE, related_name="history", verbose_name=_("point")
    )
    status = models.CharField(_("status"), max_length=10, choices=PointStatus.choices)
    as_of = models.DateField(_("as of"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = user_reference(_("by"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["point", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.as_of} {self.status}"
