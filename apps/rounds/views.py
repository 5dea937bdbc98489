from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from apps.accounts.roles import Role, is_programme_staff
from apps.applicants.selectors import applications_visible_to, listed, office_applications, status_counts, todo_rows

from .enums import RoundStatus
from .forms import OfficeApplicationFilter
from .readiness import next_phase
from .selectors import current_round, deadlines_for, round_phases, rounds_overview, unit_progress


@login_required
def dashboard(request):
    """The office's desk: what waits for it in this phase, every deadline, progress by unit, and the rounds."""
    if not is_programme_staff(request.user):
        raise PermissionDenied
    rounds = list(rounds_overview())
    round = current_round(rounds)  # from the rounds the desk lists anyway: one query fewer
    status_rows = status_counts(applications_visible_to(request.user).filter(round=round)) if round else []
    units = list(unit_progress(round)) if round else []
    list_url = reverse("rounds:applications")
    for unit in units:
        unit.list_url = f"{list_url}?unit={unit.pk}"  # each row links to it up to three times
    context = {
        "round": round,
        "rounds": rounds,
        "status_rows": status_rows,
        "total": sum(count for _, count in status_rows),
        "todo": todo_rows(Role.PROGRAMME_STAFF, round, status_rows),
        "units": units,
        "phases": round_phases(round),
        "deadlines": deadlines_for(round, Role.PROGRAMME_STAFF),
        # The phase strip links to the phase change page (views_phases.advance).
        "advance_to": RoundStatus(next_phase(round)) if round and next_phase(round) else None,
    }
    if context["advance_to"]:
        context["advance_url"] = reverse("rounds:advance", args=[round.pk])
    return render(request, "rounds/dashboard.html", context)


@login_required
def application_list(request):
    """The office's list of this round's forwarded applications, by unit and by status, 20 to a page."""
    if not is_programme_staff(request.user):
        raise PermissionDenied
    round = current_round()
    form = OfficeApplicationFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    applications = (
        office_applications(request.user, round, unit=filters.get("unit"), status=filters.get("status"))
        if round else applications_visible_to(request.user).none()
    )
    context = {
        "round": round,
        "form": form,
        "unit": filters.get("unit"),
        "status": filters.get("status") or "",
        "units": form.fields["unit"].queryset.values_list("pk", "name"),  # (pk, name) pairs: no object per option
        "page": Paginator(listed(applications, with_round=False), 20).get_page(request.GET.get("page")),
    }
    return render(request, "rounds/application_list.html", context)
