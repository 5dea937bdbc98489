from django.contrib import admin

from . import services
from .models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """The holiday calendar: the office adds next year's holidays and in-lieu days, or corrects one.
    Every save and delete goes through the audited services."""

    list_display = ("date", "kind", "name", "source")
    list_filter = ("kind", "source")
    date_hierarchy = "date"
    search_fields = ("name",)
    fields = ("date", "kind", "name")

    def save_model(self, request, obj, form, change):
        moved_from = form.initial.get("date") if change else None
        if moved_from and moved_from != obj.date:  # a corrected date: the old one is an ordinary day again
            services.remove_calendar_day(CalendarDay.objects.get(pk=obj.pk), by=request.user)
        saved = services.set_calendar_day(by=request.user, date=obj.date, kind=obj.kind, name=obj.name)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.remove_calendar_day(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            services.remove_calendar_day(day, by=request.user)
