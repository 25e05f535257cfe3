"""Human labels of the attention-point and deadline codes (factors.md §4, rules.md).

Codes are API contract and never shown to people; a label is the short noun phrase a social
worker reads instead ("Not reached" / "Niet bereikt"). Labels are gettext texts with English
message ids (context "attention point" or "deadline"), so a language is added by adding a
catalogue. `attention_label` and `deadline_label` give the label in the active language; an
unknown code gets a neutral label ("Other attention point"), never the raw code.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext, pgettext_lazy

__all__ = ["ATTENTION_LABELS", "DEADLINE_LABELS", "attention_label", "deadline_label"]

#: Attention code → label: the data-derived codes of rules.md, then those raised from intake
#: answers or by hand (factors.md §4).
ATTENTION_LABELS: dict[str, Promise] = {
    "APPLICATION_DEADLINE": pgettext_lazy(
        "attention point",
        # Translators: short label of an attention point, shown in lists and headings.
        "Reunification application term running out",
    ),
    "DECISION_OVERDUE": pgettext_lazy("attention point", "Decision on the application overdue"),
    "APPLICATION_REFUSED": pgettext_lazy("attention point", "Application refused"),
    "LONG_SEPARATION": pgettext_lazy("attention point", "Long separation from family"),
    "FAMILY_INCOMPLETE": pgettext_lazy("attention point", "Family not complete"),
    # Translators: the sponsor came as an unaccompanied minor and now carries the family.
    "EX_AMV_OVERLOAD": pgettext_lazy("attention point", "Overload of (ex-)unaccompanied minor"),
    # Translators: the guardian organisation Nidos hands the young person over to social guidance.
    "GUARDIANSHIP_HANDOVER": pgettext_lazy("attention point", "Warm handover from Nidos"),
    "DIRECT_ROUTE_INFO_GAP": pgettext_lazy(
        "attention point", "Health care information missed (direct route)"
    ),
    "NOT_REACHED": pgettext_lazy("attention point", "Not reached"),
    # Translators: the tax office reclaims the single-parent supplement (alleenstaande-ouderkop).
    "ALO_KOP_RECLAIM": pgettext_lazy("attention point", "Reclaim of single-parent supplement"),
    "HEALTH_INSURANCE_GAP": pgettext_lazy("attention point", "No health insurance"),
    "COA_DEREGISTRATION_RISK": pgettext_lazy("attention point", "Risk of deregistration at COA"),
    "HOUSING_WAIT": pgettext_lazy("attention point", "Waiting for a family home"),
    "INTERPRETER_NEEDED": pgettext_lazy("attention point", "Interpreter needed"),
    "SCHOOL_CONCERN": pgettext_lazy("attention point", "Concerns about school"),
    "PREGNANCY": pgettext_lazy("attention point", "Pregnancy"),
    "CHILD_INTERPRETER": pgettext_lazy("attention point", "Child as interpreter"),
    "PARTICIPATION_ONE_PARTNER": pgettext_lazy(
        "attention point",
        # Translators: participation or civic-integration support reaches only one of two partners.
        "Participation support for one partner only",
    ),
    "FINANCIAL_DEBT": pgettext_lazy("attention point", "Debts or money problems"),
    "SEPARATE_LIVING_WISH": pgettext_lazy("attention point", "Wish to live apart"),
    "DOMESTIC_VIOLENCE_CONCERN": pgettext_lazy(
        "attention point", "Concern about domestic violence or child abuse"
    ),
    "PSYCH_COMPLAINTS": pgettext_lazy("attention point", "Psychological complaints"),
    "SUBSTANCE_USE": pgettext_lazy("attention point", "Alcohol or drug use"),
    "CHRONIC_CONDITION_UNTREATED": pgettext_lazy(
        "attention point", "Chronic condition without a GP"
    ),
    "UNEMPLOYED_HOUSEHOLD": pgettext_lazy("attention point", "No work or study in the household"),
    "SOCIAL_ISOLATION": pgettext_lazy("attention point", "Social isolation"),
    "WAITING_STRESS": pgettext_lazy("attention point", "Stress from waiting"),
}

#: Deadline code → label (rules.md 'Deadlines').
DEADLINE_LABELS: dict[str, Promise] = {
    # Translators: short label of a deadline, shown in lists and headings.
    "APPLICATION_FILING": pgettext_lazy("deadline", "Reunification application within the term"),
    "DECISION": pgettext_lazy("deadline", "Decision on the application"),
    "REPORT_REGISTRATION_CENTRE": pgettext_lazy("deadline", "Report to the registration centre"),
    "HEALTH_INSURANCE": pgettext_lazy("deadline", "Take out health insurance"),
    "INTAKE": pgettext_lazy("deadline", "Intake interview"),
    "JGZ_INTAKE": pgettext_lazy("deadline", "Youth health care intake"),
    "SCHOOL_REGISTRATION": pgettext_lazy("deadline", "School registration"),
    # Translators: the national scheme pays for an interpreter at the GP for the first 6 months.
    "GP_INTERPRETER_WINDOW": pgettext_lazy("deadline", "GP with interpreter"),
    # Translators: a reunified child has to live with the parent for a minimum period.
    "MIN_COHABITATION": pgettext_lazy("deadline", "Minimum period of living together"),
}


def attention_label(code: str) -> str:
    """The label of an attention code in the active language; 'Other attention point' for a
    code without one."""
    label = ATTENTION_LABELS.get(code) if isinstance(code, str) else None
    if label is None:
        return pgettext("attention point", "Other attention point")
    return str(label)


def deadline_label(code: str) -> str:
    """The label of a deadline code in the active language; 'Other deadline' for a code
    without one."""
    label = DEADLINE_LABELS.get(code) if isinstance(code, str) else None
    if label is None:
        return pgettext("deadline", "Other deadline")
    return str(label)
