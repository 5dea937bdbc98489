from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.roles import Role, is_applicant
from apps.core.exceptions import DomainError, NamedActionRequired
from apps.core.fragments import cached_parts, render_body
from apps.notices.selectors import unread_count_column
from apps.rounds.selectors import applicant_desk_version, current_round, deadlines_for, round_phases

from apps.units.views_forms import form_panel

from . import completeness, permissions, profile, referees, selectors, selectors_evidence, snapshots, views_evidence
from .enums import ApplicationStatus
from .forms import StatusChangeForm
from .models import Application
from .services import set_application_status, submit_application
from .statement import is_editable


@login_required
def dashboard(request):
    """The applicant's desk: this year's application and what to do with it, then every earlier one.

    The body is cached per user and query string (apps/core/fragments.py) under a version read with the
    round: the applicant's applications counted, with the summed changes of them, their rounds and units,
    and whether the recommend deadline has passed (the start link depends on it).
    """
    if not is_applicant(request.user):
        raise PermissionDenied
    round = current_round(columns=[*applicant_desk_version(request.user), unread_count_column(request.user)])
    if round is None:  # no round deployed yet: nothing read to version the list by, and a rare page
        return render(request, "applicants/dashboard.html", {"body": _body(request, round)})
    request.unread_notice_count = round.unread_notice_count
    # The checklist follows the statement, files and referees, which the round's version does not see: it is
    # read on every visit while this year's application may change, and its version token joins the key.
    editable = Application.objects.filter(applicant=request.user, round=round).select_related("round").first()
    checklist = completeness.checklist(editable) if editable is not None and is_editable(editable) else None
    version = (
        round.pk, round.updated_at, round.recommend_deadline_passed,
        round.desk_count, round.desk_changed, round.desk_rounds_changed, round.desk_units_changed,
        checklist.version if checklist else None,
    )
    body = cached_parts(request, "applicants:dashboard", version=version, render=lambda: {"body": _body(request, round, checklist)})
    return render(request, "applicants/dashboard.html", body)


def _body(request, round, checklist=None):
    # One application a year: all of them in one query, paged in memory (no COUNT), this year's among them.
    applications = list(selectors.applications_of_applicant(request.user))
    page = Paginator(applications, 20).get_page(request.GET.get("page"))
    current = next((application for application in applications if application.round_id == round.pk), None) if round else None
    context = {
        "page": page,
        "round": round,
        "current": current,
        # What the applicant must do: a forward move (submit, resubmit); withdrawing is possible but never a to-do.
        "current_moves": [move for move in permissions.moves_for(request.user, current) if not move.is_setback] if current else [],
        "phases": round_phases(round),
        "deadlines": deadlines_for(round, Role.APPLICANT),
        # While this year's application may still change: what it lacks, with a link to each section.
        "checklist": checklist if current else None,
    }
    return render_body("applicants/dashboard_body.html", context, request)


@login_required
def application_detail(request, pk):
    application = selectors.get_application_for(request.user, pk)
    return _detail(request, application)


def _detail(request, application, status=200):
    """The application laid out for reading: checklist and progress, profile, statement, evidence, referees,
    versions. A fixed number of queries whatever the number of answers, files or versions."""
    rows = selectors_evidence.statement_rows(application, with_files=True)
    live = referees.live_referees(application)  # one query, shared by the checklist and the reading section
    owner = permissions.is_owner(request.user, application)
    context = {
        "application": application,
        "moves": permissions.moves_for(request.user, application),
        "history": selectors.application_history(application, request.user),
        "form": StatusChangeForm(),
        # The unit's opinion, rank and attestation are for the unit and the office (as in the history, `history.py`).
        "show_unit_notes": not permissions.is_owner(request.user, application),
        "checklist": completeness.checklist(application, rows=rows, referees=live),
        "power_groups": selectors_evidence.grouped_by_power(rows),  # not "groups": the moves card regroups into that name
        "masked": profile.masked_profile(application),
        "full_numbers": profile.sees_full_resident_id(request.user, application),
        "referees": snapshots.referees_content(application, referees=live),
        "snapshots": list(snapshots.snapshots_of(application)),
        "owner": owner,
        **views_evidence.content_summary(request.user, application, rows=rows),
        **form_panel(request.user, application),  # the recommendation form (apps.units.views_forms)
    }
    return render(request, "applicants/application_detail.html", context, status=status)


@login_required
def snapshot_detail(request, pk, version):
    """One submitted version, as frozen: for everyone who may see the application."""
    application = selectors.get_application_for(request.user, pk)
    snapshot = snapshots.get_snapshot(application, version)
    context = {"application": application, "snapshot": snapshot, "content": snapshot.content, "groups": snapshots.answers_by_power(snapshot.content)}
    return render(request, "applicants/snapshot.html", context)


@login_required
@require_POST
def change_status(request, pk):
    application = selectors.get_application_for(request.user, pk)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(error for errors in form.errors.values() for error in errors))
        return redirect("applicants:detail", pk=application.pk)
    try:
        application = set_application_status(
            application, form.cleaned_data["to"], by=request.user, reason=form.cleaned_data["reason"]
        )
    except NamedActionRequired as error:
        # A guarded move has its own page: refuse plainly (400) rather than redirect as if it had been tried.
        messages.error(request, error.message)
        return _detail(request, application, status=400)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已变更为“{ApplicationStatus(application.status).label}”。")
    return redirect("applicants:detail", pk=application.pk)


@login_required
@require_POST
def submit(request, pk):
    application = selectors.get_application_for(request.user, pk)
    try:
        # The page's token; a form without one is treated as stale (the service compares it under the lock).
        application = submit_application(application, by=request.user, version=request.POST.get("version") or "-")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已提交申报（第{application.snapshots.count()}版），推荐单位将收到通知。")
    return redirect("applicants:detail", pk=application.pk)
