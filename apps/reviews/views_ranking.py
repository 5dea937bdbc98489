"""The office's ranking page, the meeting's proposed list and the party group's decision, and the meeting's
Excel exports. Rules in `meeting.py`, reads in `selectors_ranking.py`, files in `exports.py`."""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.applicants.views_evidence import content_disposition
from apps.core.exceptions import DomainError
from apps.rounds.selectors import get_round_for_office

from . import exports, meeting as services, selectors_ranking

PAGE_SIZE = 50


def _date(raw):
    try:
        return datetime.date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


def _meeting(round):
    meeting = selectors_ranking.meeting_of(round)
    if meeting is None:
        raise DomainError("尚未生成建议名单。", code="no_list")
    return meeting


def _xlsx(data, name):
    response = HttpResponse(data, content_type=exports.XLSX)
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def ranking(request, pk):
    """Raw and normalised rankings side by side, severity, agreement, disagreement, the target line."""
    round = get_round_for_office(request.user, pk)
    view = selectors_ranking.ranking_view(round, page_number=request.GET.get("page"), page_size=PAGE_SIZE)
    return render(request, "reviews/ranking.html", {"round": round, "view": view, "page": view.page})


@login_required
@require_GET
def ranking_export(request, pk):
    round = get_round_for_office(request.user, pk)
    return _xlsx(exports.score_table(round, by=request.user), f"{round.year}年度评分汇总表.xlsx")


@login_required
@require_GET
def meeting_page(request, pk):
    round = get_round_for_office(request.user, pk)
    view = selectors_ranking.meeting_view(round)
    return render(request, "reviews/meeting.html", {"round": round, "view": view, "meeting": view.meeting,
                                                    "verification": None})


@login_required
@require_GET
def meeting_export(request, pk):
    round = get_round_for_office(request.user, pk)
    if selectors_ranking.meeting_of(round) is None:
        raise Http404
    return _xlsx(exports.proposed_list(round, by=request.user), f"{round.year}年度建议名单.xlsx")


def _act(request, pk, action, success):
    """Run `action(round)` for a POST; a refusal shows its message. Back to the meeting page either way."""
    round = get_round_for_office(request.user, pk)
    try:
        action(round)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("reviews:meeting", pk=round.pk)


@login_required
@require_POST
def meeting_generate(request, pk):
    return _act(request, pk, lambda round: services.generate_list(round, by=request.user), "已按本年度规则生成建议名单。")


@login_required
@require_POST
def meeting_add(request, pk):
    application = request.POST.get("application", "")
    return _act(request, pk, lambda round: services.add_entry(
        _meeting(round), int(application) if application.isdigit() else 0, by=request.user, reason=request.POST.get("reason", ""),
    ), "已增补人选。")


@login_required
@require_POST
def meeting_remove(request, pk, entry_pk):
    return _act(request, pk, lambda round: services.remove_entry(
        _meeting(round), entry_pk, by=request.user, reason=request.POST.get("reason", ""),
    ), "已将该人选移出建议名单。")


@login_required
@require_POST
def meeting_record(request, pk):
    return _act(request, pk, lambda round: services.record_meeting(
        _meeting(round), by=request.user, meeting_date=_date(request.POST.get("meeting_date")),
        attendees=request.POST.get("attendees", ""), outcome=request.POST.get("outcome", ""),
    ), "已记录评审会议。")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_decide(request, pk):
    """GET: the list to be decided, to confirm, with the decision form. POST: record the decision."""
    round = get_round_for_office(request.user, pk)
    view = selectors_ranking.meeting_view(round)
    if view.meeting is None:
        messages.error(request, "尚未生成建议名单。")
        return redirect("reviews:meeting", pk=round.pk)
    form = {"decision_date": "", "document_number": ""}
    if request.method == "POST":
        form = {name: request.POST.get(name, "") for name in form}
        try:
            services.record_decision(
                view.meeting, by=request.user, decision_date=_date(form["decision_date"]), document_number=form["document_number"],
            )
        except DomainError as error:
            messages.error(request, error.message)
            return render(request, "reviews/meeting_decide.html", {"round": round, "view": view, "form": form}, status=400)
        messages.success(request, "已记录党组审议决定，建议名单已锁定。")
        return redirect("reviews:meeting", pk=round.pk)
    return render(request, "reviews/meeting_decide.html", {"round": round, "view": view, "form": form})


@login_required
@require_POST
def meeting_verify(request, pk):
    """Recompute the ranking from the stored scores and show whether the decided hash still holds."""
    round = get_round_for_office(request.user, pk)
    view = selectors_ranking.meeting_view(round)
    try:
        if view.meeting is None:
            raise DomainError("尚未生成建议名单。", code="no_list")
        verification = services.verify_decision(view.meeting, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reviews:meeting", pk=round.pk)
    return render(request, "reviews/meeting.html", {"round": round, "view": view, "meeting": view.meeting,
                                                    "verification": verification})
