"""The statement and evidence API: the same selectors and services as the pages (views_statement, views_evidence)."""
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from . import filechecks, selectors, selectors_evidence
from .evidence import delete_evidence, upload_evidence
from .models_evidence import ANSWER_MAX_LENGTH, EvidenceFile
from .statement import save_answer
from .views_evidence import attachment_response

TAGS = ["申报"]


class AnswerSerializer(serializers.Serializer):
    indicator_id = serializers.IntegerField(source="indicator.pk")
    indicator_code = serializers.CharField(source="indicator.code")
    power = serializers.CharField(source="indicator.power")
    power_display = serializers.CharField(source="indicator.get_power_display")
    indicator_name = serializers.CharField(source="indicator.name")
    guidance = serializers.CharField(source="indicator.description")
    text = serializers.CharField()
    version = serializers.IntegerField(help_text="The version to send back with an update (0: never saved)")


class AnswerListSerializer(serializers.Serializer):
    results = AnswerSerializer(many=True)


class AnswerInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=ANSWER_MAX_LENGTH * 4, trim_whitespace=False)
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)


class EvidenceSerializer(serializers.ModelSerializer):
    indicator_id = serializers.IntegerField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "indicator_id", "display_name", "content_type", "size", "sha256", "created_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, evidence) -> str:
        return f"/api/v1/applications/{evidence.application_id}/evidence/{evidence.pk}/download/"


class EvidenceListSerializer(serializers.Serializer):
    results = EvidenceSerializer(many=True)


class EvidenceUploadSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="The indicator's id (see the answers list)")
    file = serializers.FileField(help_text="PDF, JPEG or PNG, at most 20 MB")


def _answer_rows(application):
    rows = selectors_evidence.statement_rows(application)
    return [{"indicator": row.indicator, "text": row.text, "version": row.version} for row in rows]


class AnswerListView(APIView):
    @extend_schema(
        responses=AnswerListSerializer, tags=TAGS, operation_id="application_answers_list", summary="五力陈述列表",
        description="申报的15项评价指标及其陈述、评价要点和版本号；您有权查看该申报时返回。",
    )
    def get(self, request, pk):
        application = selectors.get_application_for(request.user, pk)
        return Response({"results": AnswerSerializer(_answer_rows(application), many=True).data})


class AnswerView(APIView):
    @extend_schema(
        request=AnswerInputSerializer, responses=AnswerSerializer, tags=TAGS, operation_id="application_answer_save", summary="保存一项五力陈述",
        description=f"申报人在草稿或退回修改状态下保存一项陈述（不超过{ANSWER_MAX_LENGTH}字），须带上读取时的版本号；"
        "其间已在别处修改（版本号不符）则拒绝，不会覆盖。",
    )
    def post(self, request, pk, indicator_pk):
        application = selectors.get_application_for(request.user, pk)
        indicator = get_object_or_404(application.round.indicators, pk=indicator_pk)
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = save_answer(application, indicator, by=request.user, text=data.validated_data["text"], version=data.validated_data["version"])
        return Response(AnswerSerializer({"indicator": indicator, "text": answer.text, "version": answer.version}).data)


class EvidenceListView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        responses=EvidenceListSerializer, tags=TAGS, operation_id="application_evidence_list", summary="支撑材料列表",
        description="申报的支撑材料（文件名、类型、大小、SHA-256和下载地址）；您有权查看该申报时返回。",
    )
    def get(self, request, pk):
        application = selectors.get_application_for(request.user, pk)
        return Response({"results": EvidenceSerializer(selectors_evidence.evidence_of(application), many=True).data})

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer}, responses={201: EvidenceSerializer}, tags=TAGS, operation_id="application_evidence_upload", summary="上传支撑材料",
        description="申报人在草稿或退回修改状态下为一项评价指标上传文件：仅PDF、JPEG、PNG（按内容检查），"
        "含脚本等活动内容的PDF和像素过大的图片被拒绝；每个不超过20 MB，每份申报合计不超过200 MB。",
    )
    def post(self, request, pk):
        application = selectors.get_application_for(request.user, pk)
        data = EvidenceUploadSerializer(data=request.data)
        if getattr(request._request, "upload_too_large", False):  # apps.core.uploads dropped it while it arrived
            raise filechecks.too_large()
        data.is_valid(raise_exception=True)
        indicator = application.round.indicators.filter(pk=data.validated_data["indicator"]).first()
        evidence = upload_evidence(application, by=request.user, indicator=indicator, upload=data.validated_data["file"])
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceView(APIView):
    @extend_schema(responses=EvidenceSerializer, tags=TAGS, operation_id="application_evidence_retrieve", summary="支撑材料详情", description="一个文件的名称、类型、大小和SHA-256；您有权查看该申报时返回。")
    def get(self, request, pk, file_pk):
        application = selectors.get_application_for(request.user, pk)
        return Response(EvidenceSerializer(selectors_evidence.get_evidence(application, file_pk)).data)

    @extend_schema(
        responses={204: None}, tags=TAGS, operation_id="application_evidence_delete", summary="删除支撑材料",
        description="申报人删除尚未随申报提交的文件；提交后不能删除。",
    )
    def delete(self, request, pk, file_pk):
        application = selectors.get_application_for(request.user, pk)
        delete_evidence(selectors_evidence.get_evidence(application, file_pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EvidenceDownloadView(APIView):
    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="文件内容（附件）"),
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
        },
        tags=TAGS, operation_id="application_evidence_download", summary="下载支撑材料",
        description="以附件形式返回文件，类型为上传时检查确定的类型；按申报的查看权限判断能否下载。",
    )
    def get(self, request, pk, file_pk):
        application = selectors.get_application_for(request.user, pk)
        return attachment_response(selectors_evidence.get_evidence(application, file_pk))
