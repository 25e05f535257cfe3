"""The redacted projection: the only shape in which personal data leaves the access layer.

Pages, forms, htmx partials, API serializers and exports render these plain, immutable values,
never a model instance or a related manager. Each value carries only the fields of the
categories the user may see; a field the user may not see is `None` (or empty), so a template
cannot show more than the access layer decided. `tests/access/test_no_models_in_context.py`
walks every page's template context to keep it that way.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class MemberView:
    """One family member as the user may see them. Out of scope: only id, key and role."""

    id: int
    key: str
    role: str
    role_label: str
    in_scope: bool
    #: Display name (identity), or the role when the user may not see the identity.
    name: str
    given_name: str | None = None
    family_name: str | None = None
    birth_date: str | None = None
    sex: str | None = None
    nationality: str | None = None
    nationality_label: str | None = None
    languages: tuple[str, ...] = ()
    #: The languages' names, joined for a page ("Arabisch, Koerdisch"); the codes are for machines.
    languages_label: str = ""
    dutch_level: str | None = None
    dutch_level_label: str | None = None
    speaks_english: bool | None = None
    bsn: str | None = None
    # household
    location: str | None = None
    location_label: str | None = None
    #: The location is derived for the page's as-of date (not the stored current one).
    location_as_of: bool = False
    travelled_with_sponsor: bool | None = None
    uam: bool | None = None


@dataclass(frozen=True, slots=True)
class RevisionView:
    changed_at: datetime.datetime
    changed_by: str
    before_date: str | None
    after_date: str | None


@dataclass(frozen=True, slots=True)
class EventView:
    id: int
    type: str
    type_label: str
    #: A unique, human name for the event's links ("Arrival in the Netherlands of Rana").
    link_label: str
    category: str
    date: datetime.date
    person_id: int | None
    person_key: str | None
    person_name: str | None
    outcome: str | None = None
    outcome_label: str | None = None
    route: str | None = None
    route_label: str | None = None
    destination: str | None = None
    destination_label: str | None = None
    suitable: bool | None = None
    address: str | None = None
    topic: str | None = None
    topic_label: str | None = None
    note: str | None = None
    revisions: tuple[RevisionView, ...] = ()

    def details(self) -> dict[str, Any]:
        """The type's detail fields with values (for the API and form initial data)."""
        return {
            name: getattr(self, name)
            for name in ("outcome", "route", "destination", "suitable", "address", "topic", "note")
            if getattr(self, name) not in (None, "")
        }


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    person_id: int
    person_name: str
    date: datetime.date
    direct: bool
    via_id: int | None
    via_name: str | None
    interpreter: str
    interpreter_label: str
    interpreter_member_id: int | None
    interpreter_member_name: str | None
    organisation_type: str
    organisation_type_label: str
    topic: str
    topic_label: str


@dataclass(frozen=True, slots=True)
class PointView:
    id: int
    code: str
    #: The code's human label in the reader's language (the code is for machines).
    label: str
    person_id: int | None
    person_name: str | None
    sensitivity: str
    sensitivity_label: str
    status: str
    responsible: str
    #: Rendered in the reader's language from the point's facts (and its notes, if any).
    reason: str
    #: When the stored point was raised; None for a point the date's evaluation derives that
    #: was not stored (yet).
    raised_on: datetime.date | None


@dataclass(frozen=True, slots=True)
class DeadlineView:
    code: str
    label: str
    person_key: str | None
    person_name: str | None
    due: datetime.date
    status: str
    fulfilled_on: datetime.date | None


@dataclass(frozen=True, slots=True)
class ActionView:
    text: str
    person_name: str | None
    owner: str | None
    due_on: datetime.date | None


@dataclass(frozen=True, slots=True)
class GoalView:
    id: int
    text: str
    status: str
    actions: tuple[ActionView, ...] = ()


@dataclass(frozen=True, slots=True)
class ObservationView:
    code: str
    observed_on: datetime.date
    note: str


@dataclass(frozen=True, slots=True)
class FamilyProjection:
    id: int
    reference: str
    municipality: str
    break_glass: bool
    is_regisseur: bool
    #: The categories of the user's role (what sections a page may show).
    may: dict[str, bool]
    members: tuple[MemberView, ...]
    timeline: tuple[EventView, ...] = ()
    contacts: tuple[ContactView, ...] = ()
    attention_points: tuple[PointView, ...] = ()
    deadlines: tuple[DeadlineView, ...] = ()
    goals: tuple[GoalView, ...] = ()
    observations: tuple[ObservationView, ...] = ()
    #: (key, label) of the members in scope, for every form's member drop-down.
    member_choices: tuple[tuple[str, str], ...] = field(default=())
    #: How many visible events and contacts are dated after the as-of date (left out above).
    later_events: int = 0
    later_contacts: int = 0

    def member(self, person_id: int | None) -> MemberView | None:
        for member in self.members:
            if member.id == person_id:
                return member
        return None


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    id: int
    reference: str
    phase: str
    phase_label: str
    member_names: tuple[str, ...]
    open_points: int
    overdue_deadlines: int


@dataclass(frozen=True, slots=True)
class PersonHeader:
    """The little a page about one person needs to say whom it is about."""

    id: int
    key: str
    name: str
    role_label: str
    family_id: int
    family_reference: str
    languages: tuple[str, ...]
    languages_label: str
    speaks_english: bool


@dataclass(frozen=True, slots=True)
class ConsentView:
    id: int
    category: str
    purpose: str
    given_on: datetime.date


@dataclass(frozen=True, slots=True)
class IntakeResponseView:
    id: int
    status: str
    status_label: str
    questionnaire: str
    language: str
    completed_on: datetime.date | None


@dataclass(frozen=True, slots=True)
class WhoSawEntry:
    at: datetime.datetime
    actor: str
    organisation: str
    action: str
    action_label: str
    #: The category codes shown (the viewer may see each) and their labels for a page.
    category_codes: tuple[str, ...]
    categories: str
    purpose: str
    emergency: bool
    via: str
    via_label: str


def as_data(value: Any) -> Any:
    """A projection as JSON-friendly plain data (for the API)."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: as_data(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, tuple | list):
        return [as_data(v) for v in value]
    if isinstance(value, dict):
        return {k: as_data(v) for k, v in value.items()}
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
