from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from carershub.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    ordering = ("full_name",)
    list_display = ("full_name", "email", "organisation", "is_active", "last_login")
    list_filter = ("organisation", "groups", "is_active")
    search_fields = ("full_name", "email")
    list_select_related = ("organisation",)
    readonly_fields = ("last_login", "date_joined", "is_demo_account")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title", "organisation")}),
        ("Roles and access", {"fields": ("is_active", "groups", "is_staff", "is_superuser", "is_demo_account")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "organisation", "groups")}),)
