from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .roles import is_programme_staff
from .selectors import accounts_for_office
from .serializers import AccountCreateSerializer, AccountSerializer, MeSerializer, TokenSerializer


class MeView(APIView):
    """The signed-in user: who they are and which role they act in."""

    @extend_schema(
        responses=MeSerializer, summary="当前用户", tags=["账号"],
        description="当前登录用户的姓名、角色和所属推荐单位。",
    )
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class MeTokenView(APIView):
    """Issue oneself a new API token (the old one stops working). Audited."""

    @extend_schema(request=None, responses={201: TokenSerializer}, summary="生成自己的接口令牌", tags=["账号"], description="为当前用户生成新的接口令牌，原令牌随即失效；令牌只在此次响应中出现。")
    def post(self, request):
        token = services.create_api_token(request.user, by=request.user)
        return Response(TokenSerializer({"token": token.key}).data, status=status.HTTP_201_CREATED)


class IsProgrammeStaff(BasePermission):
    def has_permission(self, request, view):
        return is_programme_staff(request.user)


@extend_schema_view(
    list=extend_schema(summary="账号列表", tags=["账号管理"], description="推荐单位工作人员和评审专家的账号，可按姓名或用户名搜索（q）。"),
    retrieve=extend_schema(summary="账号详情", tags=["账号管理"], description="一个推荐单位工作人员或评审专家的账号。"),
)
class AccountViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The programme office's accounts of unit staff and experts: the same services as the office pages."""

    serializer_class = AccountSerializer
    permission_classes = [IsProgrammeStaff]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return accounts_for_office(self.request.query_params.get("q", "")[:50])

    @extend_schema(request=AccountCreateSerializer, responses={201: AccountSerializer}, summary="新建账号并发送设置密码链接", tags=["账号管理"], description="全总工作人员为推荐单位工作人员或评审专家新建账号；系统向其邮箱发送设置密码的链接。")
    def create(self, request):
        data = AccountCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        account = services.create_account(by=request.user, **data.validated_data)
        return Response(AccountSerializer(self.get_queryset().get(pk=account.pk)).data, status=status.HTTP_201_CREATED)

    def _act(self, service):
        account = self.get_object()
        service(account, by=self.request.user)
        return Response(AccountSerializer(self.get_queryset().get(pk=account.pk)).data)

    @extend_schema(request=None, responses=AccountSerializer, summary="停用账号", tags=["账号管理"], description="停用后该用户不能登录，其会话和接口令牌随即失效。")
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        return self._act(lambda account, by: services.set_user_active(account, by=by, active=False))

    @extend_schema(request=None, responses=AccountSerializer, summary="启用账号", tags=["账号管理"], description="重新启用已停用的账号。")
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self._act(lambda account, by: services.set_user_active(account, by=by, active=True))

    @extend_schema(request=None, responses=AccountSerializer, summary="解除登录锁定", tags=["账号管理"], description="清除该用户名因多次登录失败而生效的锁定。")
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        return self._act(services.unlock_user)

    @extend_schema(request=None, responses=AccountSerializer, summary="发送重设密码邮件", tags=["账号管理"], description="向该用户的邮箱发送一次性的重设密码链接。")
    @action(detail=True, methods=["post"], url_path="send-reset")
    def send_reset(self, request, pk=None):
        return self._act(services.send_password_reset)
