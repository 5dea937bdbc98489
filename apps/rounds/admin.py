from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from apps.core.admin import ReadOnlyAdmin
from apps.core.exceptions import DomainError

from . import readiness
from .enums import RoundStatus
from .readiness import next_phase
from .models import Indicator, Quota, Round
from .quotas import QUOTAS_EDITABLE, SCHEME_FIELDS
from .services import advance_round, create_round, update_indicator, update_round_settings


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ("position", "power", "name", "description", "weight", "max_score")
    readonly_fields = ("position", "power", "name", "description")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


QUOTA_SCHEME_FIELDS = SCHEME_FIELDS


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    """Rounds: settings and indicator weights edit through their services; a phase change is never
    one click: the action and the button both lead to a confirmation page that says what will
    happen (per unit, what is still unsubmitted or unforwarded), and only its POST calls advance_round."""

    list_display = ("year", "__str__", "status", "national_target", "recommend_deadline", "publicity_start", "publicity_end")
    list_display_links = ("year", "__str__")
    list_filter = ("status",)
    # The quota scheme (factor weights, ratio, minimum) shows here but changes only through its service,
    # which freezes it with the quotas once recommending ends; the admin form does not write it.
    # The review settings (experts per candidate, the aggregation rule) show here too; their page and its
    # guards (no change of N after the draw, of the rule after scoring) come with the review pages.
    readonly_fields = ("status", *QUOTA_SCHEME_FIELDS, "quotas_confirmed_at", "experts_per_candidate", "aggregation_rule")
    inlines = [IndicatorInline]
    actions = ["advance_to_next_phase"]

    def get_readonly_fields(self, request, obj=None):
        # The national target sets the places to apportion: frozen with the quotas (update_round_settings
        # refuses it then), so the form does not offer it.
        frozen = obj is not None and obj.status not in QUOTAS_EDITABLE
        return (*self.readonly_fields, "national_target") if frozen else self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/advance/", self.admin_site.admin_view(self.advance_view), name="%s_%s_advance" % info),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if change:
            update_round_settings(obj, by=request.user, fields=form.changed_data)
        else:
            create_round(obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        # Indicator weights change through the service, so every change is audited with old and new.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for indicator_form in formset.forms:
            if indicator_form.has_changed():
                indicator = update_indicator(
                    indicator_form.instance,
                    by=request.user,
                    weight=indicator_form.cleaned_data["weight"],
                    max_score=indicator_form.cleaned_data["max_score"],
                )
                formset.changed_objects.append((indicator, indicator_form.changed_data))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        round = self.get_object(request, object_id) if object_id else None
        if round is not None:
            extra_context = {
                **(extra_context or {}),
                "next_phase": RoundStatus(next_phase(round)).label if next_phase(round) else None,
                "advance_url": reverse("admin:rounds_round_advance", args=[round.pk]),
                "applications_url": reverse("admin:applicants_application_changelist") + f"?round__id__exact={round.pk}",
                "desk_url": reverse("rounds:dashboard"),
                "quotas_url": reverse("rounds:quotas", args=[round.pk]),
                "settings_url": reverse("rounds:round-settings", args=[round.pk]),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.action(description="推进到下一阶段（需确认）")
    def advance_to_next_phase(self, request, queryset):
        rounds = list(queryset[:2])
        if len(rounds) != 1:
            self.message_user(request, "请每次只选择一个遴选年度推进阶段。", messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:rounds_round_advance", args=[rounds[0].pk]))

    def advance_view(self, request, object_id):
        """GET: what moving to the next phase will do. POST (the confirmation): advance_round."""
        round = self.get_object(request, object_id)
        if round is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, round):
            raise PermissionDenied
        change_url = reverse("admin:rounds_round_change", args=[round.pk])
        if request.method == "POST":
            return self._advance(request, round, request.POST.get("to", ""), change_url)
        check = readiness.phase_check(round)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": round,
            "title": f"确认推进阶段：{round}",
            "subtitle": None,
            "round": round,
            "current": round.get_status_display(),
            "to": check.to,
            "to_label": check.to.label if check.to else None,
            "consequence": check.consequence,
            "check": check,
            "unit_counts": check.unit_counts,
            "change_url": change_url,
            "desk_url": reverse("rounds:dashboard"),
            "desk_advance_url": reverse("rounds:advance", args=[round.pk]),
        }
        return TemplateResponse(request, "admin/rounds/round/advance_confirmation.html", context)

    def _advance(self, request, round, to, change_url):
        if to not in RoundStatus.values:
            self.message_user(request, "请从确认页面提交阶段变更。", messages.ERROR)
            return HttpResponseRedirect(change_url)
        try:
            round = advance_round(round, to, by=request.user)
        except DomainError as error:
            # The page was stale (someone advanced it meanwhile) or a precondition of the move said no.
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, f"{round}已进入“{round.get_status_display()}”阶段。", messages.SUCCESS)
        return HttpResponseRedirect(change_url)



@admin.register(Quota)
class QuotaAdmin(ReadOnlyAdmin):
    """Quotas, read only: they change through allocate_quotas and override_quota (audited), never by hand here."""

    view_on_site = False  # the quota's page is its unit's desk (`get_absolute_url`), not the office's
    list_display = ("round_year", "unit", "places", "computed_places", "is_overridden_display", "override_reason")
    list_display_links = ("unit",)
    list_filter = ("round",)
    list_select_related = ("round", "unit")
    search_fields = ("unit__name",)
    ordering = ("-round__year", "unit__kind", "unit__region", "unit__name")

    @admin.display(description="年度", ordering="round__year")
    def round_year(self, obj):
        return obj.round.year

    @admin.display(description="已调整", boolean=True)
    def is_overridden_display(self, obj):
        return obj.is_overridden
