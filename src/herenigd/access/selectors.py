"""What a professional sees of a family, as the redacted projection of `projection.py`: every
field passes the checks of `FamilyAccess`, and every person whose data is returned is named in
the audit (who, which categories, why)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from herenigd.audit.models import Action, Via
from herenigd.audit.selectors import audit_who_saw_person
from herenigd.audit.services import Actor, audit_record
from herenigd.families.models import Contact, Family, Person, PlanGoal
from herenigd.families.vocab import InterpreterKind
from herenigd.rules.labels import deadline_label
from herenigd.rules.results import Evaluation
from herenigd.rules.selectors import family_evaluation
from herenigd.timeline.models import TimelineEvent

from .categories import DEADLINE_CATEGORIES, EVENT_CATEGORY, Category
from .gates import FamilyAccess, NotFound, sees_whole_municipality, visible_families
from .models import BreakGlassAccess, Involvement, Role
from .points import point_views
from .projection import (
    ActionView,
    ContactView,
    DeadlineView,
    EventView,
    FamilyProjection,
    GoalView,
    MemberView,
    ObservationView,
    PersonHeader,
    PointView,
    RevisionView,
    WhoSawEntry,
)


def families_for_caseload(user):
    """The families on the user's caseload (visible_to), ordered by reference."""
    return visible_families(user).order_by("reference")


def visible_persons(user) -> QuerySet[Person]:
    """The members whose data the user may see at all: members of visible families that are in
    the scope of the organisation's involvement (a named-members involvement covers only those
    members). Used for caseload names, search and filter facets."""
    families = visible_families(user)
    professional = getattr(user, "professional", None)
    if professional is None:
        return Person.objects.none()
    people = Person.objects.filter(family__in=families)
    if sees_whole_municipality(professional):
        return people
    now = timezone.now()
    today = timezone.localdate(now)
    active = Involvement.objects.filter(
        organisation_id=professional.organisation_id, started_on__lte=today
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    whole = active.filter(person__isnull=True).values("family_id")
    named = active.filter(person__isnull=False).values("person_id")
    glass_only = (
        BreakGlassAccess.objects.filter(user=user, started_at__lte=now, expires_at__gt=now)
        .exclude(family_id__in=active.values("family_id"))
        .values("family_id")
    )
    return people.filter(Q(family_id__in=whole) | Q(pk__in=named) | Q(family_id__in=glass_only))


# --- one family ------------------------------------------------------------------------------


class _Seen:
    """Collects, per person, the categories a projection showed, for one audit record each."""

    def __init__(self) -> None:
        self.by_person: dict[int | None, set[str]] = defaultdict(set)

    def add(self, person_id: int | None, category: str) -> None:
        self.by_person[person_id].add(category)

    def record(self, access: FamilyAccess) -> None:
        for person_id, categories in self.by_person.items():
            access.record(action=Action.READ, categories=categories, person_id=person_id)


def _member(access: FamilyAccess, person: Person, seen: _Seen) -> MemberView:
    base = {
        "id": person.pk,
        "key": person.key,
        "role": person.role,
        "role_label": str(person.get_role_display()),
    }
    if not access.in_scope(person.pk):
        # The organisation does not work with this member: their role, nothing else.
        return MemberView(**base, in_scope=False, name=base["role_label"])
    values: dict = {}
    if access.may(Category.IDENTITY):
        seen.add(person.pk, Category.IDENTITY)
        values.update(
            given_name=person.given_name,
            family_name=person.family_name,
            birth_date=person.birth_date_text,
            sex=person.sex,
            nationality=person.nationality,
            languages=tuple(person.languages or ()),
            dutch_level=person.dutch_level,
            dutch_level_label=str(person.get_dutch_level_display()) if person.dutch_level else "",
            speaks_english=person.speaks_english,
            bsn=person.bsn,
        )
    if access.may(Category.HOUSEHOLD):
        seen.add(person.pk, Category.HOUSEHOLD)
        values.update(
            location=person.location,
            location_label=str(person.get_location_display()) if person.location else "",
            travelled_with_sponsor=person.travelled_with_sponsor,
            uam=person.uam,
        )
    name = str(person) if access.may(Category.IDENTITY) else base["role_label"]
    return MemberView(**base, in_scope=True, name=name, **values)


def event_visible(access: FamilyAccess, event: TimelineEvent) -> bool:
    """The one rule for a timeline event: in scope, and its category visible to this user
    (health with consent or own organisation; confidential own organisation or Veilig Thuis)."""
    if event.family_id != access.family.pk or not access.in_scope(event.person_id):
        return False
    return _may_see_item(
        access, EVENT_CATEGORY[event.type], event.person_id, _recorder_org(event.recorded_by)
    )


def _recorder_org(user) -> int | None:
    professional = getattr(user, "professional", None) if user is not None else None
    return professional.organisation_id if professional is not None else None


def _may_see_item(access, category, person_id, recorded_by_org) -> bool:
    if category == Category.HEALTH:
        return access.may_see_health(
            person_id=person_id, recorded_by_organisation_id=recorded_by_org
        )
    if category == Category.CONFIDENTIAL:
        return access.may_see_confidential(
            recorded_by_organisation_id=recorded_by_org, named_user_ids=set()
        )
    return access.may(category)


def _event(event: TimelineEvent, names: dict[int, str], *, revisions=False) -> EventView:
    def label(name):
        value = getattr(event, name)
        return str(getattr(event, f"get_{name}_display")()) if value else None

    return EventView(
        id=event.pk,
        type=event.type,
        type_label=str(event.get_type_display()),
        category=EVENT_CATEGORY[event.type],
        date=event.date,
        person_id=event.person_id,
        person_key=event.person.key if event.person_id else None,
        person_name=names.get(event.person_id) if event.person_id else None,
        outcome=event.outcome or None,
        outcome_label=label("outcome"),
        route=event.route or None,
        route_label=label("route"),
        destination=event.destination or None,
        destination_label=label("destination"),
        suitable=event.suitable,
        address=event.address or None,
        topic=event.topic or None,
        topic_label=label("topic"),
        note=event.note or None,
        revisions=tuple(
            RevisionView(
                changed_at=r.changed_at,
                changed_by=r.changed_by.get_username() if r.changed_by else "",
                before_date=(r.before or {}).get("date"),
                after_date=(r.after or {}).get("date"),
            )
            for r in event.revisions.select_related("changed_by").order_by("id")
        )
        if revisions
        else (),
    )


def _interpreter_label(contact: Contact, names: dict[int, str]) -> str:
    if contact.interpreter == InterpreterKind.MEMBER:
        return names.get(contact.interpreter_member_id, str(InterpreterKind.MEMBER.label))
    try:
        return str(InterpreterKind(contact.interpreter).label)
    except ValueError:
        return contact.interpreter


def deadline_visible(access: FamilyAccess, code: str, person_id: int | None) -> bool:
    """A deadline shows facts of the categories of the events it is computed from
    (`DEADLINE_CATEGORIES`): the user must see all of them, and the person must be in scope."""
    if person_id is not None and not access.in_scope(person_id):
        return False
    return all(access.may(c) for c in DEADLINE_CATEGORIES.get(code, {Category.CONFIDENTIAL}))


@dataclass
class _Build:
    """What every section of one projection needs: the gate, the members' display names, and
    the record of what was shown (for the audit)."""

    access: FamilyAccess
    as_of: datetime.date | None  # only the deadlines need it
    members: tuple[MemberView, ...]
    seen: _Seen

    @cached_property
    def names(self) -> dict[int, str]:
        return {m.id: m.name for m in self.members}

    @property
    def family(self) -> Family:
        return self.access.family

    @cached_property
    def evaluation(self) -> Evaluation:
        """The rule engine's view of the family on the as-of date, from the current facts."""
        if self.as_of is None:
            raise ValueError("an evaluation needs an as-of date")
        return family_evaluation(family=self.family, as_of=self.as_of)

    def name(self, person_id: int | None) -> str | None:
        return self.names.get(person_id) if person_id is not None else None


def _timeline(b: _Build) -> tuple[EventView, ...]:
    rows = []
    events = b.family.events.select_related("recorded_by__professional", "person")
    for event in events.order_by("date", "id"):
        if event_visible(b.access, event):
            rows.append(_event(event, b.names))
            b.seen.add(event.person_id, EVENT_CATEGORY[event.type])
    return tuple(rows)


def _contact(b: _Build, contact: Contact) -> ContactView:
    access, names = b.access, b.names
    via_ok = contact.via_id is None or access.in_scope(contact.via_id)
    member_ok = contact.interpreter_member_id is None or access.in_scope(
        contact.interpreter_member_id
    )
    return ContactView(
        id=contact.pk,
        person_id=contact.person_id,
        person_name=names.get(contact.person_id, ""),
        date=contact.date,
        direct=contact.direct,
        via_id=contact.via_id if via_ok else None,
        via_name=names.get(contact.via_id) if contact.via_id and via_ok else None,
        interpreter=contact.interpreter,
        interpreter_label=_interpreter_label(contact, names)
        if member_ok
        else str(InterpreterKind.MEMBER.label),
        interpreter_member_id=contact.interpreter_member_id if member_ok else None,
        interpreter_member_name=names.get(contact.interpreter_member_id)
        if member_ok and contact.interpreter_member_id
        else None,
        organisation_type=contact.organisation_type,
        topic=contact.topic,
    )


def _contacts(b: _Build) -> tuple[ContactView, ...]:
    if not b.access.may(Category.CONTACT_LOG):
        return ()
    rows = []
    for contact in b.family.contacts.order_by("date", "id"):
        if b.access.in_scope(contact.person_id):
            rows.append(_contact(b, contact))
            b.seen.add(contact.person_id, Category.CONTACT_LOG)
    return tuple(rows)


def _points(b: _Build) -> tuple[PointView, ...]:
    return point_views(
        b.access,
        members=b.members,
        as_of=b.as_of,
        evaluation=lambda: b.evaluation,
        name=b.name,
        seen=b.seen.add,
    )


def _deadlines(b: _Build) -> tuple[DeadlineView, ...]:
    if b.as_of is None:
        raise ValueError("deadlines need an as-of date")
    keys = {m.key: m for m in b.members}
    rows = []
    for d in b.evaluation.deadlines:
        member = keys.get(d.person) if d.person else None
        if d.person and member is None:
            continue
        person_id = member.id if member else None
        if not deadline_visible(b.access, d.code, person_id):
            continue
        rows.append(
            DeadlineView(
                code=d.code,
                label=deadline_label(d.code),
                person_key=d.person,
                person_name=member.name if member else None,
                due=d.due,
                status=d.status,
                fulfilled_on=d.fulfilled_on,
            )
        )
        for category in DEADLINE_CATEGORIES[d.code]:
            b.seen.add(person_id, category)
    return tuple(sorted(rows, key=_urgency))


def _goals(b: _Build) -> tuple[GoalView, ...]:
    if not b.access.may(Category.HOUSEHOLD):
        return ()
    goals = []
    for goal in PlanGoal.objects.filter(family=b.family).prefetch_related("actions__owner"):
        actions = []
        for action in goal.actions.all():
            if not b.access.in_scope(action.person_id):
                continue
            actions.append(
                ActionView(
                    text=action.text,
                    person_name=b.name(action.person_id) if action.person_id else None,
                    owner=action.owner.name if action.owner_id else None,
                    due_on=action.due_on,
                )
            )
            b.seen.add(action.person_id, Category.HOUSEHOLD)
        goals.append(
            GoalView(id=goal.pk, text=goal.text, status=goal.status, actions=tuple(actions))
        )
        b.seen.add(None, Category.HOUSEHOLD)
    return tuple(goals)


def _observations(b: _Build) -> tuple[ObservationView, ...]:
    if not b.access.may(Category.INTAKE_NORMAL):
        return ()
    rows = tuple(
        ObservationView(code=o.code, observed_on=o.observed_on, note=o.note)
        for o in b.family.observations.all()
    )
    if rows:
        b.seen.add(None, Category.INTAKE_NORMAL)
    return rows


_SECTIONS = {
    "timeline": _timeline,
    "contacts": _contacts,
    "attention": _points,
    "deadlines": _deadlines,
    "plan": _goals,
    "observations": _observations,
}


def family_projection(
    access: FamilyAccess, *, as_of: datetime.date | None, sections: frozenset[str] | None = None
) -> FamilyProjection:
    """Everything of one family this user may see, as of `as_of`, as plain immutable data; the
    read is audited per person with the categories actually shown. `sections` limits the work
    to what a page needs (members are always included)."""
    family: Family = access.family
    seen = _Seen()
    members = tuple(_member(access, p, seen) for p in family.members.order_by("id"))
    build = _Build(access=access, as_of=as_of, members=members, seen=seen)
    parts = {
        name: (section(build) if sections is None or name in sections else ())
        for name, section in _SECTIONS.items()
    }
    seen.record(access)
    return FamilyProjection(
        id=family.pk,
        reference=family.reference,
        municipality=family.municipality.code,
        break_glass=access.break_glass,
        is_regisseur=access.professional.role == Role.REGISSEUR,
        may={c: access.may(c) for c in Category.values},
        members=members,
        timeline=parts["timeline"],
        contacts=parts["contacts"],
        attention_points=parts["attention"],
        deadlines=parts["deadlines"],
        goals=parts["plan"],
        observations=parts["observations"],
        # Plain-text labels (an <option> cannot hold <bdi>): the name is isolated by FSI…PDI.
        member_choices=tuple(
            (m.key, f"\u2068{m.name}\u2069 ({m.role_label})") for m in members if m.in_scope
        ),
    )


_STATUS_ORDER = {"overdue": 0, "open": 1, "met_late": 2, "met": 3, "expired": 4}


def _urgency(d: DeadlineView):
    return (_STATUS_ORDER.get(d.status, 9), d.due, d.code, d.person_key or "")


def family_members_projection(access: FamilyAccess) -> FamilyProjection:
    """Only the members (for forms and headers); audited like any read."""
    return family_projection(access, as_of=None, sections=frozenset())


# --- one event -------------------------------------------------------------------------------


def event_for(access: FamilyAccess, event_id) -> TimelineEvent:
    """The gate for one timeline event of the family: the same category, consent, confidential
    and scope rules as the family page; NotFound otherwise (audited as a denial). The read is
    audited with the event's real category and person. The instance is for services only —
    pages render `event_view()`."""
    try:
        event = (
            TimelineEvent.objects.select_related("recorded_by__professional", "person")
            .filter(pk=int(event_id), family_id=access.family.pk)
            .first()
        )
    except (TypeError, ValueError, OverflowError):
        event = None
    if event is None or not event_visible(access, event):
        audit_record(actor=Actor.of(access.user), action=Action.DENIED, detail="event")
        raise NotFound()
    access.record(
        action=Action.READ, categories=[EVENT_CATEGORY[event.type]], person_id=event.person_id
    )
    return event


def event_view(access: FamilyAccess, event: TimelineEvent, members) -> EventView:
    names = {m.id: m.name for m in members}
    return _event(event, names, revisions=True)


def person_header(access: FamilyAccess, person: Person) -> PersonHeader:
    name = str(person) if access.may(Category.IDENTITY) else str(person.get_role_display())
    return PersonHeader(
        id=person.pk,
        key=person.key,
        name=name,
        role_label=str(person.get_role_display()),
        family_id=person.family_id,
        family_reference=access.family.reference,
        languages=tuple(person.languages or ()),
        speaks_english=person.speaks_english,
    )


# --- who saw this person's data ----------------------------------------------------------------

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
