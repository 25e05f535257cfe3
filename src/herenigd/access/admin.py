"""The admin is for management, not for personal data (docs/privacy.md 'What the admin may show').

Registered here and in `organisations/admin.py` and `accounts/admin.py`: municipalities,
organisations, professionals (user, organisation, role) and involvements. The personal data of
families — Family, Person, TimelineEvent, EventRevision, Contact, AttentionPoint and its history,
IntakeResponse, Consent, plan goals and actions, family observations, member accounts — has no
admin screen at all; it is reached only through the access layer (web, API) and changed only
through the services. `tests/admin/test_admin.py` fails when such a model is registered.

An involvement names a family and possibly a member, so its screens show the family reference and
the member as id and role only (never a name, BSN or any other data of the person), and every
page of one involvement (change, history, delete) and every write is audited with the family and
the person.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, quote
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from herenigd.audit.models import Action
from herenigd.audit.services import Actor, audit_record
from herenigd.families.models import Person
from herenigd.organisations.models import Municipality, Organisation

from .models import Involvement, Professional
from .services import involvement_start

#: Models whose str() may appear on the admin's delete-confirmation pages (management data).
#: Every other object is shown as "<kind> #<id>", so a page never reveals a note, a point code
#: or a name of something that is deleted with or protects the object.
SHOWN_BY_NAME = frozenset(
    {
        "auth.group",
        "auth.user",
        "organisations.municipality",
        "organisations.organisation",
        "access.professional",
        "otp_totp.totpdevice",
    }
)


def safe_repr(obj) -> str:
    """How the admin may name an object: by name for management data, by kind and id otherwise."""
    opts = obj._meta
    if opts.label_lower in SHOWN_BY_NAME:
        return str(obj)
    return f"{opts.verbose_name} #{obj.pk}"


class ManagementAdmin(admin.ModelAdmin):
    """Base of every herenigd admin screen: superusers only; creates, changes and deletes are
    audited (via=admin); delete-confirmation pages name no personal data."""

    audit_category = "admin"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    # --- audit ---------------------------------------------------------------------------------

    def audit_subject(self, obj) -> tuple[int | None, int | None]:
        """(family id, person id) of an object, for its audit events."""
        return None, None

    def audit(self, request, action: str, obj=None, detail: str = "") -> None:
        family_id, person_id = self.audit_subject(obj) if obj is not None else (None, None)
        pk = f":{obj.pk}" if obj is not None and obj.pk is not None else ""
        audit_record(
            actor=Actor.of(request.user),
            action=action,
            family_id=family_id,
            person_id=person_id,
            category=self.audit_category,
            detail=f"{self.model._meta.label_lower}{pk}{detail}",
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.audit(request, Action.UPDATE if change else Action.CREATE, obj)

    def delete_model(self, request, obj):
        self.audit(request, Action.DELETE, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.audit(request, Action.DELETE, obj)
        super().delete_queryset(request, queryset)

    # --- no personal data on delete-confirmation pages -----------------------------------------

    def get_deleted_objects(self, objs, request):
        """Django's list of what a delete takes along or is blocked by, with `safe_repr`."""
        objs = list(objs)
        if not objs:
            return [], {}, set(), []
        collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model), origin=objs)
        collector.collect(objs)
        perms_needed = set()
        site = self.admin_site

        def format_callback(obj):
            opts = obj._meta
            label = safe_repr(obj)
            kind = capfirst(opts.verbose_name)
            if not site.is_registered(obj.__class__):
                return f"{kind}: {label}"
            if not site.get_model_admin(obj.__class__).has_delete_permission(request, obj):
                perms_needed.add(opts.verbose_name)
            try:
                url = reverse(
                    f"{site.name}:{opts.app_label}_{opts.model_name}_change", args=(quote(obj.pk),)
                )
            except NoReverseMatch:
                return f"{kind}: {label}"
            return format_html('{}: <a href="{}">{}</a>', kind, url, label)

        to_delete = collector.nested(format_callback)
        protected = [format_callback(obj) for obj in collector.protected]
        model_count = {
            model._meta.verbose_name_plural: len(items)
            for model, items in collector.model_objs.items()
        }
        return to_delete, model_count, perms_needed, protected


class ReadAuditedAdmin(ManagementAdmin):
    """For a model that refers to a family or person: every page that shows one object (change,
    history, delete confirmation) and the list are audited as reads."""

    def changelist_view(self, request, extra_context=None):
        self.audit(request, Action.READ, detail=":list")
        return super().changelist_view(request, extra_context)

    def _audited_object_view(self, request, object_id, page: str) -> None:
        obj = self.get_object(request, object_id)
        if obj is not None:
            self.audit(request, Action.READ, obj, detail=f":{page}")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._audited_object_view(request, object_id, "change")
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._audited_object_view(request, object_id, "history")
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._audited_object_view(request, object_id, "delete")
        return super().delete_view(request, object_id, extra_context)


class MemberIdWidget(ForeignKeyRawIdWidget):
    """A raw id field for a family member that shows id and role, never the member's name."""

    def label_and_url_for_value(self, value):
        try:
            person = Person.objects.only("pk", "role").get(pk=value)
        except (ValueError, TypeError, Person.DoesNotExist, ValidationError):
            return "", ""
        return member_label(person), ""


def member_label(person: Person | None) -> str:
    if person is None:
        return gettext("The whole family")
    return f"#{person.pk} ({person.get_role_display()})"


class InvolvementForm(forms.ModelForm):
    class Meta:
        model = Involvement
        fields = ["organisation", "family", "person", "started_on", "ended_on"]

    def clean(self):
        data = super().clean()
        organisation, family = data.get("organisation"), data.get("family")
        person = data.get("person")
        if organisation and family and organisation.municipality_id != family.municipality_id:
            raise ValidationError(
                _("An organisation can only work with families of its municipality.")
            )
        if person is not None and family is not None and person.family_id != family.pk:
            self.add_error("person", _("This person is not a member of this family."))
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end date lies before the start date."))
        return data


@admin.register(Involvement)
class InvolvementAdmin(ReadAuditedAdmin):
    """Which organisation works with which family (or member), from when until when. A new
    involvement is started through `involvement_start`; afterwards only its dates change."""

    audit_category = "involvement"
    form = InvolvementForm
    list_display = ["id", "organisation", "family_reference", "member", "started_on", "ended_on"]
    list_filter = ["organisation__type", "organisation__municipality"]
    list_select_related = ["organisation", "family", "person"]
    search_fields = ["family__reference", "organisation__name"]
    raw_id_fields = ["family", "person"]

    def audit_subject(self, obj):
        return obj.family_id, obj.person_id

    @admin.display(description=_("family"), ordering="family__reference")
    def family_reference(self, obj) -> str:
        return obj.family.reference

    @admin.display(description=_("person"))
    def member(self, obj) -> str:
        return member_label(obj.person)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "family", "person", "started_on", "ended_on"]
        return ["organisation", "family_reference", "member", "started_on", "ended_on"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["organisation", "family_reference", "member"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            kwargs["widget"] = MemberIdWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = involvement_start(
            organisation=obj.organisation,
            family=obj.family,
            person=obj.person,
            started_on=obj.started_on,
            ended_on=obj.ended_on,
            acting_user=request.user,
        )
        obj.pk, obj.created_by, obj.created_at = created.pk, created.created_by, created.created_at
        obj._state.adding, obj._state.db = False, created._state.db


@admin.register(Professional)
class ProfessionalAdmin(ManagementAdmin):
    list_display = ["user", "role", "organisation", "is_privacy_officer"]
    list_filter = ["role", "organisation__municipality", "is_privacy_officer"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "organisation__name"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # A family member's own account is never a professional (and is not listed here).
            kwargs["queryset"] = db_field.remote_field.model.objects.filter(
                member_account__isnull=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# The tenant and the chain organisations (registered here, not in `organisations`: the admin
# base classes live in the access layer, above the models they manage).
@admin.register(Municipality)
class MunicipalityAdmin(ManagementAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(ManagementAdmin):
    list_display = ["name", "type", "municipality"]
    list_filter = ["type", "municipality"]
    search_fields = ["name"]
