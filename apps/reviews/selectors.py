"""Named queries of the reviews app: formal review's queue, and an expert's own assignments (which leave out
every conflicted candidate)."""
from collections import defaultdict

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from apps.accounts.roles import is_expert
from apps.applicants.enums import PLACE_USING, ApplicationStatus
from apps.applicants.models import Application, EvidenceFile, StatementAnswer
from apps.rounds.models import Indicator, Quota

from . import formal
from .conflicts import conflicted_pairs
from .models import Assignment, AssignmentStatus

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


def assignments_of(user):
    """The expert's active assignments on candidates they are not conflicted on (by any derived rule or
    declaration): what their desk, the API and any count may show. A queryset; a constant number of
    queries per round the expert has assignments in (one, in practice)."""
    if not is_expert(user):
        return Assignment.objects.none()
    active = Assignment.objects.filter(expert__user=user, status=AssignmentStatus.ACTIVE)
    by_round = defaultdict(list)
    for pk, round_id, application_id, expert_id in active.values_list("pk", "round_id", "application_id", "expert_id"):
        by_round[round_id].append((pk, application_id, expert_id))
    hidden = []
    for round_id, rows in by_round.items():
        expert_id = rows[0][2]
        pairs = conflicted_pairs(
            None, applications=Application.objects.filter(pk__in=[a for _, a, _ in rows]), expert_ids=[expert_id]
        )
        hidden += [pk for pk, application_id, _ in rows if (expert_id, application_id) in pairs]
    return active.exclude(pk__in=hidden).select_related("application", "panel", "sheet").order_by("pk")


def candidates_to_reassign(round):
    """The round's drawn candidates holding fewer active assignments than the round's N (after a declared
    conflict or a withdrawal): what the office must reassign. One query; {application_id: active count}."""
    from django.db.models import Count, Q


    rows = (
        Application.objects.filter(round=round, assignments__isnull=False)
        .annotate(active=Count("assignments", filter=Q(assignments__status=AssignmentStatus.ACTIVE), distinct=True))
        .filter(active__lt=round.experts_per_candidate)
        .order_by("pk")
        .values_list("pk", "active")
    )
    return dict(rows)


# --- The expert's desk and scoring page, the office's pool, panels and reassignment ------------


def desk_rows(user):
    """The expert's assignments as the desk lists them: candidate, panel, own sheet and its scored count.

    Built on `assignments_of` (never a conflicted candidate): a constant number of queries.
    """
    from django.db.models import Count

    rows = list(
        assignments_of(user)
        .select_related("round")
        .annotate(scored=Count("sheet__scores"))
        .order_by("round_id", "panel_id", "pk")
    )
    totals = dict(
        Indicator.objects.filter(round_id__in={row.round_id for row in rows}).order_by()
        .values_list("round_id").annotate(n=Count("pk"))
    ) if rows else {}
    for row in rows:
        row.indicator_total = totals.get(row.round_id, 0)
    return rows


def desk_counts(rows):
    """{total, submitted, in_progress, not_started} of the desk's rows (no query)."""
    from .models import SheetStatus

    submitted = sum(1 for row in rows if _sheet(row) and row.sheet.status == SheetStatus.SUBMITTED)
    started = sum(1 for row in rows if _sheet(row) and row.sheet.status != SheetStatus.SUBMITTED)
    return {"total": len(rows), "submitted": submitted, "in_progress": started, "not_started": len(rows) - submitted - started}


def _sheet(assignment):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return assignment.sheet
    except ObjectDoesNotExist:
        return None


def own_assignment(user, pk):
    """The expert's own active, non-conflicted assignment `pk`, or 404 (another's, withdrawn or conflicted alike)."""
    from django.http import Http404

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    assignment = assignments_of(user).select_related("round", "application__round").filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


def sheet_values(assignment):
    """The expert's own sheet (or None) and {indicator_id: value} of its scores: two queries at most."""
    from .models import Score

    sheet = _sheet(assignment)
    if sheet is None:
        return None, {}
    return sheet, dict(Score.objects.filter(sheet=sheet).values_list("indicator_id", "value"))


def letters_of(application):
    """The application's confirmed referees with a letter (if the referees' model exists): one query."""
    from .conflicts import referees_available

    if not referees_available():
        return []
    from apps.applicants.models_referees import Referee

    return list(Referee.objects.filter(application=application, replaced_at__isnull=True).exclude(letter="").order_by("slot"))


def pool_rows(round):
    """Every expert of the pool with the account and unit, and this round's panels of each: three queries."""
    from django.db.models import Prefetch

    from .models import ExpertProfile, Panel

    return list(
        ExpertProfile.objects.select_related("user", "unit")
        .prefetch_related(Prefetch("panels", queryset=Panel.objects.filter(round=round).order_by("pk"), to_attr="round_panels"))
        .order_by("pk")
    )


def experts_without_profile():
    """The active expert-role accounts not yet in the pool (what the add form offers)."""
    from django.contrib.auth import get_user_model

    from apps.accounts.roles import Role

    return get_user_model().objects.filter(role=Role.EXPERT, is_active=True, expert_profile__isnull=True).order_by("pk")


def panels_of(round):
    """The round's panels with their members (and accounts) and active assignment counts: three queries."""
    from django.db.models import Count, Prefetch, Q

    from .models import ExpertProfile, Panel

    return list(
        Panel.objects.filter(round=round)
        .annotate(active=Count("assignments", filter=Q(assignments__status=AssignmentStatus.ACTIVE)))
        .prefetch_related(Prefetch("members", queryset=ExpertProfile.objects.select_related("user").order_by("pk")))
        .order_by("pk")
    )


def reassign_rows(round):
    """The candidates short of N active assignments: (application, active count, withdrawn assignments with
    their experts and reasons), in application order. Three queries."""
    from .models import Assignment

    short = candidates_to_reassign(round)
    applications = {a.pk: a for a in Application.objects.filter(pk__in=list(short)).only("pk", "full_name", "industry", "employer_name", "round_id")}
    withdrawn = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(application_id__in=list(short), status=AssignmentStatus.WITHDRAWN)
        .select_related("expert__user").order_by("pk")
    ):
        withdrawn[assignment.application_id].append(assignment)
    return [(applications[pk], active, withdrawn[pk]) for pk, active in short.items() if pk in applications]


def assignments_of_application(application):
    """Every assignment of the candidate (active first), with expert, panel and sheet: one query."""
    from .models import Assignment

    return list(
        Assignment.objects.filter(application=application)
        .select_related("expert__user", "panel", "sheet")
        .order_by("status", "pk")
    )


def eligible_for(application, assignments):
    """The experts the office may add by hand: active members of the candidate's panel, without a conflict,
    not already actively assigned. (panel or None, [ExpertProfile])."""
    from .conflicts import conflicted_pairs
    from .models import Panel

    panel = Panel.objects.filter(round_id=application.round_id, industries__contains=application.industry or "?").first()
    if panel is None:
        return None, []
    members = list(panel.members.filter(is_active=True).select_related("user").order_by("pk"))
    taken = {a.expert_id for a in assignments if a.status == AssignmentStatus.ACTIVE}
    pairs = conflicted_pairs(
        None, applications=Application.objects.filter(pk=application.pk), expert_ids=[m.pk for m in members]
    )
    return panel, [m for m in members if m.pk not in taken and (m.pk, application.pk) not in pairs]
