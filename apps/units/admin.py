from django.contrib import admin

from .models import RecommendingUnit


@admin.register(RecommendingUnit)
class RecommendingUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "is_active")
    list_filter = ("kind", "region", "is_active")
    search_fields = ("name",)
