"""The application state machine, driven from `apps.applicants.enums.TRANSITIONS`.

Every row of the table is tested for its actor, for every wrong actor, for every round status
it allows and refuses, and for its reason rule; every pair not in the table is refused. Adding
a row to the table adds its tests. Each move is made through the service that makes it
(`tests.moves.make_move`: the named action for a guarded move); the guards, the refusal of
guarded moves by the generic change and the system actor are tested by hand below.
These prove the service follows the table, not that the table is right: test_programme_rules.py
holds the programme's moves written by hand.
"""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory
from apps.applicants import notices as application_notices
from apps.applicants.enums import FORWARDED_OR_LATER, TRANSITIONS, ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.services import apply_move, set_application_status, start_application, submit_application
from apps.applicants.tests.moves import make_move
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DeadlinePassed, DomainError, ReasonRequired, TransitionNotAllowed
from apps.core.models import AuditChainHead, AuditEntry
from apps.notices.models import Notice
from apps.rounds.enums import RoundStatus

S = ApplicationStatus

# The fixture that plays each role's part on application A (unit A, applicant A).
ACTORS = {
    Role.APPLICANT: {"applicant_a"},
    Role.UNIT_STAFF: {"unit_staff_a"},
    Role.PROGRAMME_STAFF: {"programme_staff", "superuser"},
}
EVERY_USER = (
    "applicant_a", "applicant_b", "unit_staff_a", "unit_staff_b", "former_unit_staff_a",
    "expert", "programme_staff", "superuser",
)
ACTOR_OF = {Role.APPLICANT: "applicant_a", Role.UNIT_STAFF: "unit_staff_a", Role.PROGRAMME_STAFF: "programme_staff"}


def _id(source, target):
    return f"{source}->{target}"


def _a_round_status(move):
    """A round status the move allows: recommending where it can, else the first in order."""
    if RoundStatus.RECOMMENDING in move.round_statuses:
        return RoundStatus.RECOMMENDING
    return sorted(move.round_statuses)[0]


ALLOWED_CASES = [
    pytest.param(source, target, round_status, id=f"{_id(source, target)}@{round_status}")
    for (source, target), move in TRANSITIONS.items()
    for round_status in sorted(move.round_statuses)
]
WRONG_ACTOR_CASES = [
    pytest.param(source, target, user, id=f"{_id(source, target)}-by-{user}")
    for (source, target), move in TRANSITIONS.items()
    for user in EVERY_USER
    if user not in ACTORS[move.actor]
]
WRONG_ROUND_CASES = [
    pytest.param(source, target, round_status, id=f"{_id(source, target)}@{round_status}")
    for (source, target), move in TRANSITIONS.items()
    for round_status in RoundStatus
    if round_status not in move.round_statuses
]
REASON_CASES = [
    pytest.param(source, target, reason, id=f"{_id(source, target)}-{reason!r}")
    for (source, target), move in TRANSITIONS.items()
    if move.reason_required
    for reason in ("", "   \n", None)
]
SUBMISSION_SOURCES = [source for (source, target), move in TRANSITIONS.items() if move.action == "submit_application"]


def _can_see(user, source):
    """Who sees application A in `source`: the owner always, unit A once submitted, the office from forwarding on."""
    if user == "applicant_a":
        return True
    if user == "unit_staff_a":
        return source != S.DRAFT
    if user == "programme_staff":
        return source in FORWARDED_OR_LATER
    raise AssertionError(user)


NOT_ALLOWED_CASES = [
    pytest.param(
        source,
        target,
        user,
        TransitionNotAllowed if _can_see(user, source) else PermissionDenied,
        id=f"{_id(source, target)}-by-{user}",
    )
    for source in S
    for target in S
    if source != target and (source, target) not in TRANSITIONS
    for user in ("applicant_a", "unit_staff_a", "programme_staff")
]


@pytest.fixture
def former_unit_staff_a(unit_a):
    return UnitStaffFactory(username="former_unit_a", display_name="孙丽", unit=unit_a, is_active=False)


def _application_a(round, unit_a, applicant_a, status, round_status=RoundStatus.RECOMMENDING):
    round.status = round_status
    round.save(update_fields=["status"])
    return ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=status)


def _state(application):
    return Application.objects.values("status", "status_reason", "submitted_at", "updated_at").get(pk=application.pk)


def _assert_nothing_changed(application, state_before):
    assert _state(application) == state_before
    assert list(AuditEntry.objects.all()) == []
    assert list(Notice.objects.all()) == []


def test_transition_table_rows_name_two_statuses_a_known_actor_and_a_round_status():
    malformed = [
        pair
        for pair, move in TRANSITIONS.items()
        if pair[0] == pair[1] or move.actor not in ACTOR_OF or not move.round_statuses <= set(RoundStatus)
        or not move.round_statuses
    ]

    assert malformed == []


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "round_status"), ALLOWED_CASES)
def test_set_application_status_makes_every_allowed_move(request, round, unit_a, quota_a, applicant_a, source, target, round_status):
    move = TRANSITIONS[(source, target)]
    actor = request.getfixturevalue(ACTOR_OF[move.actor])
    application = _application_a(round, unit_a, applicant_a, source, round_status)
    submitted_before = application.submitted_at
    reason = f"经办说明：{target.label}"
    started = timezone.now()

    result = make_move(application, target, by=actor, reason=reason)
    if move.action == "submit_application":
        reason = ""  # submitting takes no reason

    application.refresh_from_db()
    assert (result.status, application.status, application.status_reason) == (target, target, reason)
    # The move's own entry (a bare application passing formal review also records the hand-checked override).
    entry = AuditEntry.objects.get(action__startswith="applicants.application.")
    # A forward also records the unit's attestation; the unit's recall of a forward has its own event.
    attested = {"attests_political_quality": True, "attests_craftsman_spirit": True} if target == S.FORWARDED else {}
    assert (entry.action, entry.actor, entry.object_type, entry.object_id, entry.data) == (
        f"applicants.application.{move.event or target}",
        actor,
        "applicants.application",
        str(application.pk),
        {"previous": source.value, "reason": reason, **attested},
    )
    if move.action == "submit_application":
        assert application.submitted_at >= started
    else:
        assert application.submitted_at == submitted_before


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "user"), WRONG_ACTOR_CASES)
def test_set_application_status_refuses_every_wrong_actor(request, round, unit_a, applicant_a, source, target, user):
    move = TRANSITIONS[(source, target)]
    application = _application_a(round, unit_a, applicant_a, source, _a_round_status(move))
    wrong_actor = request.getfixturevalue(user)
    state_before = _state(application)
    reason = "经办说明"

    with pytest.raises(PermissionDenied):
        make_move(application, target, by=wrong_actor, reason=reason)

    _assert_nothing_changed(application, state_before)


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "user", "error"), NOT_ALLOWED_CASES)
def test_set_application_status_refuses_every_move_not_in_the_table(
    request, round, unit_a, applicant_a, source, target, user, error
):
    application = _application_a(round, unit_a, applicant_a, source)
    actor = request.getfixturevalue(user)
    state_before = _state(application)

    with pytest.raises(error) as excinfo:
        make_move(application, target, by=actor, reason="经办说明")

    if error is TransitionNotAllowed:
        assert (excinfo.value.code, excinfo.value.message) == (
            "transition_not_allowed",
            f"当前状态“{source.label}”不能变更为“{target.label}”。",
        )
    _assert_nothing_changed(application, state_before)


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "round_status"), WRONG_ROUND_CASES)
def test_set_application_status_refuses_in_a_round_status_the_move_does_not_allow(
    request, round, unit_a, applicant_a, source, target, round_status
):
    move = TRANSITIONS[(source, target)]
    actor = request.getfixturevalue(ACTOR_OF[move.actor])
    application = _application_a(round, unit_a, applicant_a, source, round_status)
    state_before = _state(application)

    with pytest.raises(DomainError) as excinfo:
        make_move(application, target, by=actor, reason="经办说明")

    assert (type(excinfo.value), excinfo.value.message) == (
        DomainError,
        f"2026年度遴选当前处于“{round_status.label}”阶段，不能办理此操作。",
    )
    _assert_nothing_changed(application, state_before)


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target", "reason"), REASON_CASES)
def test_set_application_status_requires_a_reason_where_the_table_says_so(
    request, round, unit_a, applicant_a, source, target, reason
):
    move = TRANSITIONS[(source, target)]
    actor = request.getfixturevalue(ACTOR_OF[move.actor])
    application = _application_a(round, unit_a, applicant_a, source, _a_round_status(move))
    state_before = _state(application)

    with pytest.raises(ReasonRequired) as excinfo:
        make_move(application, target, by=actor, reason=reason)

    assert (excinfo.value.code, excinfo.value.message) == ("reason_required", f"变更为“{target.label}”须填写原因。")
    _assert_nothing_changed(application, state_before)


@pytest.mark.django_db
def test_set_application_status_strips_the_reason(round, unit_a, applicant_a, unit_staff_a):
    application = _application_a(round, unit_a, applicant_a, S.SUBMITTED)

    make_move(application, S.RETURNED, by=unit_staff_a, reason="  缺少推荐专家签字  \n")

    application.refresh_from_db()
    assert (application.status, application.status_reason) == (S.RETURNED, "缺少推荐专家签字")
    assert AuditEntry.objects.get().data == {"previous": "submitted", "reason": "缺少推荐专家签字"}


@pytest.mark.django_db
@pytest.mark.parametrize("source", SUBMISSION_SOURCES)
def test_set_application_status_refuses_submission_after_the_recommend_deadline(
    round, unit_a, applicant_a, source
):
    round.recommend_deadline = timezone.now() - timedelta(minutes=1)
    round.save(update_fields=["recommend_deadline"])
    application = _application_a(round, unit_a, applicant_a, source)
    state_before = _state(application)

    with pytest.raises(DeadlinePassed) as excinfo:
        make_move(application, S.SUBMITTED, by=applicant_a)

    assert (excinfo.value.code, excinfo.value.message) == ("deadline_passed", "本年度推荐截止时间已过，不能再提交申报。")
    _assert_nothing_changed(application, state_before)


@pytest.mark.django_db
@pytest.mark.parametrize("source", SUBMISSION_SOURCES)
def test_set_application_status_accepts_submission_before_the_recommend_deadline(round, unit_a, applicant_a, source):
    round.recommend_deadline = timezone.now() + timedelta(hours=1)
    round.save(update_fields=["recommend_deadline"])
    application = _application_a(round, unit_a, applicant_a, source)

    make_move(application, S.SUBMITTED, by=applicant_a)

    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["applicants.application.submitted"]


# The applicant moves applications into these statuses (submit, withdraw). Withdrawing again is a no-op;
# submitting again is refused with the time of the submission (test_submission.py).
APPLICANT_TARGETS = {S.SUBMITTED, S.WITHDRAWN}


@pytest.mark.django_db
@pytest.mark.parametrize("status", sorted(APPLICANT_TARGETS - {S.SUBMITTED}))
def test_a_move_to_the_current_status_changes_nothing_for_whoever_may_make_it(round, unit_a, applicant_a, status):
    application = _application_a(round, unit_a, applicant_a, status)
    state_before = _state(application)

    result = make_move(application, status, by=applicant_a, reason="再点一次")

    assert result.status == status
    _assert_nothing_changed(application, state_before)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [status for status in S if status not in APPLICANT_TARGETS])
def test_a_move_to_the_current_status_is_refused_to_whoever_may_not_make_it(round, unit_a, applicant_a, status):
    application = _application_a(round, unit_a, applicant_a, status)
    state_before = _state(application)

    with pytest.raises(PermissionDenied):
        make_move(application, status, by=applicant_a, reason="再点一次")

    _assert_nothing_changed(application, state_before)


@pytest.mark.django_db
def test_the_office_asking_to_forward_what_is_forwarded_is_refused_not_a_no_op(round, unit_a, applicant_a, programme_staff):
    application = _application_a(round, unit_a, applicant_a, S.FORWARDED)
    state_before = _state(application)

    with pytest.raises(PermissionDenied):
        make_move(application, S.FORWARDED, by=programme_staff)
    with pytest.raises(PermissionDenied):
        set_application_status(application, S.FORWARDED, by=programme_staff)

    _assert_nothing_changed(application, state_before)


@pytest.mark.django_db
def test_set_application_status_to_the_current_status_still_checks_visibility(application_a, applicant_b):
    state_before = _state(application_a)

    with pytest.raises(PermissionDenied):
        make_move(application_a, S.SUBMITTED, by=applicant_b)

    _assert_nothing_changed(application_a, state_before)


@pytest.mark.django_db
def test_set_application_status_rolls_back_when_the_notice_row_cannot_be_written(
    monkeypatch, application_a, unit_staff_a
):
    def refuse(**kwargs):
        raise RuntimeError("notice table unavailable")

    monkeypatch.setattr(Notice.objects, "create", refuse)
    state_before = _state(application_a)

    with pytest.raises(RuntimeError, match="notice table unavailable"):
        make_move(application_a, S.FORWARDED, by=unit_staff_a)

    _assert_nothing_changed(application_a, state_before)
    assert list(AuditChainHead.objects.values_list("seq", flat=True)) == []


@pytest.mark.django_db
def test_set_application_status_rolls_back_when_queueing_notices_fails(monkeypatch, application_a, unit_staff_a):
    def refuse(*args, **kwargs):
        raise RuntimeError("queue unavailable")

    monkeypatch.setattr(application_notices, "queue_notice", refuse)
    state_before = _state(application_a)

    with pytest.raises(RuntimeError, match="queue unavailable"):
        make_move(application_a, S.RETURNED, by=unit_staff_a, reason="缺少证明材料")

    _assert_nothing_changed(application_a, state_before)


@pytest.mark.django_db
def test_set_application_status_lets_a_superuser_act_as_programme_staff(round, unit_a, applicant_a, superuser):
    application = _application_a(round, unit_a, applicant_a, S.FORMAL_PASSED, RoundStatus.REVIEWING)

    make_move(application, S.UNDER_REVIEW, by=superuser)

    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW
    assert list(AuditEntry.objects.values_list("action", "actor")) == [("applicants.application.under_review", superuser.pk)]


@pytest.mark.django_db
def test_start_application_opens_a_draft_and_audits(round, unit_a, applicant_a):
    application = start_application(
        by=applicant_a, round=round, unit=unit_a, employer_name="中国中车", employer_credit_code="91110100850001982H", consent=True
    )

    application.refresh_from_db()
    assert (
        application.round, application.applicant, application.unit, application.status,
        application.submitted_at, application.employer_name, application.employer_credit_code,
    ) == (round, applicant_a, unit_a, S.DRAFT, None, "中国中车", "91110100850001982H")
    entry = AuditEntry.objects.get(action="applicants.application.created")
    assert (entry.action, entry.actor, entry.object_id, entry.data) == (
        "applicants.application.created", applicant_a, str(application.pk), {"unit": "北京市总工会"}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["unit_staff_a", "expert", "programme_staff", "superuser"])
def test_start_application_refuses_anyone_but_an_applicant(request, round, unit_a, user):
    by = request.getfixturevalue(user)

    with pytest.raises(PermissionDenied):
        start_application(by=by, round=round, unit=unit_a, consent=True)

    assert (list(Application.objects.all()), list(AuditEntry.objects.all())) == ([], [])


@pytest.mark.django_db
@pytest.mark.parametrize("round_status", [status for status in RoundStatus if status != RoundStatus.RECOMMENDING])
def test_start_application_refuses_outside_the_recommending_phase(round, unit_a, applicant_a, round_status):
    round.status = round_status
    round.save(update_fields=["status"])

    with pytest.raises(DomainError) as excinfo:
        start_application(by=applicant_a, round=round, unit=unit_a, consent=True)

    assert excinfo.value.message == "本年度申报尚未开放或已结束。"
    assert (list(Application.objects.all()), list(AuditEntry.objects.all())) == ([], [])


@pytest.mark.django_db
def test_start_application_refuses_a_second_application_in_the_same_round(round, unit_a, unit_b, applicant_a):
    first = start_application(by=applicant_a, round=round, unit=unit_a, consent=True)

    with pytest.raises(DomainError) as excinfo:
        start_application(by=applicant_a, round=round, unit=unit_b, consent=True)

    assert excinfo.value.message == "您在本年度已有一份申报，不能重复申报。"
    assert list(Application.objects.all()) == [first]
    assert list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)) == [
        "applicants.consent.given", "applicants.application.created"
    ]


@pytest.mark.django_db
def test_start_application_refuses_an_inactive_unit(round, unit_a, applicant_a):
    unit_a.is_active = False
    unit_a.save()

    with pytest.raises(DomainError) as excinfo:
        start_application(by=applicant_a, round=round, unit=unit_a, consent=True)

    assert excinfo.value.message == "北京市总工会目前不受理申报，请选择其他推荐单位。"
    assert (list(Application.objects.all()), list(AuditEntry.objects.all())) == ([], [])
