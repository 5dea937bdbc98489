"""The meeting's proposed list and the party group's decision (meeting.py).

The scores are the hand-computed world 1 of test_aggregation: under the trimmed mean A 120, B 100, C 75.
"""
import datetime
import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.applicants.enums import ApplicationStatus as S
from apps.applicants.models import Application
from apps.applicants.services import apply_move
from apps.core.exceptions import DomainError, NamedActionRequired
from apps.core.models import AuditEntry
from apps.reviews import meeting as services
from apps.reviews.models import Meeting, ProposedEntry, Score
from apps.reviews.tests.test_aggregation import WORLD_1, score_world
from apps.rounds.enums import AggregationRule, RoundStatus

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
TODAY = timezone.localdate()


@pytest.fixture
def world(round, unit_a):
    round.status, round.national_target, round.aggregation_rule = RoundStatus.REVIEWING, 2, AggregationRule.TRIMMED_MEAN
    round.save()
    candidates, experts, panel = score_world(round, unit_a, WORLD_1)
    return candidates


def names(meeting, world):
    by_pk = {a.pk: name for name, a in world.items()}
    return [by_pk[pk] for pk in services.active_entries(meeting).values_list("application_id", flat=True)]


def held(round, programme_staff):
    meeting = services.generate_list(round, by=programme_staff)
    return services.record_meeting(meeting, by=programme_staff, meeting_date=YESTERDAY, attendees="专家评审委员会委员9人", outcome="同意建议名单")


def test_generate_list_takes_the_top_of_the_round_s_ranking_up_to_the_target(round, world, programme_staff):
    meeting = services.generate_list(round, by=programme_staff)

    assert names(meeting, world) == ["A", "B"]
    assert list(meeting.entries.values_list("raw_rank", flat=True)) == [1, 2]
    entry = AuditEntry.objects.get(action="reviews.meeting.list_generated")
    assert entry.data["count"] == 2 and entry.data["target"] == 2


def test_generate_list_leaves_out_candidates_no_longer_in_review(round, world, programme_staff):
    world["A"].status = S.WITHDRAWN
    world["A"].save()

    meeting = services.generate_list(round, by=programme_staff)

    assert names(meeting, world) == ["B", "C"]


def test_generate_list_is_the_office_s_in_the_reviewing_phase(round, world, programme_staff, unit_staff_a):
    with pytest.raises(PermissionDenied):
        services.generate_list(round, by=unit_staff_a)
    round.status = RoundStatus.RECOMMENDING
    round.save()
    with pytest.raises(DomainError, match="评审阶段"):
        services.generate_list(round, by=programme_staff)
    assert not Meeting.objects.exists()


def test_add_and_remove_need_a_reason_and_are_audited(round, world, programme_staff):
    meeting = services.generate_list(round, by=programme_staff)
    with pytest.raises(DomainError):
        services.add_entry(meeting, world["C"].pk, by=programme_staff, reason=" ")
    entry_b = meeting.entries.get(application=world["B"])
    with pytest.raises(DomainError):
        services.remove_entry(meeting, entry_b.pk, by=programme_staff, reason="")

    services.add_entry(meeting, world["C"].pk, by=programme_staff, reason="攻关成果突出，会议研究增补")
    services.remove_entry(meeting, entry_b.pk, by=programme_staff, reason="存在待核实情况")

    assert names(meeting, world) == ["A", "C"]
    entry_b.refresh_from_db()
    assert entry_b.removed and entry_b.removed_reason == "存在待核实情况"
    assert list(AuditEntry.objects.filter(action__startswith="reviews.meeting.entry").order_by("seq").values_list("action", "data__reason")) == [
        ("reviews.meeting.entry_added", "攻关成果突出，会议研究增补"), ("reviews.meeting.entry_removed", "存在待核实情况"),
    ]
    with pytest.raises(DomainError, match="已在建议名单中"):
        services.add_entry(meeting, world["A"].pk, by=programme_staff, reason="重复")


def test_add_refuses_an_unscored_candidate(round, world, programme_staff, unit_a):
    from apps.applicants.tests.factories import ApplicationFactory

    unscored = ApplicationFactory(round=round, unit=unit_a, status=S.UNDER_REVIEW)
    meeting = services.generate_list(round, by=programme_staff)

    with pytest.raises(DomainError, match="还没有已提交的评分表"):
        services.add_entry(meeting, unscored.pk, by=programme_staff, reason="增补")
    assert meeting.entries.count() == 2


def test_the_decision_needs_the_meeting_recorded_first(round, world, programme_staff):
    meeting = services.generate_list(round, by=programme_staff)

    with pytest.raises(DomainError, match="请先记录评审会议"):
        services.record_decision(meeting, by=programme_staff, decision_date=TODAY, document_number="总工党〔2026〕12号")

    meeting.refresh_from_db()
    assert not meeting.is_frozen
    assert set(Application.objects.filter(pk__in=[a.pk for a in world.values()]).values_list("status", flat=True)) == {S.UNDER_REVIEW}


def hand_payload(round, world, list_names):
    """The canonical payload written out from the stored scores and the hand-computed ranking (A 120, B 100, C 75)."""
    scores = sorted(
        [app, expert, indicator, str(value)]
        for app, expert, indicator, value in Score.objects.values_list(
            "sheet__assignment__application_id", "sheet__assignment__expert_id", "indicator_id", "value"
        )
    )
    return {
        "round": round.year, "rule": "trimmed_mean", "target": 2,
        "indicators": [[i.pk, i.code, "1.00", "10.0"] for i in round.indicators.order_by("pk")],
        "scores": scores,
        "ranking": [[world["A"].pk, 1, "120.000000"], [world["B"].pk, 2, "100.000000"], [world["C"].pk, 3, "75.000000"]],
        "list": [world[name].pk for name in list_names],
    }


def test_the_decision_freezes_the_list_approves_and_audits_the_hash_of_scores_and_list(round, world, programme_staff):
    meeting = held(round, programme_staff)

    meeting = services.record_decision(meeting, by=programme_staff, decision_date=TODAY, document_number="总工党〔2026〕12号")

    text = json.dumps(hand_payload(round, world, ["A", "B"]), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    expected = hashlib.sha256(text.encode()).hexdigest()
    assert meeting.decision_hash == expected
    decided = AuditEntry.objects.get(action="reviews.meeting.decided")
    assert decided.data["sha256"] == expected and decided.data["document_number"] == "总工党〔2026〕12号"
    statuses = {name: Application.objects.get(pk=a.pk).status for name, a in world.items()}
    assert statuses == {"A": S.APPROVED, "B": S.APPROVED, "C": S.UNDER_REVIEW}
    moves = AuditEntry.objects.filter(object_id=str(world["A"].pk), action__startswith="applicants.application.")
    assert list(moves.order_by("seq").values_list("action", flat=True)) == [
        "applicants.application.proposed", "applicants.application.approved",
    ]


def test_a_frozen_list_refuses_every_change(round, world, programme_staff):
    meeting = held(round, programme_staff)
    services.record_decision(meeting, by=programme_staff, decision_date=TODAY, document_number="总工党〔2026〕12号")
    entry = meeting.entries.first()
    before = list(ProposedEntry.objects.order_by("pk").values_list("application_id", "removed"))

    attempts = [
        lambda: services.generate_list(round, by=programme_staff),
        lambda: services.add_entry(meeting, world["C"].pk, by=programme_staff, reason="增补"),
        lambda: services.remove_entry(meeting, entry.pk, by=programme_staff, reason="移出"),
        lambda: services.record_meeting(meeting, by=programme_staff, meeting_date=YESTERDAY, attendees="x", outcome="y"),
        lambda: services.record_decision(meeting, by=programme_staff, decision_date=TODAY, document_number="另一文号"),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError, match="已锁定"):
            attempt()

    assert list(ProposedEntry.objects.order_by("pk").values_list("application_id", "removed")) == before
    assert Meeting.objects.get().document_number == "总工党〔2026〕12号"


def test_verify_recomputes_from_stored_scores_and_finds_a_changed_score(round, world, programme_staff):
    meeting = held(round, programme_staff)
    meeting = services.record_decision(meeting, by=programme_staff, decision_date=TODAY, document_number="总工党〔2026〕12号")

    assert services.verify_decision(meeting, by=programme_staff).matches is True

    # A score changed behind the service's back after the decision (C's lowest sheet, which does not change the order).
    score = Score.objects.filter(sheet__assignment__application=world["C"]).order_by("pk").first()
    Score.objects.filter(pk=score.pk).update(value=score.value - 1)
    result = services.verify_decision(meeting, by=programme_staff)

    assert result.matches is False and result.recorded == meeting.decision_hash != result.recomputed
    assert list(AuditEntry.objects.filter(action="reviews.meeting.verified").order_by("seq").values_list("data__matches", flat=True)) == [True, False]


def test_verify_finds_a_rewritten_meeting_row(round, world, programme_staff):
    meeting = held(round, programme_staff)
    meeting = services.record_decision(meeting, by=programme_staff, decision_date=TODAY, document_number="总工党〔2026〕12号")
    Meeting.objects.filter(pk=meeting.pk).update(decision_hash="0" * 64)
    meeting.refresh_from_db()

    result = services.verify_decision(meeting, by=programme_staff)

    assert result.matches is False and result.recorded == result.recomputed


def test_the_decision_refuses_a_listed_candidate_who_withdrew(round, world, programme_staff):
    meeting = held(round, programme_staff)
    world["B"].status = S.WITHDRAWN
    world["B"].save()

    with pytest.raises(DomainError, match="请先将其移出建议名单"):
        services.record_decision(meeting, by=programme_staff, decision_date=TODAY, document_number="总工党〔2026〕12号")

    assert Meeting.objects.get().decided_at is None
    assert Application.objects.get(pk=world["A"].pk).status == S.UNDER_REVIEW


def test_the_decision_date_follows_the_meeting(round, world, programme_staff):
    meeting = held(round, programme_staff)

    with pytest.raises(DomainError, match="党组审议日期"):
        services.record_decision(meeting, by=programme_staff, decision_date=YESTERDAY - datetime.timedelta(days=1), document_number="文号")


def test_proposed_and_approved_are_reached_only_through_the_decision(round, world, programme_staff):
    with pytest.raises(NamedActionRequired):
        apply_move(world["A"], S.PROPOSED, by=programme_staff)
