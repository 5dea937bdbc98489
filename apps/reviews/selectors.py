"""Named queries of the reviews app."""
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from apps.applicants.enums import PLACE_USING, ApplicationStatus
from apps.applicants.models import Application, EvidenceFile, StatementAnswer
from apps.rounds.models import Indicator, Quota

from . import formal

S = ApplicationStatus
# What formal review lists: those waiting for it and those it decided.
FORMAL_STATUSES = (S.FORWARDED, S.FORMAL_PASSED, S.FORMAL_FAILED)
FORMAL_FIELDS = (
    "id", "round_id", "unit_id", "applicant_id", "status", "status_reason", "forwarded_at", "unit_rank",
    *(name for name, _ in formal.PROFILE_FIELDS), "frontline_years",
    "unit__id", "unit__name", "unit__kind", "unit__region",
    "applicant__id", "applicant__username", "applicant__display_name",
)


def _count_of(model, **filters):
    rows = model.objects.filter(application=OuterRef("pk"), **filters).order_by().values("application")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))


def formal_queryset(round, *, status=None, unit=None, pks=None):
    """The round's applications in formal review, with the counts the checks read, in unit order."""
    queryset = (
        Application.objects.filter(round=round, status__in=FORMAL_STATUSES)
        .select_related("unit", "applicant")
        .only(*FORMAL_FIELDS)
        .annotate(
            evidence_count=_count_of(EvidenceFile),
            answered_count=_count_of(StatementAnswer, text__gt=""),
        )
    )
    if status:
        queryset = queryset.filter(status=status)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    return queryset.order_by("unit__kind", "unit__region", "unit__name", "unit_rank", "forwarded_at", "pk")


def queue_context(round):
    """The indicator count, the units' places and each place-using candidate's position: three queries."""
    places = dict(Quota.objects.filter(round=round).values_list("unit_id", "places"))
    positions, seen = {}, {}
    using = (
        Application.objects.filter(round=round, status__in=PLACE_USING)
        .order_by("unit_id", "unit_rank", "forwarded_at", "pk")
        .values_list("pk", "unit_id")
    )
    for pk, unit_id in using:
        seen[unit_id] = seen.get(unit_id, 0) + 1
        positions[pk] = seen[unit_id]
    return formal.QueueContext(
        indicator_count=Indicator.objects.filter(round=round).count(), places=places, positions=positions
    )


def formal_rows(round, *, status=None, unit=None, pks=None, rows=None):
    """Applications in formal review with their checks (`row.checks`) and whether all hold (`row.clean`).

    `rows` (e.g. one page of `formal_queryset`) are checked instead of reading the queryset: a constant
    number of queries whatever their number.
    """
    rows = list(formal_queryset(round, status=status, unit=unit, pks=pks) if rows is None else rows)
    context = queue_context(round)
    for row in rows:
        row.checks = formal.check_row(row, context)
        row.clean = not formal.failing(row.checks)
    return rows


def formal_counts(round):
    """{status: count} of formal review in `round`, and how many waiting candidates are clean."""
    counts = dict(
        Application.objects.filter(round=round, status__in=FORMAL_STATUSES)
        .order_by().values_list("status").annotate(n=Count("pk"))
    )
    return {status: counts.get(status, 0) for status in FORMAL_STATUSES}


def clean_waiting(round):
    """The forwarded candidates of `round` whose checks all hold: what a bulk pass would pass."""
    return [row for row in formal_rows(round, status=S.FORWARDED) if row.clean]

