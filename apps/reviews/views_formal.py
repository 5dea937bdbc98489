"""The office's formal review pages: the queue of a round, one candidate's checks and decision, and
the bulk pass of clean candidates behind a confirmation page. The rules are in `formal.py`."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from apps.accounts.roles import is_programme_staff
from apps.applicants.selectors import get_application_for
from apps.core.exceptions import DomainError
from apps.rounds.enums import RoundStatus
from apps.rounds.selectors import get_round_for_office
from apps.units.models import RecommendingUnit

from . import formal, selectors

PAGE_SIZE = 50
S = selectors.S


def _office(request):
    if not is_programme_staff(request.user):
        raise PermissionDenied


@login_required
def queue(request, pk):
    """The round's candidates in formal review, filtered by status (default: waiting) and unit, with each check."""
    _office(request)
    round = get_round_for_office(request.user, pk)
    counts = selectors.formal_counts(round)
    status = request.GET.get("status", S.FORWARDED)
    status = status if status in counts or status == "all" else S.FORWARDED
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = RecommendingUnit.objects.filter(pk=request.GET["unit"]).first()
    queryset = selectors.formal_queryset(round, status=None if status == "all" else status, unit=unit)
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = selectors.formal_rows(round, rows=page.object_list)
    context = {
        "round": round,
        "page": page,
        "rows": rows,
        "counts": [(S(value), count) for value, count in counts.items()],
        "status": status,
        "unit": unit,
        "units": RecommendingUnit.objects.filter(applications__round=round).distinct().order_by("kind", "region", "name").values_list("pk", "name"),
        "may_decide": round.status == RoundStatus.REVIEWING,
    }
    return render(request, "reviews/formal_queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    """GET: one candidate's checks and the decision form. POST {to, reason}: pass or fail through formal.py."""
    _office(request)
    application = get_application_for(request.user, pk)
    rows = selectors.formal_rows(application.round, pks=[application.pk])
    if not rows:
        messages.error(request, f"{application}当前为“{application.status_label}”，不在形式审查范围内。")
        return redirect("applicants:detail", pk=application.pk)
    row = rows[0]
    reason = ""
    if request.method == "POST":
        to, reason = request.POST.get("to", ""), request.POST.get("reason", "")
        try:
            if to == S.FORMAL_PASSED:
                formal.pass_formal_review(application, by=request.user, reason=reason)
                messages.success(request, f"{application}形式审查通过。")
            elif to == S.FORMAL_FAILED:
                formal.fail_formal_review(application, by=request.user, reason=reason)
                messages.success(request, f"{application}形式审查不通过，已通知申报人和推荐单位。")
            else:
                raise DomainError("请选择“通过”或“不通过”。", code="bad_decision")
        except DomainError as error:
            messages.error(request, error.message)
            return render(request, "reviews/formal_decide.html", {"application": application, "row": row, "reason": reason}, status=400)
        return redirect("reviews:formal-queue", pk=application.round_id)
    return render(request, "reviews/formal_decide.html", {"application": application, "row": row, "reason": reason})


@login_required
@require_http_methods(["GET", "POST"])
def pass_clean(request, pk):
    """GET: the clean waiting candidates a bulk pass would pass, to confirm. POST {application: ids}: pass them."""
    _office(request)
    round = get_round_for_office(request.user, pk)
    if request.method == "POST":
        try:
            result = formal.pass_clean(round, [pk for pk in request.POST.getlist("application") if pk.isdigit()], by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("reviews:formal-pass-clean", pk=round.pk)
        if result.passed:
            messages.success(request, f"已通过 {len(result.passed)} 名人选的形式审查。")
        for row, why in result.skipped:
            messages.warning(request, f"{row.applicant}未通过：{why}。")
        return redirect("reviews:formal-queue", pk=round.pk)
    rows = selectors.clean_waiting(round)
    return render(request, "reviews/formal_pass_clean.html", {"round": round, "rows": rows})
