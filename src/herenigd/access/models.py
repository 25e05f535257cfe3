"""Professionals: a user in one organisation of one municipality, with a role (product.md 'Users').

The full access model (involvement, categories, consent, break-the-glass) is built on this.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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

    class Meta:
        verbose_name = _("professional")
        verbose_name_plural = _("professionals")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"
