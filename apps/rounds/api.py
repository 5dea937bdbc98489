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
from .readiness import phase_check
from .serializers import (
    AdvanceInputSerializer, PhaseCheckSerializer, QuotaListSerializer, QuotaOverrideInputSerializer, QuotaSerializer,
    RoundSerializer,
)
from .services import advance_round, allocate_quotas, override_quota


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

    def _office_round(self):
        """The round `pk` for the office (drafts included); everyone else is refused before the lookup."""
        if not is_programme_staff(self.request.user):
            raise PermissionDenied
        return get_object_or_404(Round.objects.prefetch_related("indicators"), pk=self.kwargs["pk"])

    @extend_schema(
        responses=PhaseCheckSerializer, summary="阶段推进检查", tags=["遴选年度"],
        description="推进到下一阶段前的检查：当前阶段与下一阶段、推进后将会发生什么、尚未满足的全部前提条件（附办理页面），"
        "以及各推荐单位尚未提交、尚未报送和已报送的申报数。只读，不做任何变更。仅限全总工作人员。",
    )
    @action(detail=True, methods=["get"], url_path="phase-check")
    def phase_check(self, request, pk=None):
        return Response(PhaseCheckSerializer(phase_check(self._office_round())).data)

    @extend_schema(
        request=AdvanceInputSerializer, responses=RoundSerializer, summary="推进阶段", tags=["遴选年度"],
        description="将遴选年度推进到下一阶段（to 须为当前阶段的下一阶段，否则拒绝），前提条件须全部满足，"
        "否则返回 400 并列出每一项未满足的条件。推进记入审计日志，并向相关推荐单位和申报人发送阶段通知"
        "（部署时向各推荐单位发送含本单位推荐名额的遴选工作通知）。仅限全总工作人员。",
    )
    @action(detail=True, methods=["post"], url_path="advance")
    def advance(self, request, pk=None):
        round = self._office_round()
        data = AdvanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round = advance_round(round, data.validated_data["to"], by=request.user)
        return Response(RoundSerializer(Round.objects.prefetch_related("indicators").get(pk=round.pk)).data)


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
