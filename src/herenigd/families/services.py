"""Writes on a family by a professional: contacts, the family plan and family observations.
Each is atomic, audited in the same transaction, and re-evaluates the family."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from herenigd import clock
from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record

from .changes import family_changed
from .models import (
    Contact,
    Family,
    FamilyObservation,
    Person,
    PlanAction,
    PlanGoal,
)
from .vocab import BirthDatePrecision, InterpreterKind


def _member(family: Family, key: str | None) -> Person | None:
    if not key:
        return None
    person = family.members.filter(key=key).first()
    if person is None:
        raise ValidationError(_("This person is not a member of this family."))
    return person


#: No date of a family's data lies before this day (the plausibility table's lower limit).
EARLIEST_DATE = datetime.date(1900, 1, 1)


def _dmy(day: datetime.date) -> str:
    return f"{day.day}-{day.month}-{day.year}"


def contact_date_problem(
    date: datetime.date, *, as_of: datetime.date, birth: datetime.date | None, year_only: bool
) -> str | None:
    """Why a contact on `date` cannot be true, or None. A contact has happened: not after
    `as_of`, not before 1900, not before the person's birth (a year-only birth by year)."""
    if date < EARLIEST_DATE:
        return _("A contact date before 1-1-1900 cannot be right.")
    if date > as_of:
        return _(
            "A contact is recorded once it has taken place: %(date)s lies after %(as_of)s."
        ) % {"date": _dmy(date), "as_of": _dmy(as_of)}
    if birth is not None and (date.year < birth.year if year_only else date < birth):
        return _("The contact date lies before the person's birth.")
    return None


def contact_record(
    *,
    family: Family,
    acting_user,
    organisation_type: str,
    person_key: str,
    date: datetime.date,
    direct: bool,
    via_key: str | None,
    interpreter: str,
    topic: str,
    as_of: datetime.date | None = None,
) -> Contact:
    """Record a contact; `interpreter` is none/professional/phone or `member:<key>`. A date that
    cannot be true (see `contact_date_problem`, as of `as_of`, default today) is refused."""
    person = _member(family, person_key)
    problem = contact_date_problem(
        date,
        as_of=as_of or clock.today(),
        birth=person.birth_date if person else None,
        year_only=bool(person) and person.birth_date_precision == BirthDatePrecision.YEAR,
    )
    if problem:
        raise ValidationError({"date": problem})
    member = None
    if interpreter.startswith("member:"):
        member = _member(family, interpreter.removeprefix("member:"))
        interpreter = InterpreterKind.MEMBER
    if interpreter not in InterpreterKind.values:
        raise ValidationError(_("Unknown kind of interpreter."))
    if direct and via_key:
        raise ValidationError(_("A direct contact is not via someone else."))
    with transaction.atomic():
        contact = Contact.objects.create(
            family=family,
            person=person,
            date=date,
            direct=direct,
            via=_member(family, via_key),
            interpreter=interpreter,
            interpreter_member=member,
            organisation_type=organisation_type,
            topic=topic.strip(),
            recorded_by=acting_user,
        )
        audit_record(
            actor=Actor.of(acting_user),
            action=Action.CREATE,
            family_id=family.pk,
            person_id=person.pk,
            category="contact_log",
        )
        family_changed(family_id=family.pk)
    return contact


def plan_goal_add(*, family: Family, acting_user, text: str) -> PlanGoal:
    with transaction.atomic():
        goal = PlanGoal.objects.create(family=family, text=text.strip(), created_by=acting_user)
        audit_record(
            actor=Actor.of(acting_user), action=Action.CREATE, family_id=family.pk, category="plan"
        )
    return goal


def plan_action_add(
    *,
    goal: PlanGoal,
    acting_user,
    text: str,
    person_key: str | None,
    owner,
    due_on: datetime.date | None,
) -> PlanAction:
    if owner is not None and owner.municipality_id != goal.family.municipality_id:
        raise ValidationError(_("Choose an organisation of this municipality."))
    with transaction.atomic():
        action = PlanAction.objects.create(
            goal=goal,
            person=_member(goal.family, person_key),
            text=text.strip(),
            owner=owner,
            due_on=due_on,
        )
        audit_record(
            actor=Actor.of(acting_user),
            action=Action.CREATE,
            family_id=goal.family_id,
            person_id=action.person_id,
            category="plan",
        )
    return action


def observation_record(
    *, family: Family, acting_user, code: str, observed_on: datetime.date, note: str, known_codes
) -> FamilyObservation:
    if code not in known_codes:
        raise ValidationError(_("Unknown observation."))
    with transaction.atomic():
        observation = FamilyObservation.objects.create(
            family=family,
            code=code,
            observed_on=observed_on,
            note=note.strip(),
            recorded_by=acting_user,
        )
        audit_record(
            actor=Actor.of(acting_user),
            action=Action.CREATE,
            family_id=family.pk,
            category="intake_normal",
            detail="family_observation",
        )
    return observation
