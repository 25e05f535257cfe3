import datetime

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from herenigd.access import labels
from herenigd.timeline.vocab import EventType

register = template.Library()

STATUS_LABELS = {
    "met": _("met"),
    "met_late": _("met late"),
    "open": _("open"),
    "overdue": _("overdue"),
    "expired": _("expired"),
}


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def event_label(value):
    try:
        return EventType(value).label
    except ValueError:
        return value


@register.filter
def status_label(value):
    return STATUS_LABELS.get(value, value)


@register.filter
def dmy(value):
    """An ISO date text ('1978-03-14') as the pages write dates: '14-3-1978'; a year alone
    ('1983') stays as it is. One date format on every page (issue 11)."""
    if not isinstance(value, str) or len(value) != 10:
        return value
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day}-{day.month}-{day.year}"


@register.filter
def bdi(value):
    """Show a name isolated from the text around it (`<bdi>`), so bidi control characters or
    right-to-left script in a name cannot reorder the page (`Ali‮gnp.exe`)."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="auto">{}</bdi>', value)


@register.filter
def language_name(code):
    """A language code as its name in the reader's language ("ar" → "Arabisch")."""
    return labels.language_label(code)


@register.filter
def sensitivity_label(code):
    return labels.sensitivity_label(code)


@register.filter
def category_label(code):
    """A data category code (of a consent, say) as its label."""
    return labels.category_label(code)
