"""The expert's pages: the scoring page of one assignment (materials beside the 15 score inputs, drafts,
submission) and the declaration of a conflict. The rules are in `scoring.py` and `services.py`; the
assignment comes only from `selectors.own_assignment` (another's, withdrawn or conflicted answers 404)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from apps.accounts.roles import is_expert
from apps.applicants.selectors_evidence import grouped_by_power, statement_rows
from apps.core.exceptions import DomainError

from . import scoring, selectors, services
from .models import SheetStatus


def _expert(request):
    if not is_expert(request.user):
        raise PermissionDenied


def score_inputs(post, indicators):
    """{indicator_id: raw text} of the posted `score_<id>` fields of the round's indicators."""
    return {i.pk: post.get(f"score_{i.pk}", "") for i in indicators}


def _context(assignment, *, values=None, comment=None, errors=None):
    application = assignment.application
    rows = statement_rows(application, with_files=True)
    sheet, stored = selectors.sheet_values(assignment)
    values = {pk: ("" if v is None else str(v)) for pk, v in stored.items()} if values is None else values
    items = [
        {"indicator": row.indicator, "value": values.get(row.indicator.pk, ""), "error": (errors or {}).get(row.indicator.pk, "")}
        for row in rows
    ]
    locked = sheet is not None and sheet.status == SheetStatus.SUBMITTED
    return {
        "assignment": assignment,
        "application": application,
        "groups": grouped_by_power(rows),
        "items": items,
        "max_total": sum(row.indicator.max_score for row in rows),
        "sheet": sheet,
        "version": sheet.version if sheet else 0,
        "comment": (sheet.comment if sheet else "") if comment is None else comment,
        "locked": locked,
        "letters": selectors.letters_of(application),
    }


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk):
    """GET: the candidate's materials and the expert's own sheet. POST {score_<id>…, comment, version, action}:
    save the draft (action=save) or save and submit it (action=submit); a stale page is refused."""
    _expert(request)
    assignment = selectors.own_assignment(request.user, pk)
    if request.method == "GET":
        return render(request, "reviews/score.html", _context(assignment))
    indicators = [i for i in assignment.round.indicators.order_by("position")]
    values = score_inputs(request.POST, indicators)
    comment = request.POST.get("comment", "")
    action = request.POST.get("action", "save")
    try:
        sheet = scoring.save_draft(assignment, by=request.user, values=values, comment=comment, version=request.POST.get("version"))
    except scoring.ScoresInvalid as refused:
        messages.error(request, refused.message)
        return render(request, "reviews/score.html", _context(assignment, values=values, comment=comment, errors=refused.errors), status=400)
    except DomainError as refused:
        messages.error(request, refused.message)
        return render(request, "reviews/score.html", _context(assignment, values=values, comment=comment), status=400)
    if action != "submit":
        messages.success(request, f"评分草稿已保存（已评{sheet.scores.count()}项）。")
        return redirect("reviews:score", pk=assignment.pk)
    try:
        scoring.submit_sheet(assignment, by=request.user, version=sheet.version)
    except DomainError as refused:
        messages.error(request, f"草稿已保存，但未能提交：{refused.message}")
        return render(request, "reviews/score.html", _context(assignment), status=400)
    messages.success(request, f"已提交对{assignment.application.full_name}的评分，评分表已锁定。")
    return redirect("reviews:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def declare_conflict(request, pk):
    """GET: the declaration form. POST {reason}: declare a conflict; the assignment leaves the desk and the
    office sees the candidate on its reassignment list."""
    _expert(request)
    assignment = selectors.own_assignment(request.user, pk)
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            services.declare_conflict(assignment, by=request.user, reason=reason)
        except DomainError as refused:
            messages.error(request, refused.message)
            return render(request, "reviews/declare_conflict.html", {"assignment": assignment, "reason": reason}, status=400)
        messages.success(request, "已申报回避，该候选人已从您的评审任务中移除；全总工作人员将另行分配专家。")
        return redirect("reviews:dashboard")
    return render(request, "reviews/declare_conflict.html", {"assignment": assignment, "reason": reason})
