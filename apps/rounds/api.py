from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.accounts.roles import is_programme_staff, is_unit_staff

from . import selectors
from .api_office import RoundOfficeActions
from .enums import RoundStatus
from .models import Round
from .serializers import QuotaListSerializer, QuotaOverrideInputSerializer, QuotaSerializer, RoundSerializer
from .services import allocate_quotas, override_quota


@extend_schema_view(
    list=extend_schema(summary="遴选年度列表", tags=["遴选年度"], description="已部署的遴选年度及其评价指标，最新年度在前。"),
    retrieve=extend_schema(summary="遴选年度详情", tags=["遴选年度"], description="一个已部署的遴选年度及其15项评价指标。"),
)
class RoundViewSet(RoundOfficeActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Deployed rounds with their indicators: the programme's public frame, readable by every signed-in user.

    The quota actions reach draft rounds too, for the office (it allocates before deploying); so do the
    office's own operations (`api_office.RoundOfficeActions`: create, settings, scheme, factors, preview, confirm)."""

    serializer_class = RoundSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Round.objects.exclude(status=RoundStatus.DRAFT).prefetch_related("indicators").order_by("-year")

    def _quota_round(self):
        rounds = Round.objects.all() if is_programme_staff(self.request.user) else self.get_queryset()
        return get_object_or_404(rounds, pk=self.kwargs["pk"])

    @extend_schema(
        responses=QuotaListSerializer, summary="推荐名额列表", tags=["遴选年度"],
        description="本年度各推荐单位的推荐名额（计算值、现值与调整原因）。全总工作人员看到全部单位，推荐单位只看到本单位。",
    )
    @action(detail=True, methods=["get"], url_path="quotas")
    def quotas(self, request, pk=None):
        if not (is_programme_staff(request.user) or is_unit_staff(request.user)):
            raise PermissionDenied
        round = self._quota_round()
        quotas = selectors.quotas_visible_to(request.user).filter(round=round)
        return Response({"results": QuotaSerializer(quotas, many=True).data})

    @extend_schema(
        request=None, responses=QuotaListSerializer, summary="分配推荐名额", tags=["遴选年度"],
        description="按四项因素的加权得分，以最大余额法分配 ceil(全国培育目标 × 推荐比例) 个名额，每单位不少于最少名额；"
        "已调整的名额保持不变。重复分配结果相同。推荐阶段结束后拒绝。仅限全总工作人员。",
    )
    @action(detail=True, methods=["post"], url_path="allocate-quotas")
    def allocate_quotas(self, request, pk=None):
        if not is_programme_staff(request.user):
            raise PermissionDenied
        round = allocate_quotas(self._quota_round(), by=request.user)
        quotas = selectors.quotas_visible_to(request.user).filter(round=round)
        return Response({"results": QuotaSerializer(quotas, many=True).data})


class QuotaViewSet(viewsets.GenericViewSet):
    """A quota's override: the same service as the admin; the office only."""

    serializer_class = QuotaSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.quotas_visible_to(self.request.user)

    @extend_schema(
        request=QuotaOverrideInputSerializer, responses=QuotaSerializer, summary="调整推荐名额", tags=["遴选年度"],
        description="全总工作人员手工调整一个单位的推荐名额，须填写原因；记入审计日志（原值与新值）。推荐阶段结束后拒绝。",
    )
    @action(detail=True, methods=["post"], url_path="override")
    def override(self, request, pk=None):
        quota = self.get_object()
        data = QuotaOverrideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quota = override_quota(quota, by=request.user, **data.validated_data)
        return Response(QuotaSerializer(quota).data)
