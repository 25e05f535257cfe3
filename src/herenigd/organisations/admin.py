from django.contrib import admin

from herenigd.access.admin import ManagementAdmin

from .models import Municipality, Organisation


@admin.register(Municipality)
class MunicipalityAdmin(ManagementAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(ManagementAdmin):
    list_display = ["name", "type", "municipality"]
    list_filter = ["type", "municipality"]
    search_fields = ["name"]
