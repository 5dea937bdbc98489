from rest_framework import serializers

from .models import User


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display")
    unit = serializers.StringRelatedField()
    phone = serializers.CharField(source="masked_phone")

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "role", "role_display", "unit", "unit_id", "email", "phone"]
        read_only_fields = fields
