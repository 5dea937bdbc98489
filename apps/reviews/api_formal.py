"""Formal review in the API: the office's queue with each check, one decision, the bulk pass of clean
candidates. The same selectors and services as the pages (views_formal, formal)."""
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.roles import is_programme_staff
from apps.applicants.selectors import get_application_for
from apps.core.api import Pagination
from apps.rounds.selectors import get_round_for_office

from . import formal, selectors

TAGS = ["形式审查"]
DECISIONS = {"pass": formal.pass_formal_review, "fail": formal.fail_formal_review}


class CheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    ok = serializers.BooleanField()
    detail = serializers.CharField()


class FormalRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    applicant = serializers.CharField(source="applicant.__str__")
    unit_id = serializers.IntegerField()
    unit = serializers.CharField(source="unit.name")
    unit_rank = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    status_display = serializers.CharField(source="status_label")
    status_reason = serializers.CharField()
    clean = serializers.BooleanField(help_text="True when every check holds (a bulk pass would pass it)")
    checks = CheckSerializer(many=True)


class DecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("pass", "通过"), ("fail", "不通过")])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class PassCleanInputSerializer(serializers.Serializer):
    applications = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), max_length=5000)


class SkippedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    why = serializers.CharField()


class PassCleanResultSerializer(serializers.Serializer):
    passed = serializers.ListField(child=serializers.IntegerField())
    skipped = SkippedSerializer(many=True)


def _office(request):
    if not is_programme_staff(request.user):
        raise PermissionDenied


class FormalQueueView(APIView):
    @extend_schema(
        responses=FormalRowSerializer(many=True), tags=TAGS, operation_id="formal_review_list", summary="形式审查名单",
        parameters=[
            OpenApiParameter("status", str, description="forwarded（待审查，默认）、formal_passed、formal_failed 或 all"),
            OpenApiParameter("unit", int, description="推荐单位 id"),
        ],
        description="全总工作人员查看本年度报送人选的形式审查情况：每项基本条件的系统核对结果，是否全部符合。",
    )
    def get(self, request, pk):
        _office(request)
        round = get_round_for_office(request.user, pk)
        status = request.query_params.get("status", selectors.S.FORWARDED)
        if status not in selectors.FORMAL_STATUSES and status != "all":
            status = selectors.S.FORWARDED
        unit = request.query_params.get("unit", "")
        queryset = selectors.formal_queryset(
            round, status=None if status == "all" else status, unit=int(unit) if unit.isdigit() else None
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(queryset, request, view=self)
        rows = selectors.formal_rows(round, rows=page)
        return paginator.get_paginated_response(FormalRowSerializer(rows, many=True).data)


class FormalDecisionView(APIView):
    @extend_schema(
        request=DecisionInputSerializer, responses=FormalRowSerializer, tags=TAGS, operation_id="formal_review_decide",
        summary="形式审查决定",
        description="通过（系统核对未全部符合时须填写核对说明 reason）或不通过（须填写原因，通知申报人和推荐单位）。"
        "仅评审阶段、仅已推荐报送的人选；通用的状态变更接口不能办理此事项。",
    )
    def post(self, request, pk):
        _office(request)
        application = get_application_for(request.user, pk)
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        DECISIONS[data.validated_data["decision"]](application, by=request.user, reason=data.validated_data["reason"])
        (row,) = selectors.formal_rows(application.round, pks=[application.pk])
        return Response(FormalRowSerializer(row).data)


class FormalPassCleanView(APIView):
    @extend_schema(
        request=PassCleanInputSerializer, responses=PassCleanResultSerializer, tags=TAGS, operation_id="formal_review_pass_clean",
        summary="批量通过核对无误的人选",
        description="对所列人选中仍待审查且各项条件全部符合者一并通过；其余不变，并在 skipped 中说明原因。"
        "不属于本年度的 id 不予理会。",
    )
    def post(self, request, pk):
        _office(request)
        round = get_round_for_office(request.user, pk)
        data = PassCleanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = formal.pass_clean(round, data.validated_data["applications"], by=request.user)
        return Response({
            "passed": [application.pk for application in result.passed],
            "skipped": [{"id": row.pk, "why": why} for row, why in result.skipped],
        })
