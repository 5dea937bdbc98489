from rest_framework import serializers

from .enums import RoundStatus
from .models import Indicator, Quota, Round


class IndicatorSerializer(serializers.ModelSerializer):
    power_display = serializers.CharField(source="get_power_display")

    class Meta:
        model = Indicator
        fields = ["id", "position", "power", "power_display", "code", "name", "description", "weight", "max_score"]
        read_only_fields = fields


class RoundSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    title = serializers.CharField(source="__str__")
    indicators = IndicatorSerializer(many=True)

    class Meta:
        model = Round
        fields = [
            "id", "year", "title", "status", "status_display", "national_target", "recommend_deadline",
            "formal_review_deadline", "expert_review_deadline", "publicity_start", "publicity_end", "indicators",
        ]
        read_only_fields = fields


class QuotaSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="round.year")
    unit_name = serializers.CharField(source="unit.name")
    is_overridden = serializers.BooleanField()

    class Meta:
        model = Quota
        fields = ["id", "round", "year", "unit", "unit_name", "places", "computed_places", "override_reason", "is_overridden"]
        read_only_fields = fields


class QuotaListSerializer(serializers.Serializer):
    """A round's quotas, as `{"results": [...]}` like the paginated lists (unpaginated: one row per unit)."""

    results = QuotaSerializer(many=True)


class QuotaOverrideInputSerializer(serializers.Serializer):
    places = serializers.IntegerField(label="推荐名额", min_value=0, max_value=32767)
    # Blank passes here: the service refuses it with the same words as in the admin.
    reason = serializers.CharField(label="调整原因", max_length=500, allow_blank=True)


class AdvanceInputSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=RoundStatus.choices, help_text="要进入的阶段，须为当前阶段的下一阶段")


class BlockerSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="尚未满足的前提条件")
    guard = serializers.CharField(help_text="前提条件的名称（代码）")
    fix_url = serializers.CharField(help_text="办理该条件的页面（无则为空）")
    fix_label = serializers.CharField(help_text="办理页面的名称")


class UnitCountsSerializer(serializers.Serializer):
    unit_name = serializers.CharField()
    unsubmitted = serializers.IntegerField(help_text="尚未提交（草稿、已退回修改）")
    unforwarded = serializers.IntegerField(help_text="已提交、尚未报送")
    forwarded = serializers.IntegerField(help_text="已推荐报送及以后")


class PhaseCheckSerializer(serializers.Serializer):
    round = serializers.IntegerField(source="round.pk")
    current = serializers.CharField(help_text="当前阶段")
    current_display = serializers.CharField(source="current.label")
    to = serializers.CharField(allow_null=True, help_text="下一阶段；已结束的遴选年度为 null")
    to_display = serializers.SerializerMethodField()
    consequence = serializers.CharField(help_text="推进后将会发生什么")
    can_advance = serializers.BooleanField(help_text="前提条件是否均已满足")
    blockers = BlockerSerializer(many=True)
    unit_counts = UnitCountsSerializer(many=True)

    def get_to_display(self, check) -> str | None:
        return check.to.label if check.to else None


# --- The office's round settings and quota scheme (input shapes only: the services check the rules) ---

ROUND_SETTING_FIELDS = (
    "title", "national_target", "recommend_deadline", "formal_review_deadline", "expert_review_deadline",
    "publicity_start", "publicity_end",
)
SCHEME_FIELDS = (
    "region_development_weight", "industry_level_weight", "worker_count_weight", "talent_environment_weight",
    "recommendation_ratio", "minimum_places",
)


class RoundCreateInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Round
        fields = ["year", *ROUND_SETTING_FIELDS]


class RoundSettingsInputSerializer(serializers.ModelSerializer):
    """Only the fields sent change. `seen_updated_at`: the round's updated_at as last read; when given, a
    round changed since is refused (code stale_edit) rather than overwritten."""

    seen_updated_at = serializers.DateTimeField(required=False, label="读取时的修改时间")

    class Meta:
        model = Round
        fields = [*ROUND_SETTING_FIELDS, "seen_updated_at"]
        extra_kwargs = {name: {"required": False} for name in ROUND_SETTING_FIELDS}
        validators = []  # the round's own constraints are checked by the service's full_clean


class QuotaSchemeInputSerializer(serializers.Serializer):
    """The quota scheme's values; those left out keep the round's (the what-if too)."""

    region_development_weight = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, required=False, label="地区发展状况权重")
    industry_level_weight = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, required=False, label="行业技术水平权重")
    worker_count_weight = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, required=False, label="职工人数权重")
    talent_environment_weight = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, required=False, label="人才培养环境权重")
    recommendation_ratio = serializers.DecimalField(max_digits=4, decimal_places=2, min_value=1, required=False, label="推荐比例")
    minimum_places = serializers.IntegerField(min_value=0, max_value=32767, required=False, label="每单位最少名额")


class QuotaSchemeUpdateSerializer(QuotaSchemeInputSerializer):
    seen_updated_at = serializers.DateTimeField(required=False, label="读取时的修改时间")


class RoundSettingsSerializer(serializers.ModelSerializer):
    """A round's settings and quota scheme as the office sees them (drafts too)."""

    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Round
        fields = ["id", "year", "status", "status_display", "updated_at", *ROUND_SETTING_FIELDS, *SCHEME_FIELDS, "quotas_confirmed_at"]
        read_only_fields = fields


def _factor():
    return serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class QuotaFactorsSerializer(serializers.Serializer):
    """One active unit's four factor values in the round (null where not entered yet)."""

    unit = serializers.IntegerField(source="pk")
    unit_name = serializers.CharField(source="name")
    region_development = _factor()
    industry_level = _factor()
    worker_count = _factor()
    talent_environment = _factor()
    seen = serializers.SerializerMethodField(help_text="保存时原样传回，以免覆盖他人在此期间的修改；尚无数值时为空字符串。")

    def get_seen(self, unit) -> str:
        from .quota_services import factor_stamp

        return factor_stamp(unit.factors_updated_at)


class QuotaFactorsListSerializer(serializers.Serializer):
    results = QuotaFactorsSerializer(many=True)


class QuotaFactorsRowInputSerializer(serializers.Serializer):
    unit = serializers.IntegerField(label="推荐单位编号")
    region_development = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, label="地区发展状况")
    industry_level = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, label="行业技术水平")
    worker_count = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, label="职工人数")
    talent_environment = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, label="人才培养环境")
    seen = serializers.CharField(required=False, allow_blank=True, max_length=40, label="读取时的标记")


class QuotaFactorsInputSerializer(serializers.Serializer):
    rows = QuotaFactorsRowInputSerializer(many=True, max_length=5000, label="各单位的数值")


class FactorImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(label="填好的 Excel 模板（.xlsx）")


class FactorImportResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField(help_text="文件中的推荐单位数")
    saved = serializers.IntegerField(help_text="数值有变化并已保存的单位数")
    kept = serializers.IntegerField(help_text="文件中没有、保留原值的单位数")


class QuotaPreviewRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="row.unit.pk")
    unit_name = serializers.CharField(source="row.unit.name")
    score = serializers.DecimalField(max_digits=12, decimal_places=6, source="row.score")
    share = serializers.DecimalField(max_digits=8, decimal_places=6, source="row.share")
    old_places = serializers.IntegerField(help_text="现名额（尚未分配时为按现行方案计算的名额）")
    new_places = serializers.IntegerField(help_text="按试算方案分配后的名额（已调整的名额保持不变）")
    delta = serializers.IntegerField()
    is_overridden = serializers.BooleanField()


class QuotaPreviewSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="试算方案的分配总数")
    places = serializers.IntegerField(help_text="试算后各单位名额合计")
    results = QuotaPreviewRowSerializer(many=True)


class QuotaConfirmationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    quotas_confirmed_at = serializers.DateTimeField()
    total = serializers.IntegerField(help_text="分配总数")
    places = serializers.IntegerField(help_text="各单位名额合计")
