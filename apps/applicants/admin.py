from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from apps.core import audit_display, events
from apps.accounts.roles import Role
from apps.core.admin import NamedObjectMixin, ReadOnlyAdmin
from apps.core.exceptions import DomainError
from apps.core.selectors import history_of
from apps.rounds.enums import RoundStatus

from . import profile, selectors
from .enums import ACTION_LABELS, SETBACK_STATUSES, TRANSITIONS, ApplicationStatus
from .models import Application, Consent
from .services import set_application_status

# The office's moves, in the order of the status table: each is an admin action with a confirmation page.
# A move with a named action (formal review) is made on its own page, never from the admin's list.
OFFICE_MOVES = {}
for (_from, _to), _move in TRANSITIONS.items():
    if _move.actor == Role.PROGRAMME_STAFF and not _move.action:
        OFFICE_MOVES.setdefault(_to, _move)


def application_label(application):
    """Who and which year, never the row's id: 王建国（2026年度申报）."""
    name = application.applicant.display_name or application.applicant.username
    return f"{name}（{application.round.year}年度申报）"


PROFILE_FIELDSET = (
    "full_name", "gender", "birth_date", "masked_resident_id", "masked_mobile", "email", "industry", "region", "post",
    "frontline_years", "skill_level", "competition_placings", "titles_held", "profile_page",
)


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
        # The ID and mobile numbers masked: the office reads them whole on the profile page, audited.
        ("申报人基本信息", {"fields": PROFILE_FIELDSET}),
        ("状态", {"fields": ("status", "status_reason", "submitted_at", "forwarded_at", "unit_rank", "working_page")}),
        ("办理记录", {"fields": ("timeline",)}),
    )
    readonly_fields = (
        "applicant_name", "round_display", "unit", "employer_name", "employer_credit_code", *PROFILE_FIELDSET,
        "status", "status_reason", "submitted_at", "forwarded_at", "unit_rank", "working_page", "timeline",
    )

    def get_actions(self, request):
        actions = super().get_actions(request)
        for to in OFFICE_MOVES:
            name = f"move_to_{to}"
            actions[name] = (_move_action(to), name, f"{ACTION_LABELS[to]}（需确认）")
        return actions

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

    @admin.display(description="居民身份证号码")
    def masked_resident_id(self, application):
        return profile.masked_profile(application)["resident_id"] or audit_display.EMPTY

    @admin.display(description="手机号码")
    def masked_mobile(self, application):
        return profile.masked_profile(application)["mobile"] or audit_display.EMPTY

    @admin.display(description="完整号码")
    def profile_page(self, application):
        url = reverse("applicants:profile", args=[application.pk])
        return format_html('<a href="{}">在基本信息页查看（将记录在案）</a>', url)

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
                events.display_label(entry.action),
                audit_display.actor_name(entry),
                "；".join(f"{label}：{text}" for label, text in audit_display.data_rows(entry) if text != audit_display.EMPTY),
            )
            for entry in entries
        )
        row = '<li><time>{}</time> <strong>{}</strong> · {} <span class="timeline-detail">{}</span></li>'
        rows = format_html_join("", row, items)
        return format_html('<ol class="timeline">{}</ol>', rows)


def _move_action(to):
    """The admin action for the office's move to `to`: the first POST shows what will happen, the
    confirmation (confirm=yes, with the reason where the move needs one) calls set_application_status
    once per application; each succeeds or is refused on its own, and the page says which."""

    def action(model_admin, request, queryset):
        applications = list(queryset.select_related("round", "applicant", "unit"))
        if request.POST.get("confirm") == "yes":
            reason = request.POST.get("reason", "").strip()
            if not (OFFICE_MOVES[to].reason_required and not reason):
                return _apply_move(model_admin, request, applications, to, reason)
            model_admin.message_user(request, f"办理“{ACTION_LABELS[to]}”须填写理由。", messages.ERROR)
        return _confirmation_page(model_admin, request, applications, to)

    action.__name__ = f"move_to_{to}"
    return action


def _confirmation_page(model_admin, request, applications, to):
    move = OFFICE_MOVES[to]
    ready = [application for application in applications if (application.status, to) in TRANSITIONS]
    skipped = [application for application in applications if application not in ready]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"确认办理：{ACTION_LABELS[to]}",
        "subtitle": None,
        "action_name": f"move_to_{to}",
        "action_label": ACTION_LABELS[to],
        "to_label": ApplicationStatus(to).label,
        "is_setback": to in SETBACK_STATUSES,
        "reason_required": move.reason_required,
        "phases": "、".join(f"“{RoundStatus(status).label}”" for status in RoundStatus if status in move.round_statuses),
        "ready": [(application, application_label(application)) for application in ready],
        "skipped": [(application_label(application), application.get_status_display()) for application in skipped],
        "selected": applications,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "reason": request.POST.get("reason", ""),
    }
    return TemplateResponse(request, "admin/applicants/application/move_confirmation.html", context)


def _apply_move(model_admin, request, applications, to, reason):
    done, refused = [], []
    for application in applications:
        try:
            set_application_status(application, to, by=request.user, reason=reason)
        except DomainError as error:
            refused.append(f"{application_label(application)}：{error.message}")
        except PermissionDenied:
            refused.append(f"{application_label(application)}：您无权办理此操作。")
        else:
            done.append(application)
    if done:
        model_admin.message_user(request, f"已对 {len(done)} 份申报办理“{ACTION_LABELS[to]}”。", messages.SUCCESS)
    for line in refused:
        model_admin.message_user(request, f"未办理：{line}", messages.ERROR)
    return None


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    """View only: consents are recorded by the registration and application services, never edited."""

    list_display = ("user", "purpose", "policy_version", "accepted_at")
    list_filter = ("purpose", "policy_version")
    list_select_related = ("user",)
    search_fields = ("user__display_name", "user__username")
    fields = ("user", "purpose", "policy_version", "accepted_at", "ip_address")
    readonly_fields = fields


from . import admin_evidence  # noqa: E402,F401  (statement answers and evidence files)
