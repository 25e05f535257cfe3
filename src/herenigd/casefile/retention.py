"""Retention and minimisation: after social guidance ended plus the retention period, a family's
identities are removed; what statistics need (roles, sex, birth year, nationality, languages,
event types and dates, attention codes) survives (AVG art. 5(1)(e); docs/privacy.md)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Max, Q

from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record
from herenigd.families.models import Contact, Family, Person
from herenigd.timeline.models import TimelineEvent
from herenigd.timeline.vocab import EventType

ANONYMISED = "[geanonimiseerd]"


def families_due_for_anonymisation(*, as_of: datetime.date, retention_days: int):
    """Families whose latest `guidance_ended` lies at least `retention_days` before `as_of` and
    whose guidance did not start again after it."""
    cutoff = as_of - datetime.timedelta(days=retention_days)
    ended = (
        Family.objects.filter(anonymised_on__isnull=True)
        .annotate(
            last_end=Max("events__date", filter=Q(events__type=EventType.GUIDANCE_ENDED)),
            last_start=Max("events__date", filter=Q(events__type=EventType.GUIDANCE_STARTED)),
        )
        .filter(last_end__lte=cutoff)
        .filter(Q(last_start__isnull=True) | Q(last_start__lte=F("last_end")))
    )
    return ended.order_by("id")


def family_anonymise(*, family: Family, as_of: datetime.date, actor: Actor) -> Family:
    with transaction.atomic():
        persons = list(family.members.all())
        for person in persons:
            person.given_name = ""
            person.family_name = ""
            person.bsn = ""
            if person.birth_date is not None:
                person.birth_date = datetime.date(person.birth_date.year, 7, 1)
                person.birth_date_precision = "year"
        Person.objects.bulk_update(
            persons,
            ["given_name", "family_name", "bsn", "birth_date", "birth_date_precision"],
        )
        TimelineEvent.objects.filter(family=family).update(note="", address="", source="")
        Contact.objects.filter(family=family).update(topic="")
        family.attention_points.update(note=ANONYMISED, facts={})
        for person in persons:
            account = getattr(person, "account", None)
            if account is not None:
                account.user.is_active = False
                account.user.save(update_fields=["is_active"])
                account.delete()
        family.reference = f"ANON-{family.pk}"
        family.anonymised_on = as_of
        family.save(update_fields=["reference", "anonymised_on", "updated_at"])
        audit_record(actor=actor, action=Action.ANONYMISE, family_id=family.pk)
    return family


def anonymise_due(*, as_of: datetime.date, retention_days: int, actor: Actor) -> int:
    count = 0
    for family in families_due_for_anonymisation(as_of=as_of, retention_days=retention_days):
        family_anonymise(family=family, as_of=as_of, actor=actor)
        count += 1
    return count
