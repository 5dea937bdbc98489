"""Named queries for applications, each scoped to what a user may see."""
from django.db.models import Count
from django.http import Http404

from apps.core import events, policy
from apps.core.selectors import history_of

from . import history, permissions
from .enums import SETBACK_STATUSES, TRANSITIONS, ApplicationStatus
from .models import Application


def _base():
    return Application.objects.select_related("round", "unit", "applicant")


def applications_visible_to(user):
    """Every application `user` may see: the access policy's branches (`permissions.py`), no per-row check."""
    return policy.visible(_base(), user)


# What a list of applications shows (includes/application_table.html, the desks): a row's columns and
# the names of its applicant, round and unit. Not the applicant's encrypted phone (a decryption a row).
LIST_FIELDS = (
    "id", "status", "employer_name", "submitted_at", "forwarded_at", "unit_rank", "round_id", "unit_id", "applicant_id",
    "round__id", "round__year", "round__title", "round__status",
    "unit__id", "unit__name", "unit__kind",
    "applicant__id", "applicant__username", "applicant__display_name",
)


def listed(queryset, *, with_round=True, with_unit=True):
    """`queryset` narrowed to the columns a list shows (LIST_FIELDS): rows for a table, not for an edit.

    A table that hides the year or unit column (a unit's desk, the office's list of one round) passes
    `with_round=False` / `with_unit=False`: no join and no object for it in each row.
    """
    related = ["applicant", *(["round"] if with_round else []), *(["unit"] if with_unit else [])]
    fields = [
        field for field in LIST_FIELDS
        if (with_round or not field.startswith("round__")) and (with_unit or not field.startswith("unit__"))
    ]
    return queryset.select_related(None).select_related(*related).only(*fields)


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


# --- Desks: what each role must do next ------------------------------------------------------

# What is waiting, said from the side of whoever must act on an application in this status.
TODO_LABELS = {
    ApplicationStatus.DRAFT: "份草稿待提交",
    ApplicationStatus.RETURNED: "份申报已退回，待修改后重新提交",
    ApplicationStatus.SUBMITTED: "份申报待审核推荐",
    ApplicationStatus.FORWARDED: "份推荐材料待形式审查",
    ApplicationStatus.FORMAL_PASSED: "人待提交专家评审",
    ApplicationStatus.UNDER_REVIEW: "人专家评审中，待列入建议名单",
    ApplicationStatus.PROPOSED: "人列入建议名单，待党组审议",
    ApplicationStatus.APPROVED: "人党组审议通过，待列入公示",
    ApplicationStatus.IN_PUBLICITY: "人公示中，待公布或处理异议",
}


def statuses_awaiting(role, round):
    """The statuses from which `role` has a forward (non-setback) move in `round`'s current phase, in table order."""
    if round is None:
        return []
    waiting = []
    for (source, target), move in TRANSITIONS.items():
        if move.actor == role and round.status in move.round_statuses and target not in SETBACK_STATUSES and not move.setback:
            if source not in waiting:
                waiting.append(source)
    return waiting


def todo_rows(role, round, status_rows):
    """[(status, label, count)] of what `role` must act on now, from `status_counts` rows (no query)."""
    counts = dict(status_rows)
    return [(status, TODO_LABELS[status], counts.get(status, 0)) for status in statuses_awaiting(role, round)]


def office_applications(user, round, *, unit=None, status=None):
    """The forwarded applications of `round` the office `user` sees, filtered by unit and status, in unit order."""
    queryset = applications_visible_to(user).filter(round=round)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("unit__kind", "unit__region", "unit__name", "unit_rank", "forwarded_at", "pk")
