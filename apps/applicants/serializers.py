from rest_framework import serializers

from .enums import ApplicationStatus
from .models import Application


class ApplicationSerializer(serializers.ModelSerializer):
    round_year = serializers.IntegerField(source="round.year")
    unit_name = serializers.CharField(source="unit.name")
    applicant_name = serializers.CharField(source="applicant.__str__")
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = Application
        fields = [
            "id", "round_year", "unit_id", "unit_name", "applicant_name", "employer_name",
            "status", "status_display", "status_reason", "submitted_at", "unit_rank", "created_at", "updated_at",
        ]
        read_only_fields = fields


class StatusChangeInputSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=ApplicationStatus.choices)
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
