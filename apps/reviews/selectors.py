"""Queries of the expert review. An expert's own assignments leave out every conflicted candidate."""
from collections import defaultdict

from apps.accounts.roles import is_expert

from .conflicts import conflicted_pairs
from .models import Assignment, AssignmentStatus


def assignments_of(user):
    """The expert's active assignments on candidates they are not conflicted on (by any derived rule or
    declaration): what their desk, the API and any count may show. A queryset; a constant number of
    queries per round the expert has assignments in (one, in practice)."""
    from apps.applicants.models import Application

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

    from apps.applicants.models import Application

    rows = (
        Application.objects.filter(round=round, assignments__isnull=False)
        .annotate(active=Count("assignments", filter=Q(assignments__status=AssignmentStatus.ACTIVE), distinct=True))
        .filter(active__lt=round.experts_per_candidate)
        .order_by("pk")
        .values_list("pk", "active")
    )
    return dict(rows)
