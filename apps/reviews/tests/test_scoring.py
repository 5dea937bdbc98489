"""Score sheets: values within 0..max with clear messages, nothing saved on bad input, stale pages
refused, submission needs all 15 and locks, only the office reopens (with a reason), all audited."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DomainError, ReasonRequired
from apps.core.models import AuditEntry
from apps.reviews import scoring, services
from apps.reviews.models import Assignment, AssignmentStatus, ConflictDeclaration, Score, ScoreSheet, SheetStatus
from apps.reviews.tests.factories import ExpertFactory, PanelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(round, unit_a, expert):
    profile = ExpertFactory(user=expert)
    panel = PanelFactory(round=round, industries="C", members=[profile])
    application = ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.UNDER_REVIEW, industry="C")
    return Assignment.objects.create(round=round, application=application, expert=profile, panel=panel)


def indicators(round):
    return list(round.indicators.order_by("position"))


def full_values(round, value="8"):
    return {i.pk: value for i in indicators(round)}


def test_a_draft_saves_values_and_comment_and_counts_versions(assignment, expert, round):
    first = indicators(round)[0]
    sheet = scoring.save_draft(assignment, by=expert, values={first.pk: "7.5"}, comment=" 扎实 ", version=0)
    assert sheet.version == 1 and sheet.comment == "扎实"
    assert Score.objects.get(sheet=sheet, indicator=first).value == Decimal("7.5")
    sheet = scoring.save_draft(assignment, by=expert, values={first.pk: "9", str(indicators(round)[1].pk): "6"}, version=1)
    assert dict(sheet.scores.values_list("indicator_id", "value"))[first.pk] == Decimal("9.0")
    sheet = scoring.save_draft(assignment, by=expert, values={first.pk: ""}, version=2)
    assert sheet.scores.count() == 1  # a blank clears the item
    assert AuditEntry.objects.filter(action="reviews.sheet.saved").count() == 3


@pytest.mark.parametrize(
    "raw, message",
    [("10.5", "须在0至10分之间"), ("-1", "须在0至10分之间"), ("七", "须为数字"), ("7.25", "最多保留一位小数"), ("NaN", "须为数字")],
)
def test_values_outside_the_range_are_refused_and_nothing_is_saved(assignment, expert, round, raw, message):
    first, second = indicators(round)[:2]
    with pytest.raises(scoring.ScoresInvalid, match=message) as refused:
        scoring.save_draft(assignment, by=expert, values={second.pk: "5", first.pk: raw}, version=0)
    assert f"“{first.name}”" in refused.value.message and list(refused.value.errors) == [first.pk]
    assert not Score.objects.exists()
    assert not ScoreSheet.objects.exists()


def test_the_maximum_is_the_round_indicators(assignment, expert, round):
    first = indicators(round)[0]
    first.max_score = Decimal("20")
    first.save()
    scoring.save_draft(assignment, by=expert, values={first.pk: "18"}, version=0)
    with pytest.raises(scoring.ScoresInvalid, match="须在0至20分之间"):
        scoring.save_draft(assignment, by=expert, values={first.pk: "20.1"}, version=1)


def test_an_indicator_of_another_round_is_refused(assignment, expert):
    from apps.rounds.tests.factories import RoundFactory

    other = RoundFactory(year=2030).indicators.first()
    with pytest.raises(DomainError, match="不属于本年度"):
        scoring.save_draft(assignment, by=expert, values={other.pk: "5"}, version=0)


def test_the_database_refuses_a_negative_score(assignment, expert, round):
    sheet = scoring.save_draft(assignment, by=expert, values={indicators(round)[0].pk: "5"}, version=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.filter(sheet=sheet).update(value=Decimal("-1"))


def test_a_draft_from_a_stale_page_is_refused(assignment, expert, round):
    first = indicators(round)[0]
    scoring.save_draft(assignment, by=expert, values={first.pk: "5"}, version=0)
    with pytest.raises(DomainError, match="已在其他页面修改") as refused:
        scoring.save_draft(assignment, by=expert, values={first.pk: "9"}, version=0)
    assert refused.value.code == "stale_edit"
    assert Score.objects.get().value == Decimal("5.0")


def test_submission_needs_every_indicator_then_locks(assignment, expert, round):
    values = full_values(round)
    last = indicators(round)[-1]
    del values[last.pk]
    scoring.save_draft(assignment, by=expert, values=values, version=0)
    with pytest.raises(DomainError, match=f"还有1项未评分：{last.name}"):
        scoring.submit_sheet(assignment, by=expert, version=1)
    scoring.save_draft(assignment, by=expert, values={last.pk: "6"}, version=1)
    sheet = scoring.submit_sheet(assignment, by=expert, version=2)
    assert sheet.status == SheetStatus.SUBMITTED and sheet.submitted_at is not None
    with pytest.raises(DomainError, match="已提交"):
        scoring.save_draft(assignment, by=expert, values={last.pk: "9"}, version=sheet.version)
    assert Score.objects.get(indicator=last).value == Decimal("6.0")


def test_only_the_office_reopens_with_a_reason_and_the_expert_may_then_correct(
    assignment, expert, round, programme_staff, unit_staff_a
):
    scoring.save_draft(assignment, by=expert, values=full_values(round), version=0)
    sheet = scoring.submit_sheet(assignment, by=expert, version=1)
    for user in (expert, unit_staff_a):
        with pytest.raises(PermissionDenied):
            scoring.reopen_sheet(sheet, by=user, reason="复核")
    with pytest.raises(ReasonRequired):
        scoring.reopen_sheet(sheet, by=programme_staff, reason="  ")
    sheet = scoring.reopen_sheet(sheet, by=programme_staff, reason="第3项评分依据不足，请复核")
    assert sheet.status == SheetStatus.REOPENED
    entry = AuditEntry.objects.get(action="reviews.sheet.reopened")
    assert entry.data["reason"] == "第3项评分依据不足，请复核" and entry.actor == programme_staff
    scoring.save_draft(assignment, by=expert, values={indicators(round)[2].pk: "4"}, version=sheet.version)
    assert scoring.submit_sheet(assignment, by=expert).status == SheetStatus.SUBMITTED
    sheet = scoring.reopen_sheet(ScoreSheet.objects.get(), by=programme_staff, reason="再次复核")
    with pytest.raises(DomainError, match="只有已提交"):
        scoring.reopen_sheet(sheet, by=programme_staff, reason="重复退回")


def test_another_expert_cannot_score_the_assignment(assignment, round):
    stranger = ExpertFactory().user
    with pytest.raises(PermissionDenied):
        scoring.save_draft(assignment, by=stranger, values=full_values(round), version=0)
    assert not ScoreSheet.objects.exists()


def test_a_declared_conflict_withdraws_the_assignment_and_stops_scoring(assignment, expert, round):
    services.declare_conflict(assignment, by=expert, reason="候选人是本人的徒弟")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.WITHDRAWN
    assert ConflictDeclaration.objects.get().reason == "候选人是本人的徒弟"
    with pytest.raises(DomainError, match="已撤回"):
        scoring.save_draft(assignment, by=expert, values=full_values(round), version=0)
