from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelineConfig(AppConfig):
    """The family's timeline: every event of the procedure and of settling in, with corrections.
    The app label stays `procedure` (its first name), so tables and migrations keep their names."""

    name = "herenigd.timeline"
    label = "procedure"
    verbose_name = _("Timeline")
