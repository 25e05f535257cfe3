"""User accounts of professionals in the admin (docs/privacy.md 'What the admin may show').

A family member's own account (MemberAccount) is personal data of that member: it is not listed,
shown or changed here."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from herenigd.access.admin import ManagementAdmin
from herenigd.access.models import Professional

User = get_user_model()


class ProfessionalInline(admin.StackedInline):
    model = Professional
    extra = 0
    max_num = 1
    can_delete = False


class ProfessionalUserAdmin(ManagementAdmin, UserAdmin):
    inlines = [ProfessionalInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_superuser"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(member_account__isnull=True)


# Replaces django.contrib.auth's UserAdmin (auth comes before accounts in INSTALLED_APPS).
admin.site.unregister(User)
admin.site.register(User, ProfessionalUserAdmin)
