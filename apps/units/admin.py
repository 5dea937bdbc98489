from django.contrib import admin

from .models import RecommendingUnit
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
