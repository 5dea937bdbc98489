"""The audited events of the statement and the evidence files, and who reads them on the application's page.

Statement saves are many (autosave) and say only which indicator changed: the office's timeline only.
Uploads and deletions of evidence are steps the applicant and the unit read too.
"""
from apps.core import events

from .history import BOTH


def register_events():
    events.register("applicants.statement.saved", "保存五力陈述")
    events.register("applicants.evidence.uploaded", "上传支撑材料", visible_to=BOTH)
    events.register("applicants.evidence.deleted", "删除支撑材料", visible_to=BOTH)
    events.register("applicants.statement.seeded", "生成演示陈述与支撑材料")
