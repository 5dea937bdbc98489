"""The programme's rules, written by hand, against the transition table (apps/applicants/enums.py).

The source is the programme's own text (../shared/seed/program-rules.zh.txt, DESIGN.md "The
lifecycle"): 遴选流程主要包括部署、推荐、评审、公示、公布; 由推荐单位组织各企事业单位申报 … 推荐单位
根据申报条件、分配名额 … 优中选优研究确定推荐人选; 劳动和经济工作部 … 对推荐人选进行形式审查; 形式
审查通过后，组织专家 … 逐项打分 … 召开专家评审会议，集体研究提出建议名单，呈报 … 党组审议. The
table is the code's reading of that text; these tests are a second, independent reading, so a row
added, dropped or widened by mistake fails here by name. Only the fields every move has on main
are compared (actor, phases, reason_required): guards, effects and system moves come on top.
"""
import pytest
from django.core.exceptions import PermissionDenied

from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.applicants.enums import TRANSITIONS, ApplicationStatus
from apps.applicants.tests.moves import make_move
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DomainError
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory

OPEN = {"deployed", "recommending", "reviewing", "publicity"}

# (from, to, actor, phases, reason_required), one line per move the programme allows.
PROGRAMME_MOVES = {
    # 推荐: the applicant submits (again, after a return) while the round recommends, and may
    # withdraw while the round is open, until the office's formal review has decided.
    ("draft", "submitted", "applicant", frozenset({"recommending"}), False),
    ("returned", "submitted", "applicant", frozenset({"recommending"}), False),
    ("draft", "withdrawn", "applicant", frozenset(OPEN), False),
    ("submitted", "withdrawn", "applicant", frozenset(OPEN), False),
    ("returned", "withdrawn", "applicant", frozenset(OPEN), False),
    ("forwarded", "withdrawn", "applicant", frozenset(OPEN), False),
    # 推荐: the recommending unit checks, returns for fixes or rejects (with a reason), and forwards.
    ("submitted", "returned", "unit_staff", frozenset({"recommending"}), True),
    ("submitted", "unit_rejected", "unit_staff", frozenset({"recommending"}), True),
    ("submitted", "forwarded", "unit_staff", frozenset({"recommending"}), False),
    # and may recall a forward (with a reason) until the office's formal review starts (issue 10 item 3):
    # back on its desk, while the round still recommends.
    ("forwarded", "submitted", "unit_staff", frozenset({"recommending"}), True),
    # 评审: formal review, expert review, the meeting's proposal list, the party group's decision.
    ("forwarded", "formal_passed", "programme_staff", frozenset({"reviewing"}), False),
    ("forwarded", "formal_failed", "programme_staff", frozenset({"reviewing"}), True),
    ("formal_passed", "under_review", "programme_staff", frozenset({"reviewing"}), False),
    ("under_review", "proposed", "programme_staff", frozenset({"reviewing"}), False),
    ("proposed", "approved", "programme_staff", frozenset({"reviewing"}), False),
    # 公示 and 公布: the public list, an upheld objection (with its reason), publication.
    ("approved", "in_publicity", "programme_staff", frozenset({"publicity"}), False),
    ("in_publicity", "objection_upheld", "programme_staff", frozenset({"publicity"}), True),
    ("in_publicity", "published", "programme_staff", frozenset({"publicity", "published"}), False),
}


def as_literals(transitions):
    """The table in the literal form above: plain strings, so an enum's rename cannot hide a change."""
    return {
        (str(source), str(target), str(move.actor), frozenset(map(str, move.round_statuses)), move.reason_required)
        for (source, target), move in transitions.items()
    }


TABLE = as_literals(TRANSITIONS)


def moves(actor=None, source=None, target=None):
    return {
        row for row in TABLE
        if (actor is None or row[2] == actor) and (source is None or row[0] == source) and (target is None or row[1] == target)
    }


def test_the_transition_table_is_the_programme_s_moves_and_nothing_else():
    assert TABLE - PROGRAMME_MOVES == set(), "moves in TRANSITIONS that the programme does not allow"
    assert PROGRAMME_MOVES - TABLE == set(), "moves the programme allows that TRANSITIONS lacks or words differently"


def test_as_literals_sees_a_widened_phase_and_a_dropped_reason():
    source, target = ApplicationStatus.SUBMITTED, ApplicationStatus.RETURNED
    widened = TRANSITIONS | {(source, target): type(TRANSITIONS[(source, target)])(
        TRANSITIONS[(source, target)].actor, frozenset({RoundStatus.RECOMMENDING, RoundStatus.REVIEWING}), False
    )}

    assert as_literals(widened) ^ TABLE == {
        ("submitted", "returned", "unit_staff", frozenset({"recommending"}), True),
        ("submitted", "returned", "unit_staff", frozenset({"recommending", "reviewing"}), False),
    }


def test_applicants_submit_only_while_the_round_recommends():
    assert {row[3] for row in moves(target="submitted")} == {frozenset({"recommending"})}
    assert {row[2] for row in moves(target="submitted") if row[0] != "forwarded"} == {"applicant"}
    assert {row[2] for row in moves(source="forwarded", target="submitted")} == {"unit_staff"}  # the unit's recall


def test_units_forward_return_and_reject_only_while_the_round_recommends():
    unit_moves = moves(actor="unit_staff")

    assert {(row[0], row[1]) for row in unit_moves} == {
        ("submitted", "returned"), ("submitted", "unit_rejected"), ("submitted", "forwarded"), ("forwarded", "submitted"),
    }
    assert {row[3] for row in unit_moves} == {frozenset({"recommending"})}


def test_only_the_unit_forwards_and_only_what_was_submitted():
    assert moves(target="forwarded") == {("submitted", "forwarded", "unit_staff", frozenset({"recommending"}), False)}


def test_the_office_formal_reviews_expert_reviews_proposes_and_decides_only_in_reviewing():
    review = {(row[0], row[1]): row for row in moves(actor="programme_staff") if row[3] == frozenset({"reviewing"})}

    assert set(review) == {
        ("forwarded", "formal_passed"), ("forwarded", "formal_failed"), ("formal_passed", "under_review"),
        ("under_review", "proposed"), ("proposed", "approved"),
    }
    # From forwarded on, only the office moves it, but for the withdrawals (the applicant's, the unit's recall).
    assert {row[2] for row in moves(source="forwarded") - moves(target="withdrawn") - moves(target="submitted")} == {"programme_staff"}


def test_the_office_takes_every_step_in_order_and_skips_none():
    # forwarded → formal_passed → under_review → proposed → approved → in_publicity → published
    path = ["forwarded", "formal_passed", "under_review", "proposed", "approved", "in_publicity", "published"]
    forward_moves = {(row[0], row[1]) for row in moves(actor="programme_staff")} - {
        ("forwarded", "formal_failed"), ("in_publicity", "objection_upheld"),
    }

    assert forward_moves == set(zip(path, path[1:]))


def test_publicity_and_publication_are_the_office_s_in_their_phases():
    assert moves(target="in_publicity") == {("approved", "in_publicity", "programme_staff", frozenset({"publicity"}), False)}
    assert moves(target="published") == {
        ("in_publicity", "published", "programme_staff", frozenset({"publicity", "published"}), False)
    }
    assert moves(target="objection_upheld") == {
        ("in_publicity", "objection_upheld", "programme_staff", frozenset({"publicity"}), True)
    }


def test_every_setback_by_someone_else_requires_a_reason_and_nothing_else_does():
    with_reason = {(row[0], row[1]) for row in TABLE if row[4]}

    assert with_reason == {
        ("submitted", "returned"), ("submitted", "unit_rejected"), ("forwarded", "formal_failed"),
        ("in_publicity", "objection_upheld"), ("forwarded", "submitted"),
    }


def test_applicants_withdraw_while_the_round_is_open_and_before_the_office_decides():
    withdrawals = moves(target="withdrawn")

    assert {row[0] for row in withdrawals} == {"draft", "submitted", "returned", "forwarded"}
    assert {(row[2], row[3]) for row in withdrawals} == {("applicant", frozenset(OPEN))}


def test_experts_and_anyone_outside_the_three_actors_make_no_move():
    assert {row[2] for row in TABLE} == {"applicant", "unit_staff", "programme_staff"}


def test_final_statuses_have_no_way_out():
    final = {"withdrawn", "unit_rejected", "formal_failed", "objection_upheld", "published"}

    assert {row for row in TABLE if row[0] in final} == set()


def test_nothing_moves_in_a_draft_or_closed_round():
    assert {row for row in TABLE if {"draft", "closed"} & row[3]} == set()


# --- The same rules through the services that make the moves -----------------------------------


def attempt(application, to, *, by, allowed, reason=""):
    """Make the move; it must succeed exactly when `allowed`, and change nothing when refused."""
    before = application.status
    if allowed:
        make_move(application, to, by=by, reason=reason)
    else:
        with pytest.raises((DomainError, PermissionDenied)):
            make_move(application, to, by=by, reason=reason)
    application.refresh_from_db()
    assert application.status == (to if allowed else before)


@pytest.mark.django_db
@pytest.mark.parametrize("phase", list(RoundStatus))
def test_an_applicant_submits_a_draft_in_the_recommending_phase_only(phase):
    applicant = UserFactory()
    application = ApplicationFactory(round=RoundFactory(status=phase), applicant=applicant, status=ApplicationStatus.DRAFT)

    attempt(application, ApplicationStatus.SUBMITTED, by=applicant, allowed=phase == RoundStatus.RECOMMENDING)


@pytest.mark.django_db
@pytest.mark.parametrize("phase", list(RoundStatus))
def test_a_unit_returns_a_submission_in_the_recommending_phase_only(phase):
    application = ApplicationFactory(round=RoundFactory(status=phase), status=ApplicationStatus.SUBMITTED)
    staff = UnitStaffFactory(unit=application.unit)

    attempt(application, ApplicationStatus.RETURNED, by=staff, reason="缺少推荐专家签字", allowed=phase == RoundStatus.RECOMMENDING)


@pytest.mark.django_db
@pytest.mark.parametrize("phase", list(RoundStatus))
def test_the_office_passes_formal_review_in_the_reviewing_phase_only(phase, programme_staff):
    application = ApplicationFactory(round=RoundFactory(status=phase), status=ApplicationStatus.FORWARDED)

    attempt(application, ApplicationStatus.FORMAL_PASSED, by=programme_staff, allowed=phase == RoundStatus.REVIEWING)


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["applicant_a", "unit_staff_a", "expert"])
def test_nobody_but_the_office_passes_formal_review(request, user, round, unit_a, applicant_a):
    round.status = RoundStatus.REVIEWING
    round.save(update_fields=["status"])
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.FORWARDED)

    attempt(application, ApplicationStatus.FORMAL_PASSED, by=request.getfixturevalue(user), allowed=False)
