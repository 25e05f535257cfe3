from django.contrib import admin

from herenigd.families.admin import ReevaluatesFamily

from .models import TimelineEvent


@admin.register(TimelineEvent)
class TimelineEventAdmin(ReevaluatesFamily):
    list_display = ["date", "type", "family", "person"]
    list_filter = ["type", "family__municipality"]
    raw_id_fields = ["family", "person", "recorded_by"]
    date_hierarchy = "date"
