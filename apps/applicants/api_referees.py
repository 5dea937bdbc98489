"""The referees API: the same services as the pages (views_referees). The applicant lists, invites, resends and
replaces; the referee reads their link's state and confirms by token, without an account."""
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from apps.core.exceptions import DomainError

from . import filechecks, referees, selectors
from .models import Referee
from .models_referees import RefereeTitle
from .views_evidence import attachment_response
from .views_referees import letter_file

TAGS = ["申报"]


class RefereeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slot = serializers.IntegerField()
    name = serializers.CharField()
    title = serializers.ChoiceField(choices=RefereeTitle.choices)
    title_display = serializers.CharField(source="title_label")
    employer_name = serializers.CharField()
    relationship = serializers.CharField()
    state = serializers.SerializerMethodField(help_text="invited / confirmed / expired")
    sent_at = serializers.DateTimeField()
    token_expires_at = serializers.DateTimeField()
    confirmed_at = serializers.DateTimeField(allow_null=True)
    letter_url = serializers.SerializerMethodField()

    def get_state(self, referee) -> str:
        return referee.state_at(self.context["now"])

    def get_letter_url(self, referee) -> str | None:
        if not referee.letter_sha256:
            return None
        return f"/api/v1/applications/{referee.application_id}/referees/{referee.pk}/letter/"


class RefereeListSerializer(serializers.Serializer):
    results = RefereeSerializer(many=True)
    missing = serializers.ListField(child=serializers.CharField(), help_text="提交前推荐专家方面尚缺的内容")


class RefereeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    email = serializers.EmailField(max_length=254)
    title = serializers.CharField(max_length=30, help_text=" / ".join(f"{value}：{label}" for value, label in RefereeTitle.choices))
    employer_name = serializers.CharField(max_length=100)
    employer_credit_code = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    relationship = serializers.CharField(max_length=referees.RELATIONSHIP_MAX_LENGTH, required=False, allow_blank=True, default="")


class RefereeConfirmSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=30)
    employer_name = serializers.CharField(max_length=100)
    employer_credit_code = serializers.CharField(max_length=30)
    relationship = serializers.CharField(max_length=referees.RELATIONSHIP_MAX_LENGTH)
    letter = serializers.FileField(help_text="签名的推荐信：PDF、JPEG或PNG，不超过20 MB")


class RefereeLinkSerializer(serializers.Serializer):
    name = serializers.CharField()
    applicant = serializers.CharField()
    unit = serializers.CharField()
    year = serializers.IntegerField()
    expires_at = serializers.DateTimeField()


class RefereeConfirmedSerializer(serializers.Serializer):
    name = serializers.CharField()
    status = serializers.CharField()
    confirmed_at = serializers.DateTimeField()
    letter_sha256 = serializers.CharField()


def _serialized(referee_or_list, many=False):
    return RefereeSerializer(referee_or_list, many=many, context={"now": timezone.now()}).data


def _owned_referee(request, pk, referee_pk):
    application = selectors.get_application_for(request.user, pk)
    return application, get_object_or_404(Referee.objects.select_related("application__round", "application__applicant"), pk=referee_pk, application=application)


class RefereeListView(APIView):
    @extend_schema(
        responses=RefereeListSerializer, tags=TAGS, operation_id="application_referees_list", summary="推荐专家列表",
        description="申报的推荐专家（不含已更换的）及其状态，和提交前尚缺的内容；您有权查看该申报时返回。",
    )
    def get(self, request, pk):
        application = selectors.get_application_for(request.user, pk)
        live = referees.live_referees(application)
        return Response({"results": _serialized(live, many=True), "missing": referees.referees_missing(application, live)})

    @extend_schema(
        request=RefereeInputSerializer, responses={201: RefereeSerializer}, tags=TAGS, operation_id="application_referees_invite", summary="邀请推荐专家",
        description="申报人在草稿或退回修改状态下邀请推荐专家（共3位），系统向其邮箱发送一次性确认链接。推荐专家须具有正高级或副高级"
        "专业技术职称或高级技师及以上技能等级，且不属于申报人的工作单位（按统一社会信用代码和规范化后的单位名称比对）。",
    )
    def post(self, request, pk):
        application = selectors.get_application_for(request.user, pk)
        data = RefereeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referee = referees.invite_referee(application, by=request.user, **data.validated_data)
        return Response(_serialized(referee), status=status.HTTP_201_CREATED)


class RefereeResendView(APIView):
    @extend_schema(
        request=None, responses=RefereeSerializer, tags=TAGS, operation_id="application_referee_resend", summary="重新发送邀请",
        description="向尚未确认的推荐专家发送新的链接（过期后也可），之前的链接随即失效。",
    )
    def post(self, request, pk, referee_pk):
        _, referee = _owned_referee(request, pk, referee_pk)
        return Response(_serialized(referees.resend_invitation(referee, by=request.user)))


class RefereeReplaceView(APIView):
    @extend_schema(
        request=RefereeInputSerializer, responses=RefereeSerializer, tags=TAGS, operation_id="application_referee_replace", summary="更换推荐专家",
        description="以新的推荐专家替换尚未确认的一位（同一序号）；原链接失效，新专家收到邀请邮件。",
    )
    def post(self, request, pk, referee_pk):
        _, referee = _owned_referee(request, pk, referee_pk)
        data = RefereeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(_serialized(referees.replace_referee(referee, by=request.user, **data.validated_data)))


class RefereeLetterView(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="推荐信（附件）"),
                   (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY), (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY)},
        tags=TAGS, operation_id="application_referee_letter", summary="下载推荐信", description="按申报的查看权限判断能否下载。",
    )
    def get(self, request, pk, referee_pk):
        _, referee = _owned_referee(request, pk, referee_pk)
        return attachment_response(letter_file(referee))


class RefereeLinkThrottle(AnonRateThrottle):
    scope = "anon"


def _link_or_error(token):
    found = referees.referee_for_token(token)
    if isinstance(found, referees.LinkProblem):
        raise DomainError(found.message, code=f"link_{found.code}")
    return found


class RefereeLinkView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [RefereeLinkThrottle]

    @extend_schema(
        responses=RefereeLinkSerializer, tags=TAGS, operation_id="referee_link_retrieve", summary="推荐专家链接状态", auth=[],
        description="推荐专家（无需账号）以邮件中的链接令牌查看邀请：申报人、推荐单位、年度和有效期。链接无效、已使用、已过期或已更换时返回400及原因。",
    )
    def get(self, request, token):
        referee = _link_or_error(token)
        application = referee.application
        return Response(RefereeLinkSerializer({
            "name": referee.name, "applicant": application.full_name or str(application.applicant), "unit": str(application.unit.name),
            "year": application.round.year, "expires_at": referee.token_expires_at,
        }).data)


class RefereeConfirmView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [RefereeLinkThrottle]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": RefereeConfirmSerializer}, responses={200: RefereeConfirmedSerializer}, tags=TAGS, auth=[],
        operation_id="referee_link_confirm", summary="推荐专家确认推荐",
        description="推荐专家以链接令牌确认推荐：职称或技能等级、工作单位及统一社会信用代码、与申报人的关系和签名的推荐信。链接只能使用一次。",
    )
    def post(self, request, token):
        data = RefereeConfirmSerializer(data=request.data)
        if getattr(request._request, "upload_too_large", False):  # apps.core.uploads dropped it while it arrived
            raise filechecks.too_large()
        data.is_valid(raise_exception=True)
        referee = referees.confirm_by_token(token, **data.validated_data)
        return Response(RefereeConfirmedSerializer(referee).data)
