"""Objections (异议) to a candidate on the publicity list, filed by anyone under their real name.

Imported at the end of `models.py`. Rules live in `objections.py`. The objector's identity (name, phone)
is for the office alone: nothing else reads these fields (pages, API, notices, audit data, logs).
"""
from django.conf import settings
from django.db import models

from apps.core.fields import BlindIndexedModel, BlindIndexField, EncryptedCharField
from apps.core.models import TimeStampedModel

CONTENT_MAX_LENGTH = 2000
RELATIONSHIP_MAX_LENGTH = 50
NAME_MAX_LENGTH = 30
REASONS_MAX_LENGTH = 2000


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", "已受理"
    INVESTIGATING = "investigating", "调查核实中"
    UPHELD = "upheld", "异议成立"
    NOT_UPHELD = "not_upheld", "异议不成立"


CONCLUDED = frozenset({ObjectionStatus.UPHELD, ObjectionStatus.NOT_UPHELD})
OPEN_STATUSES = (ObjectionStatus.RECEIVED, ObjectionStatus.INVESTIGATING)


class Objection(BlindIndexedModel, TimeStampedModel):
    """One real-name objection to one candidate (`entry`) of a publicity. `receipt` is what the objector
    keeps: with their phone it shows them the status and, once concluded, the conclusion."""

    publicity = models.ForeignKey("publicity.Publicity", verbose_name="公示", on_delete=models.PROTECT, related_name="objections")
    entry = models.ForeignKey("publicity.PublicityEntry", verbose_name="被异议人选", on_delete=models.PROTECT, related_name="objections")
    receipt = models.CharField("受理编号", max_length=12, unique=True, editable=False)
    objector_name = models.CharField("异议人姓名", max_length=NAME_MAX_LENGTH)
    phone = EncryptedCharField("异议人手机号码", normalizer="mobile")
    phone_hash = BlindIndexField(source="phone")
    relationship = models.CharField("与被公示人的关系", max_length=RELATIONSHIP_MAX_LENGTH)
    content = models.TextField("异议内容", max_length=CONTENT_MAX_LENGTH)
    evidence = models.FileField("证明材料", max_length=200, blank=True, editable=False)
    evidence_name = models.CharField("证明材料文件名", max_length=120, blank=True, editable=False)
    evidence_type = models.CharField("证明材料类型", max_length=30, blank=True, editable=False)
    evidence_size = models.PositiveBigIntegerField("证明材料大小（字节）", null=True, blank=True, editable=False)
    evidence_sha256 = models.CharField("证明材料 SHA-256", max_length=64, blank=True, editable=False)
    ip_hash = models.CharField("来源地址（密钥散列）", max_length=64, blank=True, editable=False)
    status = models.CharField("状态", max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.RECEIVED)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    investigation = models.TextField("调查核实情况", max_length=REASONS_MAX_LENGTH, blank=True)
    reasons = models.TextField("结论理由", max_length=REASONS_MAX_LENGTH, blank=True)
    concluded_at = models.DateTimeField("办结时间", null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="办结人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["publicity", "status"], name="objection_publicity_status_idx")]
        constraints = [
            # Concluded exactly when it has a conclusion: its time, who and the reasons; open ones have none.
            models.CheckConstraint(
                condition=(
                    models.Q(status__in=["upheld", "not_upheld"], concluded_at__isnull=False, concluded_by__isnull=False, reasons__gt="")
                    | models.Q(status__in=["received", "investigating"], concluded_at__isnull=True, concluded_by__isnull=True)
                ),
                name="objection_concluded_with_reasons",
            ),
        ]

    def __str__(self):
        return f"异议 {self.receipt}"

    @property
    def concluded(self):
        return self.status in CONCLUDED
