from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcedureConfig(AppConfig):
    name = "herenigd.procedure"
    verbose_name = _("Procedure and timeline")
