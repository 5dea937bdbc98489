from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from .enums import RoundStatus
from .models import Round
from .serializers import RoundSerializer


@extend_schema_view(
    list=extend_schema(summary="遴选年度列表", tags=["遴选年度"], description="已部署的遴选年度及其评价指标，最新年度在前。"),
    retrieve=extend_schema(summary="遴选年度详情", tags=["遴选年度"], description="一个已部署的遴选年度及其15项评价指标。"),
)
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Deployed rounds with their indicators: the programme's public frame, readable by every signed-in user."""

    serializer_class = RoundSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Round.objects.exclude(status=RoundStatus.DRAFT).prefetch_related("indicators").order_by("-year")
