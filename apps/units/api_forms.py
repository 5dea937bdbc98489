"""The recommendation form in the API: request, status, download; the same services as the page (views_forms)."""
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from . import forms_pdf
from .models_forms import FormStatus, RecommendationForm
from .views_forms import application_with_form, ready_form_attachment

TAGS = ["申报"]  # under the application, as its statement and evidence are


class RecommendationFormSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    queue_unavailable = serializers.SerializerMethodField(help_text="排队中但任务队列未接收（Redis 不可用）：恢复后自动生成")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = RecommendationForm
        fields = [
            "id", "status", "status_display", "queue_unavailable", "input_hash", "size", "sha256", "error",
            "created_at", "started_at", "finished_at", "download_url",
        ]
        read_only_fields = fields

    def get_queue_unavailable(self, form) -> bool:
        return form.status == FormStatus.QUEUED and form.published_at is None

    def get_download_url(self, form) -> str | None:
        if form.status != FormStatus.READY:
            return None
        return f"/api/v1/applications/{form.application_id}/recommendation-form/download/"


class RecommendationFormView(APIView):
    @extend_schema(
        responses=RecommendationFormSerializer, tags=TAGS, operation_id="application_recommendation_form_status",
        summary="推荐表状态", description="最近一次生成的推荐表及其状态（排队中、生成中、已生成、生成失败）；"
        "本单位工作人员和已报送申报的全总工作人员可查看，尚未生成时返回404。",
    )
    def get(self, request, pk):
        application = application_with_form(request.user, pk)
        form = forms_pdf.latest_form(application)
        if form is None:
            raise Http404
        return Response(RecommendationFormSerializer(form).data)

    @extend_schema(
        request=None, responses={202: RecommendationFormSerializer}, tags=TAGS, operation_id="application_recommendation_form_request",
        summary="生成推荐表", description="按申报当前内容生成推荐表（PDF，后台生成）；内容未变化时返回已有的推荐表，不重复生成。",
    )
    def post(self, request, pk):
        application = application_with_form(request.user, pk)
        form = forms_pdf.request_recommendation_form(application, by=request.user)
        form.refresh_from_db()  # published_at, and the status an in-process render left
        return Response(RecommendationFormSerializer(form).data, status=status.HTTP_202_ACCEPTED)


class RecommendationFormDownloadView(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="推荐表（附件）")},
        tags=TAGS, operation_id="application_recommendation_form_download", summary="下载推荐表",
        description="最近一次已生成的推荐表，以附件形式返回；尚无已生成的推荐表时返回404。",
    )
    def get(self, request, pk):
        return ready_form_attachment(application_with_form(request.user, pk))
