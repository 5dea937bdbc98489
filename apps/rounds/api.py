from rest_framework import mixins, viewsets

from .enums import RoundStatus
from .models import Round
from .serializers import RoundSerializer


class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Deployed rounds with their indicators: the programme's public frame, readable by every signed-in user."""

    serializer_class = RoundSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Round.objects.exclude(status=RoundStatus.DRAFT).prefetch_related("indicators").order_by("-year")
