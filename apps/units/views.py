from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.roles import Role, is_unit_staff
from apps.applicants.enums import PLACE_USING, ApplicationStatus
from apps.applicants.forms import ForwardForm, ReasonForm
from apps.applicants.selectors import (
    applications_for_unit_review, get_application_for, listed, status_counts, todo_rows,
)
from apps.core.exceptions import DomainError
from apps.core.fragments import cached_parts, render_body
from apps.notices.selectors import unread_count_column
from apps.rounds.enums import RoundStatus
from apps.rounds.selectors import current_round, deadlines_for, round_phases, unit_desk_version, unit_quota_places

from .ranking import order_from_numbers, rank_candidates, rankable_candidates, ranking_version
from .services import forward_application, reject_application, return_application, withdraw_forward


@login_required
def dashboard(request):
    """The unit's desk: what waits for its review, this round's counts by status, and its list (`?status=` filters it).

    The body is cached per user and query string (apps/core/fragments.py) under a version read with the
    round: the unit's row, the round's, and the count and summed changes of the unit's applications. A
    repeat visit does not load the unit (`request.user.unit`): its `updated_at` comes with the round.
    """
    if not is_unit_staff(request.user):  # the staff of `request.user.unit_id`: membership has one source
        raise PermissionDenied
    unit_id = request.user.unit_id
    round = current_round(columns=[*unit_desk_version(unit_id), unread_count_column(request.user)])
    if round:
        request.unread_notice_count = round.unread_notice_count
        version = (unit_id, round.desk_unit_changed, round.pk, round.updated_at, round.desk_count, round.desk_changed, round.desk_quota_places)
    else:
        version = (unit_id, request.user.unit.updated_at, None)
    body = cached_parts(request, "units:dashboard", version=version, render=lambda: {"body": _body(request, request.user.unit, round)})
    return render(request, "units/dashboard.html", body)


def _body(request, unit, round):
    applications = applications_for_unit_review(unit, round) if round else None
    status_rows = status_counts(applications) if round else []
    status = request.GET.get("status")
    status = status if status in dict(status_rows) else None
    page = None
    if round:
        paginator = Paginator(
            listed(applications.filter(status=status) if status else applications, with_round=False, with_unit=False), 20
        )
        # The counts by status already hold the list's length: no second COUNT query for the paginator.
        paginator.count = dict(status_rows).get(status, 0) if status else sum(count for _, count in status_rows)
        page = paginator.get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "round": round,
        "page": page,
        "status_rows": status_rows,
        "status_filter": ApplicationStatus(status) if status else None,
        "todo": todo_rows(Role.UNIT_STAFF, round, status_rows),
        "total": sum(count for _, count in status_rows),
        "phases": round_phases(round),
        "deadlines": deadlines_for(round, Role.UNIT_STAFF),
        "quota": _quota_use(round.desk_quota_places, status_rows) if round else None,
    }
    return render_body("units/dashboard_body.html", context, request)


def _quota_use(places, status_rows):
    """{places, used, left} of the unit's quota (None without one: `places` None); `used` from the status
    counts. The desk reads `places` with its round (`unit_desk_version`), the ranking page on its own."""
    if places is None:
        return None
    used = sum(count for status, count in status_rows if status in PLACE_USING)
    return {"places": places, "used": used, "left": max(places - used, 0)}


def _decision(service, form_class, done):
    """A POST-only action of the unit on one application (the decision panel of its page): the form checks
    the input's shape, the service decides; its refusal is shown as a message on the application's page."""
    @login_required
    @require_POST
    def view(request, pk):
        application = get_application_for(request.user, pk)
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, "；".join(error for errors in form.errors.values() for error in errors))
            return redirect("applicants:detail", pk=application.pk)
        try:
            service(application, by=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
        return redirect("applicants:detail", pk=application.pk)
    view.__name__ = service.__name__
    return view


# Forward with the unit's 推荐意见 and attestation; return, reject and recall with a reason.
forward = _decision(forward_application, ForwardForm, "已推荐报送。")
return_for_fixes = _decision(return_application, ReasonForm, "已退回申报人修改。")
reject = _decision(reject_application, ReasonForm, "已作出不予推荐的决定。")
withdraw = _decision(withdraw_forward, ReasonForm, "已撤回推荐报送，名额已释放。")


@login_required
def ranking(request):
    """The unit's order of its standing candidates: drag them (SortableJS renumbers) or type rank numbers."""
    unit = request.user.unit
    if not is_unit_staff(request.user, unit):
        raise PermissionDenied
    round = current_round()
    if request.method == "POST" and round is not None:
        numbers = {key.removeprefix("rank-"): value for key, value in request.POST.items() if key.startswith("rank-")}
        try:
            rank_candidates(unit, round, order_from_numbers(numbers), by=request.user, version=request.POST.get("version"))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "排序已保存。")
        return redirect("units:ranking")
    candidates = list(rankable_candidates(unit, round)) if round else []
    context = {
        "unit": unit,
        "round": round,
        "candidates": candidates,
        "version": ranking_version(candidates),
        "can_rank": round is not None and round.status == RoundStatus.RECOMMENDING,
        "quota": _quota_use(unit_quota_places(round, unit), status_counts(applications_for_unit_review(unit, round))) if round else None,
    }
    return render(request, "units/ranking.html", context)
