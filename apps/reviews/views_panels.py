"""The office's pages of the expert review: the expert pool, the panels, the draw (a preview, then a
confirmed draw), a candidate's assignments (manual add and withdrawal, with reasons), the list of
candidates to reassign, and the reopening of a submitted sheet. Rules: `services.py`, `draw.py`, `scoring.py`."""
import copy
import secrets

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.roles import is_programme_staff
from apps.applicants.profile_enums import Industry
from apps.applicants.selectors import get_application_for
from apps.core.exceptions import DomainError
from apps.rounds.selectors import get_round_for_office
from apps.units.regions import PROVINCES

from . import draw, scoring, selectors, services
from .models import Assignment, DrawRecord, ExpertProfile, Panel, ScoreSheet

MAX_SEED = 2**62


def _office(request):
    if not is_programme_staff(request.user):
        raise PermissionDenied


def parse_seed(text):
    """A seed typed by the office: a non-negative integer below 2^62; blank gives a fresh random one."""
    text = (text or "").strip()
    if not text:
        return secrets.randbelow(MAX_SEED)
    if not text.isdigit() or int(text) >= MAX_SEED:
        raise DomainError("随机种子须为不超过18位的非负整数。", code="bad_seed")
    return int(text)


# --- The expert pool ------------------------------------------------------------------------


def expert_row(post):
    """The fields of a new expert profile from the add form (the user is checked by the service)."""
    user = get_user_model().objects.filter(pk=post.get("user") if str(post.get("user", "")).isdigit() else None).first()
    if user is None:
        raise DomainError("请选择评审专家账号。", code="user_required")
    field, employer = post.get("field", "").strip(), post.get("employer_name", "").strip()
    if not field or not employer:
        raise DomainError("请填写专业领域和工作单位。", code="expert_fields_required")
    industry, region = post.get("industry", ""), post.get("region", "")
    return {
        "user": user, "field": field[:50], "employer_name": employer[:100],
        "employer_credit_code": post.get("employer_credit_code", "").strip().upper()[:18],
        "industry": industry if industry in Industry.values else "",
        "region": region if region in dict(PROVINCES) else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def pool(request, pk):
    """GET: the expert pool with each expert's panels in this round, and the add form. POST: add one expert."""
    _office(request)
    round = get_round_for_office(request.user, pk)
    status = 200
    if request.method == "POST":
        try:
            (profile,) = services.create_expert_profiles([expert_row(request.POST)], by=request.user)
        except DomainError as refused:
            messages.error(request, refused.message)
            status = 400
        else:
            messages.success(request, f"已将{profile}加入评审专家库。")
            return redirect("reviews:pool", pk=round.pk)
    context = {
        "round": round,
        "experts": selectors.pool_rows(round),
        "accounts": selectors.experts_without_profile(),
        "industries": Industry.choices,
        "provinces": PROVINCES,
        "form": request.POST if status == 400 else {},
    }
    return render(request, "reviews/pool.html", context, status=status)


# --- Panels ---------------------------------------------------------------------------------


def _experts_from(post):
    ids = [pk for pk in post.getlist("members") if pk.isdigit()]
    return list(ExpertProfile.objects.filter(pk__in=ids).order_by("pk"))


@login_required
@require_http_methods(["GET", "POST"])
def panels(request, pk):
    """GET: the round's panels with members and industry sections, and the create form. POST: create one."""
    _office(request)
    round = get_round_for_office(request.user, pk)
    status = 200
    if request.method == "POST":
        try:
            name, field = request.POST.get("name", "").strip(), request.POST.get("field", "").strip()
            if not name or not field:
                raise DomainError("请填写专家组名称和专业领域。", code="panel_fields_required")
            panel = services.create_panel(
                round, by=request.user, name=name[:100], field=field[:50],
                industries="".join(request.POST.getlist("industries")), members=_experts_from(request.POST),
            )
        except DomainError as refused:
            messages.error(request, refused.message)
            status = 400
        else:
            messages.success(request, f"已创建{panel}（{panel.members.count()}名成员）。")
            return redirect("reviews:panels", pk=round.pk)
    panel_rows = selectors.panels_of(round)
    taken = {letter for panel in panel_rows for letter in panel.industries}
    context = {
        "round": round,
        "panels": panel_rows,
        "industries": Industry.choices,
        "labels": dict(Industry.choices),
        "free": [(value, label) for value, label in Industry.choices if value not in taken],
        "experts": ExpertProfile.objects.filter(is_active=True).select_related("user").order_by("pk"),
        "form": request.POST if status == 400 else {},
    }
    return render(request, "reviews/panels.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def panel_members(request, pk):
    """GET: the panel's members to tick. POST {members}: replace them (audited)."""
    _office(request)
    panel = get_object_or_404(Panel.objects.select_related("round"), pk=pk)
    if request.method == "POST":
        try:
            services.set_panel_members(panel, by=request.user, members=_experts_from(request.POST))
        except DomainError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, f"已更新{panel}的成员。")
            return redirect("reviews:panels", pk=panel.round_id)
    context = {
        "panel": panel,
        "chosen": set(panel.members.values_list("pk", flat=True)),
        "experts": ExpertProfile.objects.filter(is_active=True).select_related("user").order_by("pk"),
    }
    return render(request, "reviews/panel_members.html", context)


# --- The draw -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def draw_page(request, pk):
    """GET: the parameters (N, seed) and the past draws. POST action=preview: the draw computed, nothing
    written (or its refusal, naming the candidates short of eligible experts), with a confirmation form.
    POST action=confirm: set N if changed, draw and record it (DrawRecord), audited."""
    _office(request)
    round = get_round_for_office(request.user, pk)
    context = {
        "round": round,
        "records": DrawRecord.objects.filter(round=round).select_related("drawn_by").order_by("-pk"),
        "candidates": draw.candidates_for(round).count(),
        "n": request.POST.get("n", round.experts_per_candidate),
        "seed": request.POST.get("seed", ""),
        "preview": None,
        "drawn": Assignment.objects.filter(round=round, status="active").exists(),
    }
    if request.method == "GET":
        return render(request, "reviews/draw.html", context)
    action = request.POST.get("action", "preview")
    try:
        seed = parse_seed(request.POST.get("seed"))
        context["seed"] = seed
        if action == "confirm":
            services.set_experts_per_candidate(round, by=request.user, n=request.POST.get("n"))
            record = draw.draw_assignments(round, by=request.user, seed=seed)
            messages.success(request, f"已抽取评审专家：{record.assignment_count}项分配，随机种子 {record.seed}。")
            return redirect("reviews:draw", pk=round.pk)
        n = request.POST.get("n", "")
        if not n.isdigit() or not 3 <= int(n) <= 15:
            raise DomainError("每名候选人评审专家数须为3至15之间的整数。", code="bad_n")
        trial = copy.copy(round)
        trial.experts_per_candidate = int(n)
        result = draw.compute_draw(trial, seed)
        loads = {}
        for _, expert_id, _ in result.assignments:
            loads[expert_id] = loads.get(expert_id, 0) + 1
        context["preview"] = {
            "result": result, "count": len(result.assignments),
            "load_min": min(loads.values(), default=0), "load_max": max(loads.values(), default=0),
        }
    except DomainError as refused:
        context["refusal"] = refused.message
        return render(request, "reviews/draw.html", context, status=400)
    return render(request, "reviews/draw.html", context)


# --- Assignments, reassignment and reopening ------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_assignments(request, pk):
    """GET: the candidate's assignments (active and withdrawn) with their sheets' states, the add form.
    POST {expert, reason}: assign an eligible expert by hand (audited)."""
    _office(request)
    application = get_application_for(request.user, pk)
    status = 200
    if request.method == "POST":
        expert = ExpertProfile.objects.filter(pk=request.POST.get("expert") if request.POST.get("expert", "").isdigit() else None).first()
        try:
            if expert is None:
                raise DomainError("请选择要分配的评审专家。", code="expert_required")
            services.assign_manually(application, expert, by=request.user, reason=request.POST.get("reason", ""))
        except DomainError as refused:
            messages.error(request, refused.message)
            status = 400
        else:
            messages.success(request, f"已分配{expert}评审{application.full_name}。")
            return redirect("reviews:application-assignments", pk=application.pk)
    assignments = selectors.assignments_of_application(application)
    panel, eligible = selectors.eligible_for(application, assignments)
    context = {
        "application": application, "assignments": assignments, "panel": panel, "eligible": eligible,
        "active": sum(1 for a in assignments if a.status == "active"),
    }
    return render(request, "reviews/application_assignments.html", context, status=status)


@login_required
@require_POST
def withdraw(request, pk):
    """POST {reason}: withdraw an assignment (audited); back to the candidate's assignments."""
    _office(request)
    assignment = get_object_or_404(Assignment, pk=pk)
    application = get_application_for(request.user, assignment.application_id)
    try:
        services.withdraw_assignment(assignment, by=request.user, reason=request.POST.get("reason", ""))
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"已撤回{assignment.expert}对{application.full_name}的评审分配。")
    return redirect("reviews:application-assignments", pk=application.pk)


@login_required
@require_POST
def reopen(request, pk):
    """POST {reason}: reopen a submitted sheet for the expert to correct (audited)."""
    _office(request)
    sheet = get_object_or_404(ScoreSheet.objects.select_related("assignment"), pk=pk)
    application = get_application_for(request.user, sheet.assignment.application_id)
    try:
        scoring.reopen_sheet(sheet, by=request.user, reason=request.POST.get("reason", ""))
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "已退回该评分表，专家可修改后重新提交。")
    return redirect("reviews:application-assignments", pk=application.pk)


@login_required
def reassign(request, pk):
    """The candidates holding fewer than N active assignments (after a declared conflict or a withdrawal)."""
    _office(request)
    round = get_round_for_office(request.user, pk)
    return render(request, "reviews/reassign.html", {"round": round, "rows": selectors.reassign_rows(round)})
