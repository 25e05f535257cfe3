"""What a professional sees of a family, as the redacted projection of `projection.py`: every
field passes the checks of `FamilyAccess`, and every person whose data is returned is named in
the audit (who, which categories, why)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from herenigd import clock
from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record
from herenigd.families.models import Contact, Family, Person, PlanGoal
from herenigd.families.vocab import InterpreterKind, Location
from herenigd.organisations.models import OrganisationType
from herenigd.rules.labels import deadline_label
from herenigd.rules.results import Evaluation
from herenigd.rules.selectors import family_evaluation
from herenigd.timeline.models import TimelineEvent

from .categories import DEADLINE_CATEGORIES, EVENT_CATEGORY, Category
from .gates import FamilyAccess, NotFound, sees_whole_municipality, visible_families
from .labels import languages_label, nationality_label, topic_label
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
)
from .who_saw import who_saw_person

__all__ = [
    "event_for",
    "event_view",
    "families_for_caseload",
    "family_members_projection",
    "family_projection",
    "person_header",
    "visible_persons",
    "who_saw_person",
]


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


def _member(
    access: FamilyAccess, person: Person, seen: _Seen, arrived_later: frozenset[int] = frozenset()
) -> MemberView:
    """`arrived_later`: the members who arrived after the page's as-of date (`_arrived_later`)."""
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
            nationality_label=nationality_label(person.nationality),
            languages=tuple(person.languages or ()),
            languages_label=languages_label(person.languages),
            dutch_level=person.dutch_level,
            dutch_level_label=str(person.get_dutch_level_display()) if person.dutch_level else "",
            speaks_english=person.speaks_english,
            bsn=person.bsn,
        )
    if access.may(Category.HOUSEHOLD):
        seen.add(person.pk, Category.HOUSEHOLD)
        location = _location_on(person, arrived_later)
        values.update(
            location=location,
            location_label=_location_label(person, location),
            location_as_of=location != person.location,
            travelled_with_sponsor=person.travelled_with_sponsor,
            uam=person.uam,
        )
    name = str(person) if access.may(Category.IDENTITY) else base["role_label"]
    return MemberView(**base, in_scope=True, name=name, **values)


def _location_on(person: Person, arrived_later: frozenset[int]) -> str:
    """Where a member was on the as-of date, read from the arrival events as the rule engine
    does (rules.md: 'the' arrival is the earliest one; `FamilyContext.arrival`): a member now in
    the Netherlands whose first arrival is after that date was still abroad. A member without an
    arrival event (the sponsor), missing, deceased or abroad stays as stored."""
    if person.location == Location.IN_NL and person.pk in arrived_later:
        return Location.ABROAD
    return person.location


def _location_label(person: Person, location: str) -> str:
    if not location:
        return ""
    if location == person.location:
        return str(person.get_location_display())
    return str(Location(location).label)


def _arrived_later(family: Family, as_of: datetime.date | None) -> frozenset[int]:
    """The members whose first arrival is dated after `as_of` (none for today's page)."""
    if as_of is None or as_of >= clock.today():
        return frozenset()
    first: dict[int, datetime.date] = {}
    events = family.events.filter(type="arrival", person__isnull=False).order_by("date")
    for person_id, date in events.values_list("person_id", "date"):
        first.setdefault(person_id, date)
    return frozenset(pk for pk, date in first.items() if date > as_of)


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


def _link_label(event: TimelineEvent, type_label: str, person_name: str | None) -> str:
    date = f"{event.date.day}-{event.date.month}-{event.date.year}"  # as the page: j-n-Y
    if person_name:
        return _("%(event)s of %(person)s on %(date)s") % {
            "event": type_label,
            "person": f"\u2068{person_name}\u2069",  # isolated: an attribute has no <bdi>
            "date": date,
        }
    return _("%(event)s on %(date)s") % {"event": type_label, "date": date}


def _event(event: TimelineEvent, names: dict[int, str], *, revisions=False) -> EventView:
    def label(name):
        value = getattr(event, name)
        return str(getattr(event, f"get_{name}_display")()) if value else None

    type_label = str(event.get_type_display())
    person_name = names.get(event.person_id) if event.person_id else None
    return EventView(
        id=event.pk,
        type=event.type,
        type_label=type_label,
        link_label=_link_label(event, type_label, person_name),
        category=EVENT_CATEGORY[event.type],
        date=event.date,
        person_id=event.person_id,
        person_key=event.person.key if event.person_id else None,
        person_name=person_name,
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
        return _("Other interpreter")


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
    as_of: datetime.date | None
    members: tuple[MemberView, ...]
    seen: _Seen
    #: Visible events and contacts dated after the as-of date, left out of the page.
    later: dict[str, int] = field(default_factory=lambda: {"timeline": 0, "contacts": 0})

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
            if b.as_of is not None and event.date > b.as_of:
                b.later["timeline"] += 1
                continue
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
        organisation_type_label=_organisation_type_label(contact.organisation_type),
        topic=contact.topic,
        topic_label=topic_label(contact.topic),
    )


def _organisation_type_label(code: str) -> str:
    if not code:
        return ""
    try:
        return str(OrganisationType(code).label)
    except ValueError:
        return _("Other organisation")


def _contacts(b: _Build) -> tuple[ContactView, ...]:
    if not b.access.may(Category.CONTACT_LOG):
        return ()
    rows = []
    for contact in b.family.contacts.order_by("date", "id"):
        if b.access.in_scope(contact.person_id):
            if b.as_of is not None and contact.date > b.as_of:
                b.later["contacts"] += 1
                continue
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
    later = _arrived_later(family, as_of)
    members = tuple(_member(access, p, seen, later) for p in family.members.order_by("id"))
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
        later_events=build.later["timeline"],
        later_contacts=build.later["contacts"],
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
        languages_label=languages_label(person.languages),
        speaks_english=person.speaks_english,
    )
