"""Guarded moves, written by hand from the rules: the guards belong to the move and run whatever the caller;
guarded moves are reachable only through their named actions; the system may make only what the table grants it."""
from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.accounts.roles import SYSTEM
from apps.applicants import enums, guards
from apps.applicants.enums import TRANSITIONS, ApplicationStatus, Move
from apps.applicants.models import Application
from apps.applicants.services import apply_move, set_application_status, submit_application
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DeadlinePassed, DomainError, NamedActionRequired
from apps.core.models import AuditEntry
from apps.notices.models import Notice
from apps.rounds.enums import RoundStatus
from apps.units.services import forward_application
from apps.units.tests.factories import RECOMMENDATION

S = ApplicationStatus


def _state(application):
    return (
        Application.objects.values("status", "status_reason", "submitted_at", "forwarded_at", "updated_at").get(pk=application.pk),
        AuditEntry.objects.count(),
        Notice.objects.count(),
    )


def test_the_guarded_targets_are_the_named_services():
    assert {target: enums.named_action_for(target) for target in S if enums.named_action_for(target)} == {
        S.SUBMITTED: "submit_application",
        S.FORWARDED: "forward_application",
        S.FORMAL_PASSED: "pass_formal_review",
        S.FORMAL_FAILED: "fail_formal_review",
        S.OBJECTION_UPHELD: "uphold_objection",
        S.PUBLISHED: "publish_round",
        S.PROPOSED: "record_decision",
        S.APPROVED: "record_decision",
    }


def test_submission_and_forwarding_carry_their_guards_and_timestamps():
    submit, resubmit, forward = TRANSITIONS[(S.DRAFT, S.SUBMITTED)], TRANSITIONS[(S.RETURNED, S.SUBMITTED)], TRANSITIONS[(S.SUBMITTED, S.FORWARDED)]

    assert (submit.guards, submit.effects) == (
        (guards.recommend_deadline_open, guards.application_complete), (guards.stamp_submitted_at, guards.freeze_snapshot),
    )
    assert resubmit.guards == submit.guards
    assert (forward.guards, forward.effects) == (
        (guards.forward_deadline_open, guards.unit_quota_has_place), (guards.stamp_forwarded_at,)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "actor"), [
    (S.DRAFT, S.SUBMITTED, "applicant_a"),
    (S.RETURNED, S.SUBMITTED, "applicant_a"),
    (S.SUBMITTED, S.FORWARDED, "unit_staff_a"),
])
def test_the_generic_change_refuses_a_guarded_move_even_to_its_rightful_actor(request, round, unit_a, applicant_a, source, target, actor):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=source)
    before = _state(application)

    with pytest.raises(NamedActionRequired) as excinfo:
        set_application_status(application, target, by=request.getfixturevalue(actor))

    assert excinfo.value.code == "named_action_required"
    assert "专门的办理入口" in excinfo.value.message
    assert _state(application) == before


@pytest.mark.django_db
def test_apply_move_refuses_a_guarded_move_without_its_named_action(application_a, unit_staff_a):
    before = _state(application_a)

    with pytest.raises(NamedActionRequired):
        apply_move(application_a, S.FORWARDED, by=unit_staff_a)
    with pytest.raises(NamedActionRequired):
        apply_move(application_a, S.FORWARDED, by=unit_staff_a, via="submit_application")

    assert _state(application_a) == before


@pytest.mark.django_db
def test_forward_application_forwards_with_the_opinion_and_stamps_the_time(application_a, unit_staff_a):
    started = timezone.now()

    result = forward_application(application_a, by=unit_staff_a, opinion="技术过硬，同意推荐", political_quality=True, craftsman_spirit=True)

    application_a.refresh_from_db()
    assert (result.status, application_a.status, application_a.status_reason) == (S.FORWARDED, S.FORWARDED, "技术过硬，同意推荐")
    assert application_a.forwarded_at >= started
    assert list(AuditEntry.objects.values_list("action", "actor", "data")) == [
        ("applicants.application.forwarded", unit_staff_a.pk, {
            "previous": "submitted", "reason": "技术过硬，同意推荐",
            "attests_political_quality": True, "attests_craftsman_spirit": True,
        })
    ]


@pytest.mark.django_db
def test_forward_application_refuses_the_applicant(application_a, applicant_a):
    before = _state(application_a)

    with pytest.raises(PermissionDenied):
        forward_application(application_a, by=applicant_a, **RECOMMENDATION)

    assert _state(application_a) == before


@pytest.mark.django_db
def test_submit_application_refuses_after_the_deadline_and_changes_nothing(round, unit_a, applicant_a):
    round.recommend_deadline = timezone.now() - timedelta(seconds=1)
    round.save(update_fields=["recommend_deadline"])
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT)
    before = _state(application)

    with pytest.raises(DeadlinePassed):
        submit_application(application, by=applicant_a)

    assert _state(application) == before


@pytest.mark.django_db
def test_a_guard_on_a_move_runs_for_the_generic_change_too(monkeypatch, application_a, unit_staff_a):
    def closed_for_audit(application, *, by):
        raise DomainError("测试：此变更暂停办理。")

    move = TRANSITIONS[(S.SUBMITTED, S.RETURNED)]
    monkeypatch.setitem(TRANSITIONS, (S.SUBMITTED, S.RETURNED), replace(move, guards=(closed_for_audit,)))
    before = _state(application_a)

    with pytest.raises(DomainError) as excinfo:
        set_application_status(application_a, S.RETURNED, by=unit_staff_a, reason="缺少材料")

    assert excinfo.value.message == "测试：此变更暂停办理。"
    assert _state(application_a) == before


@pytest.mark.django_db
def test_an_effect_on_a_move_writes_its_fields_with_the_status(monkeypatch, application_a, unit_staff_a):
    def rank_first(application, now):
        application.unit_rank = 1
        return ["unit_rank"]

    move = TRANSITIONS[(S.SUBMITTED, S.RETURNED)]
    monkeypatch.setitem(TRANSITIONS, (S.SUBMITTED, S.RETURNED), replace(move, effects=(rank_first,)))

    set_application_status(application_a, S.RETURNED, by=unit_staff_a, reason="缺少材料")

    application_a.refresh_from_db()
    assert (application_a.status, application_a.unit_rank) == (S.RETURNED, 1)


# The system actor: `by=None`, for scheduled tasks.


@pytest.mark.django_db
def test_the_system_may_make_a_move_the_table_grants_it_audited_as_the_system(monkeypatch, round, unit_a, applicant_a):
    round.status = RoundStatus.PUBLICITY
    round.save(update_fields=["status"])
    monkeypatch.setitem(TRANSITIONS, (S.IN_PUBLICITY, S.PUBLISHED), Move(SYSTEM, frozenset({RoundStatus.PUBLICITY})))
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.IN_PUBLICITY)

    set_application_status(application, S.PUBLISHED, by=None)

    application.refresh_from_db()
    entry = AuditEntry.objects.get()
    assert (application.status, entry.action, entry.actor_id, entry.actor_repr) == (
        S.PUBLISHED, "applicants.application.published", None, "系统"
    )
    assert list(Notice.objects.values_list("recipient", flat=True)) == [applicant_a.pk]


@pytest.mark.django_db
def test_the_system_may_not_make_a_move_the_table_grants_someone_else(round, unit_a, applicant_a):
    round.status = RoundStatus.PUBLICITY
    round.save(update_fields=["status"])
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.IN_PUBLICITY)
    before = _state(application)

    with pytest.raises(PermissionDenied):
        set_application_status(application, S.PUBLISHED, by=None)
    with pytest.raises(PermissionDenied):
        set_application_status(application, S.IN_PUBLICITY, by=None)  # not even as a no-op

    assert _state(application) == before
