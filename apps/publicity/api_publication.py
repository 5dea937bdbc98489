"""Publication in the API: the office publishes (the same service as the page) and the public final list."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.roles import is_programme_staff
from apps.rounds.selectors import get_round_for_office

from . import final_list
from .publication import publish_round

TAGS = ["公示"]


class FinalEntrySerializer(serializers.Serializer):
    position = serializers.IntegerField()
    name = serializers.CharField(source="application.full_name")
    gender = serializers.CharField(source="application.get_gender_display")
    employer = serializers.CharField(source="application.employer_name")
    post = serializers.CharField(source="application.post")
    unit = serializers.CharField(source="application.unit.name")


class PublicationSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="round.year")
    published_at = serializers.DateTimeField(help_text="公布时间")


class FinalListSerializer(PublicationSerializer):
    entries = FinalEntrySerializer(many=True)


class PublishResultSerializer(PublicationSerializer):
    count = serializers.IntegerField(help_text="公布的培育对象人数")


class FinalListView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []  # public: no session, no CSRF, no token needed

    @extend_schema(
        responses=FinalListSerializer, tags=TAGS, operation_id="publication_final_list", summary="培育对象公布名单（公开）",
        description="无需登录。已公布年度的培育对象：姓名、性别、工作单位、岗位和推荐单位；未公布的年度返回 404。",
    )
    def get(self, request, year):
        publicity = final_list.published_publicity_of_year(year)
        if publicity is None:
            raise Http404
        data = PublicationSerializer(publicity).data
        data["entries"] = FinalEntrySerializer(final_list.final_entries(publicity), many=True).data
        return Response(data)


class PublishView(APIView):
    @extend_schema(
        request=None, responses={201: PublishResultSerializer}, tags=TAGS, operation_id="publication_publish", summary="公布培育对象名单",
        description="全总工作人员在公示期满且异议全部办结后公布名单：公示中的人选变为“已公布”，各建立两年培育记录并进入工匠人才库。"
        "公示期未满、有未办结的异议、已公布或不在“公示中”阶段时返回 400。",
    )
    def post(self, request, pk):
        if not is_programme_staff(request.user):
            raise PermissionDenied
        round = get_round_for_office(request.user, pk)
        publicity = publish_round(round, by=request.user)
        data = PublicationSerializer(publicity).data
        data["count"] = round.cultivations.count()
        return Response(data, status=201)
