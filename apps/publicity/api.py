"""Publicity in the API: the public list (no login, only what a notice shows) and the office's opening."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.roles import is_programme_staff
from apps.rounds.selectors import get_round_for_office

from . import selectors
from .calendar import publicity_end
from .services import open_publicity

TAGS = ["公示"]


class PublicEntrySerializer(serializers.Serializer):
    position = serializers.IntegerField()
    name = serializers.CharField(source="application.full_name")
    gender = serializers.CharField(source="application.get_gender_display")
    employer = serializers.CharField(source="application.employer_name")
    post = serializers.CharField(source="application.post")
    unit = serializers.CharField(source="application.unit.name")
    summary = serializers.CharField()


class PublicitySerializer(serializers.Serializer):
    year = serializers.IntegerField(source="round.year")
    starts_on = serializers.DateField()
    working_days = serializers.IntegerField()
    ends_at = serializers.DateTimeField(help_text="异议受理截止时间")
    contact = serializers.CharField()


class PublicListSerializer(PublicitySerializer):
    entries = PublicEntrySerializer(many=True)


class OpenInputSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    working_days = serializers.IntegerField(min_value=1, max_value=30, default=5)
    contact = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")
    preview = serializers.BooleanField(default=False, help_text="true：只计算截止时间，不发布")


class PublicListView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []  # public: no session, no CSRF, no token needed

    @extend_schema(
        responses=PublicListSerializer, tags=TAGS, operation_id="publicity_public_list", summary="公示名单（公开）",
        description="无需登录。最近一次（或指定年度）公示的人选：姓名、性别、工作单位、岗位、推荐单位和主要事迹简介，以及异议受理截止时间。",
    )
    def get(self, request, year=None):
        publicity = selectors.publicity_of_year(year) if year else selectors.current_publicity()
        if publicity is None:
            raise Http404
        data = PublicitySerializer(publicity).data
        data["entries"] = PublicEntrySerializer(selectors.public_entries(publicity), many=True).data
        return Response(data)


class PublicYearListView(PublicListView):
    @extend_schema(
        responses=PublicListSerializer, tags=TAGS, operation_id="publicity_public_list_of_year", summary="某年度公示名单（公开）",
        description="无需登录。指定年度公示的人选及异议受理截止时间；该年度没有公示时为 404。",
    )
    def get(self, request, year=None):
        return super().get(request, year=year)


class OpenPublicityView(APIView):
    @extend_schema(
        request=OpenInputSerializer, responses={200: PublicitySerializer, 201: PublicitySerializer}, tags=TAGS,
        operation_id="publicity_open", summary="发布公示",
        description="全总工作人员对党组审议通过的人选发布公示（遴选年度须处于“公示中”阶段）。公示期按工作日计算，"
        "跳过周末和法定节假日，调休上班日计入；preview=true 时只返回计算出的截止时间。",
    )
    def post(self, request, pk):
        if not is_programme_staff(request.user):
            raise PermissionDenied
        round = get_round_for_office(request.user, pk)
        data = OpenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["preview"]:
            ends_at = publicity_end(values["starts_on"], values["working_days"])
            return Response({"year": round.year, "starts_on": values["starts_on"], "working_days": values["working_days"],
                             "ends_at": ends_at, "contact": values["contact"]})
        publicity = open_publicity(round, by=request.user, starts_on=values["starts_on"], working_days=values["working_days"], contact=values["contact"])
        return Response(PublicitySerializer(publicity).data, status=201)


