"""Guards and effects of application moves. The table in `enums.py` names them; `services.apply_move` runs them.

A guard is `guard(application, *, by)` and raises a `DomainError` (in Chinese) when the rules say no.
An effect is `effect(application, now)`: it sets fields on the locked row and returns their names.
Both run inside the move's transaction with the application row already locked, whatever the caller.
"""
from apps.core.exceptions import DeadlinePassed, DomainError, QuotaExhausted


def recommend_deadline_open(application, *, by):
    """An application can be submitted (or resubmitted) only before the round's recommendation deadline."""
    if application.round.recommend_deadline_passed:
        raise DeadlinePassed("本年度推荐截止时间已过，不能再提交申报。")


class ApplicationIncomplete(DomainError):
    code = "incomplete"


def application_complete(application, *, by):
    """Everything the completeness checklist asks for is there (`completeness.REQUIREMENTS`); else every gap, listed."""
    from .completeness import checklist  # completeness reads the models; enums imports this module

    missing = checklist(application).missing
    if missing:
        raise ApplicationIncomplete("申报材料尚不完整，暂不能提交：" + " ".join(f"（{n}）{text}" for n, text in enumerate(missing, start=1)))


def unit_quota_has_place(application, *, by):
    """The unit still has a place of its quota for the round; a unit without a quota row cannot forward.

    Lock order (inside `apply_move`): the application row, then the unit's `Quota` row for the round
    (`select_for_update`), then the count, then (later) the audit head. Two staff forwarding the last
    place at once queue on the quota row, so the second counts the first's forward and is refused.

    Which applications use a place (`enums.PLACE_USING`): every one the unit forwarded that is still in
    the programme, i.e. `FORWARDED_OR_LATER`. A forwarded application the applicant withdraws (WITHDRAWN)
    frees its place, so the unit may forward another before the recommend deadline. One that failed
    formal review keeps it: formal review happens after recommending closed, and a failure must not
    hand the unit a place it can no longer use fairly (it also cannot happen while forwarding is open).
    """
    from apps.rounds.models import Quota  # rounds builds on nothing of applicants' guards; imported at call time

    from .enums import PLACE_USING  # enums imports this module
    from .models import Application

    quota = (
        Quota.objects.select_for_update()
        .filter(round_id=application.round_id, unit_id=application.unit_id)
        .only("pk", "places")
        .first()
    )
    year = application.round.year
    if quota is None:
        raise DomainError(
            f"本单位尚未分配 {year} 年度推荐名额，暂不能推荐报送。请联系全总劳动和经济工作部。", code="quota_missing"
        )
    used = (
        Application.objects.filter(round_id=application.round_id, unit_id=application.unit_id, status__in=PLACE_USING)
        .exclude(pk=application.pk)
        .count()
    )
    if used >= quota.places:
        raise QuotaExhausted(
            f"本单位 {year} 年度推荐名额 {quota.places} 名已用完（已推荐报送 {used} 名），不能再推荐报送。"
            "已报送的申报人撤回申报后，其名额可重新使用。"
        )


def stamp_submitted_at(application, now):
    application.submitted_at = now
    return ["submitted_at"]


def freeze_snapshot(application, now):
    """Freeze what is submitted as the next `ApplicationSnapshot` version (after `stamp_submitted_at`). No field changes."""
    from .snapshots import freeze

    freeze(application, now)
    return []


def stamp_forwarded_at(application, now):
    application.forwarded_at = now
    return ["forwarded_at"]
