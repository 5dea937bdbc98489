from rest_framework import serializers

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
