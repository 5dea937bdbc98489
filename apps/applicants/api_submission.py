"""The completeness and snapshots API: the same checklist (`completeness`) and snapshots (`snapshots`) as the pages.

Submitting is `POST /api/v1/applications/<pk>/submit/` with the checklist's `version` (api.py).
"""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import completeness, selectors, snapshots

TAGS = ["申报"]


class ChecklistItemSerializer(serializers.Serializer):
    key = serializers.CharField(source="requirement.key")
    label = serializers.CharField(source="requirement.label")
    section = serializers.CharField(source="requirement.section")
    done = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())


class ChecklistSerializer(serializers.Serializer):
    complete = serializers.BooleanField()
    version = serializers.CharField(help_text="提交时须原样带回；其间申报内容有改动则提交被拒绝")
    items = ChecklistItemSerializer(many=True)


class SnapshotSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    content_sha256 = serializers.CharField()


class SnapshotListSerializer(serializers.Serializer):
    results = SnapshotSerializer(many=True)


class SnapshotDetailSerializer(SnapshotSerializer):
    content = serializers.JSONField(help_text="提交时的基本信息（身份证号码、手机号码已遮蔽）、陈述、支撑材料（文件名与SHA-256）、推荐专家")


class CompletenessView(APIView):
    @extend_schema(
        responses=ChecklistSerializer, tags=TAGS, operation_id="application_completeness", summary="申报完整性检查",
        description="提交前须满足的各项要求及尚缺内容，与网页相同；version 用于提交。您有权查看该申报时返回。",
    )
    def get(self, request, pk):
        application = selectors.get_application_for(request.user, pk)
        return Response(ChecklistSerializer(completeness.checklist(application)).data)


class SnapshotListView(APIView):
    @extend_schema(
        responses=SnapshotListSerializer, tags=TAGS, operation_id="application_snapshots_list", summary="提交版本列表",
        description="每次提交时冻结的版本（不含内容），从第1版起。",
    )
    def get(self, request, pk):
        application = selectors.get_application_for(request.user, pk)
        return Response({"results": SnapshotSerializer(snapshots.snapshots_of(application), many=True).data})


class SnapshotDetailView(APIView):
    @extend_schema(
        responses=SnapshotDetailSerializer, tags=TAGS, operation_id="application_snapshot_detail", summary="提交版本详情",
        description="某一版提交时冻结的内容；之后的修改不会改变它。",
    )
    def get(self, request, pk, version):
        application = selectors.get_application_for(request.user, pk)
        return Response(SnapshotDetailSerializer(snapshots.get_snapshot(application, version)).data)
