"""Named queries of publicity: the public list (only what a notice shows) and the office's view."""
from django.db.models import Count, Max, Q

from apps.applicants.enums import ApplicationStatus

from .models import Publicity, PublicityEntry

# What the public list shows of a candidate, and nothing else: never an ID number, a phone, a birth date or a file.
PUBLIC_FIELDS = (
    "id", "position", "summary", "publicity_id", "application_id",
    "application__id", "application__full_name", "application__gender", "application__employer_name",
    "application__post", "application__unit_id", "application__unit__id", "application__unit__name",
)


def current_publicity():
    """The latest publicity, with its round (None before any)."""
    return Publicity.objects.select_related("round").order_by("-starts_on", "-pk").first()


def publicity_of_year(year):
    return Publicity.objects.select_related("round").filter(round__year=year).first()


def public_entries(publicity):
    """The candidates still on the list (an upheld objection takes one off), in notice order; one query."""
    return list(
        PublicityEntry.objects.filter(publicity=publicity, application__status=ApplicationStatus.IN_PUBLICITY)
        .select_related("application__unit")
        .only(*PUBLIC_FIELDS)
        .order_by("position")
    )


def list_version(publicity):
    """A value that changes whenever the public list would: its entries' count and their last change (one query)."""
    row = PublicityEntry.objects.filter(publicity=publicity).aggregate(
        shown=Count("pk", filter=Q(application__status=ApplicationStatus.IN_PUBLICITY)), changed=Max("application__updated_at")
    )
    changed = row["changed"].timestamp() if row["changed"] else 0
    return f"{publicity.pk}-{publicity.updated_at.timestamp():.6f}-{row['shown']}-{changed:.6f}"


def office_entries(publicity):
    """Every entry with its application's status, for the office's page."""
    return list(
        PublicityEntry.objects.filter(publicity=publicity)
        .select_related("application__unit", "application__applicant")
        .order_by("position")
    )
