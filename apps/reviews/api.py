from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets

from apps.accounts.roles import is_expert

from .selectors import assignments_of
from .serializers import AssignmentSerializer


class IsExpert(permissions.BasePermission):
    message = "仅评审专家可以访问。"

    def has_permission(self, request, view):
        return is_expert(request.user)


@extend_schema_view(
    list=extend_schema(summary="我的评审任务", tags=["专家评审"], description="分配给您本人、且无利益冲突的候选人。"),
    retrieve=extend_schema(summary="评审任务详情", tags=["专家评审"], description="分配给您本人的一项评审任务。"),
)
class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The expert's own active assignments without a conflict; anyone else's answers 404."""

    serializer_class = AssignmentSerializer
    permission_classes = [permissions.IsAuthenticated, IsExpert]

    def get_queryset(self):
        return assignments_of(self.request.user)
