"""Reads of the audit trail: chain verification and 'who saw my data'."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Action, AuditEvent, AuditHead
from .services import GENESIS, chain_hash, event_fields


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    problem: str = ""


def audit_verify_chain(*, batch_size: int = 5000) -> ChainReport:
    """Recompute every hash in order; name the first event whose content or link is broken."""
    prev = GENESIS
    checked = 0
    last_id = 0
    queryset = AuditEvent.objects.order_by("id")
    while True:
        batch = list(queryset.filter(id__gt=last_id)[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != prev:
                return ChainReport(False, checked, event.pk, "link to the previous event broken")
            if chain_hash(prev, event_fields(event)) != event.hash:
                return ChainReport(False, checked, event.pk, "content changed after it was written")
            prev, last_id = event.hash, event.pk
            checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_id, head.last_hash) != (last_id, prev):
        return ChainReport(False, checked, head.last_id, "events after this one were removed")
    return ChainReport(True, checked)


def audit_who_saw_person(*, person_id: int) -> list[AuditEvent]:
    """Every access to one person's data by someone, newest first (for the person and the
    regisseur)."""
    return list(
        AuditEvent.objects.filter(person_id=person_id)
        .exclude(action__in=[Action.LOGIN, Action.LOGIN_FAILED, Action.LOGOUT])
        .order_by("-id")
    )
