"""View-only admin of statement answers, evidence files and referees, within the office's scope of applications.

No file content and no answer text in the lists; a file is downloaded through its application's
evidence page (the access policy), never from the admin.
"""
from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html

from apps.core.admin import NamedObjectMixin, ReadOnlyAdmin

from . import selectors
from .admin import application_label
from .models import EvidenceFile, Referee, StatementAnswer


class _InOfficeScope:
    list_select_related = ("application__applicant", "application__round", "indicator")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(application__in=selectors.applications_visible_to(request.user).values("pk"))

    @admin.display(description="申报")
    def application_name(self, obj):
        return application_label(obj.application)


@admin.register(StatementAnswer)
class StatementAnswerAdmin(_InOfficeScope, NamedObjectMixin, ReadOnlyAdmin):
    list_display = ("application_name", "indicator", "length", "version", "updated_at")
    list_filter = ("indicator__power",)
    search_fields = ("application__applicant__display_name",)
    fields = ("application_name", "indicator", "text", "version", "created_at", "updated_at")
    readonly_fields = fields

    def object_label(self, obj):
        return f"{application_label(obj.application)} · {obj.indicator}"

    @admin.display(description="字数")
    def length(self, obj):
        return len(obj.text)


@admin.register(EvidenceFile)
class EvidenceFileAdmin(_InOfficeScope, NamedObjectMixin, ReadOnlyAdmin):
    list_display = ("display_name", "application_name", "indicator", "content_type", "size_display", "created_at")
    list_filter = ("content_type", "indicator__power")
    search_fields = ("display_name", "application__applicant__display_name", "sha256")
    fields = ("display_name", "application_name", "indicator", "content_type", "size_display", "sha256", "uploaded_by", "created_at", "evidence_page")
    readonly_fields = fields

    def object_label(self, obj):
        return f"{obj.display_name}（{application_label(obj.application)}）"

    @admin.display(description="大小")
    def size_display(self, obj):
        return filesizeformat(obj.size)

    @admin.display(description="查看与下载")
    def evidence_page(self, obj):
        return format_html('<a href="{}">申报的支撑材料页面</a>', reverse("applicants:evidence", args=[obj.application_id]))


@admin.register(Referee)
class RefereeAdmin(_InOfficeScope, NamedObjectMixin, ReadOnlyAdmin):
    """The referees of the applications in the office's scope. Never the link's digest; the letter is downloaded
    from the application's referee page (the access policy)."""

    list_select_related = ("application__applicant", "application__round")
    list_display = ("name", "slot", "application_name", "title", "employer_name", "status", "confirmed_at")
    list_filter = ("status", "title")
    search_fields = ("name", "employer_name", "employer_credit_code", "application__applicant__display_name")
    fields = (
        "application_name", "slot", "name", "email", "title", "employer_name", "employer_credit_code", "relationship", "status",
        "sent_at", "send_count", "token_expires_at", "confirmed_at", "replaced_at", "letter_name", "letter_size", "letter_sha256", "referee_page",
    )
    readonly_fields = fields

    def object_label(self, obj):
        return f"{obj}（{application_label(obj.application)}）"

    @admin.display(description="查看与下载")
    def referee_page(self, obj):
        return format_html('<a href="{}">申报的推荐专家页面</a>', reverse("applicants:referees", args=[obj.application_id]))
