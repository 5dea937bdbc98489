from django.contrib import admin

from . import policy
from .models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that shows rows and never adds, edits or deletes them: those rows change only through services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is never edited or deleted, not even by a superuser."""

    list_display = ("seq", "created_at", "actor_repr", "action", "object_type", "object_repr", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("action", "object_repr", "actor_repr", "object_id")
    date_hierarchy = "created_at"
    list_select_related = ("actor",)
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def get_queryset(self, request):
        # The office reads here only what it may read elsewhere: entries about an object whose model has an
        # access policy (applications) are limited to the objects the policy lets this user see. The change
        # view fetches through this queryset too, so an entry outside the scope "does not exist".
        return policy.audit_entries_visible(super().get_queryset(request), request.user)
