from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from apps.core.models import TimeStampedModel

from .enums import Power, RoundStatus


class Round(TimeStampedModel):
    """One annual selection (遴选年度): deploy, recommend, review, publicity, publish."""

    year = models.PositiveSmallIntegerField(
        "年度", unique=True, validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    title = models.CharField("名称", max_length=100, blank=True)
    national_target = models.PositiveSmallIntegerField("全国培育目标人数", default=200)
    status = models.CharField("状态", max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT, editable=False)
    recommend_deadline = models.DateTimeField("推荐截止时间", null=True, blank=True)
    formal_review_deadline = models.DateTimeField("形式审查截止时间", null=True, blank=True)
    expert_review_deadline = models.DateTimeField("专家评审截止时间", null=True, blank=True)
    publicity_start = models.DateField("公示开始日期", null=True, blank=True)
    publicity_end = models.DateField("公示结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "遴选年度"
        verbose_name_plural = "遴选年度"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(publicity_start__isnull=True)
                | models.Q(publicity_end__isnull=True)
                | models.Q(publicity_end__gte=models.F("publicity_start")),
                name="round_publicity_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title or f"{self.year}年度大国工匠人才培养工程遴选"

    @property
    def recommend_deadline_passed(self):
        return self.recommend_deadline is not None and timezone.now() > self.recommend_deadline


class Indicator(models.Model):
    """One of the 15 scoring indicators (5 powers x 3), with this round's weight and maximum score."""

    round = models.ForeignKey("rounds.Round", verbose_name="遴选年度", on_delete=models.CASCADE, related_name="indicators")
    power = models.CharField("能力维度", max_length=20, choices=Power.choices)
    code = models.CharField("代码", max_length=40)
    name = models.CharField("指标名称", max_length=20)
    description = models.TextField("评价要点", blank=True)
    position = models.PositiveSmallIntegerField("顺序")
    weight = models.DecimalField(
        "权重", max_digits=5, decimal_places=2, default=Decimal("1.00"), validators=[MinValueValidator(Decimal("0"))]
    )
    max_score = models.DecimalField(
        "满分", max_digits=5, decimal_places=1, default=Decimal("10.0"), validators=[MinValueValidator(Decimal("1"))]
    )

    class Meta:
        verbose_name = "评价指标"
        verbose_name_plural = "评价指标"
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="indicator_code_unique_in_round"),
            models.UniqueConstraint(fields=["round", "position"], name="indicator_position_unique_in_round"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="indicator_weight_not_negative"),
            models.CheckConstraint(condition=models.Q(max_score__gt=0), name="indicator_max_score_positive"),
        ]

    def __str__(self):
        return f"{self.get_power_display()}·{self.name}"
