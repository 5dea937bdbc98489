from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from apps.accounts.roles import is_programme_staff
from apps.applicants.selectors import applications_visible_to, status_counts

from .selectors import current_round, rounds_overview


@login_required
def dashboard(request):
    if not is_programme_staff(request.user):
        raise PermissionDenied
    round = current_round()
    status_rows = status_counts(applications_visible_to(request.user).filter(round=round)) if round else []
    context = {
        "round": round,
        "rounds": rounds_overview(),
        "status_rows": status_rows,
        "total": sum(count for _, count in status_rows),
    }
    return render(request, "rounds/dashboard.html", context)
