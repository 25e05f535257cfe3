from django.contrib import admin

from herenigd.procedure.models import TimelineEvent

from .models import Contact, Family, Person


class PersonInline(admin.StackedInline):
    model = Person
    extra = 0


class TimelineEventInline(admin.TabularInline):
    model = TimelineEvent
    extra = 0
    raw_id_fields = ["person", "recorded_by"]
    fields = ["date", "type", "person", "outcome", "route", "destination", "suitable", "topic"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fk_name = "family"
    raw_id_fields = ["person", "via", "interpreter_member", "recorded_by"]


@admin.register(Family)
class FamilyAdmin(admin.ModelAdmin):
    list_display = ["reference", "municipality", "updated_at"]
    list_filter = ["municipality"]
    search_fields = ["reference"]
    inlines = [PersonInline, TimelineEventInline, ContactInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["key", "role", "family", "nationality", "location"]
    list_filter = ["role", "location", "nationality", "family__municipality"]
    raw_id_fields = ["family"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["date", "family", "person", "direct", "interpreter"]
    raw_id_fields = ["family", "person", "via", "interpreter_member", "recorded_by"]
