"""The tenant (municipality) and the organisations of the chain (domain.md, 'Organisations')."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    """Organisation types of the chain (domain.md; report §1.2, §2.3, §2.4, ch. 6–7).

    The values double as the `organisation` field of contacts in case bundles.
    """

    MUNICIPALITY = "municipality", _("Municipality")
    SOCIAL_GUIDANCE = "social_guidance", _("Social guidance")
    LEGAL_GUIDANCE = "legal_guidance", _("Legal guidance")
    IND = "ind", _("Immigration service (IND)")
    EMBASSY = "embassy", _("Embassy")
    COA = "coa", _("Reception agency (COA)")
    GZA = "gza", _("Health centre asylum seekers (GZA)")
    GGD = "ggd", _("Public health service (GGD)")
    JGZ = "jgz", _("Youth health care (JGZ)")
    GP = "gp", _("GP practice")
    SCHOOL = "school", _("School / ISK")
    WIJKTEAM = "wijkteam", _("Neighbourhood team")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    NIDOS = "nidos", _("Nidos (guardianship)")
    WELFARE = "welfare", _("Welfare organisation")
    MENTAL_HEALTH = "mental_health", _("Mental health care")
    ALLOWANCES = "allowances", _("Allowances (Toeslagen, SVB)")
    INTERPRETER_SERVICE = "interpreter_service", _("Interpreter service")


class Municipality(models.Model):
    """A Dutch municipality, identified by its four-digit CBS code; the tenant of family data."""

    code = models.CharField(
        _("CBS code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("A CBS municipality code has four digits."))],
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Organisation(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="organisation_unique_name_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name
