from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from apps.core.models import TimeStampedModel
from apps.core.validators import has_control_characters

from .enums import AggregationRule, Power, RoundStatus


def _weight(verbose_name):
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, default=Decimal("1.00"), validators=[MinValueValidator(Decimal("0"))]
    )


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

    # The quota scheme (推荐名额分配), kept on the round itself: one per round, read with it, no second row
    # to create. The four factors the rules name, each with a weight; see apps/rounds/quotas.py.
    region_development_weight = _weight("地区发展状况权重")
    industry_level_weight = _weight("行业技术水平权重")
    worker_count_weight = _weight("职工人数权重")
    talent_environment_weight = _weight("人才培养环境权重")
    recommendation_ratio = models.DecimalField(
        "推荐比例",
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.50"),
        validators=[MinValueValidator(Decimal("1.00"))],
        help_text="每个最终培育名额可推荐的候选人数，例如 1.50。",
    )
    minimum_places = models.PositiveSmallIntegerField("每单位最少名额", default=1)
    # Set by `services.confirm_quotas`; cleared when the quotas change again before deployment.
    # A round is deployed only with confirmed quotas (`guards.quotas_confirmed`).
    quotas_confirmed_at = models.DateTimeField("推荐名额确认时间", null=True, blank=True, editable=False)

    # Expert review settings (apps/reviews): how many experts score each candidate, how their sheets
    # combine (the rule that decides; see apps/reviews/aggregation.py), and the seed of the last draw.
    experts_per_candidate = models.PositiveSmallIntegerField(
        "每名候选人评审专家数", default=5, validators=[MinValueValidator(3), MaxValueValidator(15)]
    )
    aggregation_rule = models.CharField(
        "汇总规则", max_length=20, choices=AggregationRule.choices, default=AggregationRule.TRIMMED_MEAN
    )
    draw_seed = models.BigIntegerField("专家抽取随机种子", null=True, blank=True, editable=False)

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
            models.CheckConstraint(
                condition=models.Q(region_development_weight__gte=0)
                & models.Q(industry_level_weight__gte=0)
                & models.Q(worker_count_weight__gte=0)
                & models.Q(talent_environment_weight__gte=0),
                name="round_quota_weights_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(recommendation_ratio__gte=Decimal("1.00")), name="round_recommendation_ratio_at_least_one"
            ),
            models.CheckConstraint(
                condition=models.Q(experts_per_candidate__gte=3, experts_per_candidate__lte=15),
                name="round_experts_per_candidate_3_to_15",
            ),
        ]

    def __str__(self):
        return self.title or f"{self.year}年度大国工匠人才培养工程遴选"

    # A round's schedule falls around its year: from the year before (a call issued late) to two years
    # after. A date outside is a typing error (0140 for 2026), refused before it reaches a notice.
    SCHEDULE_FIELDS = (
        "recommend_deadline", "formal_review_deadline", "expert_review_deadline", "publicity_start", "publicity_end",
    )

    def clean(self):
        super().clean()
        if not self.year:
            return
        errors = {}
        if has_control_characters(self.title):
            errors["title"] = "名称中含有无法显示的控制字符，请删除后重试。"
        for name in self.SCHEDULE_FIELDS:
            value = getattr(self, name)
            if value is None:
                continue
            year = value.year  # UTC for a datetime: a day either side of new year changes nothing here
            if not self.year - 1 <= year <= self.year + 2:
                label = self._meta.get_field(name).verbose_name
                errors[name] = f"{label}须在 {self.year - 1} 年至 {self.year + 2} 年之间。"
        if errors:
            raise ValidationError(errors)

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


def _factor(verbose_name):
    return models.DecimalField(
        verbose_name, max_digits=14, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )


class QuotaFactors(TimeStampedModel):
    """One unit's values of the four allocation factors in one round (the larger, the more places).

    Values are in each factor's own unit (an index, a head count): `quotas.weighted_scores` normalises
    every factor over the round's units before it weighs them, so a large head count does not dominate.
    """

    round = models.ForeignKey("rounds.Round", verbose_name="遴选年度", on_delete=models.CASCADE, related_name="quota_factors")
    unit = models.ForeignKey(
        "units.RecommendingUnit", verbose_name="推荐单位", on_delete=models.PROTECT, related_name="quota_factors"
    )
    region_development = _factor("地区发展状况")
    industry_level = _factor("行业技术水平")
    worker_count = _factor("职工人数")
    talent_environment = _factor("人才培养环境")

    class Meta:
        verbose_name = "名额分配因素"
        verbose_name_plural = "名额分配因素"
        ordering = ["round", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="quota_factors_one_per_unit_and_round"),
            models.CheckConstraint(
                condition=models.Q(region_development__gte=0)
                & models.Q(industry_level__gte=0)
                & models.Q(worker_count__gte=0)
                & models.Q(talent_environment__gte=0),
                name="quota_factors_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.unit}（{self.round.year}年度）名额分配因素"


class Quota(TimeStampedModel):
    """A unit's recommendation places (推荐名额) in one round.

    `computed_places` is what the last allocation gave; `places` is what binds, equal to it unless the
    office overrode it (`override_reason` says why; empty when not overridden).
    """

    round = models.ForeignKey("rounds.Round", verbose_name="遴选年度", on_delete=models.PROTECT, related_name="quotas")
    unit = models.ForeignKey("units.RecommendingUnit", verbose_name="推荐单位", on_delete=models.PROTECT, related_name="quotas")
    places = models.PositiveSmallIntegerField("推荐名额")
    computed_places = models.PositiveSmallIntegerField("计算名额")
    override_reason = models.CharField("调整原因", max_length=500, blank=True)

    class Meta:
        verbose_name = "推荐名额"
        verbose_name_plural = "推荐名额"
        ordering = ["round", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="quota_one_per_unit_and_round"),
            models.CheckConstraint(condition=models.Q(places__gte=0), name="quota_places_not_negative"),
            models.CheckConstraint(condition=models.Q(computed_places__gte=0), name="quota_computed_places_not_negative"),
        ]

    def __str__(self):
        return f"{self.unit}（{self.round.year}年度）推荐名额"

    def get_absolute_url(self):
        """Where the unit's staff read their quota (the deployment notice links here): their desk, with
        places used and left. The office reads quotas in its own pages and the admin."""
        return reverse("units:dashboard")

    @property
    def is_overridden(self):
        return bool(self.override_reason)
