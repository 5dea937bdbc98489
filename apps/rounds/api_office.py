"""The office's round API: creating a round, its settings and quota scheme, the units' factor values
(JSON and the Excel template), the what-if preview and the confirmation. Mixed into `api.RoundViewSet`
(one `/api/v1/rounds/` resource); the same services as the office's pages.
"""
from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from apps.accounts.roles import is_programme_staff

from . import factor_sheets, quotas, selectors
from .models import Round
from .quota_services import save_quota_factors, update_quota_scheme
from .serializers import (
    FactorImportInputSerializer, FactorImportResultSerializer, QuotaConfirmationSerializer, QuotaFactorsInputSerializer,
    QuotaFactorsListSerializer, QuotaFactorsSerializer, QuotaPreviewSerializer, QuotaSchemeInputSerializer,
    QuotaSchemeUpdateSerializer, RoundCreateInputSerializer, RoundSettingsInputSerializer, RoundSettingsSerializer,
)
from .services import confirm_quotas, create_round, update_round_settings

TAG = ["遴选年度"]


class JSONErrorsOnly(BaseContentNegotiation):
    """For a download: the file is the view's own response; anything else (an error) answers in JSON,
    whatever the client's Accept header says."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _checked(service, *args, **kwargs):
    """Call a service; the model's own validation (full_clean) answers as the API's 400 invalid body."""
    try:
        return service(*args, **kwargs)
    except ValidationError as error:
        raise exceptions.ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages) from error


class RoundOfficeActions:
    """The office's operations on a round (drafts included): every one refuses anyone but the office."""

    def _office_round(self):
        if not is_programme_staff(self.request.user):
            raise PermissionDenied
        return selectors.get_round_for_office(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request=RoundCreateInputSerializer, responses={201: RoundSettingsSerializer}, summary="创建遴选年度", tags=TAG,
        description="全总工作人员创建一个遴选年度（草稿阶段），同时生成 15 项评价指标（权重相同）。年度不能重复。",
    )
    def create(self, request):
        if not is_programme_staff(request.user):
            raise PermissionDenied
        data = RoundCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round = _checked(create_round, Round(**data.validated_data), by=request.user)
        return Response(RoundSettingsSerializer(round).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RoundSettingsInputSerializer, responses=RoundSettingsSerializer, summary="修改遴选年度设置", tags=TAG,
        description="修改名称、全国培育目标人数和各阶段截止时间，只改所传字段；记入审计日志（原值与新值）。"
        "传入 seen_updated_at 时，若年度在此之后已被修改则拒绝（stale_edit）。推荐阶段结束后不能再改全国培育目标人数；"
        "部署前修改目标人数会撤销推荐名额的确认。",
    )
    @action(detail=True, methods=["post"], url_path="settings", url_name="settings")
    def update_settings(self, request, pk=None):
        round = self._office_round()
        data = RoundSettingsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        seen = values.pop("seen_updated_at", None)
        for name, value in values.items():
            setattr(round, name, value)
        round = _checked(update_round_settings, round, by=request.user, fields=list(values), seen_updated_at=seen)
        return Response(RoundSettingsSerializer(Round.objects.get(pk=round.pk)).data)

    @extend_schema(
        request=QuotaSchemeUpdateSerializer, responses=RoundSettingsSerializer, summary="修改名额分配方案", tags=TAG,
        description="修改四项因素的权重、推荐比例和每单位最少名额，只改所传字段；记入审计日志（原值与新值）。"
        "四项权重不能全为 0，分配总数须足以保证最少名额。推荐阶段结束后拒绝；部署前修改会撤销推荐名额的确认。"
        "已分配的名额不会自动重算，请再调用“分配推荐名额”。",
    )
    @action(detail=True, methods=["post"], url_path="quota-scheme")
    def quota_scheme(self, request, pk=None):
        round = self._office_round()
        data = QuotaSchemeUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        seen = values.pop("seen_updated_at", None)
        round = _checked(update_quota_scheme, round, by=request.user, seen_updated_at=seen, **values)
        return Response(RoundSettingsSerializer(Round.objects.get(pk=round.pk)).data)

    @extend_schema(
        methods=["GET"], responses=QuotaFactorsListSerializer, summary="名额分配因素列表", tags=TAG,
        description="每个有效推荐单位在本年度的四项名额分配因素（尚未填写时为 null）。仅限全总工作人员。",
    )
    @extend_schema(
        methods=["POST"], request=QuotaFactorsInputSerializer, responses=QuotaFactorsListSerializer,
        summary="批量保存名额分配因素", tags=TAG,
        description="一次保存若干推荐单位的四项因素：全部成功或全部不保存，错误按行列出。未传的单位保留原值。"
        "行中带 seen（列表所给的标记）时，若该单位的数值在此之后已被修改则拒绝。推荐阶段结束后拒绝；部署前保存会撤销推荐名额的确认。",
    )
    @action(detail=True, methods=["get", "post"], url_path="quota-factors")
    def quota_factors(self, request, pk=None):
        round = self._office_round()
        if request.method == "POST":
            data = QuotaFactorsInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            save_quota_factors(round, by=request.user, rows=data.validated_data["rows"], source="api")
        units = selectors.units_for_quotas(round)
        return Response({"results": QuotaFactorsSerializer(units, many=True).data})

    @extend_schema(
        request=None, responses={(200, factor_sheets.XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="Excel 模板")},
        summary="下载名额分配因素模板", tags=TAG,
        description="Excel 模板：每个有效推荐单位一行（单位编号、名称、四项因素的现值），另附填写说明。",
    )
    @action(detail=True, methods=["get"], url_path="quota-factors/template", renderer_classes=[JSONRenderer],
            content_negotiation_class=JSONErrorsOnly)
    def quota_factors_template(self, request, pk=None):
        round = self._office_round()
        response = HttpResponse(factor_sheets.build_template(round, selectors.units_for_quotas(round)),
                                content_type=factor_sheets.XLSX_TYPE)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(factor_sheets.template_filename(round))}"
        return response

    @extend_schema(
        request={"multipart/form-data": FactorImportInputSerializer}, responses=FactorImportResultSerializer,
        summary="导入名额分配因素", tags=TAG,
        description="上传填好的 Excel 模板（.xlsx，不超过 2 MB，按内容识别文件类型）。任何一行有误则不保存任何数据，"
        "错误逐行逐列列出；单位编号未知或重复均为错误；文件中没有的单位保留原值。",
    )
    @action(detail=True, methods=["post"], url_path="quota-factors/import", parser_classes=[MultiPartParser])
    def quota_factors_import(self, request, pk=None):
        round = self._office_round()
        data = FactorImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        units = list(selectors.units_for_quotas(round))
        rows = factor_sheets.read_factor_rows(data.validated_data["file"], units)
        saved = save_quota_factors(round, by=request.user, rows=rows, source="import")
        return Response({"rows": len(rows), "saved": len(saved), "kept": len(units) - len(rows)})

    @extend_schema(
        request=QuotaSchemeInputSerializer, responses=QuotaPreviewSerializer, summary="试算名额分配方案", tags=TAG,
        description="按所传的权重、推荐比例和最少名额（未传的沿用本年度方案）试算每个单位的名额及其变化，不保存任何数据。",
    )
    @action(detail=True, methods=["post"], url_path="quota-preview")
    def quota_preview(self, request, pk=None):
        round = self._office_round()
        data = QuotaSchemeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scenario = Round(**{field.attname: getattr(round, field.attname) for field in Round._meta.concrete_fields})
        for name, value in data.validated_data.items():
            setattr(scenario, name, value)
        units = list(selectors.units_for_quotas(round))
        moves = selectors.quota_moves(selectors.quota_proposal(round, units), selectors.quota_proposal(scenario, units)) if units else []
        results = [
            {"row": row, "old_places": old, "new_places": new, "delta": delta, "is_overridden": bool(row.override_reason)}
            for row, old, new, delta in moves
        ]
        return Response(QuotaPreviewSerializer(
            {"total": quotas.place_total(scenario), "places": sum(new for _, _, new, _ in moves), "results": results}
        ).data)

    @extend_schema(
        request=None, responses=QuotaConfirmationSerializer, summary="确认推荐名额", tags=TAG,
        description="全总工作人员确认本年度的推荐名额，这是部署的前提。须每个有效推荐单位都已分配；已确认时不重复记录。"
        "推荐阶段结束后拒绝。",
    )
    @action(detail=True, methods=["post"], url_path="confirm-quotas")
    def confirm_quotas(self, request, pk=None):
        round = confirm_quotas(self._office_round(), by=request.user)
        units = list(selectors.units_for_quotas(round))
        return Response(QuotaConfirmationSerializer({
            "id": round.pk, "year": round.year, "quotas_confirmed_at": round.quotas_confirmed_at,
            "total": quotas.place_total(round), "places": sum(unit.quota_places or 0 for unit in units),
        }).data)
