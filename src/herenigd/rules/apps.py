from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "herenigd.rules"
    verbose_name = _("Deadlines and attention points")

    def ready(self) -> None:
        # Refuse an unknown or malformed rule set at start, with a clear message.
        from herenigd.families.changes import on_family_changed

        from .selectors import active_ruleset
        from .tasks import attention_schedule_evaluation

        active_ruleset()
        # Every change to a family re-evaluates its attention points after commit.
        on_family_changed(attention_schedule_evaluation)
