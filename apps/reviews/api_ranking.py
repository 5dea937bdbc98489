"""The ranking, the meeting's proposed list, the party group's decision and the exports in the API: the same
selectors and services as the pages (views_ranking, selectors_ranking, meeting, exports). Office only."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.roles import is_programme_staff
from apps.core.api import Pagination
from apps.core.exceptions import DomainError
from apps.rounds.selectors import get_round_for_office

from . import exports, meeting as services, selectors_ranking
from .views_ranking import _xlsx

TAGS = ["评审会议"]


def _round(request, pk):
    if not is_programme_staff(request.user):
        raise PermissionDenied
    return get_round_for_office(request.user, pk)


def _meeting(round):
    meeting = selectors_ranking.meeting_of(round)
    if meeting is None:
        raise DomainError("尚未生成建议名单。", code="no_list")
    return meeting


class RankingRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="application_id")
    name = serializers.CharField(source="person.name")
    unit = serializers.CharField(source="person.unit")
    panel_id = serializers.IntegerField()
    sheets = serializers.IntegerField()
    rank = serializers.IntegerField(help_text="本年度规则下的排名（决定排名）")
    score = serializers.FloatField(help_text="本年度规则下的得分")
    mean = serializers.FloatField(help_text="全部评分表平均分")
    sd = serializers.FloatField()
    range = serializers.FloatField()
    disagreement = serializers.BooleanField()
    tie = serializers.CharField(help_text="与上一名同分时的排序依据，否则为空")
    normalised_score = serializers.FloatField()
    normalised_rank = serializers.IntegerField()
    inside = serializers.BooleanField(help_text="原始排名在目标线内")
    inside_normalised = serializers.BooleanField(help_text="标准化排名在目标线内")


class RankingView(APIView):
    @extend_schema(
        responses=RankingRowSerializer(many=True), tags=TAGS, operation_id="round_ranking", summary="评分排名",
        description="本年度规则下的原始排名（分页，results），以及 target、entering / leaving（按标准化得分决定时进入、移出目标线的人选 id）、"
        "panels（每个专家组的肯德尔 W 与各指标 ICC）、experts（专家宽严度）、disagreeing_count。",
    )
    def get(self, request, pk):
        round = _round(request, pk)
        paginator = Pagination()
        view = selectors_ranking.ranking_view(
            round, page_number=request.query_params.get("page"), page_size=paginator.get_page_size(request),
        )
        # The selector cut the page (of the aggregation's list, not a queryset): the paginator only writes the links.
        paginator.page, paginator.request = view.page, request
        response = paginator.get_paginated_response(RankingRowSerializer(view.rows, many=True).data)
        response.data.update({
            "target": view.result.target, "rule": round.aggregation_rule,
            "entering": [p.id for p in view.entering], "leaving": [p.id for p in view.leaving],
            "disagreeing_count": view.disagreeing_count,
            "panels": [
                {"id": p["id"], "name": p["name"], "candidates": p["candidates"], "experts": p["experts"],
                 "kendall_w": p["kendall_w"], "icc_model": p["icc_model"],
                 "icc": [{"indicator": i, "name": name, "value": value} for (i, name), value in zip(view.indicators, p["icc_list"])]}
                for p in view.panels
            ],
            "experts": [{"id": e["id"], "name": e["name"], "sheets": e["sheets"], "mean": e["mean"], "severity": e["severity"]} for e in view.experts],
        })
        return response


class ProposedEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    application_id = serializers.IntegerField()
    name = serializers.CharField(source="person.name")
    unit = serializers.CharField(source="person.unit")
    status = serializers.CharField(source="application.status")
    raw_rank = serializers.IntegerField(allow_null=True)
    added_manually = serializers.BooleanField()
    added_reason = serializers.CharField()
    removed = serializers.BooleanField()
    removed_reason = serializers.CharField()


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    generated_at = serializers.DateTimeField()
    meeting_date = serializers.DateField(allow_null=True)
    attendees = serializers.CharField()
    outcome = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    document_number = serializers.CharField()
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_hash = serializers.CharField()
    frozen = serializers.BooleanField(source="is_frozen")


def meeting_data(round):
    view = selectors_ranking.meeting_view(round)
    if view.meeting is None:
        return {"meeting": None, "entries": [], "removed": [], "balance_warnings": []}
    return {
        "meeting": MeetingSerializer(view.meeting).data,
        "entries": ProposedEntrySerializer(view.entries, many=True).data,
        "removed": ProposedEntrySerializer(view.removed, many=True).data,
        "balance_warnings": [{"code": w.code, "message": w.message} for w in view.balance.warnings],
    }


class MeetingAddEntryInput(serializers.Serializer):
    application = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    reason = serializers.CharField(max_length=500)


class MeetingReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class MeetingRecordInput(serializers.Serializer):
    meeting_date = serializers.DateField()
    attendees = serializers.CharField(max_length=2000)
    outcome = serializers.CharField(max_length=2000)


class MeetingDecisionInput(serializers.Serializer):
    decision_date = serializers.DateField()
    document_number = serializers.CharField(max_length=100)


class VerificationSerializer(serializers.Serializer):
    matches = serializers.BooleanField(help_text="true：一致；false：不一致")
    recorded = serializers.CharField(help_text="审计日志中记录的 SHA-256")
    stored = serializers.CharField()
    recomputed = serializers.CharField(help_text="按现存评分重新计算的 SHA-256")


MEETING_DOC = "返回 meeting（会议与党组审议记录，未生成时为 null）、entries（建议名单）、removed（已移出）、balance_warnings。"


class MeetingView(APIView):
    @extend_schema(responses=OpenApiResponse(description=MEETING_DOC), tags=TAGS, operation_id="round_meeting", summary="建议名单",
                   description="本年度评审会议的建议名单、会议记录和党组审议决定。" + MEETING_DOC)
    def get(self, request, pk):
        return Response(meeting_data(_round(request, pk)))


def _post(summary, operation_id, description, request_serializer=None):
    return extend_schema(
        request=request_serializer, responses=OpenApiResponse(description=MEETING_DOC), tags=TAGS,
        operation_id=operation_id, summary=summary, description=description,
    )


def _valid(serializer_class, request):
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class GenerateView(APIView):
    @_post("生成建议名单", "round_meeting_generate", "按本年度规则的排名，从仍在专家评审中的人选中取前“全国培育目标人数”名；会议记录前可重新生成。")
    def post(self, request, pk):
        round = _round(request, pk)
        services.generate_list(round, by=request.user)
        return Response(meeting_data(round))


class AddEntryView(APIView):
    @_post("增补建议名单人选", "round_meeting_add", "须填写理由；党组审议决定后不能再增补。", MeetingAddEntryInput)
    def post(self, request, pk):
        round = _round(request, pk)
        data = _valid(MeetingAddEntryInput, request)
        services.add_entry(_meeting(round), data["application"], by=request.user, reason=data["reason"])
        return Response(meeting_data(round))


class RemoveEntryView(APIView):
    @_post("移出建议名单人选", "round_meeting_remove", "须填写理由；党组审议决定后不能再移出。", MeetingReasonInput)
    def post(self, request, pk, entry_pk):
        round = _round(request, pk)
        data = _valid(MeetingReasonInput, request)
        services.remove_entry(_meeting(round), entry_pk, by=request.user, reason=data["reason"])
        return Response(meeting_data(round))


class RecordMeetingView(APIView):
    @_post("记录专家评审会议", "round_meeting_record", "会议日期、参会人员、会议结论；党组审议决定前可更正。", MeetingRecordInput)
    def post(self, request, pk):
        round = _round(request, pk)
        data = _valid(MeetingRecordInput, request)
        services.record_meeting(_meeting(round), by=request.user, **data)
        return Response(meeting_data(round))


class DecisionView(APIView):
    @_post(
        "记录党组审议决定", "round_meeting_decide",
        "锁定建议名单，名单内人选变为“党组审议通过”，并将评分表与名单的 SHA-256 摘要记入审计日志。", MeetingDecisionInput,
    )
    def post(self, request, pk):
        round = _round(request, pk)
        data = _valid(MeetingDecisionInput, request)
        services.record_decision(_meeting(round), by=request.user, **data)
        return Response(meeting_data(round))


class VerifyView(APIView):
    @extend_schema(
        request=None, responses=VerificationSerializer, tags=TAGS, operation_id="round_meeting_verify", summary="核验评分与名单摘要",
        description="按现存评分重新计算排名与名单摘要，并与党组审议时记入审计日志的摘要比较。",
    )
    def post(self, request, pk):
        round = _round(request, pk)
        return Response(VerificationSerializer(services.verify_decision(_meeting(round), by=request.user)).data)


XLSX_RESPONSE = OpenApiResponse(description="Excel 文件（.xlsx）")


class ScoreTableExportView(APIView):
    @extend_schema(responses={200: XLSX_RESPONSE}, tags=TAGS, operation_id="round_ranking_export", summary="导出评分汇总表",
                   description="评分汇总（每名候选人一行，含标准化得分与同分排序说明）和逐项评分两个工作表；不含身份证号码和手机号码。导出记入审计日志。")
    def get(self, request, pk):
        round = _round(request, pk)
        return _xlsx(exports.score_table(round, by=request.user), f"{round.year}年度评分汇总表.xlsx")


class ProposedListExportView(APIView):
    @extend_schema(responses={200: XLSX_RESPONSE}, tags=TAGS, operation_id="round_meeting_export", summary="导出建议名单",
                   description="按名单顺序导出建议名单；尚未生成时返回 404。不含身份证号码和手机号码。导出记入审计日志。")
    def get(self, request, pk):
        round = _round(request, pk)
        if selectors_ranking.meeting_of(round) is None:
            raise Http404
        return _xlsx(exports.proposed_list(round, by=request.user), f"{round.year}年度建议名单.xlsx")
