from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.units.models import RecommendingUnit

from .models import User
from .roles import Role
from .services import OFFICE_CREATED_ROLES


# The roles the office creates accounts for, as a named enum of the API schema (SPECTACULAR_SETTINGS).
OFFICE_CREATED_ROLE_CHOICES = [(role.value, role.label) for role in OFFICE_CREATED_ROLES]


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display")
    # Only unit staff belong to a unit: null for every other role.
    unit = serializers.StringRelatedField(allow_null=True)
    phone = serializers.CharField(source="masked_phone")
    # Not format "email": an account may have none (""), which the schema must allow.
    email = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "role", "role_display", "unit", "unit_id", "email", "phone"]
        read_only_fields = fields

    def get_fields(self):
        fields = super().get_fields()
        fields["unit_id"] = serializers.IntegerField(read_only=True, allow_null=True)
        return fields


class AccountSerializer(serializers.ModelSerializer):
    """An account as the programme office sees it; `locked` is the login lockout of the username."""

    role_display = serializers.CharField(source="get_role_display", read_only=True)
    unit = serializers.StringRelatedField(allow_null=True)
    unit_id = serializers.IntegerField(read_only=True, allow_null=True)
    phone = serializers.CharField(source="masked_phone", read_only=True)
    email = serializers.CharField(read_only=True)
    locked = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id", "username", "display_name", "role", "role_display", "unit", "unit_id", "email", "phone",
            "is_active", "locked", "last_login",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_locked(self, account):
        return getattr(account, "recent_failures", 0) >= settings.AXES_FAILURE_LIMIT


class AccountCreateSerializer(serializers.Serializer):
    """Input for a new unit-staff or expert account; its password is set from the emailed link."""

    username = serializers.CharField(max_length=150)
    display_name = serializers.CharField(max_length=50)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=OFFICE_CREATED_ROLE_CHOICES)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=RecommendingUnit.objects.all(),
        required=False, allow_null=True, default=None,
    )

    def validate_role(self, value):
        return Role(value)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="新的 API 令牌，只显示这一次。")
