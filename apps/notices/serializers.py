from rest_framework import serializers

from .models import Notice


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "kind", "subject", "body", "object_type", "object_id", "link", "created_at", "read_at"]
        read_only_fields = fields
