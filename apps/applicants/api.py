import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.request_context import client_ip_of
from apps.rounds.selectors import current_round

from apps.core.exceptions import DomainError
from apps.units.services import forward_application, reject_application, return_application, withdraw_forward
from apps.units.models import RecommendingUnit

from . import selectors
from .enums import ApplicationStatus
from .serializers import (
    ApplicationDetailSerializer,
    ApplicationSerializer,
    ForwardInputSerializer,
    ReasonInputSerializer,
    StatusChangeInputSerializer,
    SubmitInputSerializer,
)
from .services import set_application_status, start_application, submit_application


class StartApplicationInputSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=RecommendingUnit.objects.all(), help_text="推荐单位的 id")
    consent = serializers.BooleanField(default=False, help_text="同意《个人信息处理规则》（当前版本尚未同意过时必须为 true）")


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices, label="状态（可多选）")
    year = django_filters.NumberFilter(field_name="round__year", label="遴选年度（年份）")
    unit = django_filters.ModelChoiceFilter(queryset=RecommendingUnit.objects.all(), label="推荐单位")

    class Meta:
        model = selectors.Application
        fields = ["status", "year", "unit"]


@extend_schema_view(
    list=extend_schema(
        summary="申报列表", tags=["申报"],
        description="您有权查看的申报：申报人看到自己的申报，推荐单位看到本单位已提交的申报，全总工作人员看到已推荐报送的申报。",
    ),
    retrieve=extend_schema(summary="申报详情", tags=["申报"], description="一份您有权查看的申报。"),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications within the caller's reach; status changes go through the same service as the pages."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter

    def get_queryset(self):
        return selectors.applications_visible_to(self.request.user).order_by("-created_at", "-pk")

    def get_serializer_class(self):
        return ApplicationDetailSerializer if self.action == "retrieve" else ApplicationSerializer

    def get_object(self):
        return selectors.get_application_for(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request=StartApplicationInputSerializer, responses={201: ApplicationSerializer}, summary="新建申报", tags=["申报"],
        description="申报人在推荐阶段通过一个推荐单位新建本年度申报（每人每年度一份），基本信息按上一年度申报预填。"
        "首次申报须同意当前版本的《个人信息处理规则》。",
    )
    def create(self, request):
        data = StartApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round = current_round()
        if round is None:
            raise DomainError("本年度遴选尚未部署，暂不能申报。")
        application = start_application(
            by=request.user, round=round, unit=data.validated_data["unit"],
            consent=data.validated_data["consent"], ip_address=client_ip_of(request),
        )
        return Response(ApplicationSerializer(self.get_queryset().get(pk=application.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=StatusChangeInputSerializer, responses=ApplicationSerializer, summary="变更申报状态", tags=["申报"],
        description="办理没有专门接口的状态变更（退回修改、不予推荐、撤回等），与网页调用同一服务；退回和不予推荐须填写理由。"
        "有专门接口的变更（提交申报、推荐报送）在此被拒绝，请使用对应接口。",
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        application = self.get_object()
        data = StatusChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = set_application_status(
            application, data.validated_data["to"], by=request.user, reason=data.validated_data["reason"]
        )
        return Response(ApplicationSerializer(application).data)

    @extend_schema(
        request=SubmitInputSerializer, responses=ApplicationSerializer, summary="提交申报", tags=["申报"],
        description="申报人提交草稿或修改后重新提交，须带上完整性检查（completeness 接口）返回的 version；"
        "材料不完整（逐项列出）、推荐截止时间已过、重复提交或其间已在别处修改（version 不符）则拒绝，不作任何改变。"
        "提交成功即生成一版不可更改的提交快照。",
    )
    @action(detail=True, methods=["post"], url_path="submit")
    def submit(self, request, pk=None):
        application = self.get_object()
        data = SubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = submit_application(application, by=request.user, version=data.validated_data["version"])
        return Response(ApplicationSerializer(application).data)

    @extend_schema(
        request=ForwardInputSerializer, responses=ApplicationSerializer, summary="推荐报送", tags=["申报"],
        description="推荐单位将已提交的申报报送全总：须填写推荐意见（不超过500字），并确认人选的政治素质和工匠精神；"
        "须在推荐截止时间前，且在本单位推荐名额之内（名额已用完时返回 400 及说明）。",
    )
    @action(detail=True, methods=["post"], url_path="forward")
    def forward(self, request, pk=None):
        application = self.get_object()
        data = ForwardInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = forward_application(application, by=request.user, **data.validated_data)
        return Response(ApplicationSerializer(application).data)

    def _decide(self, request, service):
        application = self.get_object()
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = service(application, by=request.user, reason=data.validated_data["reason"])
        return Response(ApplicationSerializer(application).data)

    @extend_schema(
        request=ReasonInputSerializer, responses=ApplicationSerializer, summary="退回修改", tags=["申报"],
        description="推荐单位将已提交的申报退回申报人修改（须填写原因，申报人将收到通知），申报人修改后可在截止前重新提交。",
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_fixes(self, request, pk=None):
        return self._decide(request, return_application)

    @extend_schema(
        request=ReasonInputSerializer, responses=ApplicationSerializer, summary="不予推荐", tags=["申报"],
        description="推荐单位决定不予推荐（须填写原因，申报人将收到通知）；本年度内为最终决定。",
    )
    @action(detail=True, methods=["post"], url_path="reject")
    def reject(self, request, pk=None):
        return self._decide(request, reject_application)

    @extend_schema(
        request=ReasonInputSerializer, responses=ApplicationSerializer, summary="撤回推荐报送", tags=["申报"],
        description="推荐单位在形式审查开始前（推荐阶段内）撤回已推荐报送的人选（须填写原因）：申报回到本单位待办理，"
        "其推荐名额可重新使用；申报人和本单位工作人员将收到通知。",
    )
    @action(detail=True, methods=["post"], url_path="withdraw-forward")
    def withdraw_forward(self, request, pk=None):
        return self._decide(request, withdraw_forward)
