"""Scheduled sealing of the audit trail (Celery beat; `herenigd verify-audit` seals too)."""

from celery import shared_task

from .services import audit_seal


@shared_task
def seal_audit_trail() -> int:
    """Every few minutes: give new events their place in the chain. A sealer still running
    elsewhere is left to finish (no waiting); a broken head raises, so the task fails loudly."""
    return audit_seal(wait=False)
