from django.contrib import admin
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from apps.core import audit_display, events
from apps.core.admin import NamedObjectMixin, ReadOnlyAdmin
from apps.core.selectors import history_of

from . import selectors
from .models import Application


def application_label(application):
    """Who and which year, never the row's id: 王建国（2026年度申报）."""
    name = application.applicant.display_name or application.applicant.username
    return f"{name}（{application.round.year}年度申报）"


@admin.register(Application)
class ApplicationAdmin(NamedObjectMixin, ReadOnlyAdmin):
    """View only: applications change through their services and pages, never by direct edits.

    The page shows the status and the timeline from the audit trail; the office's working page
    (with its action buttons) is one link away.
    """

    list_display = ("applicant_name", "round_display", "unit", "status", "submitted_at", "forwarded_at")
    list_display_links = ("applicant_name",)
    list_filter = ("round", "status", "unit__kind")
    list_select_related = ("round", "unit", "applicant")
    search_fields = ("applicant__display_name", "employer_name", "unit__name")
    fieldsets = (
        ("申报", {"fields": ("applicant_name", "round_display", "unit", "employer_name", "employer_credit_code")}),
        ("状态", {"fields": ("status", "status_reason", "submitted_at", "forwarded_at", "unit_rank", "working_page")}),
        ("办理记录", {"fields": ("timeline",)}),
    )
    readonly_fields = (
        "applicant_name", "round_display", "unit", "employer_name", "employer_credit_code",
        "status", "status_reason", "submitted_at", "forwarded_at", "unit_rank", "working_page", "timeline",
    )

    def get_queryset(self, request):
        # The office sees applications from forwarding on, in the admin as on its pages.
        return selectors.applications_visible_to(request.user)

    def audit_object_labels(self, ids):
        """{id: label} for the audit list (apps.core.admin.object_labels): one query."""
        pks = [int(pk) for pk in ids if str(pk).isdigit()]
        applications = Application.objects.select_related("round", "applicant").filter(pk__in=pks)
        return {str(application.pk): application_label(application) for application in applications}

    def object_label(self, application):
        return application_label(application)

    @admin.display(description="申报人", ordering="applicant__display_name")
    def applicant_name(self, application):
        return application.applicant.display_name or application.applicant.username

    @admin.display(description="遴选年度", ordering="round__year")
    def round_display(self, application):
        return str(application.round)

    @admin.display(description="工作页面")
    def working_page(self, application):
        url = reverse("applicants:detail", args=[application.pk])
        return format_html('<a href="{}">在申报详情页办理</a>', url)

    @admin.display(description="时间线")
    def timeline(self, application):
        entries = history_of(application)
        if not entries:
            return audit_display.EMPTY
        items = (
            (
                date_format(localtime(entry.created_at), "Y-m-d H:i"),
                events.label_for(entry.action),
                audit_display.actor_name(entry),
                "；".join(f"{label}：{text}" for label, text in audit_display.data_rows(entry) if text != audit_display.EMPTY),
            )
            for entry in entries
        )
        rows = format_html_join("", "<li><time>{}</time> <strong>{}</strong> · {} <span class=\"timeline-detail\">{}</span></li>", items)
        return format_html('<ol class="timeline">{}</ol>', rows)
