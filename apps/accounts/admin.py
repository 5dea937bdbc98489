from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from apps.core.exceptions import DomainError

from .models import User
from .services import set_user_active


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Accounts, read-only except whether they are active; that one edit goes through set_user_active.

    Accounts are created by services and commands, not here. Role, unit and the admin flags change
    only through accounts.services, which keep object permissions and the audit log in step. A plain
    ModelAdmin rather than django.contrib.auth's UserAdmin: that one brings an add form and a page
    that sets another user's password, neither of which is audited.
    """

    list_display = ("name", "username", "role", "unit", "is_active", "last_login")
    list_display_links = ("name",)
    list_filter = ("role", "is_active", "is_staff")
    list_select_related = ("unit",)
    search_fields = ("username", "display_name", "email")
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("个人信息", {"fields": ("display_name", "email", "phone_masked")}),
        ("角色", {"fields": ("role", "unit", "is_active", "is_staff", "is_superuser")}),
        ("时间", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = (
        "username", "display_name", "email", "phone_masked", "role", "unit", "is_staff", "is_superuser",
        "last_login", "date_joined",
    )

    @admin.display(description="姓名", ordering="display_name")
    def name(self, user):
        return user.display_name or user.username

    @admin.display(description="手机号码（已脱敏）")
    def phone_masked(self, user):
        return user.masked_phone or "—"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, never deleted: the audit trail refers to them

    def lookup_allowed(self, lookup, value, request):
        # As django.contrib.auth's UserAdmin: no filtering on the password hash from the URL.
        return not lookup.startswith("password") and super().lookup_allowed(lookup, value, request)

    def save_model(self, request, obj, form, change):
        # The form holds is_active only; the service re-reads the row, checks who asks, and audits.
        set_user_active(obj, by=request.user, active=form.cleaned_data["is_active"])

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            # Raised inside the admin's transaction, so nothing was saved or logged.
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
