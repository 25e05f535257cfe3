from django.contrib import admin

from herenigd.families.admin import AuditedAdmin

from .models import AttentionPoint


@admin.register(AttentionPoint)
class AttentionPointAdmin(AuditedAdmin):
    list_display = ["code", "family", "subject", "status", "sensitivity", "raised_on"]
    list_filter = ["status", "sensitivity", "code"]
    raw_id_fields = ["family", "person", "claimed_by", "recorded_by_organisation"]
    readonly_fields = ["reason_nl", "reason_en", "facts"]
