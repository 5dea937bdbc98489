from django.contrib import admin

from apps.core import policy

from .models import Cultivation


@admin.register(Cultivation)
class CultivationAdmin(admin.ModelAdmin):
    """Read-only: cultivation records are created by publication (apps.publicity.publication.publish_round)
    and changed only by the cultivation services (issue 13), never by editing a row."""

    list_display = ("application", "round", "started_on", "ends_on", "status")
    list_filter = ("status", "round__year")
    search_fields = ("application__full_name",)
    list_select_related = ("application__applicant", "application__round", "round")
    fields = ("application", "round", "started_on", "ends_on", "status", "created_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return policy.visible(super().get_queryset(request), request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
