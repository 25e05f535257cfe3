"""Human labels of the stored codes a page shows: nationality, language, contact topic,
sensitivity and consent category (issue 11). Codes are data and API contract; people read
labels. Every label is a gettext text with an English message id, in the active language; an
unknown code gets a neutral translated label ("Other nationality"), never the raw code.

No country or language database is installed (no pycountry, Babel or django-countries), so the
nationalities and languages are a compact table of the codes the case-bundle schema, the demo
(`demo/synthetic/figures.py`) and the Dutch reunification caseload use; a language code Django
knows (`LANG_INFO`) falls back to Django's own translated name.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import get_language_info, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from herenigd.families.vocab import FamilyRole, Location
from herenigd.organisations.models import OrganisationType
from herenigd.timeline.vocab import Destination, EventType, Outcome, Route, Topic

from .categories import Category

__all__ = [
    "LANGUAGE_LABELS",
    "NATIONALITY_LABELS",
    "category_label",
    "language_label",
    "languages_label",
    "nationality_label",
    "sensitivity_label",
    "topic_label",
]

#: ISO 3166 alpha-3 (and the ICAO codes XXA, XXB, XXC, XXX for travel documents) → nationality.
NATIONALITY_LABELS: dict[str, Promise] = {
    "SYR": pgettext_lazy("nationality", "Syrian"),
    "ERI": pgettext_lazy("nationality", "Eritrean"),
    "XXA": pgettext_lazy("nationality", "Stateless"),
    "XXB": pgettext_lazy("nationality", "Refugee (Refugee Convention)"),
    "XXC": pgettext_lazy("nationality", "Refugee (other)"),
    "XXX": pgettext_lazy("nationality", "Nationality unknown"),
    "IRQ": pgettext_lazy("nationality", "Iraqi"),
    "AFG": pgettext_lazy("nationality", "Afghan"),
    "IRN": pgettext_lazy("nationality", "Iranian"),
    "SOM": pgettext_lazy("nationality", "Somali"),
    "YEM": pgettext_lazy("nationality", "Yemeni"),
    "SLE": pgettext_lazy("nationality", "Sierra Leonean"),
    "ETH": pgettext_lazy("nationality", "Ethiopian"),
    "SDN": pgettext_lazy("nationality", "Sudanese"),
    "SSD": pgettext_lazy("nationality", "South Sudanese"),
    "TUR": pgettext_lazy("nationality", "Turkish"),
    "PSE": pgettext_lazy("nationality", "Palestinian"),
    "LBY": pgettext_lazy("nationality", "Libyan"),
    "YUG": pgettext_lazy("nationality", "Yugoslav"),
    "UKR": pgettext_lazy("nationality", "Ukrainian"),
    "RUS": pgettext_lazy("nationality", "Russian"),
    "NGA": pgettext_lazy("nationality", "Nigerian"),
    "COD": pgettext_lazy("nationality", "Congolese (DR Congo)"),
    "NLD": pgettext_lazy("nationality", "Dutch"),
}

#: ISO 639 (639-1, and 639-3 where there is no two-letter code) → language name.
LANGUAGE_LABELS: dict[str, Promise] = {
    "ar": pgettext_lazy("language", "Arabic"),
    "fa": pgettext_lazy("language", "Persian"),
    "prs": pgettext_lazy("language", "Dari"),
    "ps": pgettext_lazy("language", "Pashto"),
    "ti": pgettext_lazy("language", "Tigrinya"),
    "am": pgettext_lazy("language", "Amharic"),
    "so": pgettext_lazy("language", "Somali"),
    "ku": pgettext_lazy("language", "Kurdish"),
    "ckb": pgettext_lazy("language", "Sorani (Kurdish)"),
    "kmr": pgettext_lazy("language", "Kurmanji (Kurdish)"),
    "tr": pgettext_lazy("language", "Turkish"),
    "en": pgettext_lazy("language", "English"),
    "fr": pgettext_lazy("language", "French"),
    "nl": pgettext_lazy("language", "Dutch"),
    "uk": pgettext_lazy("language", "Ukrainian"),
    "ru": pgettext_lazy("language", "Russian"),
    "ur": pgettext_lazy("language", "Urdu"),
    "tig": pgettext_lazy("language", "Tigre"),
    "om": pgettext_lazy("language", "Oromo"),
}

_SENSITIVITY_LABELS: dict[str, Promise] = {
    "normal": pgettext_lazy("sensitivity", "Normal"),
    "health": pgettext_lazy("sensitivity", "Health"),
    "confidential": pgettext_lazy("sensitivity", "Confidential"),
}

#: Every vocabulary whose codes are stored and may reach a page (for tests and the crawler).
CHOICE_VOCABULARIES = (
    EventType,
    Outcome,
    Route,
    Destination,
    Topic,
    FamilyRole,
    Location,
    OrganisationType,
    Category,
)


def nationality_label(code: str | None) -> str:
    if not code:
        return ""
    label = NATIONALITY_LABELS.get(code.upper())
    return str(label) if label is not None else str(_("Other nationality"))


def language_label(code: str | None) -> str:
    if not code:
        return ""
    label = LANGUAGE_LABELS.get(code.lower())
    if label is not None:
        return str(label)
    try:
        return str(get_language_info(code.lower())["name_translated"])
    except KeyError:
        return str(_("Other language"))


def languages_label(codes) -> str:
    """The languages' names joined for one table cell ("Arabic, Kurdish")."""
    return ", ".join(language_label(c) for c in codes or () if c)


#: Contact topics the bundles and the demo record as codes, beyond the information-session
#: topics (`Topic`); the contact topic is free text otherwise.
_CONTACT_TOPIC_LABELS: dict[str, Promise] = {
    "intake": pgettext_lazy("contact topic", "Intake"),
    "application": pgettext_lazy("contact topic", "Reunification application"),
    "family_reunification": pgettext_lazy("contact topic", "Family reunification"),
    "waiting": pgettext_lazy("contact topic", "Waiting for the decision"),
    "objection": pgettext_lazy("contact topic", "Objection"),
    "stress": pgettext_lazy("contact topic", "Stress"),
    "allowances": pgettext_lazy("contact topic", "Allowances"),
    "housing": pgettext_lazy("contact topic", "Housing"),
    "school": pgettext_lazy("contact topic", "School"),
    "money": pgettext_lazy("contact topic", "Money"),
}


def topic_label(value: str | None) -> str:
    """A contact's topic: the label when it is a topic code, the text as typed otherwise (the
    field is free text); an unknown code-like value (snake_case) reads "Other topic"."""
    if not value:
        return ""
    if value in Topic.values:
        return str(Topic(value).label)
    label = _CONTACT_TOPIC_LABELS.get(value)
    if label is not None:
        return str(label)
    if "_" in value and " " not in value:
        return str(_("Other topic"))
    return value


def sensitivity_label(code: str | None) -> str:
    if not code:
        return ""
    label = _SENSITIVITY_LABELS.get(code)
    return str(label) if label is not None else str(_SENSITIVITY_LABELS["confidential"])


def category_label(code: str | None) -> str:
    if not code:
        return ""
    try:
        return str(Category(code).label)
    except ValueError:
        return str(_("Other data"))
