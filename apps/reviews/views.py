from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from apps.accounts.roles import is_expert
from apps.rounds.selectors import current_round


@login_required
def dashboard(request):
    """The expert's desk. Panels and assignments arrive with the expert-review issue; until then it is empty."""
    if not is_expert(request.user):
        raise PermissionDenied
    return render(request, "reviews/dashboard.html", {"round": current_round(), "assignments": []})
