from django.db import models

from apps.core.models import TimeStampedModel

from .enums import UnitKind
from .regions import PROVINCES

# A kind's label by value: what get_kind_display() looks up, without rebuilding its choices each call.
KIND_LABELS = dict(UnitKind.choices)


class RecommendingUnit(TimeStampedModel):
    """A body that recommends candidates: a provincial union, a national industrial union, or an approved
    central organ, central enterprise or pilot unit."""

    name = models.CharField("单位名称", max_length=100, unique=True)
    kind = models.CharField("单位类型", max_length=32, choices=UnitKind.choices)
    region = models.CharField("所属地区", max_length=2, choices=PROVINCES, blank=True, help_text="省级总工会必填")
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "推荐单位"
        verbose_name_plural = "推荐单位"
        ordering = ["kind", "region", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=UnitKind.PROVINCIAL_UNION) | ~models.Q(region=""),
                name="unit_provincial_union_has_region",
            ),
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(kind=UnitKind.PROVINCIAL_UNION),
                name="unit_one_provincial_union_per_region",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def kind_label(self):
        """What get_kind_display() says, read from a dict: the office desk prints it for every unit."""
        return KIND_LABELS.get(self.kind, self.kind)


from .models_forms import FormStatus, RecommendationForm  # noqa: E402,F401  (the recommendation form PDF)
