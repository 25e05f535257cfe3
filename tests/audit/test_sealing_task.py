"""The sealer runs on a schedule (Celery beat) as well as from `herenigd verify-audit`."""

import pytest
from django.conf import settings

from herenigd.audit.models import Action, AuditEvent
from herenigd.audit.services import SYSTEM, audit_record
from herenigd.audit.tasks import seal_audit_trail

pytestmark = pytest.mark.django_db


def test_the_beat_schedule_seals_the_audit_trail():
    entry = settings.CELERY_BEAT_SCHEDULE["seal-audit-trail"]
    assert entry["task"] == seal_audit_trail.name
    audit_record(actor=SYSTEM, action=Action.LOGIN_FAILED)
    assert seal_audit_trail.delay().get() == 1
    assert AuditEvent.objects.get().seq == 1
