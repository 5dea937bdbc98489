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


def forward_deadline_open(application, *, by):
    """A unit forwards only before the round's recommendation deadline (it may still recall a forward after it)."""
    if application.round.recommend_deadline_passed:
        raise DeadlinePassed("本年度推荐截止时间已过，不能再推荐报送。", code="deadline_passed")


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

    Which applications use a place (`enums.PLACE_USING`): every one the unit forwarded that is still a
    candidate, i.e. FORWARDED and every later status except FORMAL_FAILED and OBJECTION_UPHELD (and the
    ones that end it: WITHDRAWN; UNIT_REJECTED never reached forwarding). A place is the unit's right to
    have one candidate in the programme, so it is held by who still stands there:
    - the applicant withdrawing a forwarded application (WITHDRAWN) frees its place;
    - the unit recalling a forward before formal review starts (`apps.units.services.withdraw_forward`,
      back to SUBMITTED) frees it, so the unit may forward another before the recommend deadline;
    - a candidate failed at formal review or removed after an upheld objection no longer uses it. Both
      happen after recommending closed (REVIEWING, PUBLICITY), so this never reopens forwarding: it keeps
      the counts on the desks and the office's quota overview truthful about who stands.
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
            "已报送的人选撤回（申报人撤回申报，或本单位在形式审查前撤回推荐）后，其名额可重新使用。"
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


def clear_unit_rank(application, now):
    """Leaving the unit's ranking (`enums.RANKABLE`): its rank no longer holds a number among those who stand."""
    application.unit_rank = None
    return ["unit_rank"]


def clear_forwarding(application, now):
    """The unit recalled its forward: no longer forwarded (the office stops seeing it), its opinion and
    attestation void (a new forward records them again). The audit keeps what they were."""
    application.forwarded_at = None
    application.recommendation_opinion = ""
    application.attests_political_quality = False
    application.attests_craftsman_spirit = False
    application.attested_by = None
    application.attested_at = None
    return [
        "forwarded_at", "recommendation_opinion", "attests_political_quality", "attests_craftsman_spirit",
        "attested_by", "attested_at",
    ]
