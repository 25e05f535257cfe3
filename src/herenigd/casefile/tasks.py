from celery import shared_task
from django.conf import settings

from herenigd import clock
from herenigd.audit.services import SYSTEM
from herenigd.casefile.retention import anonymise_due


@shared_task
def anonymise_due_families() -> int:
    return anonymise_due(
        as_of=clock.today(), retention_days=settings.HERENIGD_RETENTION_DAYS, actor=SYSTEM
    )
