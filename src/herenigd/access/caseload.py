"""The caseload: the families a user may open, filtered and counted, as rows of plain data.

`base` comes from `visible_families(user)` and `people` from `visible_persons(user)`: search and
filters by name, nationality or language only look at members the user may see.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import (
    Count,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record
from herenigd.families.models import Family, Person
from herenigd.rules.dates import add_months
from herenigd.rules.models import ACTIVE_STATUSES, AttentionPoint

from .categories import Category
from .projection import CaseloadRow

PHASES = ("waiting", "arrived_recent", "in_guidance", "after_guidance")


@dataclass(frozen=True)
class CaseloadFilters:
    q: str = ""
    phase: str = ""
    code: str = ""
    overdue: bool = False
    nationality: str = ""
    language: str = ""


def caseload(
    base: QuerySet[Family],
    filters: CaseloadFilters,
    *,
    as_of: datetime.date,
    people: QuerySet[Person] | None = None,
):
    """The caseload: `base` must come from the access layer (`visible_families(user)`) and
    `people` from `visible_persons(user)`: search and filters by name, nationality or language
    only look at members the user may see (a named-members involvement hides the others).

    Phases: *waiting* (nobody arrived yet), *arrived_recent* (first arrival less than 3 months
    before as_of), *in_guidance* (arrived longer ago, guidance not ended), *after_guidance*
    (the latest guidance_ended is after the latest guidance_started). Only attention points of
    sensitivity `normal` are counted and filterable: the caseload must not reveal health or
    confidential points to a role that may not see them.
    """
    if people is None:
        people = Person.objects.filter(family__in=base)
    in_scope = Q(person__isnull=True) | Q(person__in=people)
    points = (
        AttentionPoint.objects.filter(
            in_scope, family=OuterRef("pk"), status__in=ACTIVE_STATUSES, sensitivity="normal"
        )
        .order_by()
        .values("family")
        .annotate(n=Count("id"))
        .values("n")
    )
    recent = add_months(as_of, -3)
    queryset = base.annotate(
        first_arrival=Min("events__date", filter=Q(events__type="arrival")),
        last_start=Max("events__date", filter=Q(events__type="guidance_started")),
        last_end=Max("events__date", filter=Q(events__type="guidance_ended")),
        open_points=Coalesce(Subquery(points, output_field=IntegerField()), Value(0)),
    )
    ended = Q(last_end__isnull=False) & (
        Q(last_start__isnull=True) | Q(last_start__lte=models.F("last_end"))
    )
    phase_q = {
        "waiting": Q(first_arrival__isnull=True),
        "arrived_recent": Q(first_arrival__gt=recent) & ~ended,
        "in_guidance": Q(first_arrival__lte=recent) & ~ended,
        "after_guidance": ended,
    }
    if filters.q:
        names = people.filter(
            Q(given_name__icontains=filters.q) | Q(family_name__icontains=filters.q)
        ).values("family_id")
        queryset = queryset.filter(Q(reference__icontains=filters.q) | Q(id__in=names))
    if filters.code:
        queryset = queryset.filter(
            id__in=AttentionPoint.objects.filter(
                in_scope, code=filters.code, status__in=ACTIVE_STATUSES, sensitivity="normal"
            ).values("family_id")
        )
    if filters.overdue:
        queryset = queryset.filter(overdue_deadlines__gt=0)
    if filters.nationality:
        queryset = queryset.filter(
            id__in=people.filter(nationality=filters.nationality).values("family_id")
        )
    if filters.language:
        queryset = queryset.filter(
            id__in=people.filter(languages__icontains=f'"{filters.language}"').values("family_id")
        )
    counts = {phase: queryset.filter(q).count() for phase, q in phase_q.items()}
    if filters.phase in phase_q:
        queryset = queryset.filter(phase_q[filters.phase])
    queryset = queryset.prefetch_related(
        Prefetch("members", queryset=people.order_by("id"), to_attr="visible_members")
    ).order_by("reference")
    return queryset, counts


def caseload_facets(people: QuerySet[Person]) -> tuple[list[str], list[str]]:
    """The nationalities and languages of `people` (`visible_persons(user)`), for filters."""
    nationalities = sorted(
        set(people.exclude(nationality="").values_list("nationality", flat=True))
    )
    languages = sorted(
        {lang for langs in people.values_list("languages", flat=True) for lang in langs}
    )
    return nationalities, languages


def phase_of(family, *, as_of: datetime.date) -> str:
    ended = family.last_end is not None and (
        family.last_start is None or family.last_start <= family.last_end
    )
    if ended:
        return "after_guidance"
    if family.first_arrival is None:
        return "waiting"
    return "arrived_recent" if family.first_arrival > add_months(as_of, -3) else "in_guidance"


def caseload_rows(user, families, *, as_of: datetime.date, phase_labels) -> list:
    """The caseload page's rows as plain data: reference, phase, the names of the members the
    user may see (prefetched as `visible_members` by `caseload`), counts.
    Audited per family and per member shown."""
    actor = Actor.of(user)
    rows = []
    for family in families:
        members = list(getattr(family, "visible_members", ()))
        audit_record(actor=actor, action=Action.READ, family_id=family.pk, category="caseload")
        for person in members:
            audit_record(
                actor=actor,
                action=Action.READ,
                family_id=family.pk,
                person_id=person.pk,
                category=Category.IDENTITY,
            )
        phase = phase_of(family, as_of=as_of)
        rows.append(
            CaseloadRow(
                id=family.pk,
                reference=family.reference,
                phase=phase,
                phase_label=str(phase_labels[phase]),
                member_names=tuple(str(p) for p in members),
                open_points=family.open_points,
                overdue_deadlines=family.overdue_deadlines,
            )
        )
    return rows
