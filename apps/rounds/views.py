from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from apps.accounts.roles import Role, is_programme_staff
from apps.applicants.selectors import applications_visible_to, listed, office_applications, status_counts, todo_rows
from apps.core.fragments import cached_parts, render_body
from apps.notices.selectors import unread_count_column

from .enums import RoundStatus
from .forms import OfficeApplicationFilter
from .readiness import next_phase
from .selectors import (
    current_round, deadlines_for, office_desk_rounds, office_list_version, round_phases, unit_progress,
)


@login_required
def dashboard(request):
    """The office's desk: what waits for it in this phase, every deadline, progress by unit, and the rounds.

    The body is cached per user (apps/core/fragments.py) under a version read with the rounds: each
    round's row, its applications counted with the sum of their changes, and the units'.
    """
    if not is_programme_staff(request.user):
        raise PermissionDenied
    rounds = office_desk_rounds([unread_count_column(request.user)])
    round = current_round(rounds)  # from the rounds the desk lists anyway: one query fewer
    if rounds:
        request.unread_notice_count = rounds[0].unread_notice_count
    version = [
        (item.pk, item.updated_at, item.application_count, item.applications_total, item.applications_changed)
        for item in rounds
    ]
    if rounds:
        version.append((rounds[0].units_total, rounds[0].units_changed))
    body = cached_parts(request, "rounds:dashboard", version=version, render=lambda: {"body": _desk_body(request, rounds, round)})
    return render(request, "rounds/dashboard.html", body)


def _desk_body(request, rounds, round):
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
        "can_use_admin": request.user.is_staff,  # the office's own (is_programme_staff above), as in the menu
    }
    if context["advance_to"]:
        context["advance_url"] = reverse("rounds:advance", args=[round.pk])
    return render_body("rounds/dashboard_body.html", context, request)


@login_required
def application_list(request):
    """The office's list of this round's forwarded applications, by unit and by status, 20 to a page.

    The title's unit and the body are cached per user and query string (apps/core/fragments.py) under a
    version read with the round: its applications and the units, counted with the sum of their changes.
    """
    if not is_programme_staff(request.user):
        raise PermissionDenied
    round = current_round(columns=[*office_list_version(), unread_count_column(request.user)])
    if round:
        request.unread_notice_count = round.unread_notice_count
    version = (round.pk, round.updated_at, round.desk_count, round.desk_changed, round.units_total, round.units_changed) if round else None
    parts = cached_parts(request, "rounds:applications", version=version, render=lambda: _list_parts(request, round))
    return render(request, "rounds/application_list.html", {"round": round, **parts})


def _list_parts(request, round):
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
    unit = filters.get("unit")
    return {"unit_name": unit.name if unit else "", "body": render_body("rounds/application_list_body.html", context, request)}
