"""Write audit events, in the caller's transaction, chained by SHA-256."""

from __future__ import annotations

import datetime
import getpass
import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .context import audit_via, current_via, set_via
from .models import AuditEvent, AuditHead

__all__ = [
    "Actor",
    "audit_record",
    "audit_via",
    "chain_hash",
    "current_via",
    "operator",
    "set_via",
]

GENESIS = "0" * 64

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
)


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


def chain_hash(prev_hash: str, fields: dict) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def event_fields(event: AuditEvent) -> dict:
    values = {name: getattr(event, name) for name in CHAINED_FIELDS}
    values["at"] = event.at.astimezone(datetime.UTC).isoformat()
    return values


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
) -> AuditEvent:
    """Append one event. Call inside the transaction of the work it records, so both commit or
    neither does. `detail` must never hold personal data (codes and counts only)."""
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, last_id=0, last_hash=GENESIS)
            head = AuditHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            at=timezone.now(),
            actor_id=actor.id,
            actor=actor.name,
            organisation_id=actor.organisation_id,
            organisation=actor.organisation,
            municipality=actor.municipality,
            family_id=family_id,
            person_id=person_id,
            category=category,
            action=action,
            purpose=purpose[:200],
            via=via or current_via(),
            detail=detail[:200],
            prev_hash=head.last_hash,
        )
        event.hash = chain_hash(head.last_hash, event_fields(event))
        event.save()
        head.last_id, head.last_hash = event.pk, event.hash
        head.save(update_fields=["last_id", "last_hash"])
    return event
