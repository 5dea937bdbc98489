"""The three referees (推荐专家) of an application. Imported at the end of `models.py`; rules in `referees.py`.

A referee is a senior peer outside the applicant's employer. The applicant names them (slot 1-3); each
gets a mailed one-time link to `/referee/<token>/`, where they confirm with their title, employer and
relationship and upload a signed letter. Only an HMAC of the link's token is stored (`token_hash`).
A replaced referee keeps its row (status `replaced`) for the record; at most one live referee per slot.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel

SLOTS = (1, 2, 3)


class RefereeTitle(models.TextChoices):
    """What makes a referee senior enough: a senior professional title, or 高级技师 and above."""

    FULL_SENIOR = "full_senior", "正高级专业技术职称"
    ASSOCIATE_SENIOR = "associate_senior", "副高级专业技术职称"
    SENIOR_TECHNICIAN = "senior_technician", "高级技师"
    MASTER_TECHNICIAN = "master_technician", "特级技师"
    CHIEF_TECHNICIAN = "chief_technician", "首席技师"


class RefereeStatus(models.TextChoices):
    INVITED = "invited", "待确认"
    CONFIRMED = "confirmed", "已确认"
    REPLACED = "replaced", "已更换"


# A referee's state as people read it: an invitation whose link ran out reads "expired".
EXPIRED, EXPIRED_LABEL = "expired", "链接已过期"
STATUS_LABELS = dict(RefereeStatus.choices)


class Referee(TimeStampedModel):
    application = models.ForeignKey(
        "applicants.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="referees"
    )
    slot = models.PositiveSmallIntegerField("序号")
    name = models.CharField("姓名", max_length=50)
    email = models.EmailField("电子邮箱", max_length=254)
    title = models.CharField("职称或技能等级", max_length=30, choices=RefereeTitle.choices)
    employer_name = models.CharField("工作单位", max_length=100)
    employer_credit_code = models.CharField("工作单位统一社会信用代码", max_length=18, blank=True)
    relationship = models.CharField("与申报人的关系", max_length=200, blank=True)
    status = models.CharField("状态", max_length=20, choices=RefereeStatus.choices, default=RefereeStatus.INVITED, editable=False)
    # HMAC-SHA256 of the link's random token (keyed by settings.SECRET_KEY); the token itself is never stored.
    token_hash = models.CharField("链接摘要", max_length=64, unique=True, editable=False)
    token_expires_at = models.DateTimeField("链接有效期至", editable=False)
    sent_at = models.DateTimeField("邀请发送时间", editable=False)
    send_count = models.PositiveSmallIntegerField("发送次数", default=1, editable=False)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True, editable=False)
    # The signed letter, stored like evidence (random name, checked by content, SHA-256 recorded).
    letter = models.FileField("推荐信", max_length=200, blank=True, editable=False)
    letter_name = models.CharField("推荐信文件名", max_length=120, blank=True, editable=False)
    letter_content_type = models.CharField("推荐信文件类型", max_length=30, blank=True, editable=False)
    letter_size = models.PositiveBigIntegerField("推荐信大小（字节）", null=True, blank=True, editable=False)
    letter_sha256 = models.CharField("推荐信SHA-256", max_length=64, blank=True, editable=False)
    replaced_at = models.DateTimeField("更换时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "推荐专家"
        verbose_name_plural = "推荐专家"
        ordering = ["application", "slot", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(slot__gte=1, slot__lte=3), name="referee_slot_1_to_3"),
            # Exactly three places: one live (not replaced) referee per slot.
            models.UniqueConstraint(
                fields=["application", "slot"], condition=~Q(status="replaced"), name="referee_one_live_per_slot"
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False, letter_sha256__gt=""),
                name="referee_confirmed_has_letter",
            ),
        ]

    def __str__(self):
        return f"{self.name}（推荐专家{self.slot}）"

    def state_at(self, now):
        """`status`, or `expired` for an invitation whose link has run out."""
        if self.status == RefereeStatus.INVITED and self.token_expires_at <= now:
            return EXPIRED
        return self.status

    def state_label_at(self, now):
        state = self.state_at(now)
        return EXPIRED_LABEL if state == EXPIRED else STATUS_LABELS.get(state, state)

    @property
    def title_label(self):
        return dict(RefereeTitle.choices).get(self.title, self.title)


# Settings default: how long a referee's link works.
DEFAULT_LINK_DAYS = 14


def link_days():
    return getattr(settings, "REFEREE_LINK_DAYS", DEFAULT_LINK_DAYS)
