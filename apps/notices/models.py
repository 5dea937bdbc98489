from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel

from .kinds import NoticeKind


class Notice(models.Model):
    """A message to one user: shown in the in-app inbox and, where the user has an email, mailed.

    The row is the record; the Celery task that mails it is only a courier (see `reconcile_notices`).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("类别", max_length=50)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    object_type = models.CharField("相关对象类型", max_length=100, blank=True)
    object_id = models.CharField("相关对象编号", max_length=64, blank=True)
    link = models.CharField("相关页面", max_length=200, blank=True, help_text="收件人可打开的站内地址")
    # What happened, named once (e.g. `applicants.application:12:returned:...`): one notice per event and person.
    event_key = models.CharField("事件标识", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    sent_at = models.DateTimeField("邮件发送时间", null=True, blank=True)
    # Set while a courier is mailing it, so a second courier (a re-queued task) leaves it alone.
    claimed_at = models.DateTimeField("发送开始时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    last_error = models.CharField("最近错误", max_length=200, blank=True)
    failed_at = models.DateTimeField("发送失败时间", null=True, blank=True, help_text="达到发送次数上限后不再自动重发")

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_inbox_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], condition=~Q(event_key=""), name="notice_one_per_event_and_recipient"
            ),
        ]

    def __str__(self):
        return self.subject


class FailedNotice(Notice):
    """Notices whose mail reached the attempt cap: the office's list of people to contact another way."""

    class Meta:
        proxy = True
        verbose_name = "发送失败的通知"
        verbose_name_plural = "发送失败的通知"


class NoticeTemplate(TimeStampedModel):
    """The subject and body of one kind of notice, with `{placeholder}`s the sender fills in."""

    kind = models.CharField("类别", max_length=50, choices=NoticeKind.choices, unique=True)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")

    class Meta:
        verbose_name = "通知模板"
        verbose_name_plural = "通知模板"
        ordering = ["kind"]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        from .rendering import validate_template

        validate_template(self.kind, subject=self.subject, body=self.body)
