from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.roles import is_unit_staff
from apps.applicants.forms import ForwardForm
from apps.applicants.selectors import applications_for_unit_review, get_application_for, status_counts
from apps.core.exceptions import DomainError
from apps.rounds.selectors import current_round

from .services import forward_application


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


@login_required
@require_POST
def forward(request, pk):
    application = get_application_for(request.user, pk)
    form = ForwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(error for errors in form.errors.values() for error in errors))
        return redirect("applicants:detail", pk=application.pk)
    try:
        forward_application(application, by=request.user, opinion=form.cleaned_data["opinion"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已推荐报送。")
    return redirect("applicants:detail", pk=application.pk)
