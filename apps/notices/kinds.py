"""The kinds of notice, the placeholders each kind's template may use, and the built-in texts.

The office edits the texts in the admin (`NoticeTemplate`); the built-in texts here are what a
kind falls back to when its template is missing or cannot be rendered, and the data migration
`0004_default_notice_templates` ships a copy of them as the first rows.
"""
from dataclasses import dataclass

from django.db import models


class NoticeKind(models.TextChoices):
    APPLICATION_STATUS = "application.status", "申报状态变更（致申报人）"
    APPLICATION_UNIT_REVIEW = "application.unit_review", "申报待办理（致推荐单位）"
    APPLICATION_RESUBMITTED = "application.resubmitted", "申报重新提交（致推荐单位）"
    APPLICATION_FORWARD_WITHDRAWN = "application.forward_withdrawn", "撤回推荐报送（致推荐单位）"
    ROUND_DEPLOYED = "round.deployed", "遴选工作通知（部署，致推荐单位）"
    ROUND_PHASE = "round.phase", "遴选阶段变更"
    DEADLINE_REMINDER = "deadline.reminder", "截止时间提醒"
    REFEREE_CONFIRMED = "referee.confirmed", "推荐专家已确认（致申报人）"
    APPLICATION_UNIT_STATUS = "application.unit_status", "推荐人选审查结果（致推荐单位）"
    OBJECTION_UPHELD = "objection.upheld", "公示异议成立（致推荐单位）"


@dataclass(frozen=True)
class KindText:
    placeholders: dict  # name -> what it holds, shown to the editor
    subject: str
    body: str


_APPLICATION = {
    "application": "申报（如“王建国 · 2026年度申报”）", "round": "遴选年度（如“2026年度”）",
    "applicant": "申报人姓名", "unit": "推荐单位名称",
}

KIND_TEXTS = {
    NoticeKind.APPLICATION_STATUS: KindText(
        placeholders={
            **_APPLICATION,
            "previous": "原状态",
            "status": "新状态",
            "reason_note": "另起一行的“原因：…”（无原因时为空）",
        },
        subject="申报状态变更：{status}",
        body="您的{round}申报状态已由“{previous}”变更为“{status}”。{reason_note}",
    ),
    NoticeKind.APPLICATION_UNIT_REVIEW: KindText(
        placeholders={**_APPLICATION, "status": "新状态"},
        subject="{applicant}的申报{status}",
        body="{unit}收到的{application}{status}，请及时办理。",
    ),
    NoticeKind.APPLICATION_RESUBMITTED: KindText(
        placeholders=dict(_APPLICATION),
        subject="{applicant}的申报已重新提交",
        body="{unit}退回修改的{application}已由申报人修改后重新提交，请及时办理。",
    ),
    NoticeKind.APPLICATION_FORWARD_WITHDRAWN: KindText(
        placeholders={**_APPLICATION, "reason_note": "另起一行的“原因：…”"},
        subject="{applicant}的推荐报送已撤回",
        body="{unit}已撤回{application}的推荐报送，其推荐名额可重新使用；该申报回到本单位待办理。{reason_note}",
    ),
    NoticeKind.ROUND_DEPLOYED: KindText(
        placeholders={
            "round": "遴选年度名称", "year": "年度（如 2026）", "unit": "推荐单位名称",
            "target": "全国培育目标人数", "places": "本单位推荐名额", "ratio": "推荐比例",
            "timeline": "时间安排（各阶段截止时间，每项一行）", "requirements": "工作要求（遴选条件与程序要点）",
        },
        subject="关于开展{round}工作的通知",
        body=(
            "{unit}：\n"
            "中华全国总工会现部署{round}工作。本年度全国培育目标 {target} 人，"
            "贵单位推荐名额为 {places} 名（按每个培育名额推荐 {ratio} 人计算）。\n"
            "时间安排：\n{timeline}\n"
            "工作要求：\n{requirements}"
        ),
    ),
    NoticeKind.ROUND_PHASE: KindText(
        placeholders={
            "round": "遴选年度名称", "phase": "进入的阶段（如“推荐中”）",
            "what_now": "本阶段对收件人意味着什么", "deadline_note": "另起一行的本阶段截止时间（无则为空）",
        },
        subject="{round}已进入“{phase}”阶段",
        body="{round}已进入“{phase}”阶段。{what_now}{deadline_note}",
    ),
    NoticeKind.DEADLINE_REMINDER: KindText(
        placeholders={
            "round": "遴选年度名称", "deadline_label": "截止事项（如“推荐截止”）", "deadline": "截止时间",
            "days": "距截止的天数", "todo": "收件人尚待完成的事项",
        },
        subject="{deadline_label}还有 {days} 天：{round}",
        body="{round}的{deadline_label}时间为 {deadline}，距今还有 {days} 天。{todo}",
    ),
    NoticeKind.REFEREE_CONFIRMED: KindText(
        placeholders={
            **_APPLICATION, "referee": "推荐专家姓名", "slot": "推荐专家序号（1–3）", "confirmed": "已确认的推荐专家人数",
        },
        subject="推荐专家{referee}已确认推荐",
        body="{referee}（推荐专家{slot}）已通过邮件中的链接确认推荐您的{round}申报，并上传了签名的推荐信。目前已有 {confirmed} / 3 位推荐专家确认。",
    ),
    NoticeKind.APPLICATION_UNIT_STATUS: KindText(
        placeholders={
            **_APPLICATION,
            "previous": "原状态",
            "status": "新状态",
            "reason_note": "另起一行的“原因：…”（无原因时为空）",
        },
        subject="{applicant}：{status}",
        body="{unit}推荐的{application}已由“{previous}”变更为“{status}”。{reason_note}",
    ),
    NoticeKind.OBJECTION_UPHELD: KindText(
        placeholders={**_APPLICATION, "reasons": "认定异议成立的理由"},
        subject="{applicant}的公示异议经核实成立",
        body="{unit}推荐的{application}在公示期间收到的异议经全总劳动和经济工作部调查核实成立，"
        "该人选已退出公示名单。\n理由：{reasons}",
    ),
}
