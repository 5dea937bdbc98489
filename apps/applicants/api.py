import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.units.services import forward_application

from . import selectors
from .enums import ApplicationStatus
from .serializers import (
    ApplicationDetailSerializer,
    ApplicationSerializer,
    ForwardInputSerializer,
    StatusChangeInputSerializer,
)
from .services import set_application_status, submit_application


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ApplicationStatus.choices)
    year = django_filters.NumberFilter(field_name="round__year")

    class Meta:
        model = selectors.Application
        fields = ["status", "year", "unit"]


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
        request=StatusChangeInputSerializer,
        responses=ApplicationSerializer,
        summary="变更申报状态",
        description="不受理有专门操作的变更（提交申报、推荐报送），请使用对应接口。",
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

    @extend_schema(request=None, responses=ApplicationSerializer, summary="提交申报")
    @action(detail=True, methods=["post"], url_path="submit")
    def submit(self, request, pk=None):
        application = submit_application(self.get_object(), by=request.user)
        return Response(ApplicationSerializer(application).data)

    @extend_schema(request=ForwardInputSerializer, responses=ApplicationSerializer, summary="推荐报送")
    @action(detail=True, methods=["post"], url_path="forward")
    def forward(self, request, pk=None):
        application = self.get_object()
        data = ForwardInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = forward_application(application, by=request.user, opinion=data.validated_data["opinion"])
        return Response(ApplicationSerializer(application).data)
