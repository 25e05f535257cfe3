"""Scheduled and background evaluation (Celery; inline when no broker is configured)."""

from celery import shared_task
from django.db import transaction

from herenigd import clock
from herenigd.families.models import Family

from .services import attention_evaluate_all, attention_evaluate_families


@shared_task
def evaluate_family(family_id: int) -> None:
    families = Family.objects.select_related("municipality").filter(pk=family_id)
    attention_evaluate_families(families=families, as_of=clock.today())


def attention_schedule_evaluation(*, family_id: int) -> None:
    """Re-evaluate a family after the current transaction commits (inline without a broker);
    subscribed to every change of a family (`families.changes`, `rules/apps.py`)."""
    transaction.on_commit(lambda: evaluate_family.delay(family_id))


@shared_task
def evaluate_all() -> None:
    """Daily: time passes, so points appear and lapse without any change to the data."""
    attention_evaluate_all(as_of=clock.today())
