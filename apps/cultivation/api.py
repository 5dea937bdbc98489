"""The talent pool in the API (the office): the list with the page's filters, and the Excel export."""
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.views import APIView

from .forms import TalentPoolFilter
from .permissions import can_use_talent_pool
from .selectors import pool_rows, talent_pool
from .services import export_talent_pool

TAGS = ["工匠人才库"]
FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="姓名（包含）"),
    OpenApiParameter("unit", int, description="推荐单位 ID"),
    OpenApiParameter("industry", str, description="所属行业（GB/T 4754 门类代码）"),
    OpenApiParameter("region", str, description="所在地区（省级行政区划代码前两位）"),
    OpenApiParameter("skill_level", str, description="技能等级"),
    OpenApiParameter("year", int, description="年度"),
    OpenApiParameter("status", str, description="培育状态：in_progress、completed、terminated"),
]


class TalentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField(source="round.year")
    name = serializers.CharField(source="application.full_name")
    gender = serializers.CharField(source="application.get_gender_display")
    unit = serializers.CharField(source="application.unit.name")
    employer = serializers.CharField(source="application.employer_name")
    post = serializers.CharField(source="application.post")
    industry = serializers.CharField(source="application.get_industry_display")
    region = serializers.CharField(source="application.get_region_display")
    skill_level = serializers.CharField(source="application.get_skill_level_display")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    started_on = serializers.DateField()
    ends_on = serializers.DateField()


def _office(request):
    if not can_use_talent_pool(request.user):
        raise PermissionDenied


class TalentPoolView(ListAPIView):
    serializer_class = TalentSerializer
    filter_backends = []

    def get_queryset(self):
        _office(self.request)
        return pool_rows(talent_pool(self.request.user, TalentPoolFilter(self.request.query_params).filters()))

    @extend_schema(tags=TAGS, operation_id="talent_pool_list", summary="工匠人才库", parameters=FILTER_PARAMETERS,
                   description="全总工作人员查询各年度已公布的培育对象（不含身份证号码和手机号码）。")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class TalentPoolExportView(APIView):
    @extend_schema(tags=TAGS, operation_id="talent_pool_export", summary="导出工匠人才库", parameters=FILTER_PARAMETERS,
                   responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY},
                   description="与列表相同的查询条件导出 Excel（身份证号码、手机号码脱敏），导出记入审计日志。")
    def get(self, request):
        _office(request)
        output, _ = export_talent_pool(by=request.user, filters=TalentPoolFilter(request.query_params).filters())
        return FileResponse(
            output, as_attachment=True, filename=f"工匠人才库-{timezone.localdate():%Y%m%d}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
