from django.contrib.auth.models import AbstractUser
from django.db import models

from apps.core.fields import BlindIndexedModel, BlindIndexField, EncryptedCharField
from apps.core.masking import mask_phone
from apps.core.validators import validate_mobile

from .roles import Role


class User(BlindIndexedModel, AbstractUser):
    """A person who signs in. Unit staff belong to exactly one recommending unit."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.APPLICANT)
    unit = models.ForeignKey(
        "units.RecommendingUnit",
        verbose_name="所属推荐单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    phone = EncryptedCharField("手机号码", normalizer="mobile", blank=True, default="", validators=[validate_mobile])
    phone_hash = BlindIndexField(source="phone")

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role=Role.UNIT_STAFF) & models.Q(unit__isnull=False))
                | (~models.Q(role=Role.UNIT_STAFF) & models.Q(unit__isnull=True)),
                name="user_unit_staff_has_unit",
            ),
        ]

    def __str__(self):
        return self.display_name or self.username

    @property
    def masked_phone(self):
        return mask_phone(self.phone) if self.phone else ""
