from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from apps.accounts.roles import Role, is_expert
from apps.core.fragments import cached_parts, render_body
from apps.notices.selectors import unread_count_column
from apps.rounds.selectors import current_round, deadlines_for, round_phases


@login_required
def dashboard(request):
    """The expert's desk. Panels and assignments arrive with the expert-review issue; until then it is empty.

    The body is cached per user (apps/core/fragments.py) under the round's version; whatever the desk
    comes to list (assignments, scores) must join that version, read in the round's query.
    """
    if not is_expert(request.user):
        raise PermissionDenied
    round = current_round(columns=[unread_count_column(request.user)])
    version = (round.pk, round.updated_at) if round else None
    if round:
        request.unread_notice_count = round.unread_notice_count
    body = cached_parts(request, "reviews:dashboard", version=version, render=lambda: {"body": _body(request, round)})
    return render(request, "reviews/dashboard.html", body)


def _body(request, round):
    context = {
        "round": round,
        "assignments": [],
        "phases": round_phases(round),
        "deadlines": deadlines_for(round, Role.EXPERT),
    }
    return render_body("reviews/dashboard_body.html", context, request)
