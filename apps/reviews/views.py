from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from apps.accounts.roles import Role, is_expert
from apps.rounds.selectors import current_round, deadlines_for, round_phases


@login_required
def dashboard(request):
    """The expert's desk. Panels and assignments arrive with the expert-review issue; until then it is empty."""
    if not is_expert(request.user):
        raise PermissionDenied
    round = current_round()
    context = {
        "round": round,
        "assignments": [],
        "phases": round_phases(round),
        "deadlines": deadlines_for(round, Role.EXPERT),
    }
    return render(request, "reviews/dashboard.html", context)
