from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin

from . import selectors
from .models import Application


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """View only: applications change through their services and pages, never by direct edits."""

    list_display = ("__str__", "applicant", "unit", "status", "submitted_at")
    list_filter = ("round", "status", "unit__kind")
    list_select_related = ("round", "unit", "applicant")
    search_fields = ("applicant__display_name", "employer_name", "unit__name")

    def get_queryset(self, request):
        # The office sees applications from forwarding on, in the admin as on its pages.
        return selectors.applications_visible_to(request.user)
