from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "herenigd.intake"
    verbose_name = _("Intake")
