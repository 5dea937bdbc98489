from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from .serializers import MeSerializer


class MeView(APIView):
    """The signed-in user: who they are and which role they act in."""

    @extend_schema(
        responses=MeSerializer, summary="当前用户", tags=["账号"],
        description="当前登录用户的姓名、角色和所属推荐单位。",
    )
    def get(self, request):
        return Response(MeSerializer(request.user).data)
