"""Timeline events of a family or one of its members."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from herenigd.families.models import Family, Person
from herenigd.fields import user_reference

from .vocab import (
    DETAIL_FIELDS,
    EVENT_SPECS,
    FORBIDDEN,
    REQUIRED,
    Destination,
    EventType,
    Outcome,
    Route,
    Topic,
)


class TimelineEvent(models.Model):
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="events", verbose_name=_("family")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("person"),
        help_text=_("Empty for an event of the whole family."),
    )
    type = models.CharField(_("type"), max_length=40, choices=EventType.choices)
    date = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    route = models.CharField(_("route"), max_length=8, choices=Route.choices, blank=True)
    destination = models.CharField(
        _("destination"), max_length=16, choices=Destination.choices, blank=True
    )
    suitable = models.BooleanField(_("home suitable"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = user_reference(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["family", "date", "id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [models.Index(fields=["family", "type", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.get_type_display()}"

    def clean(self) -> None:
        """Validate the per-type shape (rules.md 'Case bundle fields'), for admin and forms."""
        spec = EVENT_SPECS.get(self.type)
        if spec is None:
            return
        errors: dict[str, str] = {}
        if spec.person == REQUIRED and self.person_id is None:
            errors["person"] = _("This event type belongs to one person: choose the person.")
        if spec.person == FORBIDDEN and self.person_id is not None:
            errors["person"] = _("This event type belongs to the whole family.")
        if (
            self.person_id is not None
            and self.family_id
            and self.person.family_id != self.family_id
        ):
            errors["person"] = _("This person is not a member of this family.")
        allowed = set(spec.required) | set(spec.optional)
        for field in DETAIL_FIELDS:
            value = getattr(self, field)
            empty = value is None or value == ""
            if field in spec.required and empty:
                errors[field] = _("Required for this event type.")
            elif field not in allowed and not empty:
                errors[field] = _("Not used for this event type: leave empty.")
        if errors:
            raise ValidationError(errors)


class EventRevision(models.Model):
    """A correction of a timeline event keeps what it was: the values before and after, who
    corrected it and when (append-only)."""

    event = models.ForeignKey(
        TimelineEvent, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("event")
    )
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))
    changed_by = user_reference(_("corrected by"))
    changed_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("event correction")
        verbose_name_plural = _("event corrections")

    def __str__(self) -> str:
        return f"{self.event_id} @ {self.changed_at:%Y-%m-%d %H:%M}"
