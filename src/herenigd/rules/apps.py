from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "herenigd.rules"
    verbose_name = _("Deadlines and attention points")

    def ready(self) -> None:
        # Refuse an unknown or malformed rule set at start, with a clear message.
        from .selectors import active_ruleset

        active_ruleset()
