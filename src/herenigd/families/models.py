"""A reunifying family, its members and the contacts professionals had with them."""

from __future__ import annotations

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from herenigd.fields import user_reference
from herenigd.organisations.models import Municipality, OrganisationType

from .validators import validate_bsn
from .vocab import BirthDatePrecision, DutchLevel, FamilyRole, InterpreterKind, Location, Sex

nationality_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Use an ISO 3166 alpha-3 code (e.g. SYR, ERI) or XXA for stateless.")
)


class Family(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("municipality"),
    )
    reference = models.CharField(_("reference"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)
    evaluated_on = models.DateField(_("evaluated as of"), null=True, blank=True)
    overdue_deadlines = models.PositiveSmallIntegerField(
        _("overdue deadlines"),
        default=0,
        help_text=_("Number of overdue deadlines at the last evaluation (for caseload filters)."),
    )
    # The "needs evaluation" mark (families/changes.py): every change counts up `changes` and sets
    # `evaluation_due_since` in its own transaction; an evaluation that read the family at
    # `changes` = n clears the mark when it commits, unless `changes` moved on meanwhile.
    changes = models.PositiveBigIntegerField(
        _("changes"), default=0, editable=False, help_text=_("Number of changes to the family.")
    )
    evaluation_due_since = models.DateTimeField(
        _("evaluation due since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set by every change, cleared by the evaluation that follows it."),
    )

    class Meta:
        ordering = ["municipality__code", "reference"]
        verbose_name = _("family")
        verbose_name_plural = _("families")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"],
                name="family_unique_reference_per_municipality",
            )
        ]
        indexes = [
            # Only the marked families: finding them stays cheap however many families there are.
            models.Index(
                fields=["evaluation_due_since"],
                condition=models.Q(evaluation_due_since__isnull=False),
                name="family_evaluation_due_idx",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class Person(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="members", verbose_name=_("family")
    )
    key = models.SlugField(
        _("key"),
        max_length=64,
        help_text=_("Stable key of this member within the family (used by case bundles)."),
    )
    role = models.CharField(_("role in family"), max_length=16, choices=FamilyRole.choices)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("birth date precision"),
        max_length=4,
        choices=BirthDatePrecision.choices,
        default=BirthDatePrecision.DAY,
        help_text=_("Year-only birth dates are stored as 1 July of that year."),
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    nationality = models.CharField(
        _("nationality"), max_length=3, blank=True, validators=[nationality_validator]
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    dutch_level = models.CharField(
        _("Dutch level"), max_length=4, choices=DutchLevel.choices, blank=True
    )
    speaks_english = models.BooleanField(_("speaks English"), default=False)
    uam = models.BooleanField(_("(ex-)unaccompanied minor"), default=False)
    travelled_with_sponsor = models.BooleanField(_("travelled with the sponsor"), default=False)
    location = models.CharField(
        _("where they are"), max_length=10, choices=Location.choices, blank=True
    )
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])

    class Meta:
        ordering = ["family", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.UniqueConstraint(fields=["family", "key"], name="person_unique_key_per_family")
        ]

    def __str__(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return name or self.key

    @staticmethod
    def birth_date_from_text(text: str) -> tuple[datetime.date, str]:
        """Parse 'YYYY-MM-DD' or 'YYYY' (taken as 1 July, rules.md); raises ValueError."""
        if len(text) == 4 and text.isdigit():
            return datetime.date(int(text), 7, 1), BirthDatePrecision.YEAR
        return datetime.date.fromisoformat(text), BirthDatePrecision.DAY

    @property
    def birth_date_text(self) -> str | None:
        if self.birth_date is None:
            return None
        if self.birth_date_precision == BirthDatePrecision.YEAR:
            return f"{self.birth_date.year:04d}"
        return self.birth_date.isoformat()


class Contact(models.Model):
    """A contact of a professional with a family member: directly or via someone, with which
    interpreter (rec. 4 and 10: reach every reunifier directly, not through the sponsor)."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("family")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("person")
    )
    date = models.DateField(_("date"))
    direct = models.BooleanField(
        _("direct"), help_text=_("The professional spoke with this person themself.")
    )
    via = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts_via",
        verbose_name=_("via"),
    )
    interpreter = models.CharField(
        _("interpreter"), max_length=12, choices=InterpreterKind.choices, default="none"
    )
    interpreter_member = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contacts_interpreted",
        verbose_name=_("interpreting family member"),
    )
    organisation_type = models.CharField(
        _("organisation"), max_length=32, choices=OrganisationType.choices, blank=True
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    recorded_by = user_reference(_("recorded by"))

    class Meta:
        ordering = ["family", "date", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(interpreter="member")
                | models.Q(interpreter_member__isnull=False),
                name="contact_member_interpreter_named",
            ),
            models.CheckConstraint(
                condition=models.Q(direct=False) | models.Q(via__isnull=True),
                name="contact_direct_has_no_via",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_interpreter_display()}"


class PlanGoal(models.Model):
    """A goal of the family plan (rec. 3 and 5): agreed with the family, visible to them later."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="plan_goals", verbose_name=_("family")
    )
    text = models.CharField(_("goal"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    created_by = user_reference(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["family", "id"]
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")

    def __str__(self) -> str:
        return self.text


class PlanAction(models.Model):
    """An agreed action of a goal, per member, with an owner organisation and a due date."""

    goal = models.ForeignKey(
        PlanGoal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("goal")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name=_("for whom"),
    )
    text = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["goal", "due_on", "id"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")

    def __str__(self) -> str:
        return self.text


class FamilyObservation(models.Model):
    """An observation of the family as a system: a FAMCORT realm item or a literature factor
    (factors.md §3), observed by a professional or told by the family (rec. 3)."""

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="observations", verbose_name=_("family")
    )
    code = models.CharField(_("observation"), max_length=60)
    note = models.TextField(_("note"), blank=True)
    observed_on = models.DateField(_("observed on"))
    recorded_by = user_reference(_("recorded by"))

    class Meta:
        ordering = ["family", "-observed_on", "id"]
        verbose_name = _("family observation")
        verbose_name_plural = _("family observations")

    def __str__(self) -> str:
        return self.code
