from rest_framework import mixins, viewsets

from .selectors import inbox_of
from .serializers import NoticeSerializer


class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own inbox."""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        return inbox_of(self.request.user)
