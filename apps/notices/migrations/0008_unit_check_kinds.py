"""The kind of notice a unit's staff get when their unit recalls a forward, with its first text (a copy, as in 0004)."""
from django.db import migrations, models

DEFAULTS = [
    (
        "application.forward_withdrawn",
        "{applicant}的推荐报送已撤回",
        "{unit}已撤回{application}的推荐报送，其推荐名额可重新使用；该申报回到本单位待办理。{reason_note}",
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
        ("notices", "0007_unit_status_kind"),
    ]

    operations = [
        migrations.AlterField(
            model_name="noticetemplate",
            name="kind",
            field=models.CharField(choices=[('application.status', '申报状态变更（致申报人）'), ('application.unit_review', '申报待办理（致推荐单位）'), ('application.resubmitted', '申报重新提交（致推荐单位）'), ('application.forward_withdrawn', '撤回推荐报送（致推荐单位）'), ('round.deployed', '遴选工作通知（部署，致推荐单位）'), ('round.phase', '遴选阶段变更'), ('deadline.reminder', '截止时间提醒'), ('referee.confirmed', '推荐专家已确认（致申报人）'), ('application.unit_status', '推荐人选审查结果（致推荐单位）')], max_length=50, unique=True, verbose_name="类别"),
        ),
        migrations.RunPython(add_defaults, remove_untouched_defaults),
    ]
