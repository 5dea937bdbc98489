from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from apps.accounts.roles import Role, is_expert
from apps.core.fragments import cached_parts, render_body
from apps.notices.selectors import unread_count_column
from apps.rounds.selectors import current_round, deadlines_for, round_phases

from . import selectors


@login_required
def dashboard(request):
    """The expert's desk: their own assignments without a conflict (`selectors.assignments_of`), each with
    the state of their own sheet and how many items are scored; a constant number of queries.

    The body is cached per user (apps/core/fragments.py) under a version of the round and of every row it
    shows (each assignment, its sheet's last save and items scored): a save, a submission, a reopening, a
    withdrawal or a new assignment changes it. The rows are read on every visit; only the render is saved.
    """
    if not is_expert(request.user):
        raise PermissionDenied
    round = current_round(columns=[unread_count_column(request.user)])
    if round:
        request.unread_notice_count = round.unread_notice_count
    rows = selectors.desk_rows(request.user)
    version = (
        (round.pk, round.updated_at) if round else None,
        tuple((row.pk, row.panel_id, *_sheet_state(getattr(row, "sheet", None)), row.scored) for row in rows),
    )
    body = cached_parts(request, "reviews:dashboard", version=version, render=lambda: {"body": _body(request, round, rows)})
    return render(request, "reviews/dashboard.html", body)


def _sheet_state(sheet):
    return (None, None, None) if sheet is None else (sheet.pk, sheet.status, sheet.updated_at)


def _body(request, round, rows):
    context = {
        "round": round,
        "assignments": rows,
        "counts": selectors.desk_counts(rows),
        "phases": round_phases(round),
        "deadlines": deadlines_for(round, Role.EXPERT),
    }
    return render_body("reviews/dashboard_body.html", context, request)
