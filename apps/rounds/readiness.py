"""What a phase change would do, what blocks it, and what it would leave behind: what the office reads
before it confirms one (the desk's phase page, the admin's confirmation page and the API alike).

Counts only, never rows: the office may not see an application before its unit forwards it, but
it must know how many each unit still has in hand when the recommend phase is closed.
"""
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from apps.applicants.enums import FORWARDED_OR_LATER, ApplicationStatus
from apps.applicants.models import Application
from apps.core.exceptions import TransitionNotAllowed

from . import guards
from .enums import PHASE_MOVES, ROUND_TRANSITIONS, RoundStatus

S = ApplicationStatus
UNSUBMITTED = (S.DRAFT, S.RETURNED)
UNFORWARDED = (S.SUBMITTED,)

# What moving a round into each phase does, in the office's words.
CONSEQUENCES = {
    RoundStatus.DEPLOYED: "部署后，推荐单位和申报人可以看到本年度遴选的安排与评价指标，但尚不能提交申报。",
    RoundStatus.RECOMMENDING: "进入推荐阶段后，申报人可以提交申报，推荐单位可以审核、退回和推荐报送。",
    RoundStatus.REVIEWING: (
        "推荐阶段随之结束：申报人不能再提交或修改申报，推荐单位不能再退回或推荐报送。"
        "下表中尚未提交和尚未报送的申报将停留在当前状态，不进入评审。"
    ),
    RoundStatus.PUBLICITY: "评审阶段随之结束：形式审查和专家评审不能再变更，党组审议通过的人选可列入公示。",
    RoundStatus.PUBLISHED: "公示阶段随之结束：不再受理异议。培育对象名单须先在公布页面公布，各培育对象随之进入两年培育期。",
    RoundStatus.CLOSED: "本年度遴选随之结束，此后不能再变更任何申报的状态。",
}


@dataclass(frozen=True)
class UnitCounts:
    unit_name: str
    unsubmitted: int
    unforwarded: int
    forwarded: int


def counts_by_unit(round):
    """Per unit, in unit order: applications not yet submitted (draft or returned), submitted but not
    forwarded, and forwarded or later. Units with none of these are left out. One query."""
    rows = (
        Application.objects.filter(round=round)
        .values("unit__kind", "unit__region", "unit__name")
        .annotate(
            unsubmitted=Count("pk", filter=Q(status__in=UNSUBMITTED)),
            unforwarded=Count("pk", filter=Q(status__in=UNFORWARDED)),
            forwarded=Count("pk", filter=Q(status__in=FORWARDED_OR_LATER)),
        )
        .order_by("unit__kind", "unit__region", "unit__name")
    )
    return [
        UnitCounts(row["unit__name"], row["unsubmitted"], row["unforwarded"], row["forwarded"])
        for row in rows
        if row["unsubmitted"] or row["unforwarded"] or row["forwarded"]
    ]


def next_phase(round):
    """The phase a round moves to next, or None once it is closed."""
    return next(iter(sorted(ROUND_TRANSITIONS.get(round.status, ()))), None)


@dataclass(frozen=True)
class Blocker:
    """A precondition of the move that does not hold: the guard's message, and where the office fixes it."""

    message: str
    guard: str  # the guard's name in apps.rounds.guards ("" for a move that is not the next phase)
    fix_url: str = ""
    fix_label: str = ""


def _first_url(candidates):
    for name, args, query in candidates:
        try:
            return reverse(name, args=args) + query
        except NoReverseMatch:
            continue
    return ""


def _fix(guard_name, round):
    """(url, label) of the page where the office fixes what `guard_name` refused; the office's own pages
    where they exist (by URL name, if it resolves), else the admin."""
    settings_page = [("rounds:round-settings", [round.pk], ""), ("admin:rounds_round_change", [round.pk], "")]
    fixes = {
        "has_national_target": (settings_page, "设定全国培育目标"),
        "has_phase_deadlines": (settings_page, "设定各阶段截止时间"),
        "has_publicity_window": (settings_page, "设定公示期"),
        "quotas_confirmed": (
            [("rounds:quotas", [round.pk], ""), ("admin:rounds_quota_changelist", [], f"?round__id__exact={round.pk}")],
            "分配并确认推荐名额",
        ),
        # What still waits is counted per unit on the same page (includes/phase_check.html).
        "recommending_finished": ("#unit-counts", "查看各单位尚未办理的申报"),
        "list_published": ([("publicity:publication", [round.pk], "")], "公布培育对象名单"),
    }
    if guard_name not in fixes:
        return "", ""
    candidates, label = fixes[guard_name]
    url = candidates if isinstance(candidates, str) else _first_url(candidates)
    return (url, label) if url else ("", "")


def phase_blockers(round, to):
    """Every precondition of moving `round` to `to` that does not hold, all at once (not just the first).

    Runs each guard of the move (`enums.PHASE_MOVES`) and collects its DomainError; reads only, writes
    nothing. A `to` that is not the round's next phase is one blocker, the refusal `advance_round` gives.
    `advance_round` runs the same guards again on the locked round: this is what the page shows, that decides.
    """
    previous, to = RoundStatus(round.status), RoundStatus(to)
    move = PHASE_MOVES.get((previous, to))
    if move is None:
        return [Blocker(TransitionNotAllowed(previous, to).message, "")]
    return [Blocker(error.message, guard.__name__, *_fix(guard.__name__, round)) for guard, error in guards.failing(move, round)]


@dataclass(frozen=True)
class PhaseCheck:
    """The next phase of a round, what moving there does, what blocks it, and each unit's counts."""

    round: object
    to: RoundStatus | None
    consequence: str = ""
    blockers: list = field(default_factory=list)
    unit_counts: list = field(default_factory=list)

    @property
    def current(self):
        return RoundStatus(self.round.status)

    @property
    def can_advance(self):
        return self.to is not None and not self.blockers


def phase_check(round):
    """The check of moving `round` to its next phase (none once closed): a few queries, no writes.

    The per-unit counts are for leaving recommending and later (before, no unit holds applications)."""
    to = next_phase(round)
    if to is None:
        return PhaseCheck(round, None)
    to = RoundStatus(to)
    counts = counts_by_unit(round) if round.status != RoundStatus.DRAFT else []
    return PhaseCheck(round, to, CONSEQUENCES.get(to, ""), phase_blockers(round, to), counts)
