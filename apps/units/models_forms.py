"""The recommendation form (推荐表) PDF of an application: a row that tracks its rendering.

Imported at the end of `models.py`. Rules in `forms_pdf.py`, the Celery courier in `tasks.py`.
"""
from django.conf import settings
from django.db import models

from apps.core.models import TimeStampedModel


class FormStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RENDERING = "rendering", "生成中"
    READY = "ready", "已生成"
    FAILED = "failed", "生成失败"


class RecommendationForm(TimeStampedModel):
    """One rendering of an application's recommendation form, from the inputs frozen in `inputs`.

    `input_hash` is the SHA-256 of those inputs (and of the layout version): one row per application
    and hash, so asking again for unchanged data returns the row as it is, and the task renders
    what the row holds, never what the application says at render time. `file` is a random storage
    name; `sha256` the digest of the stored PDF.
    """

    application = models.ForeignKey(
        "applicants.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="recommendation_forms"
    )
    status = models.CharField("状态", max_length=10, choices=FormStatus.choices, default=FormStatus.QUEUED, editable=False)
    input_hash = models.CharField("内容摘要", max_length=64, editable=False)
    inputs = models.JSONField("表格内容", editable=False)
    file = models.FileField("文件", max_length=200, blank=True, editable=False)
    size = models.PositiveBigIntegerField("大小（字节）", null=True, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    error = models.CharField("错误信息", max_length=500, blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    # When the broker took the task (null: not yet, e.g. Redis was down; `reconcile_recommendation_forms` re-queues).
    published_at = models.DateTimeField("入队时间", null=True, blank=True, editable=False)
    started_at = models.DateTimeField("开始生成时间", null=True, blank=True, editable=False)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField("生成次数", default=0, editable=False)

    class Meta:
        verbose_name = "推荐表"
        verbose_name_plural = "推荐表"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "input_hash"], name="recommendation_form_one_per_inputs"),
            models.CheckConstraint(
                condition=~models.Q(status="ready") | (~models.Q(file="") & ~models.Q(sha256="")),
                name="recommendation_form_ready_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.application} · 推荐表"

    @property
    def is_pending(self):
        return self.status in (FormStatus.QUEUED, FormStatus.RENDERING)
