from rest_framework import serializers

from .models import Indicator, Round


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
