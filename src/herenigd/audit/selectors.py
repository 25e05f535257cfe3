"""Reads of the audit trail: verification of the keyed chain and 'who saw my data'."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from .keyed import GENESIS, chain_link, event_mac, head_mac, same
from .models import Action, AuditEvent, AuditHead, AuditPurpose, AuditSubject, Via
from .services import audit_key, canonical_subjects, event_fields


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    problem: str = ""


def audit_verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Check every event's MAC and subject index, the sealed events' chain in order, and the head;
    name the first event where it is broken. Call services.audit_seal() first to cover the
    events written since the last sealing (`herenigd verify-audit` does)."""
    key = audit_key()
    checked = 0
    prev, expected, last_id = GENESIS, 1, None

    sealed = AuditEvent.objects.filter(seq__isnull=False).order_by("seq")
    last_seq = 0
    while batch := list(sealed.filter(seq__gt=last_seq)[:batch_size]):
        index = _index(batch)
        for event in batch:
            if event.seq != expected:
                return ChainReport(False, checked, event.pk, "an event before this one is missing")
            if problem := _content_problem(key, event, index):
                return ChainReport(False, checked, event.pk, problem)
            if not same(chain_link(key, prev, event.seq, event.pk, event.mac), event.chain):
                return ChainReport(False, checked, event.pk, "link to the previous event broken")
            prev, last_id, last_seq = event.chain, event.pk, event.seq
            expected += 1
            checked += 1

    unsealed = AuditEvent.objects.filter(seq__isnull=True).order_by("id")
    after = 0
    while batch := list(unsealed.filter(id__gt=after)[:batch_size]):
        index = _index(batch)
        for event in batch:
            if problem := _content_problem(key, event, index):
                return ChainReport(False, checked, event.pk, problem)
            after = event.pk
            checked += 1

    orphan = (
        AuditSubject.objects.exclude(event_id__in=AuditEvent.objects.values("id"))
        .order_by("event_id")
        .first()
    )
    if orphan is not None:
        return ChainReport(False, checked, orphan.event_id, "index row of a missing event")

    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        if last_seq:
            return ChainReport(False, checked, last_id, "the chain head is missing")
        return ChainReport(True, checked)
    if not same(head.mac, head_mac(key, head.last_seq, head.last_id, head.last_chain)):
        return ChainReport(False, checked, last_id, "the chain head was changed")
    if head.last_seq > last_seq:
        return ChainReport(
            False, checked, last_id or head.last_id, "events after this one were removed"
        )
    if (head.last_seq, head.last_id, head.last_chain) != (last_seq, last_id or 0, prev):
        return ChainReport(
            False, checked, head.last_id, "the chain head does not match the last sealed event"
        )
    return ChainReport(True, checked)


def _index(batch: list[AuditEvent]) -> dict[int, list[list]]:
    rows = defaultdict(list)
    for row in AuditSubject.objects.filter(event_id__in=[e.pk for e in batch]):
        rows[row.event_id].append([row.family_id, row.person_id, row.categories])
    return rows


def _content_problem(key: str, event: AuditEvent, index: dict[int, list[list]]) -> str:
    if not same(event_mac(key, event_fields(event)), event.mac):
        return "content changed after it was written"
    if canonical_subjects(index.get(event.pk, [])) != canonical_subjects(event.subjects):
        return "its index of data subjects was changed"
    return ""


_HIDDEN = [Action.LOGIN, Action.LOGIN_FAILED, Action.LOGOUT]


@dataclass(frozen=True)
class WhoSawEntry:
    """One access to one person's data. `category` holds the categories ("a,b") of THIS person
    in the event, not those of the others it showed."""

    event_id: int
    at: datetime.datetime
    actor: str
    organisation: str
    action: str
    category: str
    purpose: str
    via: str
    family_id: int | None
    person_id: int | None

    @property
    def break_glass(self) -> bool:
        return self.purpose == AuditPurpose.BREAK_THE_GLASS

    def get_action_display(self) -> str:
        return dict(Action.choices).get(self.action, self.action)

    def get_via_display(self) -> str:
        return dict(Via.choices).get(self.via, self.via)

    def get_purpose_display(self) -> str:
        return dict(AuditPurpose.choices).get(self.purpose, self.purpose)


def audit_who_saw_person(
    *, person_id: int, family_id: int | None = None, limit: int | None = None
) -> list[WhoSawEntry]:
    """Every access to one person's data, newest first, from the per-person index. With
    `family_id`, accesses to the family as a whole (no person named) are included too."""
    wanted = Q(person_id=person_id)
    if family_id is not None:
        wanted |= Q(family_id=family_id, person_id__isnull=True)
    rows = AuditSubject.objects.filter(wanted).order_by("-event_id", "-id")
    if limit is not None:
        rows = rows[:limit]
    rows = list(rows.values_list("event_id", "family_id", "person_id", "categories"))
    events = AuditEvent.objects.exclude(action__in=_HIDDEN).in_bulk({r[0] for r in rows})
    return [
        WhoSawEntry(
            event_id=event.pk,
            at=event.at,
            actor=event.actor,
            organisation=event.organisation,
            action=event.action,
            category=categories,
            purpose=event.purpose,
            via=event.via,
            family_id=family,
            person_id=person,
        )
        for event_id, family, person, categories in rows
        if (event := events.get(event_id)) is not None
    ]
