"""Writes: store the attention points of an evaluation, idempotently, with status history.

Raising is idempotent (one active point per code, subject and owner); a rule-derived point whose
condition no longer holds is resolved automatically with that reason, unless a person claimed it
(product.md 'Rules'). A point a person withdrew is not raised again while its condition holds on.

The owner of a point is the organisation that recorded it by hand or whose intake raised it
(`recorded_by_organisation`); the rule engine's points have none and are shared. Every lookup of
"the existing active point" is by (code, subject, owner), so points of different organisations
coexist: nothing another organisation recorded changes what a service does or returns, and a
concurrent insert of the same point (a race) is caught in a savepoint and read back, never a 500.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from herenigd.audit.models import Action, AuditPurpose
from herenigd.audit.services import SYSTEM, Actor, audit_record
from herenigd.families.changes import family_evaluation_done, family_ids_due_for_evaluation
from herenigd.families.models import Family

from .models import (
    ACTIVE_STATUSES,
    AttentionPoint,
    AttentionPointStatusChange,
    PointOrigin,
    PointStatus,
)
from .ruleset import RuleSet
from .selectors import active_ruleset, family_evaluations

AUTO_CLOSE_NOTE_NL = "Automatisch gesloten: de voorwaarde geldt niet meer op {date}."
AUTO_CLOSE_NOTE_EN = "Closed automatically: the condition no longer holds on {date}."


#: More failed families than this in one run is no bad family but a broken system: stop.
MAX_FAILED_FAMILIES = 10

logger = logging.getLogger(__name__)


@dataclass
class EvaluationCount:
    families: int = 0
    raised: int = 0
    closed: int = 0
    #: Ids of the families whose evaluation failed (they stay marked as needing evaluation).
    failed: list[int] = field(default_factory=list)

    def __iadd__(self, other: EvaluationCount) -> EvaluationCount:
        self.families += other.families
        self.raised += other.raised
        self.closed += other.closed
        self.failed += other.failed
        return self


def attention_evaluate_families(
    *, families: Iterable[Family], as_of: datetime.date, ruleset: RuleSet | None = None
) -> EvaluationCount:
    """Evaluate the families and store their points in one transaction; when it commits, the
    "needs evaluation" mark of each family is cleared unless it changed since its data was read
    (families/changes.py)."""
    families = list(families)
    count = EvaluationCount()
    with transaction.atomic():
        # The change counter of each marked family, read before its data: a change after this
        # read (during the evaluation) moves the counter on, and so keeps the mark.
        marked_at = dict(
            Family.objects.filter(
                pk__in=[f.pk for f in families], evaluation_due_since__isnull=False
            )
            .order_by()
            .values_list("pk", "changes")
        )
        stored = _active_and_withdrawn(families)
        # The rule engine reads the families' data: one audit event for the batch, and one per
        # family whose attention points it changed.
        audit_record(
            actor=SYSTEM,
            action=Action.READ,
            category="procedure,household,contact_log",
            purpose=AuditPurpose.EVALUATION,
            detail=f"{len(families)} families as of {as_of.isoformat()}",
        )
        for family, evaluation in family_evaluations(
            families=families, as_of=as_of, ruleset=ruleset
        ):
            changed = _store(family, evaluation.attention, stored.get(family.pk, {}), as_of)
            if changed.raised or changed.closed:
                audit_record(
                    actor=SYSTEM,
                    action=Action.UPDATE,
                    family_id=family.pk,
                    category="attention",
                    detail=f"raised {changed.raised}, closed {changed.closed}",
                )
            count += changed
            overdue = sum(d.status == "overdue" for d in evaluation.deadlines)
            if (family.overdue_deadlines, family.evaluated_on) != (overdue, as_of):
                Family.objects.filter(pk=family.pk).update(
                    overdue_deadlines=overdue, evaluated_on=as_of
                )
            if family.pk in marked_at:
                family_evaluation_done(family_id=family.pk, changes=marked_at[family.pk])
    return count


def attention_evaluate_all(*, as_of: datetime.date, chunk_size: int = 500) -> EvaluationCount:
    """Every family (the daily job): this clears every mark too, unless a family changed during
    the run (then its own evaluation after commit, or the next run, clears it)."""
    ids = list(Family.objects.order_by("id").values_list("id", flat=True))
    return _evaluate_ids(ids, as_of=as_of, chunk_size=chunk_size)


def attention_evaluate_pending(*, as_of: datetime.date, chunk_size: int = 500) -> EvaluationCount:
    """The families marked as changed but not evaluated since (the safety net of the evaluation
    after commit: `herenigd evaluate --pending`, and Celery beat)."""
    return _evaluate_ids(family_ids_due_for_evaluation(), as_of=as_of, chunk_size=chunk_size)


def _evaluate_ids(ids: list[int], *, as_of: datetime.date, chunk_size: int) -> EvaluationCount:
    """Evaluate in chunks of one transaction each. A chunk that fails is evaluated again family
    by family, so one family the engine cannot evaluate (it stays marked, logged by id) does not
    keep the others unevaluated; more than MAX_FAILED_FAMILIES failures raise the last error."""
    count = EvaluationCount()
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        try:
            count += attention_evaluate_families(families=_families(chunk), as_of=as_of)
        except Exception:
            if len(chunk) == 1:
                _failed(count, chunk[0])
                continue
            for family_id in chunk:
                try:
                    count += attention_evaluate_families(
                        families=_families([family_id]), as_of=as_of
                    )
                except Exception:
                    _failed(count, family_id)
    return count


def _families(ids: list[int]):
    return Family.objects.select_related("municipality").filter(id__in=ids).order_by("id")


def _failed(count: EvaluationCount, family_id: int) -> None:
    """Log a family whose evaluation failed (by id: logs hold no personal data); re-raise when
    too many failed."""
    count.failed.append(family_id)
    logger.exception("evaluation of family id %s failed; it stays marked as pending", family_id)
    if len(count.failed) > MAX_FAILED_FAMILIES:
        raise


Key = tuple[str, str, int | None]  # (code, subject, owning organisation id or None)


def _key(code: str, subject: str, owner_id: int | None) -> Key:
    return (code, subject, owner_id)


def _active_and_withdrawn(
    families, origin: str = PointOrigin.RULE
) -> dict[int, dict[Key, AttentionPoint]]:
    """Per family, by (code, subject, owner): the points that stop `origin` from raising a point.

    That is the active or withdrawn points of `origin`, and the active points of other origins
    (the unique constraints are per owner, whatever the origin). The rule engine's points have
    no owner, so its sync reads only ownerless points.
    """
    out: dict[int, dict[Key, AttentionPoint]] = {}
    own = Q(origin=origin, status__in=[*ACTIVE_STATUSES, PointStatus.WITHDRAWN])
    blocking = Q(status__in=ACTIVE_STATUSES) & ~Q(origin=origin)
    points = AttentionPoint.objects.filter(Q(family__in=families), own | blocking)
    if origin == PointOrigin.RULE:
        points = points.filter(recorded_by_organisation__isnull=True)
    for point in points.order_by("id"):
        per_family = out.setdefault(point.family_id, {})
        key = _key(point.code, point.subject, point.recorded_by_organisation_id)
        current = per_family.get(key)
        if current is None or (
            current.status == PointStatus.WITHDRAWN and point.status in ACTIVE_STATUSES
        ):
            per_family[key] = point
    return out


def attention_sync_family(
    *, family: Family, points, origin: str, as_of: datetime.date, organisation_for=None
) -> EvaluationCount:
    """Make the stored points of one origin (e.g. intake) match `points`, idempotently.

    `points` have code, person (member key or None), sensitivity, facts and optionally
    responsible (no sentences: a reason is rendered from the facts when it is shown);
    `organisation_for(point)` names the owning organisation (the one that recorded the data),
    or None for a point shared by all. A stored point of this origin whose (code, subject,
    owner) is not among `points` is closed.
    """
    with transaction.atomic():
        stored = _active_and_withdrawn([family], origin).get(family.pk, {})
        return _store(family, points, stored, as_of, origin, organisation_for)


def _store(
    family: Family, active, stored, as_of: datetime.date, origin=PointOrigin.RULE, owner=None
) -> EvaluationCount:
    count = EvaluationCount(families=1)
    persons = None
    seen = set()
    for point in active:
        subject = point.person or ""
        organisation = owner(point) if owner else None
        key = _key(point.code, subject, organisation.pk if organisation else None)
        seen.add(key)
        existing = stored.get(key)
        if existing is not None:
            _refresh_facts(existing, point.facts, origin)
            continue
        if persons is None:
            persons = {p.key: p for p in family.members.all()}
        created, new = _create_or_existing(
            family=family,
            person=persons.get(point.person) if point.person else None,
            subject=subject,
            code=point.code,
            origin=origin,
            sensitivity=point.sensitivity,
            responsible_type=getattr(point, "responsible", "") or "",
            recorded_by_organisation=organisation,
            facts=_jsonable(point.facts),
            raised_on=as_of,
        )
        if not new:  # raised at the same moment by a concurrent evaluation
            continue
        AttentionPointStatusChange.objects.create(
            point=created, status=PointStatus.OPEN, as_of=as_of
        )
        count.raised += 1
    for key, point in stored.items():
        if key in seen or point.status != PointStatus.OPEN or point.origin != origin:
            continue
        point.status = PointStatus.RESOLVED
        point.closed_on = as_of
        point.save(update_fields=["status", "closed_on"])
        AttentionPointStatusChange.objects.create(
            point=point,
            status=PointStatus.RESOLVED,
            as_of=as_of,
            note=AUTO_CLOSE_NOTE_EN.format(date=as_of.isoformat()),
        )
        count.closed += 1
    return count


def _refresh_facts(point: AttentionPoint, facts, origin: str) -> None:
    """A point that still holds quotes the data as it is now: after a correction (an arrival
    moved from 20-11 to 22-11) its facts, and so its reason, follow the corrected data."""
    facts = _jsonable(facts)
    if point.origin == origin and point.status in ACTIVE_STATUSES and point.facts != facts:
        point.facts = facts
        point.save(update_fields=["facts"])


def _active_point(*, family, code: str, subject: str, owner) -> AttentionPoint | None:
    """The active point of one owner (None: the shared one) for a code and subject, locked."""
    return (
        AttentionPoint.objects.select_for_update()
        .filter(
            family=family,
            code=code,
            subject=subject,
            recorded_by_organisation=owner,
            status__in=ACTIVE_STATUSES,
        )
        .order_by("id")
        .first()
    )


def _create_or_existing(**fields) -> tuple[AttentionPoint, bool]:
    """Insert a point in a savepoint, or, if an active point of the same code, subject and owner
    was inserted at the same moment (its unique constraint), read that one back: (point, created).
    Only a point of the same owner can collide, so nothing here depends on another
    organisation's points."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return AttentionPoint.objects.create(**fields), True
        except IntegrityError:
            existing = _active_point(
                family=fields["family"],
                code=fields["code"],
                subject=fields["subject"],
                owner=fields["recorded_by_organisation"],
            )
            if existing is not None:
                return existing, False
    raise IntegrityError("attention point: no active point after a unique violation")


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def attention_point_set_status(
    *, point: AttentionPoint, status: str, acting_user, as_of: datetime.date, note: str = ""
) -> AttentionPoint:
    """A person claims, resolves or withdraws a point; the history records who and when."""
    if status not in PointStatus.values or status == PointStatus.OPEN:
        raise ValueError(f"unknown target status {status!r}")
    with transaction.atomic():
        point = AttentionPoint.objects.select_for_update().get(pk=point.pk)
        if status == PointStatus.CLAIMED and point.status not in ACTIVE_STATUSES:
            # Reopening a closed point could collide with the owner's newer active point.
            raise ValidationError(_("A closed attention point cannot be claimed."))
        point.status = status
        if status == PointStatus.CLAIMED:
            point.claimed_by = acting_user
        else:
            point.closed_on = as_of
        point.save(update_fields=["status", "claimed_by", "closed_on"])
        AttentionPointStatusChange.objects.create(
            point=point, status=status, as_of=as_of, by=acting_user, note=note
        )
    return point


#: Attention codes a professional records by hand (factors.md §4).
MANUAL_CODES = ("DOMESTIC_VIOLENCE_CONCERN",)
#: Between the notes of a point its organisation recorded more than once.
NOTE_SEPARATOR = "\n\n"


def attention_point_record_manual(
    *,
    family: Family,
    person,
    code: str,
    note: str,
    acting_user,
    organisation,
    as_of,
    named_users=(),
) -> AttentionPoint:
    """A professional records a concern. DOMESTIC_VIOLENCE_CONCERN is confidential: only the
    recording organisation, Veilig Thuis and the people named here see it (factors.md §4).

    Idempotent per organisation: if the organisation already has an active point of this code
    for the person, the note is added to it (and the named people) and that point is returned.
    Another organisation's point of the same code is a separate point and changes nothing.
    """
    if code not in MANUAL_CODES:
        raise ValidationError("This attention point cannot be recorded by hand.")
    if not note.strip():
        raise ValidationError("Describe what you observed.")
    rule = active_ruleset().attention[code]
    note = note.strip()
    subject = person.key if person else ""
    with transaction.atomic():
        # The organisation's own active point of this code, if any: recording again adds to it.
        # Another organisation's point is never looked at, so it changes nothing here.
        point = _active_point(family=family, code=code, subject=subject, owner=organisation)
        created = False
        if point is None:
            point, created = _create_or_existing(
                family=family,
                person=person,
                subject=subject,
                code=code,
                origin=PointOrigin.MANUAL,
                sensitivity=rule.sensitivity,
                responsible_type=rule.responsible_for(minor=False),
                note=note,
                raised_on=as_of,
                recorded_by_organisation=organisation,
            )
        if created:
            point.named_users.set(named_users)
            AttentionPointStatusChange.objects.create(
                point=point, status=PointStatus.OPEN, as_of=as_of, by=acting_user
            )
        else:
            notes = point.note.split(NOTE_SEPARATOR) if point.note else []
            if note not in notes:
                point.note = NOTE_SEPARATOR.join([*notes, note])
            # Recorded by hand now: the intake sync no longer closes it automatically.
            point.origin = PointOrigin.MANUAL
            point.save(update_fields=["note", "origin"])
            point.named_users.add(*named_users)
        audit_record(
            actor=Actor.of(acting_user),
            action=Action.CREATE if created else Action.UPDATE,
            family_id=family.pk,
            person_id=person.pk if person else None,
            category=rule.sensitivity,
            detail=code,
        )
    return point
