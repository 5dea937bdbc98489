"""The round-phase and reminder kinds of notice, with their first texts (a copy, as in 0004)."""
from django.db import migrations, models

DEFAULTS = [
    ('round.deployed', '关于开展{round}工作的通知', '{unit}：\n中华全国总工会现部署{round}工作。本年度全国培育目标 {target} 人，贵单位推荐名额为 {places} 名（按每个培育名额推荐 {ratio} 人计算）。\n时间安排：\n{timeline}\n工作要求：\n{requirements}'),
    ('round.phase', '{round}已进入“{phase}”阶段', '{round}已进入“{phase}”阶段。{what_now}{deadline_note}'),
    ('deadline.reminder', '{deadline_label}还有 {days} 天：{round}', '{round}的{deadline_label}时间为 {deadline}，距今还有 {days} 天。{todo}'),
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
        ('notices', '0004_default_notice_templates'),
    ]

    operations = [
        migrations.AlterField(
            model_name='noticetemplate',
            name='kind',
            field=models.CharField(choices=[('application.status', '申报状态变更（致申报人）'), ('application.unit_review', '申报待办理（致推荐单位）'), ('application.resubmitted', '申报重新提交（致推荐单位）'), ('round.deployed', '遴选工作通知（部署，致推荐单位）'), ('round.phase', '遴选阶段变更'), ('deadline.reminder', '截止时间提醒')], max_length=50, unique=True, verbose_name='类别'),
        ),
        migrations.RunPython(add_defaults, remove_untouched_defaults),
    ]
