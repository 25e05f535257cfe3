"""Forms of the family pages. Validation of the domain lives in the services and models; these
only shape the input."""

import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from herenigd.access.caseload import PHASES
from herenigd.access.labels import language_label, nationality_label
from herenigd.families.vocab import InterpreterKind
from herenigd.rules.labels import attention_label
from herenigd.timeline.models import TimelineEvent
from herenigd.timeline.vocab import EVENT_SPECS, REQUIRED, EventType

from .formstyle import UtrechtForm

PHASE_LABELS = {
    "waiting": _("Waiting (nobody arrived yet)"),
    "arrived_recent": _("Arrived less than 3 months ago"),
    "in_guidance": _("In guidance"),
    "after_guidance": _("After guidance"),
}


class CaseloadFilterForm(UtrechtForm):
    q = forms.CharField(label=_("Name or reference"), required=False, max_length=100)
    phase = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=[("", _("All phases")), *[(p, PHASE_LABELS[p]) for p in PHASES]],
    )
    code = forms.ChoiceField(label=_("Attention point"), required=False, choices=[])
    overdue = forms.BooleanField(label=_("Overdue deadlines only"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False, choices=[])
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[])

    def __init__(self, *args, codes=(), nationalities=(), languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Codes go in the query, labels on the screen (issue 11: no raw code anywhere).
        self.fields["code"].choices = _labelled(codes, attention_label)
        self.fields["nationality"].choices = _labelled(nationalities, nationality_label)
        self.fields["language"].choices = _labelled(languages, language_label)


def _labelled(codes, label) -> list[tuple[str, str]]:
    """Choices (code, label), sorted by label, after "Any"."""
    return [("", _("Any")), *sorted(((c, label(c)) for c in codes), key=lambda x: x[1])]


def member_choices(members, *, empty=None):
    """Drop-down choices from the projection's `member_choices` (members in scope only)."""
    choices = list(members)
    return [("", empty), *choices] if empty else choices


def _date_input():
    # <input type="date"> takes ISO dates only, whatever the page's language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def show_current_values(form) -> None:
    """ "Current value: …" under each field that has one (the correction form): the stored
    value stays visible while the user changes it."""
    for name, field in form.fields.items():
        value = form.initial.get(name)
        if value is None or value == "" or isinstance(field.widget, forms.Textarea):
            continue  # a text area shows its text itself
        if isinstance(value, datetime.date):
            shown = date_format(value)
        elif isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        else:
            shown = dict(getattr(field, "choices", ())).get(value, value)
        field.help_text = _("Current value: %(value)s") % {"value": shown}


class EventTypeForm(UtrechtForm):
    type = forms.ChoiceField(label=_("What happened?"), choices=EventType.choices)


class EventForm(UtrechtForm):
    """Fields for one event type: only those the type takes (procedure/vocab.py)."""

    id_prefix = "event"

    date = forms.DateField(label=_("Date"), widget=_date_input())
    person = forms.ChoiceField(label=_("Person"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    route = forms.ChoiceField(label=_("Route"), required=False)
    destination = forms.ChoiceField(label=_("Destination"), required=False)
    suitable = forms.NullBooleanField(
        label=_("Is the home suitable for the whole family?"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Unknown")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, event_type: str, members, **kwargs):
        super().__init__(*args, **kwargs)
        spec = EVENT_SPECS[event_type]
        self.event_type = event_type
        if spec.person == REQUIRED:
            self.fields["person"].required = True
            self.fields["person"].choices = member_choices(members, empty=_("Choose a person"))
        else:
            self.fields["person"].choices = member_choices(members, empty=_("The whole family"))
        for name in ("outcome", "route", "destination", "topic"):
            field = TimelineEvent._meta.get_field(name)
            self.fields[name].choices = [("", "—"), *field.choices]
            self.fields[name].required = name in spec.required
        for name in ("outcome", "route", "destination", "suitable", "address", "topic"):
            if name not in spec.required and name not in spec.optional:
                del self.fields[name]


class ContactForm(UtrechtForm):
    id_prefix = "contact"

    person = forms.ChoiceField(label=_("With whom"))
    date = forms.DateField(label=_("Date"), widget=_date_input())
    direct = forms.TypedChoiceField(
        label=_("Did you speak with this person yourself?"),
        choices=[("true", _("Yes, directly")), ("false", _("No, via someone else"))],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
    )
    via = forms.ChoiceField(label=_("Via whom"), required=False)
    interpreter = forms.ChoiceField(label=_("Interpreter"))
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        members = member_choices(members)
        self.fields["person"].choices = members
        self.fields["via"].choices = [("", "—"), *members]
        words = [(k, v) for k, v in InterpreterKind.choices if k != InterpreterKind.MEMBER]
        family_interpreters = [
            (f"member:{k}", _("Family member: %(n)s") % {"n": n}) for k, n in members
        ]
        self.fields["interpreter"].choices = [*words, *family_interpreters]

    def clean(self):
        data = super().clean()
        if data.get("direct") is True and data.get("via"):
            self.add_error("via", _("A direct contact is not via someone else."))
        if data.get("direct") is False and not data.get("via"):
            self.add_error("via", _("Say via whom you had contact."))
        interpreter = data.get("interpreter", "")
        if interpreter == f"member:{data.get('person')}":
            self.add_error("interpreter", _("A person cannot interpret for themself."))
        return data


class PlanGoalForm(UtrechtForm):
    id_prefix = "goal"

    text = forms.CharField(label=_("Goal"), max_length=300)


class PlanActionForm(UtrechtForm):
    id_prefix = "action"

    goal = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Agreed action"), max_length=300)
    person = forms.ChoiceField(label=_("For whom"), required=False)
    owner = forms.ChoiceField(label=_("Who does it (organisation)"), required=False)
    due_on = forms.DateField(label=_("Due"), required=False, widget=_date_input())

    def __init__(self, *args, members, organisations, **kwargs):
        """`organisations`: (id, name) pairs of the municipality's organisations."""
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = member_choices(members, empty=_("The whole family"))
        self.fields["owner"].choices = [("", "—"), *[(str(pk), name) for pk, name in organisations]]


class ObservationForm(UtrechtForm):
    id_prefix = "observation"

    code = forms.ChoiceField(label=_("Observation"))
    observed_on = forms.DateField(label=_("Date"), widget=_date_input())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = choices


class ConcernForm(UtrechtForm):
    id_prefix = "concern"

    person = forms.ChoiceField(label=_("About whom"))
    note = forms.CharField(
        label=_("What did you observe or hear?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = member_choices(members)
