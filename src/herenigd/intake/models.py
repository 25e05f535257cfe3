"""Intake answers per person (rec. 4: everyone personally in view, asked directly)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from herenigd.fields import user_reference


class IntakeResponse(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Saved, not completed")
        COMPLETED = "completed", _("Completed")

    person = models.ForeignKey(
        "families.Person",
        on_delete=models.CASCADE,
        related_name="intakes",
        verbose_name=_("person"),
    )
    questionnaire = models.CharField(_("questionnaire"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"))
    language = models.CharField(_("language asked in"), max_length=5)
    answers = models.JSONField(_("answers"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="draft")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    recorded_by = user_reference(_("recorded by"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["person", "-id"]
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.version} ({self.get_status_display()})"
