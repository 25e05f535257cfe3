"""Write audit events, and seal them into the keyed chain (docs/decisions/0002-audit-trail.md).

An event is written with an HMAC of its content and no lock at all, so readers never wait for each
other. Within a web or API request every read is collected and written as ONE event at the end of
the request, per purpose, naming every data subject it showed (and indexed per person in
AuditSubject). The sealer (`audit_seal`) alone takes the head lock: it gives unsealed events their
place in the HMAC chain.
"""

from __future__ import annotations

import datetime
import getpass
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .context import audit_via, collecting_reads, current_reads, current_via, set_via
from .keyed import GENESIS, chain_link, event_mac, head_mac, same
from .models import Action, AuditEvent, AuditHead, AuditPurpose, AuditSubject

__all__ = [
    "GENESIS",
    "Actor",
    "AuditChainBroken",
    "audit_reads_per_request",
    "audit_record",
    "audit_seal",
    "audit_via",
    "current_via",
    "operator",
    "set_via",
]

CHAINED_FIELDS = (
    "at",
    "actor_id",
    "actor",
    "organisation_id",
    "organisation",
    "municipality",
    "family_id",
    "person_id",
    "category",
    "action",
    "purpose",
    "via",
    "detail",
    "subjects",
)


class AuditChainBroken(Exception):
    """The sealer found the head missing or changed; `herenigd verify-audit` names the break."""


@dataclass(frozen=True)
class Actor:
    """Who acts: a user with their organisation, or the system (CLI operator, scheduled task)."""

    id: int | None
    name: str
    organisation_id: int | None = None
    organisation: str = ""
    municipality: str = ""

    @classmethod
    def of(cls, user) -> Actor:
        if user is None or not getattr(user, "is_authenticated", False):
            return SYSTEM
        professional = getattr(user, "professional", None) if user.pk else None
        if professional is None:
            return cls(user.pk, user.get_username())
        org = professional.organisation
        return cls(user.pk, user.get_username(), org.pk, org.name, org.municipality.code)


SYSTEM = Actor(None, "system")


def operator() -> Actor:
    """The person at the server's command line (CLI commands run outside any web login)."""
    return Actor(None, f"operator:{getpass.getuser()}")


def audit_key() -> str:
    return settings.HERENIGD_AUDIT_KEY


def event_fields(event: AuditEvent) -> dict:
    values = {name: getattr(event, name) for name in CHAINED_FIELDS}
    values["at"] = event.at.astimezone(datetime.UTC).isoformat()
    values["subjects"] = canonical_subjects(event.subjects)
    return values


def _categories(category: str) -> str:
    return ",".join(sorted({c.strip() for c in category.split(",") if c.strip()}))


def canonical_subjects(subjects) -> list[list]:
    """Sorted [family_id, person_id or None, "a,b"] triples: one order for the MAC and the index."""
    rows = [[f, p, _categories(c)] for f, p, c in subjects]
    return sorted(rows, key=lambda r: (r[0] is not None, r[0] or 0, r[1] is not None, r[1] or 0))


def audit_purpose(purpose: str) -> str:
    """Only the server's vocabulary (AuditPurpose) or empty; anything else is a programming error
    (a purpose taken from a request), refused before anything is written."""
    if not purpose:
        return ""
    if purpose not in AuditPurpose.values:
        raise ValueError("unknown audit purpose; use herenigd.audit.models.AuditPurpose")
    return str(purpose)


def audit_record(
    *,
    actor: Actor,
    action: str,
    family_id: int | None = None,
    person_id: int | None = None,
    category: str = "",
    purpose: str = "",
    detail: str = "",
    via: str | None = None,
) -> AuditEvent | None:
    """Record one access. Non-reads (and reads outside a request) are written at once, inside the
    caller's transaction, so both commit or neither does. Reads during a request are collected and
    written as one event per purpose when the request ends (returns None then). `detail` must
    never hold personal data (codes and counts only)."""
    purpose = audit_purpose(purpose)
    via = via or current_via()
    collector = current_reads()
    if action == Action.READ and collector is not None:
        collector.add(actor, purpose, via, family_id, person_id, category, detail)
        return None
    subjects = [[family_id, person_id, category]] if family_id or person_id else []
    return _write(
        at=timezone.now(),
        actor=actor,
        action=action,
        family_id=family_id,
        person_id=person_id,
        category=category,
        purpose=purpose,
        via=via,
        detail=detail,
        subjects=subjects,
    )


def _write(
    *, at, actor: Actor, action, family_id, person_id, category, purpose, via, detail, subjects
) -> AuditEvent:
    event = AuditEvent(
        at=at,
        actor_id=actor.id,
        actor=actor.name,
        organisation_id=actor.organisation_id,
        organisation=actor.organisation,
        municipality=actor.municipality,
        family_id=family_id,
        person_id=person_id,
        category=category[:200],
        action=action,
        purpose=purpose,
        via=via,
        detail=detail[:200],
        subjects=canonical_subjects(subjects),
    )
    event.mac = event_mac(audit_key(), event_fields(event))
    with transaction.atomic():
        event.save()
        AuditSubject.objects.bulk_create(
            AuditSubject(event_id=event.pk, family_id=f, person_id=p, categories=c)
            for f, p, c in event.subjects
        )
    return event


@dataclass
class _ReadGroup:
    at: datetime.datetime
    subjects: dict[tuple, set[str]] = field(default_factory=dict)
    details: set[str] = field(default_factory=set)


class ReadCollector:
    """The reads of one request, merged per (actor, purpose, door)."""

    def __init__(self) -> None:
        self.groups: dict[tuple, _ReadGroup] = {}

    def add(self, actor, purpose, via, family_id, person_id, category, detail) -> None:
        group = self.groups.setdefault((actor, purpose, via), _ReadGroup(at=timezone.now()))
        categories = group.subjects.setdefault((family_id, person_id), set())
        categories.update(c.strip() for c in category.split(",") if c.strip())
        if detail:
            group.details.add(detail)

    def flush(self) -> list[AuditEvent]:
        if not self.groups:
            return []
        events = []
        with transaction.atomic():
            for (actor, purpose, via), group in self.groups.items():
                subjects = [
                    [f, p, ",".join(sorted(c))]
                    for (f, p), c in group.subjects.items()
                    if f is not None or p is not None
                ]
                families = {f for (f, _p) in group.subjects}
                people = [p for (_f, p) in group.subjects]
                events.append(
                    _write(
                        at=group.at,
                        actor=actor,
                        action=Action.READ,
                        family_id=next(iter(families)) if len(families) == 1 else None,
                        person_id=people[0] if len(people) == 1 else None,
                        category=",".join(sorted(set().union(*group.subjects.values()))),
                        purpose=purpose,
                        via=via,
                        detail=",".join(sorted(group.details)),
                        subjects=subjects,
                    )
                )
        self.groups.clear()
        return events


@contextmanager
def audit_reads_per_request():
    """Collect the reads of one request and write them when it ends, in their own short
    transaction, also when the response is an error. Should writing fail, the exception reaches
    the caller (the request ends in a 500 instead of showing data that was not audited)."""
    collector = ReadCollector()
    try:
        with collecting_reads(collector):
            yield collector
    finally:
        collector.flush()


def audit_seal(*, batch_size: int = 1000, wait: bool = True) -> int:
    """Give every unsealed event, in id order, the next place in the chain and move the head.

    Only the sealer locks the head; writers never do. An event committed late (a lower id after
    a higher one was sealed) simply gets the next place. With wait=False a sealer already running
    elsewhere is left to do the work (PostgreSQL). Returns the number of events sealed; raises
    AuditChainBroken when the head is missing (while sealed events exist) or was changed.
    """
    key = audit_key()
    sealed = 0
    while True:
        with transaction.atomic():
            head = _locked_head(key, wait=wait)
            if head is None:
                return sealed
            pending = list(
                AuditEvent.objects.filter(seq__isnull=True)
                .order_by("id")
                .values_list("id", "mac")[:batch_size]
            )
            if not pending:
                return sealed
            seq, chain = head.last_seq, head.last_chain
            for pk, mac in pending:
                seq += 1
                chain = chain_link(key, chain, seq, pk, mac)
                if AuditEvent.objects.all()._seal(pk, seq=seq, chain=chain) != 1:
                    raise AuditChainBroken(f"event #{pk} was sealed by someone else")
            head.last_seq, head.last_id, head.last_chain = seq, pending[-1][0], chain
            head.mac = head_mac(key, head.last_seq, head.last_id, head.last_chain)
            head.save()
            sealed += len(pending)


def _locked_head(key: str, *, wait: bool) -> AuditHead | None:
    heads = AuditHead.objects.select_for_update(skip_locked=not wait).filter(pk=1)
    head = heads.first()
    if head is None:
        if AuditHead.objects.filter(pk=1).exists():
            return None  # locked by another sealer (wait=False)
        if AuditEvent.objects.filter(seq__isnull=False).exists():
            raise AuditChainBroken("the chain head is missing")
        try:
            with transaction.atomic():
                AuditHead.objects.create(
                    pk=1,
                    last_seq=0,
                    last_id=0,
                    last_chain=GENESIS,
                    mac=head_mac(key, 0, 0, GENESIS),
                )
        except IntegrityError:
            pass  # another sealer created it just now
        head = AuditHead.objects.select_for_update().get(pk=1)
    if not same(head.mac, head_mac(key, head.last_seq, head.last_id, head.last_chain)):
        raise AuditChainBroken("the chain head was changed")
    return head
