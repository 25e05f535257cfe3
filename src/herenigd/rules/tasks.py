"""Scheduled and background evaluation (Celery; inline when no broker is configured).

After every change the family is evaluated once its transaction commits (the fast path). The
change also marked the family as needing evaluation in that transaction (families/changes.py),
so if the evaluation after commit fails or never runs (the process died), `evaluate_pending`
(Celery beat, `herenigd evaluate --pending`) and the daily `evaluate_all` pick the family up.
"""

import datetime
import logging

from celery import shared_task
from django.db import transaction

from herenigd import clock
from herenigd.families.changes import evaluation_due_summary
from herenigd.families.models import Family

from .services import (
    EvaluationCount,
    attention_evaluate_all,
    attention_evaluate_families,
    attention_evaluate_pending,
)

logger = logging.getLogger(__name__)
#: A mark older than this was missed by the evaluation after commit (not merely queued).
MISSED_AFTER = datetime.timedelta(minutes=10)


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
    """Daily: time passes, so points appear and lapse without any change to the data. Evaluating
    every family also clears every "needs evaluation" mark."""
    log_pending("evaluate_all", now=clock.now())
    log_failed(attention_evaluate_all(as_of=clock.today()))


@shared_task
def evaluate_pending() -> None:
    """Often (Celery beat): the families changed but not evaluated since, e.g. because the
    process died between the commit of a change and its evaluation."""
    if log_pending("evaluate_pending", now=clock.now()):
        log_failed(attention_evaluate_pending(as_of=clock.today()))


def log_pending(job: str, *, now: datetime.datetime) -> int:
    """Log the marked families, as a warning when a mark is older than MISSED_AFTER at `now`
    (the evaluation after commit missed it); returns how many there are."""
    due = evaluation_due_summary()
    if due.families:
        missed = due.oldest < now - MISSED_AFTER
        logger.log(
            logging.WARNING if missed else logging.INFO,
            "%s: %d families need evaluation (changed and not evaluated since %s)",
            job,
            due.families,
            due.oldest.isoformat(),
        )
    return due.families


def log_failed(count: EvaluationCount) -> None:
    if count.failed:
        logger.error(
            "%d families could not be evaluated and stay pending (ids %s)",
            len(count.failed),
            ", ".join(map(str, count.failed)),
        )
