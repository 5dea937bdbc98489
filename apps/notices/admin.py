from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin

from .models import Notice

# The kinds queue_notice is called with, in words (a kind not listed shows as 其他通知).
KIND_LABELS = {
    "application.status": "申报状态变更",
    "application.unit_review": "待推荐单位审核",
}


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """Read-only. Notices are personal: only the superuser has this section (ROLE_PERMISSIONS gives staff none)."""

    list_display = ("subject", "recipient", "kind_display", "created_at", "sent_at", "read_at")
    list_select_related = ("recipient",)
    search_fields = ("subject", "recipient__display_name")

    @admin.display(description="类别", ordering="kind")
    def kind_display(self, notice):
        return KIND_LABELS.get(notice.kind, "其他通知")
