"""Named queries of the final list (公布名单): a published round's craftsmen, only what the public may read."""
from django.db.models import Count, Max, Q

from apps.applicants.enums import ApplicationStatus

from .models import Publicity, PublicityEntry

# What the final list shows of a craftsman: name, gender, employer, post, unit. Never an ID number, a phone,
# a birth date or a file.
FINAL_FIELDS = (
    "id", "position", "publicity_id", "application_id",
    "application__id", "application__full_name", "application__gender", "application__employer_name",
    "application__post", "application__unit_id", "application__unit__id", "application__unit__name",
)


def published_publicity_of_year(year):
    """The publicity of `year` once its list is published, with its round; None otherwise."""
    return Publicity.objects.select_related("round").filter(round__year=year, published_at__isnull=False).first()


def latest_published():
    return Publicity.objects.select_related("round").filter(published_at__isnull=False).order_by("-round__year").first()


def final_entries(publicity):
    """The published craftsmen of `publicity`, in notice order; one query."""
    return list(
        PublicityEntry.objects.filter(publicity=publicity, application__status=ApplicationStatus.PUBLISHED)
        .select_related("application__unit")
        .only(*FINAL_FIELDS)
        .order_by("position")
    )


def final_version(publicity):
    """Changes whenever the final list would (its count, its rows' last change); one query."""
    row = PublicityEntry.objects.filter(publicity=publicity).aggregate(
        shown=Count("pk", filter=Q(application__status=ApplicationStatus.PUBLISHED)), changed=Max("application__updated_at")
    )
    changed = row["changed"].timestamp() if row["changed"] else 0
    return f"final-{publicity.pk}-{publicity.updated_at.timestamp():.6f}-{row['shown']}-{changed:.6f}"
