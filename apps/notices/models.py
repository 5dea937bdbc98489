from django.conf import settings
from django.db import models


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
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    sent_at = models.DateTimeField("邮件发送时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    last_error = models.CharField("最近错误", max_length=200, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_inbox_idx")]

    def __str__(self):
        return self.subject
