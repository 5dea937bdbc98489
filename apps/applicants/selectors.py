"""Named queries for applications, each scoped to what a user may see."""
from django.db.models import Count
from django.http import Http404

from apps.core import events, policy
from apps.core.selectors import history_of

from . import history, permissions
from .enums import ApplicationStatus
from .models import Application


def _base():
    return Application.objects.select_related("round", "unit", "applicant")


def applications_visible_to(user):
    """Every application `user` may see: the access policy's branches (`permissions.py`), no per-row check."""
    return policy.visible(_base(), user)


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


def application_history(application, user):
    """The timeline `user` may read on the application's page, newest first (`events.TimelineItem`s).

    Whitelisted per viewer role (`history.py`): events no app registered never show.
    """
    role = permissions.acting_role(user, application)
    return events.timeline(history_of(application), role=role, actor_label=history.actor_label_for(role, application))


def get_application_for(user, pk):
    """The application `pk` if `user` may see it; 404 otherwise (existence is not revealed)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    # The scoped queryset is the per-object check: the same policy as the lists, in the same query.
    application = applications_visible_to(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application
