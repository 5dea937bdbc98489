"""The Chinese texts each kind of notice starts with; the office edits them in the admin afterwards.

A copy, not an import of apps.notices.kinds: a migration must keep meaning what it meant when written.
"""
from django.db import migrations

DEFAULTS = [
    ("application.status", "申报状态变更：{status}", "您的{round}申报状态已由“{previous}”变更为“{status}”。{reason_note}"),
    ("application.unit_review", "{applicant}的申报{status}", "{unit}收到的{application}{status}，请及时办理。"),
    (
        "application.resubmitted",
        "{applicant}的申报已重新提交",
        "{unit}退回修改的{application}已由申报人修改后重新提交，请及时办理。",
    ),
]


def add_defaults(apps, schema_editor):
    NoticeTemplate = apps.get_model("notices", "NoticeTemplate")
    for kind, subject, body in DEFAULTS:
        NoticeTemplate.objects.get_or_create(kind=kind, defaults={"subject": subject, "body": body})


def remove_untouched_defaults(apps, schema_editor):
    NoticeTemplate = apps.get_model("notices", "NoticeTemplate")
    for kind, subject, body in DEFAULTS:
        NoticeTemplate.objects.filter(kind=kind, subject=subject, body=body).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("notices", "0003_notice_event_key_failure_and_templates"),
    ]

    operations = [
        migrations.RunPython(add_defaults, remove_untouched_defaults),
    ]
