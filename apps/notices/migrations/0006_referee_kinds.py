"""The referee-confirmed kind of notice (apps.applicants.referees), with its first text (a copy, as in 0004)."""
from django.db import migrations, models

DEFAULTS = [
    ('referee.confirmed', '推荐专家{referee}已确认推荐', '{referee}（推荐专家{slot}）已通过邮件中的链接确认推荐您的{round}申报，并上传了签名的推荐信。目前已有 {confirmed} / 3 位推荐专家确认。'),
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
        ('notices', '0005_round_and_reminder_kinds'),
    ]

    operations = [
        migrations.AlterField(
            model_name='noticetemplate',
            name='kind',
            field=models.CharField(choices=[('application.status', '申报状态变更（致申报人）'), ('application.unit_review', '申报待办理（致推荐单位）'), ('application.resubmitted', '申报重新提交（致推荐单位）'), ('round.deployed', '遴选工作通知（部署，致推荐单位）'), ('round.phase', '遴选阶段变更'), ('deadline.reminder', '截止时间提醒'), ('referee.confirmed', '推荐专家已确认（致申报人）')], max_length=50, unique=True, verbose_name='类别'),
        ),
        migrations.RunPython(add_defaults, remove_untouched_defaults),
    ]
