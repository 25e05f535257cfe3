"""Attention points keep codes and facts, not rendered sentences (issue 9).

The reason of a rule or intake point is rendered from its facts when it is shown, in the reader's
language. What a professional wrote by hand moves to `note`; the rendered Dutch and English
sentences go.
"""

from django.db import migrations, models


def notes_forward(apps, schema_editor):
    AttentionPoint = apps.get_model("rules", "AttentionPoint")
    AttentionPoint.objects.filter(origin="manual").update(note=models.F("reason_nl"))


def notes_backward(apps, schema_editor):
    AttentionPoint = apps.get_model("rules", "AttentionPoint")
    AttentionPoint.objects.filter(origin="manual").update(
        reason_nl=models.F("note"), reason_en=models.F("note")
    )


class Migration(migrations.Migration):
    dependencies = [("rules", "0003_attention_point_one_active_per_owner")]

    operations = [
        migrations.AddField(
            model_name="attentionpoint",
            name="note",
            field=models.TextField(
                blank=True,
                help_text="What the professional observed (points by hand).",
                verbose_name="note",
            ),
        ),
        migrations.AlterField(
            model_name="attentionpoint",
            name="reason_nl",
            field=models.TextField(blank=True, default="", verbose_name="reason (Dutch)"),
        ),
        migrations.AlterField(
            model_name="attentionpoint",
            name="reason_en",
            field=models.TextField(blank=True, default="", verbose_name="reason (English)"),
        ),
        migrations.RunPython(notes_forward, notes_backward),
        migrations.RemoveField(model_name="attentionpoint", name="reason_nl"),
        migrations.RemoveField(model_name="attentionpoint", name="reason_en"),
    ]
