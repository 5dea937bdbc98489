"""Rounds: creation with the 15 indicators, one-step advancing, audited indicator changes."""
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.core.exceptions import DomainError, TransitionNotAllowed
from apps.core.models import AuditEntry
from apps.rounds.enums import INDICATORS_EDITABLE, ROUND_TRANSITIONS, Power, RoundStatus
from apps.rounds.indicators import DEFAULT_INDICATORS
from apps.rounds.models import Indicator, Round
from apps.rounds.services import advance_round, create_round, update_indicator
from apps.rounds.tests.factories import RoundFactory

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
    round = RoundFactory(year=2027, status=source)

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
