"""The unit's list of applications and its balance panel in the API: the same selectors, filters and panel as the pages."""
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.applicants.models import Application
from apps.applicants.selectors import status_counts
from apps.rounds.selectors import unit_quota_places

from . import balance as panel
from .filters import UnitApplicationFilter
from .selectors import balance_rows, deployed_rounds, for_list, list_rows, round_for_unit, unit_applications, unit_of

ROUND_PARAMETER = OpenApiParameter("round", OpenApiTypes.INT, description="遴选年度的 id；不填为当前年度")


class UnitApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(help_text="申报人姓名")
    status = serializers.CharField(source="application.status")
    status_display = serializers.CharField(source="application.status_label")
    unit_rank = serializers.IntegerField(source="application.unit_rank", allow_null=True)
    is_complete = serializers.BooleanField(help_text="基本信息齐全且每项五力陈述已填写")
    gender = serializers.CharField(source="application.gender")
    industry = serializers.CharField(source="application.industry", help_text="GB/T 4754-2017 门类字母")
    industry_display = serializers.CharField(source="industry_label")
    region = serializers.CharField(source="application.region")
    region_display = serializers.CharField(source="region_label")
    skill_level = serializers.CharField(source="application.skill_level")
    skill_level_display = serializers.CharField(source="skill_label")
    employer_name = serializers.CharField(source="application.employer_name")
    resident_id = serializers.CharField(source="resident_id_masked", help_text="遮蔽后的居民身份证号码")
    mobile = serializers.CharField(source="mobile_masked", help_text="遮蔽后的手机号码")
    submitted_at = serializers.DateTimeField(source="application.submitted_at")
    page_url = serializers.SerializerMethodField(help_text="申报材料页面")
    evidence_url = serializers.SerializerMethodField(help_text="支撑材料接口")

    def get_page_url(self, row) -> str:
        return row.application.get_absolute_url()

    def get_evidence_url(self, row) -> str:
        return reverse("api:application-evidence", kwargs={"pk": row.pk})


class UnitApplicationListView(generics.ListAPIView):
    """The unit's applications in a round, filtered and sorted as on its page; `status_counts` beside the page."""

    serializer_class = UnitApplicationSerializer
    filterset_class = UnitApplicationFilter

    def get_queryset(self):
        if not hasattr(self, "_base"):
            unit_of(self.request.user)  # 403 for anyone but a unit's staff, whatever the round asked for
            self.round = round_for_unit(self.request.query_params.get("round"), deployed_rounds())
            self._base = for_list(unit_applications(self.request.user, self.round)) if self.round else Application.objects.none()
        return self._base

    @extend_schema(
        summary="本单位申报列表", tags=["申报"], parameters=[ROUND_PARAMETER],
        description="推荐单位工作人员查看本单位在一个遴选年度收到的申报：可按状态、行业、性别、地区、技能等级、材料是否齐全筛选，"
        "按姓名查找，按单位排序、姓名、提交时间或状态排序，每页20条；附各状态的份数（不受状态筛选影响）。"
        "居民身份证号码和手机号码遮蔽显示。其他角色无权访问。",
    )
    def get(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        response = self.get_paginated_response(self.get_serializer(list_rows(page), many=True).data)
        data = request.query_params.copy()
        data.pop("status", None)
        counts = status_counts(UnitApplicationFilter(data, queryset=self.get_queryset()).qs) if self.round else []
        response.data["status_counts"] = {status.value: count for status, count in counts}
        return response


class ShareSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="取值；空为未填写")
    label = serializers.CharField()
    applicants = serializers.IntegerField(help_text="申报人数")
    candidates = serializers.IntegerField(help_text="拟推荐人数")
    applicant_percent = serializers.IntegerField()
    candidate_percent = serializers.IntegerField()


class DimensionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="gender、industry、region 或 skill_level")
    label = serializers.CharField()
    shares = ShareSerializer(many=True)


class BalanceWarningSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="no_woman、one_industry、outside_real_economy 或 over_quota")
    message = serializers.CharField()


class BalanceSerializer(serializers.Serializer):
    round = serializers.IntegerField(allow_null=True)
    is_what_if = serializers.BooleanField(help_text="是否为按 ids 模拟的结果（不保存）")
    applicant_count = serializers.IntegerField()
    candidate_count = serializers.IntegerField()
    candidate_ids = serializers.ListField(child=serializers.IntegerField())
    places = serializers.IntegerField(allow_null=True, help_text="本单位推荐名额；未分配为 null")
    dimensions = DimensionSerializer(many=True)
    warnings = BalanceWarningSerializer(many=True)


class UnitBalanceView(APIView):
    @extend_schema(
        summary="推荐人选结构", tags=["申报"], responses=BalanceSerializer,
        parameters=[ROUND_PARAMETER, OpenApiParameter(
            "ids", OpenApiTypes.STR, description="模拟：拟推荐人选的申报 id，逗号分隔（或重复该参数）；不填为当前已推荐报送及已排序的人选",
        )],
        description="推荐单位工作人员查看拟推荐人选按性别、行业、地区、技能等级的结构（对照本单位全部申报人）及提示："
        "女性申报但人选中无女性、人选全部来自一个行业、人选多数不在制造业等实体经济领域、超过推荐名额。"
        "传入 ids 可模拟调整后的结构，不保存任何改动；ids 含非本单位或不能推荐的申报时返回 400。",
    )
    def get(self, request):
        unit = unit_of(request.user)
        round = round_for_unit(request.query_params.get("round"), deployed_rounds())
        rows = balance_rows(request.user, round) if round else []
        proposal = None
        if "ids" in request.query_params:
            proposal = panel.proposed_candidates(rows, panel.parse_ids(request.query_params.getlist("ids")))
        result = panel.balance(rows, candidates=proposal, places=unit_quota_places(round, unit) if round else None)
        data = {
            "round": round.pk if round else None, "is_what_if": result.is_what_if, "applicant_count": result.applicant_count,
            "candidate_count": result.candidate_count, "candidate_ids": [row.id for row in result.candidates],
            "places": result.places, "dimensions": result.dimensions, "warnings": result.warnings,
        }
        return Response(BalanceSerializer(data).data)
