from django.contrib import admin
from django.utils.html import format_html

from apps.applicants.admin import application_label
from apps.applicants.selectors import applications_visible_to
from apps.core.admin import NamedObjectMixin, ReadOnlyAdmin

from .models import RecommendationForm, RecommendingUnit
from .services import create_unit, update_unit


@admin.register(RecommendingUnit)
class RecommendingUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "is_active")
    list_filter = ("kind", "region", "is_active")
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        if change:
            update_unit(obj, by=request.user, fields=form.changed_data)
        else:
            create_unit(obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # units are deactivated, never deleted: applications and audit entries refer to them


@admin.register(RecommendationForm)
class RecommendationFormAdmin(NamedObjectMixin, ReadOnlyAdmin):
    """View-only: the office follows renderings (the failed ones above all) of the applications it sees.

    No file from here: a form is downloaded from its application's page (the access policy)."""

    list_display = ("application_name", "status", "attempts", "created_at", "finished_at", "short_error")
    list_filter = ("status",)
    search_fields = ("application__applicant__display_name", "application__full_name")
    list_select_related = ("application__applicant", "application__round")
    fields = ("application_name", "status", "attempts", "input_hash", "size", "sha256", "error",
              "requested_by", "created_at", "published_at", "started_at", "finished_at", "application_page")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(application__in=applications_visible_to(request.user).values("pk"))

    def object_label(self, obj):
        return f"{application_label(obj.application)} · 推荐表"

    @admin.display(description="申报")
    def application_name(self, obj):
        return application_label(obj.application)

    @admin.display(description="错误信息")
    def short_error(self, obj):
        return obj.error[:60]

    @admin.display(description="查看与下载")
    def application_page(self, obj):
        return format_html('<a href="{}">申报页面的推荐表</a>', obj.application.get_absolute_url())
