"""Excel exports for the meeting (会议材料): the score table and the proposed list.

XlsxWriter in constant-memory mode (rows written in order, each flushed as the next begins), Chinese
headers; names, units and scores only, never an ID number or a phone. Each export is audited
(`reviews.export.score_table`, `reviews.export.proposed_list`) with what it held, not its content.
"""
import io
from collections import defaultdict

import xlsxwriter
from django.core.exceptions import PermissionDenied

from apps.applicants.profile_enums import Gender, Industry
from apps.core import audit
from apps.rounds import permissions as round_permissions
from apps.rounds.models import Indicator

from .aggregation import aggregate
from .meeting import stored_scores
from .models import ExpertProfile, Panel
from .selectors_ranking import annotate_ties, people

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RANKING_HEADERS = (
    "排名", "姓名", "推荐单位", "专家组", "评分表份数", "得分（本年度规则）", "全部评分表平均分", "标准差", "极差", "评分分歧较大",
    "同分排序说明", "标准化得分", "标准化排名", "目标线内（原始）", "目标线内（标准化）",
)
LIST_HEADERS = ("序号", "姓名", "性别", "推荐单位", "所属行业", "生成时排名", "得分（本年度规则）", "标准化得分", "来源", "增补理由")


def _require_office(by):
    if not round_permissions.can_manage_rounds(by):
        raise PermissionDenied


def _workbook():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False})
    return buffer, book


def _formats(book):
    return {
        "head": book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True}),
        "num": book.add_format({"num_format": "0.00"}),
    }


def score_table(round, *, by):
    """The score table as .xlsx bytes: the ranking (one row per candidate) and every sheet's scores."""
    _require_office(by)
    result = aggregate(round)
    annotate_ties(result.candidates)
    names = people(row["application_id"] for row in result.candidates)
    panels = dict(Panel.objects.filter(round=round).values_list("pk", "name"))
    indicators = list(Indicator.objects.filter(round=round).order_by("position").values_list("pk", "name"))
    buffer, book = _workbook()
    formats = _formats(book)
    sheet = book.add_worksheet("评分汇总")
    sheet.write_row(0, 0, RANKING_HEADERS, formats["head"])
    target = result.target
    for i, row in enumerate(result.candidates, start=1):
        person = names.get(row["application_id"])
        sheet.write_row(i, 0, (
            row["rank"], person.name if person else "", person.unit if person else "", panels.get(row["panel_id"], ""),
            row["sheets"],
        ))
        sheet.write_row(i, 5, (row["score"], row["mean"], row["sd"], row["range"]), formats["num"])
        sheet.write_row(i, 9, ("是" if row["disagreement"] else "", row["tie"]))
        sheet.write_number(i, 11, row["normalised_score"], formats["num"])
        sheet.write_row(i, 12, (row["normalised_rank"], "是" if row["rank"] <= target else "", "是" if row["normalised_rank"] <= target else ""))
    _sheet_scores(book, formats, round, result, names, indicators)
    book.close()
    audit.record(by, "reviews.export.score_table", round, candidates=len(result.candidates), sheets=len(result.sheet_ids))
    return buffer.getvalue()


def _sheet_scores(book, formats, round, result, names, indicators):
    """The second worksheet: one row per submitted sheet, the indicators' values, the total and the normalised total."""
    values = defaultdict(dict)
    meta = {}
    for sheet_id, application_id, expert_id, _, indicator_id, value in stored_scores(round):
        values[sheet_id][indicator_id] = float(value)
        meta[sheet_id] = (application_id, expert_id)
    experts = {
        pk: display or username
        for pk, display, username in ExpertProfile.objects.filter(pk__in={e for _, e in meta.values()}).values_list(
            "pk", "user__display_name", "user__username"
        )
    }
    rank = {row["application_id"]: row["rank"] for row in result.candidates}
    sheet = book.add_worksheet("逐项评分")
    sheet.write_row(0, 0, ("排名", "姓名", "评审专家", *(name for _, name in indicators), "加权总分", "标准化总分"), formats["head"])
    ordered = sorted(meta, key=lambda s: (rank.get(meta[s][0], 0), meta[s][1], s))
    for i, sheet_id in enumerate(ordered, start=1):
        application_id, expert_id = meta[sheet_id]
        person = names.get(application_id)
        total, normalised = result.sheet_total(sheet_id)
        sheet.write_row(i, 0, (rank.get(application_id, ""), person.name if person else "", experts.get(expert_id, "")))
        sheet.write_row(i, 3, [values[sheet_id].get(pk, "") for pk, _ in indicators])
        sheet.write_row(i, 3 + len(indicators), (total, normalised), formats["num"])


def proposed_list(round, *, by):
    """The proposed list as .xlsx bytes, in list order, with its state (draft or decided) in the title row."""
    from .selectors_ranking import meeting_view

    _require_office(by)
    view = meeting_view(round)
    if view.meeting is None:
        from apps.core.exceptions import DomainError

        raise DomainError("尚未生成建议名单。", code="no_list")
    buffer, book = _workbook()
    formats = _formats(book)
    sheet = book.add_worksheet("建议名单")
    meeting = view.meeting
    state = f"党组审议决定 {meeting.document_number}（{meeting.decision_date:%Y-%m-%d}）" if meeting.is_frozen else "待党组审议"
    sheet.write_row(0, 0, (f"{round.year}年度大国工匠培育对象建议名单", state))
    sheet.write_row(1, 0, LIST_HEADERS, formats["head"])
    genders, industries = dict(Gender.choices), dict(Industry.choices)
    balance_rows = {row.id: row for row in (view.balance.candidates if view.balance else ())}
    for i, entry in enumerate(view.entries, start=1):
        row, person = entry.row or {}, entry.person
        facts = balance_rows.get(entry.application_id)
        sheet.write_row(i + 1, 0, (
            i, person.name, genders.get(facts.gender, "") if facts else "", person.unit,
            industries.get(facts.industry, "") if facts else "", entry.raw_rank or "",
        ))
        sheet.write_row(i + 1, 6, (row.get("score", ""), row.get("normalised_score", "")), formats["num"])
        sheet.write_row(i + 1, 8, ("人工增补" if entry.added_manually else "按排名生成", entry.added_reason))
    book.close()
    audit.record(by, "reviews.export.proposed_list", meeting, count=len(view.entries), frozen=meeting.is_frozen)
    return buffer.getvalue()
