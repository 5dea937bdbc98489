"""Named queries of cultivation: the talent pool (工匠人才库), every published craftsman across rounds."""
from apps.core import policy

from .models import Cultivation

# What the pool's list shows: no ID number, no phone (the export masks them).
POOL_FIELDS = (
    "id", "status", "started_on", "ends_on", "round_id", "application_id", "round__id", "round__year",
    "application__id", "application__full_name", "application__gender", "application__employer_name", "application__post",
    "application__industry", "application__region", "application__skill_level", "application__unit_id",
    "application__unit__id", "application__unit__name",
)


def talent_pool(user, filters=None):
    """The cultivations `user` may see (the access policy), filtered by the pool's search, newest round first."""
    filters = filters or {}
    queryset = policy.visible(Cultivation.objects.all(), user).select_related("application__unit", "round")
    if filters.get("q"):
        queryset = queryset.filter(application__full_name__icontains=filters["q"])
    if filters.get("unit"):
        queryset = queryset.filter(application__unit=filters["unit"])
    for name in ("industry", "region", "skill_level"):
        if filters.get(name):
            queryset = queryset.filter(**{f"application__{name}": filters[name]})
    if filters.get("year"):
        queryset = queryset.filter(round__year=filters["year"])
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    return queryset.order_by("-round__year", "application__unit__kind", "application__unit__region", "application__unit__name", "pk")


def pool_rows(queryset):
    """The list's columns only."""
    return queryset.only(*POOL_FIELDS)


def pool_years():
    """The years with cultivations, newest first (for the year select)."""
    return list(Cultivation.objects.order_by("-round__year").values_list("round__year", flat=True).distinct())
