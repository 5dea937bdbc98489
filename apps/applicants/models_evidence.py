"""The five-powers statement (one answer per indicator) and the evidence files of an application.

Imported at the end of `models.py`. Rules live in `statement.py` and `evidence.py`.
"""
from django.conf import settings
from django.db import models

from apps.core.models import TimeStampedModel

# An answer's length limit, in characters (line breaks count one). Stated on the page beside a live counter.
ANSWER_MAX_LENGTH = 1500


class StatementAnswer(TimeStampedModel):
    """The applicant's answer to one of the round's indicators. `version` grows by one at every stored change:
    a form carries the version it was loaded with, and a save from an older version is refused (two tabs)."""

    application = models.ForeignKey(
        "applicants.Application", verbose_name="申报", on_delete=models.CASCADE, related_name="answers"
    )
    indicator = models.ForeignKey("rounds.Indicator", verbose_name="评价指标", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("陈述", blank=True)
    version = models.PositiveIntegerField("版本", default=0, editable=False)

    class Meta:
        verbose_name = "五力陈述"
        verbose_name_plural = "五力陈述"
        ordering = ["application", "indicator__position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "indicator"], name="statement_answer_one_per_indicator"),
        ]

    def __str__(self):
        return f"{self.application} · {self.indicator}"


class EvidenceContentType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


class EvidenceFile(TimeStampedModel):
    """A supporting file for one indicator. `file` is a random storage name; `display_name` the sanitised
    name the applicant gave it (used only to show it and as the download's name)."""

    application = models.ForeignKey(
        "applicants.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="evidence"
    )
    indicator = models.ForeignKey("rounds.Indicator", verbose_name="评价指标", on_delete=models.PROTECT, related_name="+")
    display_name = models.CharField("文件名", max_length=120)
    file = models.FileField("文件", max_length=200, editable=False)
    content_type = models.CharField("文件类型", max_length=30, choices=EvidenceContentType.choices, editable=False)
    size = models.PositiveBigIntegerField("大小（字节）", editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        verbose_name = "支撑材料"
        verbose_name_plural = "支撑材料"
        ordering = ["application", "indicator__position", "created_at", "pk"]
        indexes = [models.Index(fields=["application", "indicator"], name="evidence_application_idx")]

    def __str__(self):
        return self.display_name
