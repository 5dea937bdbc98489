from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from apps.accounts.roles import Role, is_expert
from apps.rounds.selectors import current_round, deadlines_for, round_phases

from . import selectors


@login_required
def dashboard(request):
    """The expert's desk: their own assignments without a conflict (`selectors.assignments_of`), each with
    the state of their own sheet and how many items are scored; a constant number of queries."""
    if not is_expert(request.user):
        raise PermissionDenied
    round = current_round()
    rows = selectors.desk_rows(request.user)
    context = {
        "round": round,
        "assignments": rows,
        "counts": selectors.desk_counts(rows),
        "phases": round_phases(round),
        "deadlines": deadlines_for(round, Role.EXPERT),
    }
    return render(request, "reviews/dashboard.html", context)
