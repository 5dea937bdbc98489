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
}
