"""Conflicts derived from data: each source alone makes a pair, unrelated experts make none, and the
question for a whole round costs the same few queries however many experts and candidates it has."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.reviews.conflicts import conflicted_pairs, is_conflicted, normalise_employer, referees_available
from apps.reviews.models import AvoidEntry, ConflictDeclaration
from apps.reviews.tests.factories import ExpertFactory

pytestmark = pytest.mark.django_db


def test_employer_names_compare_without_width_spaces_or_punctuation():
    assert normalise_employer("中国中车（集团） 有限公司") == normalise_employer("中国中车(集团)有限公司")
    assert normalise_employer("ＡＢＣ科技") == normalise_employer("abc 科技")
    assert normalise_employer("中国中车") != normalise_employer("中国中铁")


@pytest.fixture
def candidate(round, unit_a, applicant_a):
    return ApplicationFactory(
        round=round, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.FORMAL_PASSED,
        employer_name="中车青岛四方机车车辆股份有限公司", employer_credit_code="91370200163562681G", full_name="王建国",
    )


def test_an_unrelated_expert_is_not_conflicted(round, candidate):
    expert = ExpertFactory(employer_name="哈尔滨工业大学", employer_credit_code="")
    assert conflicted_pairs(round) == set()
    assert not is_conflicted(expert, candidate)


def test_the_same_credit_code_conflicts_whatever_the_name(round, candidate):
    expert = ExpertFactory(employer_name="中车四方", employer_credit_code="91370200163562681g")
    assert conflicted_pairs(round) == {(expert.pk, candidate.pk)}


def test_the_same_normalised_employer_name_conflicts(round, candidate):
    expert = ExpertFactory(employer_name="中车青岛四方机车车辆股份有限公司 ", employer_credit_code="")
    assert (expert.pk, candidate.pk) in conflicted_pairs(round)


def test_the_same_recommending_unit_conflicts(round, candidate, unit_a, unit_b):
    same = ExpertFactory(unit=unit_a)
    other = ExpertFactory(unit=unit_b)
    assert conflicted_pairs(round) == {(same.pk, candidate.pk)}
    assert not is_conflicted(other, candidate)


def test_a_name_on_the_avoid_list_conflicts(round, candidate):
    expert = ExpertFactory(user__display_name="陈 静")
    ExpertFactory(user__display_name="陈敬")
    AvoidEntry.objects.create(application=candidate, slot=1, name="陈静", employer_name="某大学")
    assert conflicted_pairs(round) == {(expert.pk, candidate.pk)}


def test_a_declared_conflict_counts(round, candidate):
    expert = ExpertFactory()
    ConflictDeclaration.objects.create(expert=expert, application=candidate, reason="曾为师徒关系")
    assert conflicted_pairs(round) == {(expert.pk, candidate.pk)}
    assert is_conflicted(expert, candidate)


@pytest.mark.skipif(not referees_available(), reason="the referees' model arrives with branch `referees`")
def test_an_expert_named_as_referee_conflicts(round, candidate):  # pragma: no cover - until the merge
    from apps.applicants.models_referees import Referee

    by_email = ExpertFactory(user__email="li.ming@example.cn", user__display_name="李鸣")
    by_name = ExpertFactory(user__email="other@example.cn", user__display_name="周 强")
    ExpertFactory(user__email="third@example.cn", user__display_name="吴刚")
    common = {"employer_name": "某厂", "token_expires_at": candidate.created_at, "sent_at": candidate.created_at}
    Referee.objects.bulk_create([
        Referee(application=candidate, slot=1, name="李明", email="Li.Ming@example.cn", token_hash="a" * 64, **common),
        Referee(application=candidate, slot=2, name="周强", email="zq@example.cn", token_hash="b" * 64, **common),
    ])
    assert conflicted_pairs(round) == {(by_email.pk, candidate.pk), (by_name.pk, candidate.pk)}


def test_the_round_question_costs_the_same_queries_for_any_size(round, unit_a, unit_b):
    def measure():
        with CaptureQueriesContext(connection) as context:
            conflicted_pairs(round)
        return len(context.captured_queries)

    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.FORMAL_PASSED)
    ExpertFactory(unit=unit_a)
    small = measure()
    for _ in range(5):
        candidate = ApplicationFactory(round=round, unit=unit_b, status=ApplicationStatus.FORMAL_PASSED)
        expert = ExpertFactory(unit=unit_a)
        AvoidEntry.objects.create(application=candidate, slot=1, name="某人")
        ConflictDeclaration.objects.create(expert=expert, application=candidate, reason="亲属")
    assert measure() == small == (5 if referees_available() else 4)
