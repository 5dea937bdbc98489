from django.contrib import admin, messages

from apps.core.exceptions import DomainError

from .enums import ROUND_TRANSITIONS
from .models import Indicator, Round
from .services import advance_round, create_round, update_indicator, update_round_settings


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ("position", "power", "name", "description", "weight", "max_score")
    readonly_fields = ("position", "power", "name", "description")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("year", "__str__", "status", "national_target", "recommend_deadline", "publicity_start", "publicity_end")
    list_filter = ("status",)
    readonly_fields = ("status",)
    inlines = [IndicatorInline]
    actions = ["advance_to_next_phase"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

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

    @admin.action(description="推进到下一阶段")
    def advance_to_next_phase(self, request, queryset):
        for round in queryset:
            next_statuses = ROUND_TRANSITIONS.get(round.status, set())
            if not next_statuses:
                self.message_user(request, f"{round}已是最后阶段。", messages.WARNING)
                continue
            try:
                round = advance_round(round, next(iter(next_statuses)), by=request.user)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, f"{round}已进入“{round.get_status_display()}”阶段。")
