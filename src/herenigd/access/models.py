"""Professionals: a user in one organisation of one municipality, with a role (product.md 'Users').

The full access model (involvement, categories, consent, break-the-glass) is built on this.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from herenigd.fields import user_reference
from herenigd.organisations.models import Organisation


class Role(models.TextChoices):
    REGISSEUR = "regisseur", _("Municipal coordinator (regisseur)")
    SOCIAL_GUIDANCE = "social_guidance", _("Social guidance worker")
    JGZ_NURSE = "jgz_nurse", _("JGZ nurse")
    GGD = "ggd", _("GGD professional")
    GP = "gp", _("GP")
    SCHOOL = "school", _("School / ISK")
    WIJKTEAM = "wijkteam", _("Neighbourhood team worker")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis worker")
    NIDOS_GUARDIAN = "nidos_guardian", _("Nidos guardian")
    COA_SCREENER = "coa_screener", _("COA screener")
    INTERPRETER_COORDINATOR = "interpreter_coordinator", _("Interpreter coordinator")
    WELFARE = "welfare", _("Welfare worker")
    KEY_PERSON = "key_person", _("Key person (sleutelpersoon)")
    RESEARCHER = "researcher", _("Researcher")
    ADMINISTRATOR = "administrator", _("Administrator")


class Professional(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="professional",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="professionals",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_privacy_officer = models.BooleanField(
        _("privacy officer"),
        default=False,
        help_text=_("Receives the reports of emergency access to families of the organisation."),
    )

    class Meta:
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"


class Involvement(models.Model):
    """An organisation works with a family (or one member) from a date until a date: the basis
    of need-to-know (product.md 'Privacy and security model')."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="involvements",
        verbose_name=_("organisation"),
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.CASCADE,
        related_name="involvements",
        verbose_name=_("family"),
    )
    person = models.ForeignKey(
        "families.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="involvements",
        verbose_name=_("person"),
        help_text=_("Empty when the organisation works with the whole family."),
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    created_by = user_reference(_("by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        indexes = [models.Index(fields=["organisation", "family"])]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.family}"


class Consent(models.Model):
    """A person allows an organisation to see a category of their data for a purpose.
    Withdrawal takes effect at once: access checks read this table on every request."""

    person = models.ForeignKey(
        "families.Person",
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("organisation that may see"),
    )
    category = models.CharField(_("data category"), max_length=20)
    purpose = models.CharField(_("purpose"), max_length=200)
    given_on = models.DateField(_("given on"))
    recorded_by = user_reference(_("recorded by"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.category} → {self.organisation}"


class BreakGlassAccess(models.Model):
    """Emergency access by a professional without involvement: only with a stated reason, for a
    limited time, flagged, and reported to the regisseur and the privacy officer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="break_glass",
        verbose_name=_("user"),
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.CASCADE,
        related_name="break_glass",
        verbose_name=_("family"),
    )
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(_("from"))
    expires_at = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")

    def __str__(self) -> str:
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """A message to a user inside herenigd (no personal data leaves the system by e-mail)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("family"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.subject


class MemberAccount(models.Model):
    """A family member's own login (sponsor or adult reunifier, each separately; product.md).

    A member account is never a professional: the access layer gives it no family data, and the
    portal will show only the member's own, non-confidential items.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="member_account",
        verbose_name=_("user"),
    )
    person = models.OneToOneField(
        "families.Person",
        on_delete=models.CASCADE,
        related_name="account",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("family member account")
        verbose_name_plural = _("family member accounts")

    def __str__(self) -> str:
        return str(self.user)
