"""'Who saw this person's data' (issue 8): the audit trail of one person, shown to the viewer
only in the categories they may see themselves."""

from __future__ import annotations

from django.utils.translation import gettext as _

from herenigd.audit.models import Action, Via
from herenigd.audit.selectors import audit_who_saw_person

from .categories import Category
from .gates import FamilyAccess
from .models import Role
from .projection import WhoSawEntry

#: Audit categories that name no data of a category of their own.
_NEUTRAL_AUDIT_CATEGORIES = frozenset({"attention_normal", "caseload", "audit"})
_EMERGENCY_PURPOSES = frozenset({"break-the-glass", "break_the_glass"})


def _viewer_may_see_category(access: FamilyAccess, person_id: int, category: str) -> bool:
    if category in _NEUTRAL_AUDIT_CATEGORIES:
        return True
    if category == Category.HEALTH:
        # Only through the person's consent: the entry does not say who recorded the data.
        return access.may_see_health(person_id=person_id, recorded_by_organisation_id=None)
    if category == Category.CONFIDENTIAL:
        return access.professional.role == Role.VEILIG_THUIS
    return access.may(category)


def who_saw_person(access: FamilyAccess, person_id: int, *, limit: int = 500) -> list:
    """'Who saw this data' for one person, showing the viewer only the categories they may see
    themselves: an entry whose every category is hidden is left out, so the list does not tell
    that a confidential or health item exists."""
    entries = []
    for e in audit_who_saw_person(person_id=person_id):
        shown = [
            c
            for c in sorted(set(filter(None, e.category.split(","))))
            if _viewer_may_see_category(access, person_id, c)
        ]
        if not shown:
            continue
        try:
            action_label = str(Action(e.action).label)
        except ValueError:
            action_label = e.action
        entries.append(
            WhoSawEntry(
                at=e.at,
                actor=e.actor,
                organisation=e.organisation,
                action=e.action,
                action_label=action_label,
                category_codes=tuple(shown),
                categories=", ".join(_category_label(c) for c in shown),
                purpose=e.purpose,
                emergency=e.purpose in _EMERGENCY_PURPOSES,
                via=e.via,
                via_label=_via_label(e.via),
            )
        )
        if len(entries) >= limit:
            break
    return entries


def _via_label(via: str) -> str:
    try:
        return str(Via(via).label)
    except ValueError:
        return via


def _category_label(code: str) -> str:
    extra = {
        "attention_normal": _("Attention points"),
        "caseload": _("Caseload"),
        "audit": _("Who saw this data"),
    }
    return str(Category(code).label) if code in Category.values else extra.get(code, code)
