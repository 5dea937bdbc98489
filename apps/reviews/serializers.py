from rest_framework import serializers

from .models import Assignment


class AssignmentSerializer(serializers.ModelSerializer):
    """An expert's own assignment: the candidate, the panel and the state of the expert's own sheet."""

    candidate_name = serializers.CharField(source="application.full_name", read_only=True)
    industry = serializers.CharField(source="application.industry", read_only=True)
    panel_name = serializers.CharField(source="panel.name", read_only=True)
    sheet_status = serializers.SerializerMethodField()
    sheet_version = serializers.SerializerMethodField()
    submitted_at = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id", "round", "application", "candidate_name", "industry", "panel", "panel_name",
            "sheet_status", "sheet_version", "submitted_at",
        ]
        read_only_fields = fields

    def _sheet(self, assignment):
        return getattr(assignment, "sheet", None)

    def get_sheet_status(self, assignment) -> str:
        sheet = self._sheet(assignment)
        return sheet.status if sheet else "draft"

    def get_sheet_version(self, assignment) -> int:
        sheet = self._sheet(assignment)
        return sheet.version if sheet else 0

    def get_submitted_at(self, assignment) -> str | None:
        sheet = self._sheet(assignment)
        return sheet.submitted_at.isoformat() if sheet and sheet.submitted_at else None
