"""Objections in the API: file one and check its status (public: the same throttles and challenge as the
page), and the office's list, detail, assignment, investigation and conclusion (the same services)."""
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.roles import Role, is_programme_staff
from apps.core.api import _error
from apps.core.request_context import client_ip_of

from . import challenge, objections, selectors
from .models import Publicity
from .models_objections import ObjectionStatus
from .views_objections import LOOKUP_NOT_FOUND

TAGS = ["公示异议"]


class ChallengeSerializer(serializers.Serializer):
    question = serializers.CharField(help_text="验证问题（中文数字的加法），答案用阿拉伯数字填写")
    token = serializers.CharField(help_text="提交异议时原样带回的 challenge_token（30 分钟内有效，只能使用一次）")


class FileInputSerializer(serializers.Serializer):
    objector_name = serializers.CharField(allow_blank=True, required=False, default="", max_length=60)
    phone = serializers.CharField(allow_blank=True, required=False, default="", max_length=20)
    relationship = serializers.CharField(allow_blank=True, required=False, default="", max_length=100)
    content = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)
    evidence = serializers.FileField(required=False, allow_null=True, default=None)
    challenge_token = serializers.CharField(allow_blank=True, required=False, default="")
    challenge_answer = serializers.CharField(allow_blank=True, required=False, default="", max_length=10)


class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField(help_text="受理编号：凭它和手机号码查询办理情况")
    status = serializers.CharField()


class LookupInputSerializer(serializers.Serializer):
    receipt = serializers.CharField(max_length=30)
    phone = serializers.CharField(max_length=20)


class PublicStatusSerializer(serializers.Serializer):
    """What the objector sees: never the office's notes or the handler."""

    receipt = serializers.CharField()
    candidate = serializers.CharField(source="entry.application.full_name")
    year = serializers.IntegerField(source="publicity.round.year")
    created_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    concluded_at = serializers.DateTimeField(allow_null=True)
    reasons = serializers.SerializerMethodField(help_text="结论理由（办结后才有）")

    def get_reasons(self, objection) -> str:
        return objection.reasons if objection.concluded else ""


class OfficeObjectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    receipt = serializers.CharField()
    entry = serializers.IntegerField(source="entry_id")
    candidate = serializers.CharField(source="entry.application.full_name")
    unit = serializers.CharField(source="entry.application.unit.name")
    objector_name = serializers.CharField()
    phone = serializers.CharField()
    relationship = serializers.CharField()
    content = serializers.CharField()
    has_evidence = serializers.SerializerMethodField()
    status = serializers.CharField()
    handler = serializers.CharField(source="handler.display_name", allow_null=True, default=None)
    investigation = serializers.CharField()
    reasons = serializers.CharField()
    created_at = serializers.DateTimeField()
    concluded_at = serializers.DateTimeField(allow_null=True)

    def get_has_evidence(self, objection) -> bool:
        return bool(objection.evidence)


class AssignInputSerializer(serializers.Serializer):
    handler = serializers.IntegerField(help_text="承办人（全总工作人员）的用户 ID")


class InvestigateInputSerializer(serializers.Serializer):
    investigation = serializers.CharField(allow_blank=True, max_length=5000)


class ConcludeInputSerializer(serializers.Serializer):
    upheld = serializers.BooleanField(help_text="true：异议成立（该人选退出公示名单）；false：异议不成立")
    reasons = serializers.CharField(allow_blank=True, max_length=5000)


class ChallengeView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=ChallengeSerializer, tags=TAGS, operation_id="objection_challenge", summary="获取验证问题（公开）",
                   description="无需登录。返回一道中文数字的加法题和签名令牌；提交异议时带回令牌和答案（阿拉伯数字），30 分钟内有效，只能使用一次。")
    def get(self, request):
        question, token = challenge.new_challenge()
        return Response({"question": question, "token": token}, headers={"Cache-Control": "no-store"})


class FileObjectionView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []  # public: no session, no CSRF
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request=FileInputSerializer, responses={201: ReceiptSerializer}, tags=TAGS, operation_id="objection_file", summary="提出异议（公开）",
        description="无需登录，须实名（姓名、手机号码），在公示期内提出；先 GET 验证问题，再带回 challenge_token 和答案。"
        "按来源地址和手机号码限制频率（429）。成功时返回受理编号。",
    )
    def post(self, request, pk):
        entry = selectors.public_entry(selectors.current_publicity_of_entry(pk), pk)
        data = FileInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            objections.check_throttles(ip=client_ip_of(request), phone=values["phone"])
        except objections.Throttled as refused:
            return _error(429, refused.code, refused.message)
        if getattr(request._request, "upload_too_large", False):  # apps.core.uploads dropped it while it arrived
            raise objections.filechecks.too_large()
        challenge.check(values["challenge_token"], values["challenge_answer"])
        objection = objections.file_objection(
            entry, name=values["objector_name"], phone=values["phone"], relationship=values["relationship"],
            content=values["content"], upload=values["evidence"], ip=client_ip_of(request),
        )
        return Response({"receipt": objection.receipt, "status": objection.status}, status=201)


class ObjectionStatusView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=LookupInputSerializer, responses=PublicStatusSerializer, tags=TAGS, operation_id="objection_status",
                   summary="查询异议办理情况（公开）", description="凭受理编号和手机号码查询；不匹配时一律 404。按来源地址限制频率。")
    def post(self, request):
        data = LookupInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            objections.check_lookup_throttle(ip=client_ip_of(request))
        except objections.Throttled as refused:
            return _error(429, refused.code, refused.message)
        objection = objections.find_objection(data.validated_data["receipt"], data.validated_data["phone"])
        if objection is None:
            return _error(404, "not_found", LOOKUP_NOT_FOUND)
        return Response(PublicStatusSerializer(objection).data, headers={"Cache-Control": "no-store"})


def _office(request):
    if not is_programme_staff(request.user):
        raise PermissionDenied


class OfficeObjectionListView(APIView):
    @extend_schema(
        responses=OfficeObjectionSerializer(many=True), tags=TAGS, operation_id="objection_office_list", summary="公示异议列表",
        description="全总工作人员查看一次公示的异议（含异议人姓名和手机号码），可按状态和被公示人筛选。",
        parameters=[OpenApiParameter("status", str, enum=ObjectionStatus.values), OpenApiParameter("entry", int)],
    )
    def get(self, request, pk):
        _office(request)
        publicity = get_object_or_404(Publicity, pk=pk)
        status = request.query_params.get("status", "")
        entry = publicity.entries.filter(pk=request.query_params["entry"]).first() if request.query_params.get("entry", "").isdigit() else None
        rows = selectors.office_objections(request.user, publicity, status=status if status in ObjectionStatus.values else "", entry=entry)
        return Response(OfficeObjectionSerializer(rows, many=True).data)


class OfficeObjectionView(APIView):
    @extend_schema(responses=OfficeObjectionSerializer, tags=TAGS, operation_id="objection_office_detail", summary="公示异议详情",
                   description="全总工作人员查看一件异议的全部内容，含异议人身份、调查核实情况和结论。")
    def get(self, request, pk):
        _office(request)
        return Response(OfficeObjectionSerializer(selectors.get_objection_for_office(request.user, pk)).data)


class _OfficeAction(APIView):
    input_serializer = None

    def post(self, request, pk):
        _office(request)
        objection = selectors.get_objection_for_office(request.user, pk)
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.act(request, objection, data.validated_data)
        return Response(OfficeObjectionSerializer(selectors.get_objection_for_office(request.user, pk)).data)


class AssignView(_OfficeAction):
    input_serializer = AssignInputSerializer

    @extend_schema(request=AssignInputSerializer, responses=OfficeObjectionSerializer, tags=TAGS, operation_id="objection_assign", summary="指定承办人",
                  description="指定全总工作人员为承办人，异议进入“调查核实中”。已办结的异议不能再办理。")
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, objection, values):
        handler = get_user_model().objects.filter(pk=values["handler"], is_active=True, role=Role.PROGRAMME_STAFF).first()
        objections.assign_handler(objection, by=request.user, handler=handler)


class InvestigateView(_OfficeAction):
    input_serializer = InvestigateInputSerializer

    @extend_schema(request=InvestigateInputSerializer, responses=OfficeObjectionSerializer, tags=TAGS, operation_id="objection_investigate", summary="记录调查核实情况",
                  description="记录（替换）调查核实情况，异议进入“调查核实中”。作出结论前须先记录。")
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, objection, values):
        objections.record_investigation(objection, by=request.user, notes=values["investigation"])


class ConcludeView(_OfficeAction):
    input_serializer = ConcludeInputSerializer

    @extend_schema(request=ConcludeInputSerializer, responses=OfficeObjectionSerializer, tags=TAGS, operation_id="objection_conclude",
                   summary="作出异议结论", description="须先记录调查核实情况并填写理由。异议成立的，该人选变为“异议成立”并退出公示名单，推荐单位和申报人收到通知。")
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, objection, values):
        objections.conclude_objection(objection, by=request.user, upheld=values["upheld"], reasons=values["reasons"])
