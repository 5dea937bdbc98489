"""Named queries for applications, each scoped to what a user may see."""
from django.db.models import Count
from django.http import Http404

from apps.accounts.roles import is_applicant, is_programme_staff, is_unit_staff
from apps.core.selectors import history_of

from . import permissions
from .enums import ApplicationStatus
from .models import Application


def _base():
    return Application.objects.select_related("round", "unit", "applicant")


def applications_visible_to(user):
    """Every application `user` may see, by the domain's own relations (no per-row permission check)."""
    if is_programme_staff(user):
        return _base().filter(forwarded_at__isnull=False)
    if is_unit_staff(user):
        return _base().filter(unit_id=user.unit_id, submitted_at__isnull=False)
    if is_applicant(user):
        return _base().filter(applicant=user)
    return Application.objects.none()


def applications_of_applicant(user):
    return _base().filter(applicant=user).order_by("-round__year")


def applications_for_unit_review(unit, round):
    return (
        _base()
        .filter(unit=unit, round=round, submitted_at__isnull=False)
        .order_by("unit_rank", "submitted_at")
    )


def status_counts(queryset):
    """[(status, count)] in the order of the status table, for statuses present; one query."""
    rows = queryset.order_by().values("status").annotate(count=Count("pk"))
    counts = {row["status"]: row["count"] for row in rows}
    return [(status, counts[status]) for status in ApplicationStatus if status in counts]


def application_history(application):
    """The application's audit entries, newest first, each with a readable `label`."""
    entries = history_of(application)
    for entry in entries:
        event = entry.action.rsplit(".", 1)[-1]
        entry.label = ApplicationStatus(event).label if event in ApplicationStatus.values else "创建申报"
    return entries


def get_application_for(user, pk):
    """The application `pk` if `user` may see it; 404 otherwise (existence is not revealed)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    application = applications_visible_to(user).filter(pk=pk).first()
    if application is None or not permissions.can_view(user, application):
        raise Http404
    return application
