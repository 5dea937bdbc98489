"""The unit's ranking in the API: the same service (`apps.units.ranking.rank_candidates`) as the page."""
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.roles import is_unit_staff
from apps.core.exceptions import DomainError
from apps.rounds.selectors import current_round

from .ranking import order_from_numbers, rank_candidates, rankable_candidates, ranking_version


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    applicant_name = serializers.CharField(source="applicant.__str__")
    status = serializers.CharField()
    unit_rank = serializers.IntegerField(allow_null=True)


class RankingSerializer(serializers.Serializer):
    round_year = serializers.IntegerField()
    version = serializers.CharField(help_text="本次读取时的排序版本；保存时回传，排序已被他人修改时保存被拒绝")
    candidates = CandidateSerializer(many=True)


class RankingInputSerializer(serializers.Serializer):
    ordered_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="全部候选人的申报 id，按推荐顺序（与 ranks 二选一）"
    )
    ranks = serializers.DictField(
        child=serializers.IntegerField(), required=False, help_text="{申报 id: 排序号}，排序号互不相同（与 ordered_ids 二选一）"
    )
    version = serializers.CharField(required=False, allow_blank=False, help_text="读取排序时得到的 version")

    def validate(self, data):
        if ("ordered_ids" in data) == ("ranks" in data):
            raise serializers.ValidationError("请提供 ordered_ids 或 ranks 之一。")
        return data


class UnitRankingView(APIView):
    """The caller's unit's standing candidates of the current round in its order, and saving a new order."""

    def _unit_and_round(self, request):
        unit = getattr(request.user, "unit", None)
        if not is_unit_staff(request.user, unit):
            raise PermissionDenied
        round = current_round()
        if round is None:
            raise DomainError("本年度遴选尚未部署。")
        return unit, round

    def _payload(self, unit, round):
        candidates = list(rankable_candidates(unit, round))
        return RankingSerializer(
            {"round_year": round.year, "version": ranking_version(candidates), "candidates": candidates}
        ).data

    @extend_schema(
        responses=RankingSerializer, summary="本单位推荐人选排序", tags=["申报"],
        description="本单位本年度待推荐和已推荐报送的候选人，按本单位排序列出，附排序版本（保存排序时回传）。仅推荐单位工作人员可用。",
    )
    def get(self, request):
        unit, round = self._unit_and_round(request)
        return Response(self._payload(unit, round))

    @extend_schema(
        request=RankingInputSerializer, responses=RankingSerializer, summary="保存推荐人选排序", tags=["申报"],
        description="按顺序（ordered_ids）或排序号（ranks）保存本单位全部待推荐和已推荐报送候选人的排序，与网页拖动排序调用同一服务。"
        "含不属于本单位本年度候选人的 id、遗漏候选人或 version 已过期时返回 400，排序不变。",
    )
    def post(self, request):
        unit, round = self._unit_and_round(request)
        data = RankingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ordered = data.validated_data.get("ordered_ids")
        if ordered is None:
            ordered = order_from_numbers(data.validated_data["ranks"])
        rank_candidates(unit, round, ordered, by=request.user, version=data.validated_data.get("version"))
        return Response(self._payload(unit, round))
