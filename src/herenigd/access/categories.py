"""Data categories and who needs which (product.md 'Privacy and security model').

The whole model in one table, in plain language: docs/privacy.md. A test keeps the two equal.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from herenigd.timeline.categories import EVENT_CATEGORY
from herenigd.timeline.vocab import EventType

from .models import Role


class Category(models.TextChoices):
    IDENTITY = "identity", _("Identity (names, birth date, nationality, languages, BSN)")
    PROCEDURE = "procedure", _("Reunification procedure")
    HOUSEHOLD = "household", _("Household, housing, school and arrival")
    CONTACT_LOG = "contact_log", _("Contact log")
    INTAKE_NORMAL = "intake_normal", _("Intake answers (non-medical)")
    HEALTH = "health", _("Health")
    CONFIDENTIAL = "confidential", _("Confidential")


C = Category

#: Need-to-know: the categories each role needs for its work with a family it is involved with.
#: `health` is further limited by organisation and consent; `confidential` by the item's
#: recording organisation and named people (see access/layer.py). Researchers and administrators
#: see no personal data at all (aggregates and management screens only).
ROLE_CATEGORIES: dict[str, frozenset[str]] = {
    Role.REGISSEUR: frozenset({C.IDENTITY, C.PROCEDURE, C.HOUSEHOLD, C.CONTACT_LOG}),
    Role.SOCIAL_GUIDANCE: frozenset(
        {C.IDENTITY, C.PROCEDURE, C.HOUSEHOLD, C.CONTACT_LOG, C.INTAKE_NORMAL, C.HEALTH}
    ),
    Role.JGZ_NURSE: frozenset({C.IDENTITY, C.HOUSEHOLD, C.CONTACT_LOG, C.INTAKE_NORMAL, C.HEALTH}),
    Role.GGD: frozenset({C.IDENTITY, C.HOUSEHOLD, C.CONTACT_LOG, C.INTAKE_NORMAL, C.HEALTH}),
    Role.GP: frozenset({C.IDENTITY, C.HOUSEHOLD, C.CONTACT_LOG, C.HEALTH}),
    Role.SCHOOL: frozenset({C.IDENTITY, C.HOUSEHOLD}),
    Role.WIJKTEAM: frozenset({C.IDENTITY, C.HOUSEHOLD, C.CONTACT_LOG, C.INTAKE_NORMAL}),
    Role.VEILIG_THUIS: frozenset(
        {C.IDENTITY, C.HOUSEHOLD, C.CONTACT_LOG, C.INTAKE_NORMAL, C.HEALTH, C.CONFIDENTIAL}
    ),
    Role.NIDOS_GUARDIAN: frozenset(
        {C.IDENTITY, C.PROCEDURE, C.HOUSEHOLD, C.CONTACT_LOG, C.INTAKE_NORMAL}
    ),
    Role.COA_SCREENER: frozenset({C.IDENTITY, C.PROCEDURE, C.HOUSEHOLD}),
    Role.INTERPRETER_COORDINATOR: frozenset({C.IDENTITY, C.CONTACT_LOG}),
    Role.WELFARE: frozenset({C.IDENTITY, C.HOUSEHOLD}),
    Role.KEY_PERSON: frozenset({C.IDENTITY, C.HOUSEHOLD}),
    Role.RESEARCHER: frozenset(),
    Role.ADMINISTRATOR: frozenset(),
}

#: Roles whose organisation may see health data it recorded itself; across organisations only
#: with the person's consent (factors.md 'Sensitivity levels').
HEALTH_ROLES = frozenset({Role.JGZ_NURSE, Role.GGD, Role.GP, Role.VEILIG_THUIS})

#: Roles that see no personal data of any family.
NO_PERSONAL_DATA = frozenset({Role.RESEARCHER, Role.ADMINISTRATOR})

_E = EventType

#: EVENT_CATEGORY (the data category of each timeline event type) is declared with the event
#: types in `procedure/categories.py`: the timeline audits with it, and so do the pages.
__all__ = ["DEADLINE_CATEGORIES", "EVENT_CATEGORY", "ROLE_CATEGORIES", "Category"]

#: The categories of the facts each deadline is computed from and reveals (rules.md 'Deadlines':
#: the event that starts it and the event that fulfils it). A user sees a deadline only with
#: every one of them: a school (identity, household) sees school registration and cohabitation,
#: not the application, decision or intake deadlines.
DEADLINE_EVENTS: dict[str, tuple[str, ...]] = {
    "APPLICATION_FILING": (_E.PERMIT_GRANTED, _E.APPLICATION_FILED),
    "DECISION": (_E.APPLICATION_FILED, _E.DECISION),
    "REPORT_REGISTRATION_CENTRE": (_E.ARRIVAL, _E.REGISTRATION_CENTRE_REPORT),
    "HEALTH_INSURANCE": (_E.RESIDENCE_DOCUMENT_ISSUED, _E.HEALTH_INSURANCE_STARTED),
    "INTAKE": (_E.ARRIVAL, _E.INTAKE_COMPLETED),
    "JGZ_INTAKE": (_E.ARRIVAL, _E.JGZ_INTAKE),
    "SCHOOL_REGISTRATION": (_E.ARRIVAL, _E.SCHOOL_REGISTERED),
    "GP_INTERPRETER_WINDOW": (_E.BRP_REGISTERED,),
    "MIN_COHABITATION": (_E.ARRIVAL,),
}
DEADLINE_CATEGORIES: dict[str, frozenset[str]] = {
    code: frozenset(EVENT_CATEGORY[t] for t in types) for code, types in DEADLINE_EVENTS.items()
}
