"""The balance panel (apps/units/balance.py): a pure function of rows, so these tests need no database.

Each warning is written from the rules' words ("兼顾行业、性别", "以制造业等实体经济领域职工为主"), with a case
where it shows and one where it does not.
"""
import pytest

from apps.applicants.enums import ApplicationStatus as S
from apps.core.exceptions import DomainError
from apps.units.balance import BalanceRow, balance, default_candidates, parse_ids, proposed_candidates


def row(pk, *, status=S.SUBMITTED, rank=None, gender="M", industry="C", region="11", skill="senior_technician"):
    return BalanceRow(pk, f"申报人{pk}", status, rank, gender, industry, region, skill)


def codes(result):
    return result.warning_codes


def test_default_candidates_are_the_forwarded_then_the_ranked_in_rank_order():
    rows = [row(1, rank=2), row(2), row(3, status=S.FORWARDED, rank=1), row(4, rank=1), row(5, status=S.RETURNED, rank=3)]

    assert [candidate.id for candidate in default_candidates(rows)] == [3, 4, 1]


def test_no_woman_warning_when_women_applied_and_no_candidate_is_a_woman():
    rows = [row(1, rank=1), row(2, rank=2), row(3, gender="F")]

    assert codes(balance(rows)) == ["no_woman"]


def test_no_woman_warning_absent_when_a_woman_is_a_candidate():
    rows = [row(1, rank=1), row(2, rank=2, gender="F"), row(3, gender="F")]

    assert codes(balance(rows)) == []


def test_no_woman_warning_absent_when_no_woman_applied():
    rows = [row(1, rank=1), row(2, rank=2), row(3)]

    assert codes(balance(rows)) == []


def test_a_withdrawn_woman_does_not_count_as_applying():
    rows = [row(1, rank=1), row(2, rank=2, industry="D"), row(3, gender="F", status=S.WITHDRAWN)]

    assert (codes(balance(rows)), balance(rows).applicant_count) == ([], 2)


def test_one_industry_warning_when_every_candidate_shares_an_industry_the_applicants_do_not():
    rows = [row(1, rank=1), row(2, rank=2), row(3, industry="E")]

    assert codes(balance(rows)) == ["one_industry"]


def test_one_industry_warning_absent_when_candidates_span_two_industries():
    rows = [row(1, rank=1), row(2, rank=2, industry="E"), row(3, industry="E")]

    assert codes(balance(rows)) == []


def test_one_industry_warning_absent_when_every_applicant_is_of_that_industry():
    # A national industrial union (railways, say): one industry is all it has to choose from.
    rows = [row(1, rank=1, industry="G"), row(2, rank=2, industry="G"), row(3, industry="G")]

    assert codes(balance(rows)) == []


def test_one_industry_warning_absent_for_a_single_candidate():
    rows = [row(1, rank=1), row(2, industry="E")]

    assert codes(balance(rows)) == []


def test_outside_real_economy_warning_when_most_candidates_work_outside_it():
    # Finance (J) and education (P) are outside manufacturing and the real economy; manufacturing (C) is in it.
    rows = [row(1, rank=1, industry="J"), row(2, rank=2, industry="P"), row(3, rank=3, industry="C")]

    result = balance(rows)

    assert (codes(result), result.warnings[0].message) == (
        ["outside_real_economy"], "拟推荐人选中有2人（共3人）不在制造业等实体经济领域。培育对象应以制造业等实体经济领域职工为主。",
    )


def test_outside_real_economy_warning_absent_at_exactly_half():
    rows = [row(1, rank=1, industry="J"), row(2, rank=2, industry="C")]

    assert codes(balance(rows)) == []


def test_outside_real_economy_warning_does_not_count_a_blank_industry_as_outside():
    rows = [row(1, rank=1, industry=""), row(2, rank=2, industry="J"), row(3, rank=3, industry="")]

    assert codes(balance(rows)) == []


def test_over_quota_warning_when_candidates_exceed_the_places():
    rows = [row(1, status=S.FORWARDED, industry="D"), row(2, rank=1), row(3, rank=2)]

    assert (codes(balance(rows, places=2)), codes(balance(rows, places=3)), codes(balance(rows))) == (["over_quota"], [], [])


def test_no_warning_without_candidates():
    rows = [row(1, gender="F", industry="J"), row(2, industry="J")]

    assert (codes(balance(rows)), balance(rows).candidate_count) == ([], 0)


def test_dimensions_set_candidates_beside_applicants_in_the_choices_order():
    rows = [row(1, rank=1, gender="F"), row(2, gender="M"), row(3, gender="M", rank=2), row(4, gender="")]

    gender = balance(rows).dimensions[0]

    assert [(share.label, share.applicants, share.candidates, share.applicant_percent, share.candidate_percent) for share in gender.shares] == [
        ("男", 2, 1, 50, 50), ("女", 1, 1, 25, 50), ("未填写", 1, 0, 25, 0),
    ]


def test_what_if_uses_the_proposed_candidates_in_their_order():
    rows = [row(1, rank=1), row(2, rank=2), row(3, gender="F"), row(4, status=S.FORWARDED)]

    result = balance(rows, candidates=proposed_candidates(rows, [3, 4]))

    assert ([candidate.id for candidate in result.candidates], result.is_what_if, codes(result)) == ([3, 4], True, [])
    assert codes(balance(rows)) == ["no_woman"]


@pytest.mark.parametrize(("ids", "code"), [
    ([1, 1], "duplicate_ids"), ([1, 99], "unknown_ids"), ([1, 5], "ineligible_ids"),
])
def test_what_if_refuses_ids_it_cannot_propose(ids, code):
    rows = [row(1), row(5, status=S.UNIT_REJECTED)]

    with pytest.raises(DomainError) as refusal:
        proposed_candidates(rows, ids)

    assert refusal.value.code == code


def test_parse_ids_reads_commas_and_repeats_and_refuses_junk():
    assert parse_ids(["3,1", "", "2，4"]) == [3, 1, 2, 4]
    with pytest.raises(DomainError):
        parse_ids(["1,abc"])
