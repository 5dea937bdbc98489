from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


GENESIS_HASH = "0" * 64


class AuditEntry(models.Model):
    """One business event. Append-only: never updated or deleted (a trigger enforces it on PostgreSQL).

    Entries form a hash chain: `hash` is an HMAC-SHA256 (key `AUDIT_HMAC_KEY`, kept outside the
    database) of the entry's content and `prev_hash`, and `seq` counts without gaps, so
    `verify_audit` finds an altered, inserted or deleted row, and one forged without the key.
    """

    seq = models.PositiveBigIntegerField("序号", unique=True, editable=False)
    created_at = models.DateTimeField("时间", editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    actor_repr = models.CharField("操作人", max_length=150, blank=True, editable=False)
    action = models.CharField("事件", max_length=100, db_index=True, editable=False)
    object_type = models.CharField("对象类型", max_length=100, blank=True, editable=False)
    object_id = models.CharField("对象编号", max_length=64, blank=True, editable=False)
    object_repr = models.CharField("对象", max_length=200, blank=True, editable=False)
    data = models.JSONField("变更内容", default=dict, blank=True, editable=False)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True, editable=False)
    prev_hash = models.CharField("前一条哈希", max_length=64, editable=False)
    hash = models.CharField("哈希", max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_repr}"


class AuditChainHead(models.Model):
    """The chain's newest link. Locking this single row serialises audit writers.

    `anchor_audit` copies it, signed, outside the database, so rewinding it is found later.
    """

    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self):
        return f"#{self.seq} {self.last_hash[:12]}"
