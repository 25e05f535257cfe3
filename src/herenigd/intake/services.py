"""Intake writes: save (partially) or complete a person's intake, then derive the intake
attention points of the whole family (factors.md §4). Atomic and audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record
from herenigd.families.models import Family, Person
from herenigd.rules.dates import age_on
from herenigd.rules.models import PointOrigin, Sensitivity
from herenigd.rules.services import attention_sync_family
from herenigd.timeline.services import timeline_event_record

from .loading import load_builtin
from .models import IntakeResponse
from .profile import PersonIntake, intake_attention, validate_answers
from .questionnaire import Questionnaire


def intake_save(
    *,
    person: Person,
    questionnaire: Questionnaire,
    organisation,
    acting_user,
    language: str,
    answers: dict[str, Any],
    visible_questions: set[str],
    complete: bool,
    as_of: datetime.date,
) -> IntakeResponse:
    """Save the answers the user could see; answers to questions hidden from this user (e.g.
    health without consent) stay as they were. Completing records the timeline event."""
    issues = validate_answers(questionnaire, answers)
    if issues:
        raise ValidationError({i.question_id: [i.message_en] for i in issues})
    with transaction.atomic():
        response = (
            IntakeResponse.objects.select_for_update()
            .filter(
                person=person,
                questionnaire=questionnaire.id,
                organisation=organisation,
                status=IntakeResponse.Status.DRAFT,
            )
            .first()
        )
        if response is None:
            response = IntakeResponse(
                person=person,
                questionnaire=questionnaire.id,
                version=questionnaire.version,
                organisation=organisation,
            )
        kept = {k: v for k, v in response.answers.items() if k not in visible_questions}
        response.answers = {**kept, **answers}
        response.language = language
        response.recorded_by = acting_user
        if complete:
            response.status = IntakeResponse.Status.COMPLETED
            response.completed_on = as_of
        created = response.pk is None
        response.save()
        audit_record(
            actor=Actor.of(acting_user),
            action=Action.CREATE if created else Action.UPDATE,
            family_id=person.family_id,
            person_id=person.pk,
            category="intake",
            detail="completed" if complete else "saved",
        )
        if complete:
            if not person.events.filter(type=questionnaire.completes_event).exists():
                timeline_event_record(
                    family=person.family,
                    type=questionnaire.completes_event,
                    date=as_of,
                    person=person,
                    acting_user=acting_user,
                )
            intake_attention_evaluate(family=person.family, as_of=as_of)
    return response


def latest_completed(person_ids) -> dict[int, IntakeResponse]:
    latest: dict[int, IntakeResponse] = {}
    for response in IntakeResponse.objects.filter(
        person_id__in=person_ids, status=IntakeResponse.Status.COMPLETED
    ).order_by("completed_on", "id"):
        latest[response.person_id] = response
    return latest


def _latest_completed_per_organisation(person_ids) -> dict[int, dict[int, IntakeResponse]]:
    """Per organisation: its latest completed intake of each person."""
    latest: dict[int, dict[int, IntakeResponse]] = {}
    for response in (
        IntakeResponse.objects.filter(
            person_id__in=person_ids, status=IntakeResponse.Status.COMPLETED
        )
        .select_related("organisation")
        .order_by("completed_on", "id")
    ):
        latest.setdefault(response.organisation_id, {})[response.person_id] = response
    return latest


def intake_attention_evaluate(*, family: Family, as_of: datetime.date):
    """Store the intake attention points of a family.

    Each organisation's intakes raise that organisation's own points (it owns them; factors.md
    §4), so an intake never reuses, closes or collides with a point of another organisation,
    and what one organisation's intake does never depends on another's. Household rules of
    normal sensitivity read every adult's latest intake, whoever took it, and raise one shared
    point without an owner."""
    members = {p.pk: p for p in family.members.all()}
    events = family.events.filter(date__lte=as_of)
    pending = (
        events.filter(type="application_filed").exists()
        and not events.filter(type="decision").exists()
    )

    def entries(responses):
        out = []
        for person_id, response in responses.items():
            person = members[person_id]
            adult = person.birth_date is not None and age_on(person.birth_date, as_of) >= 18
            out.append(
                PersonIntake(
                    person=person.key,
                    role=person.role,
                    adult=adult,
                    questionnaire=load_builtin(response.questionnaire, response.version),
                    answers=response.answers,
                )
            )
        return out

    owned = []  # (point, owning organisation or None)
    for responses in _latest_completed_per_organisation(members).values():
        organisation = next(iter(responses.values())).organisation
        for point in intake_attention(entries(responses), application_pending=pending):
            if point.person is not None or point.sensitivity != Sensitivity.NORMAL:
                owned.append((point, organisation))
    shared = intake_attention(entries(latest_completed(members)), application_pending=pending)
    owned += [(p, None) for p in shared if p.person is None and p.sensitivity == Sensitivity.NORMAL]
    owners = {id(point): organisation for point, organisation in owned}
    return attention_sync_family(
        family=family,
        points=[point for point, _ in owned],
        origin=PointOrigin.INTAKE,
        as_of=as_of,
        organisation_for=lambda point: owners[id(point)],
    )


def questionnaire_for(person: Person, as_of: datetime.date, requested: str | None) -> Questionnaire:
    """The child (JGZ) intake for minors, the adult intake for adults; 12–17-year-olds may also
    get the adult intake (the INTAKE deadline applies from 12, rules.md)."""
    if requested in ("adult", "child"):
        return load_builtin(requested)
    if person.birth_date is not None and age_on(person.birth_date, as_of) < 18:
        return load_builtin("child")
    return load_builtin("adult")
