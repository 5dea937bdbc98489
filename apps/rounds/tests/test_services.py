"""Rounds: creation with the 15 indicators, one-step advancing, audited indicator changes."""
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.core.exceptions import DomainError, TransitionNotAllowed
from apps.core.models import AuditEntry
from apps.rounds.enums import INDICATORS_EDITABLE, ROUND_TRANSITIONS, Power, RoundStatus
from apps.rounds.indicators import DEFAULT_INDICATORS
from apps.rounds.models import Indicator, Round
from apps.rounds.services import advance_round, create_round, update_indicator
from apps.rounds.tests.factories import RoundFactory, past_schedule

NOT_STAFF = ["applicant_a", "unit_staff_a", "expert"]
ROUND_PAIRS = [
    pytest.param(source, target, target in ROUND_TRANSITIONS.get(source, ()), id=f"{source}->{target}")
    for source in RoundStatus
    for target in RoundStatus
]


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["programme_staff", "superuser"])
def test_create_round_saves_fifteen_equal_indicators_and_audits(request, user):
    by = request.getfixturevalue(user)

    round = create_round(Round(year=2027, national_target=180), by=by)

    indicators = list(Indicator.objects.filter(round=round).order_by("position"))
    assert [(i.position, i.code, i.name) for i in indicators] == [
        (position, f"{power}.{code}", name)
        for position, (power, code, name, _) in enumerate(DEFAULT_INDICATORS, start=1)
    ]
    assert {(i.weight, i.max_score) for i in indicators} == {(Decimal("1.00"), Decimal("10.0"))}
    assert Counter(i.power for i in indicators) == {power: 3 for power in Power}
    assert (round.status, Round.objects.get(pk=round.pk).year) == (RoundStatus.DRAFT, 2027)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id, entry.data) == (
        "rounds.round.created", by, str(round.pk), {"year": 2027, "national_target": 180}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("user", NOT_STAFF)
def test_create_round_refuses_anyone_but_programme_staff(request, user):
    by = request.getfixturevalue(user)

    with pytest.raises(PermissionDenied):
        create_round(Round(year=2027), by=by)

    assert (list(Round.objects.all()), list(Indicator.objects.all()), list(AuditEntry.objects.all())) == ([], [], [])


@pytest.mark.django_db
def test_create_round_refuses_an_invalid_round_and_saves_nothing(programme_staff):
    with pytest.raises(ValidationError) as excinfo:
        create_round(Round(year=2019), by=programme_staff)

    assert list(excinfo.value.message_dict) == ["year"]
    assert (list(Round.objects.all()), list(Indicator.objects.all()), list(AuditEntry.objects.all())) == ([], [], [])


@pytest.mark.django_db
def test_create_round_refuses_a_second_round_for_the_same_year(round, programme_staff):
    with pytest.raises(ValidationError) as excinfo:
        create_round(Round(year=2026), by=programme_staff)

    assert list(excinfo.value.message_dict) == ["year"]
    assert (list(Round.objects.all()), list(AuditEntry.objects.all())) == ([round], [])


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "allowed"), ROUND_PAIRS)
def test_advance_round_moves_only_one_phase_forward(programme_staff, source, target, allowed):
    round = RoundFactory(year=2027, status=source, **past_schedule())

    if allowed:
        result = advance_round(round, target, by=programme_staff)
    else:
        with pytest.raises(TransitionNotAllowed) as excinfo:
            advance_round(round, target, by=programme_staff)

    round.refresh_from_db()
    if allowed:
        assert (result.status, round.status) == (target, target)
        assert list(AuditEntry.objects.values_list("action", "actor", "object_id", "data")) == [
            (f"rounds.round.{target}", programme_staff.pk, str(round.pk), {"previous": source.value})
        ]
    else:
        assert excinfo.value.message == f"当前状态“{source.label}”不能变更为“{target.label}”。"
        assert (round.status, list(AuditEntry.objects.all())) == (source, [])


def test_round_transitions_lead_from_draft_to_closed_one_step_at_a_time():
    path, status = [RoundStatus.DRAFT], RoundStatus.DRAFT
    while status in ROUND_TRANSITIONS:
        (status,) = ROUND_TRANSITIONS[status]
        path.append(status)

    assert path == list(RoundStatus)


@pytest.mark.django_db
@pytest.mark.parametrize("user", NOT_STAFF)
def test_advance_round_refuses_anyone_but_programme_staff(request, round, user):
    with pytest.raises(PermissionDenied):
        advance_round(round, RoundStatus.REVIEWING, by=request.getfixturevalue(user))

    round.refresh_from_db()
    assert (round.status, list(AuditEntry.objects.all())) == (RoundStatus.RECOMMENDING, [])


@pytest.mark.django_db
def test_update_indicator_changes_the_weight_and_audits_old_and_new(round, programme_staff):
    indicator = round.indicators.get(position=4)

    update_indicator(indicator, by=programme_staff, weight=Decimal("1.50"), max_score=Decimal("20.0"))

    indicator.refresh_from_db()
    assert (indicator.weight, indicator.max_score) == (Decimal("1.50"), Decimal("20.0"))
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_type, entry.object_id, entry.data) == (
        "rounds.indicator.changed",
        programme_staff,
        "rounds.indicator",
        str(indicator.pk),
        {"old": {"weight": "1.00", "max_score": "10.0"}, "new": {"weight": "1.50", "max_score": "20.0"}},
    )


@pytest.mark.django_db
def test_update_indicator_with_the_same_values_changes_nothing(round, programme_staff):
    indicator = round.indicators.get(position=1)

    update_indicator(indicator, by=programme_staff, weight=Decimal("1"), max_score=Decimal("10"))

    assert list(AuditEntry.objects.all()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("user", NOT_STAFF)
def test_update_indicator_refuses_anyone_but_programme_staff(request, round, user):
    indicator = round.indicators.get(position=1)

    with pytest.raises(PermissionDenied):
        update_indicator(indicator, by=request.getfixturevalue(user), weight=Decimal("3"), max_score=Decimal("10"))

    indicator.refresh_from_db()
    assert (indicator.weight, list(AuditEntry.objects.all())) == (Decimal("1.00"), [])


@pytest.mark.django_db
def test_update_indicator_refuses_a_negative_weight(round, programme_staff):
    indicator = round.indicators.get(position=1)

    with pytest.raises(ValidationError) as excinfo:
        update_indicator(indicator, by=programme_staff, weight=Decimal("-1"), max_score=Decimal("10"))

    assert list(excinfo.value.message_dict) == ["weight"]
    indicator.refresh_from_db()
    assert (indicator.weight, list(AuditEntry.objects.all())) == (Decimal("1.00"), [])


@pytest.mark.django_db
@pytest.mark.parametrize("status", sorted(set(RoundStatus) - INDICATORS_EDITABLE))
def test_update_indicator_refuses_once_expert_review_has_begun(programme_staff, status):
    round = RoundFactory(status=status)
    indicator = round.indicators.get(position=1)

    with pytest.raises(DomainError) as refused:
        update_indicator(indicator, by=programme_staff, weight=Decimal("2"), max_score=Decimal("10"))

    indicator.refresh_from_db()
    assert (refused.value.message, indicator.weight, list(AuditEntry.objects.all())) == (
        "专家评审开始后，评价指标的权重和满分不能再修改。", Decimal("1.00"), []
    )


# Phase preconditions, by hand from the programme rules: the deployment notice sets the target and the
# schedule; recommending runs to its deadline; publicity is announced with its dates and runs its course.


def _advance_refused(round, to, by):
    with pytest.raises(DomainError) as excinfo:
        advance_round(round, to, by=by)
    round.refresh_from_db()
    return excinfo.value.message, round.status, AuditEntry.objects.count()


@pytest.mark.django_db
def test_a_round_is_not_deployed_without_a_national_target(programme_staff):
    round = RoundFactory(status=RoundStatus.DRAFT, national_target=0, **past_schedule())

    assert _advance_refused(round, RoundStatus.DEPLOYED, programme_staff) == (
        "部署前须设定全国培育目标人数。", RoundStatus.DRAFT, 0
    )


@pytest.mark.django_db
def test_a_round_is_not_deployed_without_its_phase_deadlines(programme_staff):
    round = RoundFactory(status=RoundStatus.DRAFT, **{**past_schedule(), "formal_review_deadline": None, "expert_review_deadline": None})

    assert _advance_refused(round, RoundStatus.DEPLOYED, programme_staff) == (
        "部署前须设定各阶段截止时间，尚缺：形式审查截止时间、专家评审截止时间。", RoundStatus.DRAFT, 0
    )


@pytest.mark.django_db
def test_a_round_is_not_deployed_with_deadlines_out_of_order(programme_staff):
    schedule = past_schedule()
    schedule["recommend_deadline"], schedule["expert_review_deadline"] = schedule["expert_review_deadline"], schedule["recommend_deadline"]
    round = RoundFactory(status=RoundStatus.DRAFT, **schedule)

    message, status, entries = _advance_refused(round, RoundStatus.DEPLOYED, programme_staff)

    assert (message.startswith("各阶段截止时间须依次递后"), status, entries) == (True, RoundStatus.DRAFT, 0)


@pytest.mark.django_db
def test_recommending_does_not_end_before_its_deadline_while_applications_wait(programme_staff, unit_a):
    from apps.applicants.enums import ApplicationStatus
    from apps.applicants.tests.factories import ApplicationFactory

    round = RoundFactory(status=RoundStatus.RECOMMENDING, recommend_deadline=timezone.now() + timedelta(days=3))
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.RETURNED)
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.FORWARDED)

    assert _advance_refused(round, RoundStatus.REVIEWING, programme_staff) == (
        "推荐截止时间未到，仍有 2 份申报待推荐单位办理或待申报人修改，不能提前结束推荐。", RoundStatus.RECOMMENDING, 0
    )


@pytest.mark.django_db
def test_recommending_ends_early_once_nothing_waits(programme_staff, unit_a):
    from apps.applicants.enums import ApplicationStatus
    from apps.applicants.tests.factories import ApplicationFactory

    round = RoundFactory(status=RoundStatus.RECOMMENDING, recommend_deadline=timezone.now() + timedelta(days=3))
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.FORWARDED)

    assert advance_round(round, RoundStatus.REVIEWING, by=programme_staff).status == RoundStatus.REVIEWING


@pytest.mark.django_db
def test_recommending_ends_at_its_deadline_whatever_waits(programme_staff, unit_a):
    from apps.applicants.enums import ApplicationStatus
    from apps.applicants.tests.factories import ApplicationFactory

    round = RoundFactory(status=RoundStatus.RECOMMENDING, recommend_deadline=timezone.now() - timedelta(minutes=1))
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.SUBMITTED)

    assert advance_round(round, RoundStatus.REVIEWING, by=programme_staff).status == RoundStatus.REVIEWING


@pytest.mark.django_db
def test_publicity_needs_its_dates(programme_staff):
    round = RoundFactory(status=RoundStatus.REVIEWING, **{**past_schedule(), "publicity_end": None})

    assert _advance_refused(round, RoundStatus.PUBLICITY, programme_staff) == (
        "进入公示前须设定公示开始日期和结束日期。", RoundStatus.REVIEWING, 0
    )


@pytest.mark.django_db
def test_the_list_is_not_published_on_the_last_day_of_publicity(programme_staff):
    today = timezone.localdate()
    round = RoundFactory(status=RoundStatus.PUBLICITY, **{**past_schedule(), "publicity_start": today - timedelta(days=6), "publicity_end": today})

    assert _advance_refused(round, RoundStatus.PUBLISHED, programme_staff) == (
        f"公示期（至 {today.isoformat()}）结束后方可公布。", RoundStatus.PUBLICITY, 0
    )


@pytest.mark.django_db
def test_a_phase_move_runs_its_effects(monkeypatch, programme_staff):
    from apps.rounds.enums import PHASE_MOVES, PhaseMove

    def retitle(round, now):
        round.title = "已部署的年度"
        return ["title"]

    monkeypatch.setitem(PHASE_MOVES, (RoundStatus.DRAFT, RoundStatus.DEPLOYED), PhaseMove(effects=(retitle,)))
    round = RoundFactory(status=RoundStatus.DRAFT)

    advance_round(round, RoundStatus.DEPLOYED, by=programme_staff)

    round.refresh_from_db()
    assert (round.status, round.title) == (RoundStatus.DEPLOYED, "已部署的年度")


@pytest.mark.django_db
def test_a_schedule_date_far_from_the_rounds_year_is_refused(programme_staff):
    from datetime import date, datetime, timezone as tz

    with pytest.raises(ValidationError) as excinfo:
        create_round(
            Round(year=2026, recommend_deadline=datetime(140, 11, 3, tzinfo=tz.utc), publicity_end=date(2029, 1, 1)),
            by=programme_staff,
        )

    assert excinfo.value.message_dict == {
        "recommend_deadline": ["推荐截止时间须在 2025 年至 2028 年之间。"],
        "publicity_end": ["公示结束日期须在 2025 年至 2028 年之间。"],
    }
    assert not Round.objects.filter(year=2026).exists()


@pytest.mark.parametrize("title", ["2027年度\x00遴选", "2027年度\x1b[31m遴选", "2027\u0085年度"])
def test_create_round_refuses_a_title_with_control_characters_and_saves_nothing(programme_staff, title):
    with pytest.raises(ValidationError) as refused:
        create_round(Round(year=2027, title=title, national_target=200), by=programme_staff)

    assert refused.value.message_dict["title"] == ["名称中含有无法显示的控制字符，请删除后重试。"]
    assert not Round.objects.filter(year=2027).exists()
