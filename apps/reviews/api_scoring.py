"""The expert review in the API, through the same selectors and services as the pages (views_scoring,
views_panels): the expert's own sheet (read, save a draft, submit) and conflict declaration; the office's
pool, panels, draw (dry run or recorded), a candidate's assignments (add, withdraw), the candidates to
reassign, and the reopening of a sheet. Another expert's or a conflicted assignment answers 404."""
import copy

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.roles import is_expert, is_programme_staff
from apps.applicants.profile_enums import Industry
from apps.applicants.selectors import get_application_for
from apps.core.api import Pagination
from apps.rounds.selectors import get_round_for_office

from . import draw, scoring, selectors, services
from .models import Assignment, ExpertProfile, Panel, ScoreSheet
from .views_panels import MAX_SEED, parse_seed

EXPERT_TAGS, OFFICE_TAGS = ["专家评审"], ["专家评审组织"]


def _expert(request):
    if not is_expert(request.user):
        raise PermissionDenied


def _office(request):
    if not is_programme_staff(request.user):
        raise PermissionDenied


# --- The expert's sheet -----------------------------------------------------------------------


class SheetSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(source="assignment_id")
    status = serializers.CharField()
    version = serializers.IntegerField()
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    reopen_reason = serializers.CharField()
    scores = serializers.DictField(child=serializers.DecimalField(max_digits=5, decimal_places=1), help_text="指标 id → 得分")
    total = serializers.DecimalField(max_digits=7, decimal_places=1, help_text="各项得分之和（未加权）")


class SheetInputSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=10), help_text="指标 id → 得分；空值清除该项")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    version = serializers.IntegerField(min_value=0, help_text="读取时的版本；过期则拒绝")


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, allow_blank=True)


def sheet_data(assignment):
    sheet, values = selectors.sheet_values(assignment)
    return {
        "assignment_id": assignment.pk, "status": sheet.status if sheet else "draft", "version": sheet.version if sheet else 0,
        "comment": sheet.comment if sheet else "", "submitted_at": sheet.submitted_at if sheet else None,
        "reopen_reason": sheet.reopen_reason if sheet else "",
        "scores": {str(k): v for k, v in values.items()}, "total": sum(values.values(), start=0),
    }


def _fresh(request, pk):
    """The expert's own assignment re-read (the sheet relation as it is now)."""
    return selectors.own_assignment(request.user, pk)


class SheetView(APIView):
    @extend_schema(responses=SheetSerializer, tags=EXPERT_TAGS, operation_id="review_sheet_read", summary="我的评分表",
                   description="本人一项评审任务的评分表：各项得分、评审意见、版本。看不到其他专家的评分。")
    def get(self, request, pk):
        _expert(request)
        return Response(SheetSerializer(sheet_data(selectors.own_assignment(request.user, pk))).data)

    @extend_schema(request=SheetInputSerializer, responses=SheetSerializer, tags=EXPERT_TAGS, operation_id="review_sheet_save",
                   summary="保存评分草稿", description="每项0至该指标满分、最多一位小数；任一项不合格则全部不保存（400）。")
    def post(self, request, pk):
        _expert(request)
        assignment = selectors.own_assignment(request.user, pk)
        data = SheetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scoring.save_draft(
            assignment, by=request.user, values=data.validated_data["scores"],
            comment=data.validated_data.get("comment"), version=data.validated_data["version"],
        )
        return Response(SheetSerializer(sheet_data(_fresh(request, pk))).data)


class SheetSubmitView(APIView):
    @extend_schema(request=VersionSerializer, responses=SheetSerializer, tags=EXPERT_TAGS, operation_id="review_sheet_submit",
                   summary="提交评分表", description="须评完全部指标；提交后锁定，仅全总工作人员可退回。")
    def post(self, request, pk):
        _expert(request)
        assignment = selectors.own_assignment(request.user, pk)
        data = VersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scoring.submit_sheet(assignment, by=request.user, version=data.validated_data.get("version"))
        return Response(SheetSerializer(sheet_data(_fresh(request, pk))).data)


class ConflictView(APIView):
    @extend_schema(request=ReasonSerializer, responses={204: None}, tags=EXPERT_TAGS, operation_id="review_conflict_declare",
                   summary="申报利益冲突回避", description="该评审任务随即撤回（评分作废），全总工作人员另行分配。")
    def post(self, request, pk):
        _expert(request)
        assignment = selectors.own_assignment(request.user, pk)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.declare_conflict(assignment, by=request.user, reason=data.validated_data["reason"])
        return Response(status=204)


# --- The office -------------------------------------------------------------------------------


class ExpertSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = ExpertProfile
        fields = ["id", "user", "name", "field", "industry", "employer_name", "employer_credit_code", "region", "unit", "is_active"]
        read_only_fields = ["id", "name", "is_active"]


class PanelSerializer(serializers.ModelSerializer):
    active_assignments = serializers.IntegerField(source="active", read_only=True)

    class Meta:
        model = Panel
        fields = ["id", "round", "name", "field", "industries", "members", "active_assignments"]
        read_only_fields = ["id", "round", "active_assignments"]


class MembersSerializer(serializers.Serializer):
    members = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), max_length=1000)


class DrawInputSerializer(serializers.Serializer):
    n = serializers.IntegerField(min_value=3, max_value=15, required=False, help_text="每名候选人评审专家数，默认为本年度设置")
    seed = serializers.IntegerField(min_value=0, max_value=MAX_SEED - 1, required=False, help_text="随机种子，缺省随机生成")
    dry_run = serializers.BooleanField(default=True, help_text="true 只试算不保存（默认）；false 抽取并记录")


class DrawResultSerializer(serializers.Serializer):
    seed = serializers.IntegerField()
    result_hash = serializers.CharField()
    assignment_count = serializers.IntegerField()
    recorded = serializers.BooleanField()
    draw_record = serializers.IntegerField(allow_null=True)


class AssignmentRowSerializer(serializers.ModelSerializer):
    expert_name = serializers.CharField(source="expert.__str__", read_only=True)
    sheet_status = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "application", "expert", "expert_name", "panel", "manual", "status", "withdrawn_reason", "sheet_status"]

    def get_sheet_status(self, assignment) -> str | None:
        sheet = selectors._sheet(assignment)
        return sheet.status if sheet else None


class AddAssignmentSerializer(serializers.Serializer):
    expert = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    reason = serializers.CharField(max_length=500, allow_blank=True)


class ReassignRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    candidate_name = serializers.CharField()
    active = serializers.IntegerField()
    withdrawn_reasons = serializers.ListField(child=serializers.CharField())


def _paginated(view, request, rows, serializer):
    paginator = Pagination()
    page = paginator.paginate_queryset(rows, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


class PoolView(APIView):
    @extend_schema(responses=ExpertSerializer(many=True), tags=OFFICE_TAGS, operation_id="review_pool_list", summary="评审专家库",
                   description="专家库全部专家及其专业领域、工作单位；用于识别利益冲突。")
    def get(self, request, pk):
        _office(request)
        round = get_round_for_office(request.user, pk)
        return _paginated(self, request, selectors.pool_rows(round), ExpertSerializer)

    @extend_schema(request=ExpertSerializer, responses=ExpertSerializer, tags=OFFICE_TAGS, operation_id="review_pool_add",
                   summary="加入专家库", description="user 须为评审专家角色的账号，且尚未在库。")
    def post(self, request, pk):
        _office(request)
        get_round_for_office(request.user, pk)
        data = ExpertSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        (profile,) = services.create_expert_profiles([data.validated_data], by=request.user)
        return Response(ExpertSerializer(profile).data, status=201)


def _panel_row(panel):
    """The panel as the list shows it (with its active assignment count)."""
    return next(row for row in selectors.panels_of(panel.round) if row.pk == panel.pk)


class PanelsView(APIView):
    @extend_schema(responses=PanelSerializer(many=True), tags=OFFICE_TAGS, operation_id="review_panel_list", summary="本年度专家组",
                   description="本年度各专家组的行业门类、成员和有效分配数。")
    def get(self, request, pk):
        _office(request)
        round = get_round_for_office(request.user, pk)
        return _paginated(self, request, selectors.panels_of(round), PanelSerializer)

    @extend_schema(request=PanelSerializer, responses=PanelSerializer, tags=OFFICE_TAGS, operation_id="review_panel_create",
                   summary="创建专家组", description="industries 为 GB/T 4754 门类字母（如 CD），每个门类只属于一个专家组。")
    def post(self, request, pk):
        _office(request)
        round = get_round_for_office(request.user, pk)
        data = PanelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        panel = services.create_panel(
            round, by=request.user, name=data.validated_data["name"], field=data.validated_data["field"],
            industries=data.validated_data["industries"], members=data.validated_data.get("members", []),
        )
        return Response(PanelSerializer(_panel_row(panel)).data, status=201)


class PanelMembersView(APIView):
    @extend_schema(request=MembersSerializer, responses=PanelSerializer, tags=OFFICE_TAGS, operation_id="review_panel_members",
                   summary="调整专家组成员", description="以所列专家替换成员名单；已有分配不受影响。")
    def post(self, request, pk):
        _office(request)
        panel = get_object_or_404(Panel, pk=pk)
        data = MembersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        members = list(ExpertProfile.objects.filter(pk__in=data.validated_data["members"]))
        services.set_panel_members(panel, by=request.user, members=members)
        return Response(PanelSerializer(_panel_row(panel)).data)


class DrawView(APIView):
    @extend_schema(request=DrawInputSerializer, responses=DrawResultSerializer, tags=OFFICE_TAGS, operation_id="review_draw",
                   summary="随机抽取评审专家",
                   description="dry_run（默认）只试算；否则抽取并保存抽取记录。候选人可抽取的无利益冲突专家不足 N 名时整体拒绝（400），并列出这些候选人。")
    def post(self, request, pk):
        _office(request)
        round = get_round_for_office(request.user, pk)
        data = DrawInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        n = data.validated_data.get("n", round.experts_per_candidate)
        seed = data.validated_data["seed"] if "seed" in data.validated_data else parse_seed("")
        if data.validated_data["dry_run"]:
            trial = copy.copy(round)
            trial.experts_per_candidate = n
            result = draw.compute_draw(trial, seed)
            body = {"seed": seed, "result_hash": result.result_hash, "assignment_count": len(result.assignments), "recorded": False, "draw_record": None}
            return Response(DrawResultSerializer(body).data)
        services.set_experts_per_candidate(round, by=request.user, n=n)
        record = draw.draw_assignments(round, by=request.user, seed=seed)
        body = {"seed": record.seed, "result_hash": record.result_hash, "assignment_count": record.assignment_count, "recorded": True, "draw_record": record.pk}
        return Response(DrawResultSerializer(body).data, status=201)


class ReassignView(APIView):
    @extend_schema(responses=ReassignRowSerializer(many=True), tags=OFFICE_TAGS, operation_id="review_reassign_list",
                   summary="待补充分配的候选人", description="有效评审分配少于 N 名的候选人（专家申报回避或分配被撤回）。")
    def get(self, request, pk):
        _office(request)
        round = get_round_for_office(request.user, pk)
        rows = [
            {"id": application.pk, "candidate_name": application.full_name, "active": active,
             "withdrawn_reasons": [a.withdrawn_reason for a in withdrawn]}
            for application, active, withdrawn in selectors.reassign_rows(round)
        ]
        return _paginated(self, request, rows, ReassignRowSerializer)


class ApplicationAssignmentsView(APIView):
    @extend_schema(responses=AssignmentRowSerializer(many=True), tags=OFFICE_TAGS, operation_id="review_application_assignments",
                   summary="候选人的评审分配", description="候选人的全部评审分配（有效与已撤回）及各评分表状态，不含分数。")
    def get(self, request, pk):
        _office(request)
        application = get_application_for(request.user, pk)
        return _paginated(self, request, selectors.assignments_of_application(application), AssignmentRowSerializer)

    @extend_schema(request=AddAssignmentSerializer, responses=AssignmentRowSerializer, tags=OFFICE_TAGS,
                   operation_id="review_assignment_add", summary="人工分配评审专家",
                   description="须为候选人所属专家组的在库成员、无利益冲突、尚未分配；须填写原因。")
    def post(self, request, pk):
        _office(request)
        application = get_application_for(request.user, pk)
        data = AddAssignmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        expert = get_object_or_404(ExpertProfile, pk=data.validated_data["expert"])
        assignment = services.assign_manually(application, expert, by=request.user, reason=data.validated_data["reason"])
        return Response(AssignmentRowSerializer(assignment).data, status=201)


class WithdrawView(APIView):
    @extend_schema(request=ReasonSerializer, responses=AssignmentRowSerializer, tags=OFFICE_TAGS,
                   operation_id="review_assignment_withdraw", summary="撤回评审分配", description="须填写原因。")
    def post(self, request, pk):
        _office(request)
        assignment = get_object_or_404(Assignment, pk=pk)
        get_application_for(request.user, assignment.application_id)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.withdraw_assignment(assignment, by=request.user, reason=data.validated_data["reason"])
        return Response(AssignmentRowSerializer(assignment).data)


class ReopenView(APIView):
    @extend_schema(request=ReasonSerializer, responses={204: None}, tags=OFFICE_TAGS, operation_id="review_sheet_reopen",
                   summary="退回评分表重评", description="仅已提交的评分表；须填写原因。")
    def post(self, request, pk):
        _office(request)
        sheet = get_object_or_404(ScoreSheet.objects.select_related("assignment"), pk=pk)
        get_application_for(request.user, sheet.assignment.application_id)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scoring.reopen_sheet(sheet, by=request.user, reason=data.validated_data["reason"])
        return Response(status=204)


# Included in craftsman_portal/urls.py's api_v1 (names under the `api:` namespace).
urlpatterns = [
    path("reviews/assignments/<int:pk>/sheet/", SheetView.as_view(), name="review-sheet"),
    path("reviews/assignments/<int:pk>/sheet/submit/", SheetSubmitView.as_view(), name="review-sheet-submit"),
    path("reviews/assignments/<int:pk>/conflict/", ConflictView.as_view(), name="review-conflict"),
    path("rounds/<int:pk>/experts/", PoolView.as_view(), name="round-experts"),
    path("rounds/<int:pk>/panels/", PanelsView.as_view(), name="round-panels"),
    path("reviews/panels/<int:pk>/members/", PanelMembersView.as_view(), name="review-panel-members"),
    path("rounds/<int:pk>/draw/", DrawView.as_view(), name="round-draw"),
    path("rounds/<int:pk>/reassign/", ReassignView.as_view(), name="round-reassign"),
    path("applications/<int:pk>/assignments/", ApplicationAssignmentsView.as_view(), name="application-assignments"),
    path("reviews/office-assignments/<int:pk>/withdraw/", WithdrawView.as_view(), name="review-assignment-withdraw"),
    path("reviews/sheets/<int:pk>/reopen/", ReopenView.as_view(), name="review-sheet-reopen"),
]
