from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from .selectors import inbox_of
from .serializers import NoticeSerializer


@extend_schema_view(
    list=extend_schema(summary="我的通知", tags=["通知"], description="发给您本人的通知，最新的在前。"),
    retrieve=extend_schema(summary="通知详情", tags=["通知"], description="发给您本人的一条通知。"),
)
class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own inbox."""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        return inbox_of(self.request.user)
