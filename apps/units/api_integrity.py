"""The integrity flags API: the same selector and policy as the pages (views_integrity.py)."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.roles import is_programme_staff
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Round
from apps.rounds.selectors import current_round

from .selectors_integrity import flags_for, may_see_flags


class SideSerializer(serializers.Serializer):
    visible = serializers.BooleanField(help_text="false: an application you may not see (no name, unit or text of it)")
    label = serializers.CharField()
    application_id = serializers.IntegerField(allow_null=True)
    unit_name = serializers.CharField()
    employer_name = serializers.CharField()
    note = serializers.CharField()


class PassageTextSerializer(serializers.Serializer):
    applicant = serializers.CharField()
    indicator = serializers.CharField()
    text = serializers.CharField()


class PassageSerializer(serializers.Serializer):
    length = serializers.IntegerField()
    texts = serializers.SerializerMethodField()

    @extend_schema_field(PassageTextSerializer(many=True))
    def get_texts(self, passage):
        return [{"applicant": whose, "indicator": label, "text": text} for whose, label, text in passage.texts]


class FlagSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    summary = serializers.CharField()
    sides = SideSerializer(many=True)
    passages = PassageSerializer(many=True)


class FlagListSerializer(serializers.Serializer):
    round = serializers.IntegerField(allow_null=True)
    results = FlagSerializer(many=True)


def _round_for(user, round_id):
    if round_id in (None, ""):
        return current_round()
    rounds = Round.objects.all() if is_programme_staff(user) else Round.objects.exclude(status=RoundStatus.DRAFT)
    try:
        pk = int(round_id)
    except ValueError:
        raise Http404 from None
    round = rounds.filter(pk=pk).first() if 0 < pk < 2**31 else None
    if round is None:
        raise Http404
    return round


class IntegrityFlagsView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("round", OpenApiTypes.INT, description="遴选年度；缺省为当前年度")],
        responses=FlagListSerializer, tags=["推荐单位"], operation_id="integrity_flags_list", summary="诚信提示",
        description="推荐单位工作人员：涉及本单位已提交申报的诚信提示；全总工作人员：涉及已报送申报的提示。"
        "仅作提示，不阻止任何操作；对方申报您无权查看时只标明“另一推荐单位的申报”，不含其申报人、单位和内容。",
    )
    def get(self, request):
        if not may_see_flags(request.user):
            raise PermissionDenied
        round = _round_for(request.user, request.query_params.get("round"))
        flags = flags_for(request.user, round) if round else []
        return Response(FlagListSerializer({"round": round.pk if round else None, "results": flags}).data)
