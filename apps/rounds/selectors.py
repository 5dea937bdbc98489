from django.db.models import Count, Q

from apps.accounts.roles import Role
from apps.applicants.enums import ApplicationStatus
from apps.units.models import RecommendingUnit

from .enums import RoundStatus
from .models import Round


def current_round():
    """The newest round that has been deployed, or None before the first deployment."""
    return Round.objects.exclude(status=RoundStatus.DRAFT).order_by("-year").first()


def rounds_overview():
    """Every round with its number of forwarded applications, newest first."""
    return Round.objects.annotate(
        application_count=Count("applications", filter=Q(applications__forwarded_at__isnull=False))
    ).order_by("-year")


# The five phases of a round, in order, named as the programme's rules name them.
PHASES = (
    (RoundStatus.DEPLOYED, "部署"),
    (RoundStatus.RECOMMENDING, "推荐"),
    (RoundStatus.REVIEWING, "评审"),
    (RoundStatus.PUBLICITY, "公示"),
    (RoundStatus.PUBLISHED, "公布"),
)


def round_phases(round):
    """[(label, state)] for the five phases, state "done", "current" or "" (no query)."""
    if round is None:
        return []
    order = [phase for phase, _ in PHASES] + [RoundStatus.CLOSED]
    here = order.index(round.status) if round.status in order else -1
    return [(label, "current" if i == here else "done" if i < here else "") for i, (_, label) in enumerate(PHASES)]


def deadlines_for(round, role):
    """[(label, value)] of the deadlines that bind `role` in `round`; the office sees them all (no query)."""
    if round is None:
        return []
    rows = {
        "recommend": ("推荐截止", round.recommend_deadline),
        "formal": ("形式审查截止", round.formal_review_deadline),
        "expert": ("专家评审截止", round.expert_review_deadline),
    }
    keys = {
        Role.APPLICANT: ["recommend"],
        Role.UNIT_STAFF: ["recommend"],
        Role.EXPERT: ["expert"],
    }.get(role, ["recommend", "formal", "expert"])
    deadlines = [rows[key] for key in keys]
    if role == Role.PROGRAMME_STAFF and (round.publicity_start or round.publicity_end):
        deadlines.append(("公示期", (round.publicity_start, round.publicity_end)))
    return deadlines


def unit_progress(round):
    """Every unit that forwarded an application in `round`, with its counts by office status; one query."""
    forwarded = Q(applications__round=round, applications__forwarded_at__isnull=False)
    return (
        RecommendingUnit.objects.annotate(
            forwarded_count=Count("applications", filter=forwarded),
            awaiting_formal_count=Count("applications", filter=forwarded & Q(applications__status=ApplicationStatus.FORWARDED)),
        )
        .filter(forwarded_count__gt=0)
        .order_by("kind", "region", "name")
    )
