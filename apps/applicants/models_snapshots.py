"""Submission snapshots: what the applicant submitted, frozen at each submission. Imported at the end of `models.py`.

A snapshot is written once, by the submit move (`guards.freeze_snapshot`), and never changed or deleted:
`save()` refuses an update, `delete()` and the queryset's `update()` / `delete()` refuse, and on
PostgreSQL a trigger refuses UPDATE and DELETE whoever asks (migration 0007_snapshots). Resubmitting a
returned application adds version 2, keeping version 1.
"""
from django.db import models

from apps.core.exceptions import DomainError

SNAPSHOT_IMMUTABLE = "提交快照一经生成即不可修改或删除。"


class SnapshotImmutable(DomainError):
    code = "snapshot_immutable"
    default_message = SNAPSHOT_IMMUTABLE


class SnapshotQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise SnapshotImmutable()

    def delete(self):
        raise SnapshotImmutable()


class ApplicationSnapshot(models.Model):
    """Version `version` of `application` as submitted: profile (ID and mobile masked), answers, evidence
    names and SHA-256, referees when present, in `content`; `content_sha256` is the digest of its canonical JSON."""

    application = models.ForeignKey(
        "applicants.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="snapshots"
    )
    version = models.PositiveIntegerField("版本")
    submitted_at = models.DateTimeField("提交时间")
    content = models.JSONField("提交内容")
    content_sha256 = models.CharField("内容摘要（SHA-256）", max_length=64)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = "提交快照"
        verbose_name_plural = "提交快照"
        ordering = ["application_id", "version"]  # by the column: no join to the application for the order
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="snapshot_version_unique_per_application"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="snapshot_version_from_one"),
        ]

    def __str__(self):
        return f"{self.application} · 第{self.version}版"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SnapshotImmutable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SnapshotImmutable()
