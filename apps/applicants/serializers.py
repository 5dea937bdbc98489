from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import permissions

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
            "status", "status_display", "status_reason", "submitted_at", "unit_rank",
            "recommendation_opinion", "attests_political_quality", "attests_craftsman_spirit", "attested_at",
            "created_at", "updated_at",
        ]
        read_only_fields = fields


class StatusChangeInputSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=ApplicationStatus.choices)
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class SubmitInputSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=64, help_text="完整性检查返回的 version：读取后申报内容有改动则提交被拒绝")


class ForwardInputSerializer(serializers.Serializer):
    """The shape of a forward; the service requires the opinion and both attestations (its messages, 400)."""

    opinion = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="", help_text="推荐意见（必填，不超过500字）")
    political_quality = serializers.BooleanField(default=False, help_text="推荐单位确认人选政治素质符合条件（必须为 true）")
    craftsman_spirit = serializers.BooleanField(default=False, help_text="推荐单位确认人选具有突出的工匠精神（必须为 true）")


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="", help_text="原因（必填）")


class AvailableMoveSerializer(serializers.Serializer):
    to = serializers.CharField()
    label = serializers.CharField()
    reason_required = serializers.BooleanField()
    action = serializers.CharField(allow_null=True, help_text="The named action that makes this move (its own endpoint), or null: the generic status change")


class ApplicationDetailSerializer(ApplicationSerializer):
    """One application, with the moves the caller may make on it now."""

    moves = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "moves"]
        read_only_fields = fields

    @extend_schema_field(AvailableMoveSerializer(many=True))
    def get_moves(self, application):
        moves = permissions.moves_for(self.context["request"].user, application)
        return AvailableMoveSerializer(moves, many=True).data
