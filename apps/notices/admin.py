from django.contrib import admin, messages

from apps.core.admin import ReadOnlyAdmin

from .kinds import KIND_TEXTS, NoticeKind
from .models import FailedNotice, Notice, NoticeTemplate
from .services import retry_failed_notices, update_notice_template


def kind_label(kind):
    return NoticeKind(kind).label if kind in NoticeKind.values else "其他通知"


class KindFilter(admin.SimpleListFilter):
    title = "类别"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return NoticeKind.choices

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class DeliveryFilter(admin.SimpleListFilter):
    title = "发送状态"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("sent", "已发送"), ("waiting", "待发送"), ("failed", "发送失败")]

    def queryset(self, request, queryset):
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "waiting":
            return queryset.filter(sent_at__isnull=True, failed_at__isnull=True)
        if self.value() == "failed":
            return queryset.filter(failed_at__isnull=False)
        return queryset


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """Read-only. Notices are personal: only the superuser has this section (ROLE_PERMISSIONS gives staff none)."""

    list_display = ("subject", "recipient", "kind_display", "created_at", "sent_at", "attempts", "failed_at", "read_at")
    list_filter = (DeliveryFilter, KindFilter)
    list_select_related = ("recipient",)
    search_fields = ("subject", "recipient__display_name")

    @admin.display(description="类别", ordering="kind")
    def kind_display(self, notice):
        return kind_label(notice.kind)


@admin.register(FailedNotice)
class FailedNoticeAdmin(ReadOnlyAdmin):
    """Notices that reached the attempt cap: whom to reach another way, or to retry once the address is fixed."""

    list_display = ("subject", "recipient", "kind_display", "attempts", "last_error", "failed_at")
    list_filter = (KindFilter,)
    list_select_related = ("recipient",)
    search_fields = ("subject", "recipient__display_name")
    fields = ("recipient", "kind_display", "subject", "attempts", "last_error", "created_at", "failed_at")
    readonly_fields = fields
    actions = ["retry"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(failed_at__isnull=False)

    @admin.display(description="类别", ordering="kind")
    def kind_display(self, notice):
        return kind_label(notice.kind)

    @admin.action(description="重新发送所选通知", permissions=["view"])
    def retry(self, request, queryset):
        count = retry_failed_notices(queryset, by=request.user)
        self.message_user(request, f"已重新排队 {count} 条通知。", messages.SUCCESS)


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin):
    """The texts of each kind of notice. Kinds are fixed in code: templates are edited, never added or deleted."""

    list_display = ("__str__", "subject", "updated_at")
    fields = ("kind", "placeholders", "subject", "body")
    readonly_fields = ("kind", "placeholders")

    @admin.display(description="可用占位符")
    def placeholders(self, obj):
        texts = KIND_TEXTS.get(obj.kind)
        if texts is None:
            return "（无）"
        return "；".join(f"{{{name}}}：{meaning}" for name, meaning in texts.placeholders.items())

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        update_notice_template(obj, by=request.user, fields=form.changed_data)
