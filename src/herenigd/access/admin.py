from django.contrib import admin

from herenigd.families.admin import AuditedAdmin

from .models import Consent, Involvement, Professional


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation"]
    list_filter = ["role", "organisation__municipality"]


@admin.register(Involvement)
class InvolvementAdmin(AuditedAdmin):
    list_display = ["organisation", "family", "person", "started_on", "ended_on"]
    list_filter = ["organisation__type", "organisation__municipality"]
    raw_id_fields = ["family", "person", "created_by"]


@admin.register(Consent)
class ConsentAdmin(AuditedAdmin):
    list_display = ["person", "organisation", "category", "given_on", "withdrawn_at"]
    raw_id_fields = ["person", "recorded_by"]
