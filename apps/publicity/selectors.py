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
    from .models_objections import OPEN_STATUSES

    return list(
        PublicityEntry.objects.filter(publicity=publicity)
        .select_related("application__unit", "application__applicant")
        .annotate(objection_count=Count("objections"), open_objection_count=Count("objections", filter=Q(objections__status__in=OPEN_STATUSES)))
        .order_by("position")
    )


def public_entry(publicity, pk):
    """A candidate still on the list, for the objection form (404 otherwise)."""
    from django.http import Http404

    entry = (
        PublicityEntry.objects.filter(publicity=publicity, pk=pk, application__status=ApplicationStatus.IN_PUBLICITY)
        .select_related("application__unit", "publicity__round").first()
    )
    if entry is None:
        raise Http404
    return entry


def office_objections(user, publicity, *, status="", entry=None):
    """The publicity's objections the office sees (policy), newest first, with candidate and handler (one query)."""
    from apps.core import policy

    from .models_objections import Objection

    queryset = policy.visible(Objection.objects.filter(publicity=publicity), user)
    if status:
        queryset = queryset.filter(status=status)
    if entry is not None:
        queryset = queryset.filter(entry=entry)
    return list(queryset.select_related("entry__application__unit", "handler").order_by("-created_at", "-pk"))


def get_objection_for_office(user, pk):
    from django.shortcuts import get_object_or_404

    from apps.core import policy

    from .models_objections import Objection

    return get_object_or_404(
        policy.visible(Objection.objects.select_related("entry__application__unit", "publicity__round", "handler", "concluded_by"), user),
        pk=pk,
    )


def current_publicity_of_entry(pk):
    """The publicity an entry belongs to (404 when there is no such entry)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Publicity.objects.select_related("round"), entries__pk=pk)
