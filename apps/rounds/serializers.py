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
