"""The keyed audit trail (docs/decisions/0002-audit-trail.md): per-event HMAC, sealed HMAC chain,
subjects as JSON with a per-person index, and a head with its own MAC.

Existing events keep their content; each gets its subjects and MAC (with HERENIGD_AUDIT_KEY) and
is sealed into the new chain by the next `herenigd verify-audit` or sealing task. Run
`herenigd verify-audit` with the previous release before migrating: the old SHA-256 chain is not
carried over.
"""

import datetime

from django.conf import settings
from django.db import migrations, models

from herenigd.audit.keyed import event_mac

FIELDS = (
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


def _categories(category):
    return ",".join(sorted({c.strip() for c in category.split(",") if c.strip()}))


def key_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditSubject = apps.get_model("audit", "AuditSubject")
    AuditHead = apps.get_model("audit", "AuditHead")
    AuditHead.objects.all().delete()  # the old SHA-256 head; the sealer starts a new one
    key = settings.HERENIGD_AUDIT_KEY
    last = 0
    while batch := list(AuditEvent.objects.filter(id__gt=last).order_by("id")[:2000]):
        subjects = []
        for event in batch:
            if event.family_id or event.person_id:
                event.subjects = [[event.family_id, event.person_id, _categories(event.category)]]
            else:
                event.subjects = []
            values = {name: getattr(event, name) for name in FIELDS}
            values["at"] = event.at.astimezone(datetime.UTC).isoformat()
            values["subjects"] = event.subjects
            event.mac = event_mac(key, values)
            subjects += [
                AuditSubject(event_id=event.pk, family_id=f, person_id=p, categories=c)
                for f, p, c in event.subjects
            ]
            last = event.pk
        AuditEvent.objects.bulk_update(batch, ["subjects", "mac"])
        AuditSubject.objects.bulk_create(subjects)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_category_length")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="subjects",
            field=models.JSONField(blank=True, default=list, verbose_name="data subjects"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="mac",
            field=models.CharField(default="", max_length=64, verbose_name="MAC"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(
                blank=True, null=True, unique=True, verbose_name="sequence number"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.CharField(blank=True, max_length=64, verbose_name="chain value"),
        ),
        migrations.CreateModel(
            name="AuditSubject",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("event_id", models.BigIntegerField(db_index=True, verbose_name="audit event id")),
                (
                    "family_id",
                    models.BigIntegerField(
                        blank=True, db_index=True, null=True, verbose_name="family id"
                    ),
                ),
                (
                    "person_id",
                    models.BigIntegerField(
                        blank=True, db_index=True, null=True, verbose_name="person id"
                    ),
                ),
                (
                    "categories",
                    models.CharField(blank=True, max_length=200, verbose_name="data categories"),
                ),
            ],
            options={
                "verbose_name": "audit data subject",
                "verbose_name_plural": "audit data subjects",
                "ordering": ["event_id", "id"],
            },
        ),
        migrations.RemoveField(model_name="audithead", name="last_hash"),
        migrations.AddField(
            model_name="audithead",
            name="last_seq",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="audithead",
            name="last_chain",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="audithead",
            name="mac",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(key_existing_events, migrations.RunPython.noop),
        migrations.RemoveField(model_name="auditevent", name="prev_hash"),
        migrations.RemoveField(model_name="auditevent", name="hash"),
    ]
