"""Preconditions (guards) and effects of a round's phase moves. `enums.PHASE_MOVES` names them;
`services.advance_round` runs them on the locked round, whatever the caller (admin action, command).

A guard is `guard(round)` and raises a `DomainError` in Chinese; an effect is `effect(round, now)`
and returns the names of the fields it set.
"""
from django.utils import timezone

from apps.core.exceptions import DomainError

def failing(move, round):
    """[(guard, DomainError)] for each guard of `move` that refuses `round`: all of them, not just the first.
    Guards only read, so running every one is safe; `services.advance_round` and `readiness.phase_blockers` share it."""
    failed = []
    for guard in move.guards:
        try:
            guard(round)
        except DomainError as error:
            failed.append((guard, error))
    return failed


_DEADLINES = (
    ("recommend_deadline", "推荐截止时间"),
    ("formal_review_deadline", "形式审查截止时间"),
    ("expert_review_deadline", "专家评审截止时间"),
)


def has_national_target(round):
    """The deployment notice states the year's target: no deployment without it."""
    if not round.national_target:
        raise DomainError("部署前须设定全国培育目标人数。")


def has_phase_deadlines(round):
    """The deployment notice sets the schedule: the three review deadlines, each after the one before."""
    missing = [label for name, label in _DEADLINES if getattr(round, name) is None]
    if missing:
        raise DomainError(f"部署前须设定各阶段截止时间，尚缺：{'、'.join(missing)}。")
    values = [getattr(round, name) for name, _ in _DEADLINES]
    if not values[0] < values[1] < values[2]:
        raise DomainError("各阶段截止时间须依次递后：推荐截止时间早于形式审查截止时间，形式审查截止时间早于专家评审截止时间。")


def quotas_confirmed(round):
    """The deployment notice tells every unit its quota: no deployment before the office confirmed them
    (`services.confirm_quotas`, which requires every active unit's quota)."""
    if round.quotas_confirmed_at is None:
        raise DomainError("部署前须分配并确认各推荐单位的推荐名额。")


def recommending_finished(round):
    """Recommending ends at its deadline. Before it, only once nothing waits on a unit or an applicant:
    no application is submitted and undecided, and none is returned for changes. Otherwise ending early
    would cut off applicants who still have the right to (re)submit."""
    if round.recommend_deadline is not None and timezone.now() > round.recommend_deadline:
        return
    from apps.applicants.enums import ApplicationStatus  # applicants builds on rounds

    pending = round.applications.filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED]).count()
    if pending:
        raise DomainError(
            f"推荐截止时间未到，仍有 {pending} 份申报待推荐单位办理或待申报人修改，不能提前结束推荐。"
        )


def has_publicity_window(round):
    """Publicity is announced with its dates: no publicity without them."""
    if round.publicity_start is None or round.publicity_end is None:
        raise DomainError("进入公示前须设定公示开始日期和结束日期。")


def publicity_ended(round):
    """The list is published only after the whole publicity period (its last day included) has passed."""
    if round.publicity_end is None or timezone.localdate() <= round.publicity_end:
        end = round.publicity_end.isoformat() if round.publicity_end else "未设定"
        raise DomainError(f"公示期（至 {end}）结束后方可公布。")


def list_published(round):
    """The round leaves publicity once its final list is published (apps.publicity.publication.publish_round):
    no candidate may be left approved or in publicity, and an opened publicity must have been published."""
    from apps.applicants.enums import ApplicationStatus  # applicants and publicity build on rounds
    from apps.publicity.models import Publicity

    publicity = Publicity.objects.filter(round=round).only("pk", "published_at").first()
    if publicity is not None and publicity.published_at is None:
        raise DomainError("公示尚未公布：公示期满且异议全部办结后，请先在公示页面公布培育对象名单。")
    waiting = round.applications.filter(status__in=[ApplicationStatus.APPROVED, ApplicationStatus.IN_PUBLICITY]).count()
    if waiting:
        raise DomainError(f"公示尚未公布：仍有 {waiting} 名党组审议通过的人选未公示或未公布。")
