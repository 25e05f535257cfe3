from django.contrib import admin

from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record
from herenigd.procedure.models import TimelineEvent

from .bundles import family_changed
from .models import Contact, Family, Person


class AuditedAdmin(admin.ModelAdmin):
    """Personal data in the admin: only superusers (technical administrators) get these
    screens at all, and every list or record they open is audited (via=admin)."""

    audit_category = "admin"

    def has_module_permission(self, request):
        return request.user.is_superuser

    def _audit(self, request, family_id=None, detail=""):
        audit_record(
            actor=Actor.of(request.user),
            action=Action.READ,
            family_id=family_id,
            category=self.audit_category,
            detail=f"{self.model._meta.label_lower}{detail}",
        )

    def changelist_view(self, request, extra_context=None):
        self._audit(request, detail=":list")
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            family_id = obj.pk if isinstance(obj, Family) else getattr(obj, "family_id", None)
            self._audit(request, family_id=family_id)
        return super().change_view(request, object_id, form_url, extra_context)


class ReevaluatesFamily(AuditedAdmin):
    """Changes made in the admin re-evaluate the family, like every other way in."""

    def _family_id(self, obj) -> int:
        return obj.pk if isinstance(obj, Family) else obj.family_id

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        family_changed(family_id=self._family_id(obj))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        family_changed(family_id=self._family_id(form.instance))

    def delete_model(self, request, obj):
        family_id = self._family_id(obj)
        super().delete_model(request, obj)
        if not isinstance(obj, Family):
            family_changed(family_id=family_id)


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
class FamilyAdmin(ReevaluatesFamily):
    list_display = ["reference", "municipality", "updated_at"]
    list_filter = ["municipality"]
    search_fields = ["reference"]
    inlines = [PersonInline, TimelineEventInline, ContactInline]


@admin.register(Person)
class PersonAdmin(ReevaluatesFamily):
    list_display = ["key", "role", "family", "nationality", "location"]
    list_filter = ["role", "location", "nationality", "family__municipality"]
    raw_id_fields = ["family"]


@admin.register(Contact)
class ContactAdmin(ReevaluatesFamily):
    list_display = ["date", "family", "person", "direct", "interpreter"]
    raw_id_fields = ["family", "person", "via", "interpreter_member", "recorded_by"]
