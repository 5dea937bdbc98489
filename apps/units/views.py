from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from apps.accounts.roles import is_unit_staff
from apps.applicants.selectors import applications_for_unit_review, status_counts
from apps.rounds.selectors import current_round


@login_required
def dashboard(request):
    unit = request.user.unit
    if not is_unit_staff(request.user, unit):
        raise PermissionDenied
    round = current_round()
    applications = applications_for_unit_review(unit, round) if round else None
    context = {
        "unit": unit,
        "round": round,
        "page": Paginator(applications, 20).get_page(request.GET.get("page")) if round else None,
        "status_rows": status_counts(applications) if round else [],
    }
    return render(request, "units/dashboard.html", context)
