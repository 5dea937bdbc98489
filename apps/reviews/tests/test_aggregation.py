"""Aggregation against numbers computed by hand.

Every sheet in these worlds gives the same value v to all 15 indicators (weight 1, maximum 10), so a
sheet's total is 15·v and the hand computations stay short.

World 1: one panel, five experts E1..E5 each scoring A, B, C (a complete design); values v:

        E1  E2  E3  E4  E5      totals (15·v)              mean   trimmed (drop max, min)
    A    8   9   7  10   2      120 135 105 150  30        108    (120+135+105)/3 = 120
    B    6   7   7   5   8       90 105 105  75 120         99    (90+105+105)/3  = 100
    C    4   5   6   3   9       60  75  90  45 135         81    (60+75+90)/3    =  75

Severity (mean of total − candidate mean): E1 (12−9−21)/3 = −6, E2 (27+6−6)/3 = 9, E3 (−3+6+9)/3 = 4,
E4 (42−24−36)/3 = −6, E5 (−78+21+54)/3 = −1.
Kendall's W: ranks per expert (1 = lowest) A 3,3,2.5,3,1 → 12.5; B 2,2,2.5,2,2 → 10.5; C 1,1,1,1,3 → 7;
S = 2.5² + 0.5² + 3² = 15.5; W = 12·15.5 / (5²·(3³−3)) = 186/600 = 0.31.
ICC(2,1) on v (rows A,B,C; raters E1..E5): grand mean 6.4; SSR = 5·(0.8²+0.2²+1²) = 8.4;
SSC = 3·(0.4²+0.6²+(4/15)²+0.4²+(1/15)²) = 34/15; SST = 42 + 5.4 + 26.2 = 73.6; SSE = 73.6 − 8.4 − 34/15;
MSR = 4.2, MSC = 17/30, MSE = SSE/8 = 59/7.5; ICC = (MSR − MSE)/(MSR + 4·MSE + 5·(MSC − MSE)/3) = −3.6667/23.5.
Normalised total of E1 on A: E1's totals 120, 90, 60 (μ 90, σ √600); the panel's 15 totals have μ 96 and
σ² = 154800/15 − 96² = 1104; so 96 + √1104 · 30/√600 = 96 + √1656.
"""
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.reviews.aggregation import aggregate
from apps.reviews.models import Assignment, AssignmentStatus, Score, ScoreSheet, SheetStatus
from apps.reviews.tests.factories import ExpertFactory, PanelFactory
from apps.rounds.enums import AggregationRule

pytestmark = pytest.mark.django_db


def score_world(round, unit, table, *, panel=None, experts=None):
    """Candidates named by `table`'s keys, each a list of v per expert (None: not assigned); all sheets submitted."""
    width = len(next(iter(table.values())))
    experts = experts or [ExpertFactory() for _ in range(width)]
    panel = panel or PanelFactory(round=round, industries="C", members=experts)
    indicators = list(round.indicators.all())
    candidates = {}
    for name, row in table.items():
        application = ApplicationFactory(
            round=round, unit=unit, status=ApplicationStatus.UNDER_REVIEW, industry="C", full_name=name
        )
        candidates[name] = application
        for expert, v in zip(experts, row):
            if v is None:
                continue
            assignment = Assignment.objects.create(round=round, application=application, expert=expert, panel=panel)
            sheet = ScoreSheet.objects.create(assignment=assignment, status=SheetStatus.SUBMITTED, submitted_at=timezone.now())
            Score.objects.bulk_create(Score(sheet=sheet, indicator=i, value=v) for i in indicators)
    return candidates, experts, panel


WORLD_1 = {"A": [8, 9, 7, 10, 2], "B": [6, 7, 7, 5, 8], "C": [4, 5, 6, 3, 9]}


@pytest.fixture
def world_1(round, unit_a):
    round.aggregation_rule = AggregationRule.TRIMMED_MEAN
    round.save()
    return score_world(round, unit_a, WORLD_1)


def test_trimmed_mean_drops_the_highest_and_lowest_of_five_sheets(round, world_1):
    candidates, _, _ = world_1
    result = aggregate(round, target=2)
    rows = result.by_application()
    assert result.max_total == 150
    assert [(rows[candidates[n].pk]["score"], rows[candidates[n].pk]["mean"]) for n in "ABC"] == [
        (120, 108), (100, 99), (75, 81),
    ]
    assert [row["application_id"] for row in result.candidates] == [candidates[n].pk for n in "ABC"]
    assert [row["rank"] for row in result.candidates] == [1, 2, 3]


def test_the_mean_rule(round, world_1):
    candidates, _, _ = world_1
    round.aggregation_rule = AggregationRule.MEAN
    rows = aggregate(round).by_application()
    assert [rows[candidates[n].pk]["score"] for n in "ABC"] == [108, 99, 81]


def test_fewer_than_five_sheets_take_the_mean_even_under_the_trimmed_rule(round, unit_a):
    candidates, _, _ = score_world(round, unit_a, {"A": [8, 9, 7, 2]})
    assert round.aggregation_rule == AggregationRule.TRIMMED_MEAN
    assert aggregate(round).by_application()[candidates["A"].pk]["score"] == 15 * 26 / 4


def test_severity_kendall_w_icc_and_normalisation_match_the_hand_computation(round, world_1):
    candidates, experts, panel = world_1
    result = aggregate(round)
    assert [result.experts[e.pk]["severity"] for e in experts] == pytest.approx([-6, 9, 4, -6, -1])
    agreement = result.panels[panel.pk]
    assert agreement["candidates"] == 3 and agreement["experts"] == 5
    assert agreement["kendall_w"] == pytest.approx(0.31)
    assert agreement["icc_model"] == "ICC(2,1)"
    assert list(agreement["icc"].values()) == [pytest.approx((4.2 - 59 / 7.5) / 23.5)] * 15
    sheet = ScoreSheet.objects.get(assignment__expert=experts[0], assignment__application=candidates["A"])
    total, normalised = result.sheet_total(sheet.pk)
    assert total == 120 and normalised == pytest.approx(96 + math.sqrt(1656))
    # Every candidate's totals span at least 20 % of the 150 maximum here.
    assert all(row["disagreement"] for row in result.candidates)


def test_normalising_a_strict_and_a_lenient_expert_moves_the_target_line(round, unit_a):
    """World 2: the strict expert S alone scores P 60, U 45, Q 30 (μ 45, σ √150: z = +1.22, 0, −1.22); the
    lenient L alone scores R 120, T 105 (μ 112.5, σ 7.5: z = +1, −1). Raw top 2: R, T. Normalised, P's
    z of 1.22 beats R's 1, so the top 2 are P, R: P enters, T leaves. One sheet each: no disagreement."""
    candidates, _, _ = score_world(
        round, unit_a, {"P": [4, None], "U": [3, None], "Q": [2, None], "R": [None, 8], "T": [None, 7]}
    )
    result = aggregate(round, target=2)
    ids = {pk: name for name, pk in ((n, a.pk) for n, a in candidates.items())}
    assert [ids[row["application_id"]] for row in result.candidates] == ["R", "T", "P", "U", "Q"]
    normalised = sorted(result.candidates, key=lambda row: row["normalised_rank"])
    assert [ids[row["application_id"]] for row in normalised] == ["P", "R", "U", "T", "Q"]
    assert [ids[i] for i in result.entering] == ["P"] and [ids[i] for i in result.leaving] == ["T"]
    assert not any(row["disagreement"] for row in result.candidates)
    panel = next(iter(result.panels.values()))
    assert panel["icc_model"] == "ICC(1,1)" and set(panel["icc"].values()) == {None}


def test_ties_break_on_the_plain_mean_then_the_earlier_application(round, unit_a):
    """X 4,6,6,6,10 and Y 6,6,6,6,6 both trim to 90; X's plain mean 96 beats Y's 90. Z equals Y in every
    figure and was created after it, so Y ranks first."""
    candidates, _, _ = score_world(round, unit_a, {"Y": [6] * 5, "Z": [6] * 5, "X": [4, 6, 6, 6, 10]})
    result = aggregate(round)
    order = [row["application_id"] for row in result.candidates]
    assert order == [candidates["X"].pk, candidates["Y"].pk, candidates["Z"].pk]
    assert {row["score"] for row in result.candidates} == {90}


def test_drafts_reopened_sheets_and_withdrawn_assignments_do_not_count(round, world_1):
    candidates, experts, _ = world_1
    ScoreSheet.objects.filter(assignment__expert=experts[4], assignment__application=candidates["A"]).update(
        status=SheetStatus.REOPENED
    )
    Assignment.objects.filter(expert=experts[3], application=candidates["A"]).update(status=AssignmentStatus.WITHDRAWN)
    row = aggregate(round).by_application()[candidates["A"].pk]
    assert row["sheets"] == 3 and row["score"] == (120 + 135 + 105) / 3  # three sheets: the mean


def test_two_queries_whatever_the_number_of_scores(round, unit_a, world_1):
    with CaptureQueriesContext(connection) as small:
        aggregate(round)
    score_world(round, unit_a, {f"N{i}": [5, 6, 7, 8, 9] for i in range(6)}, panel=world_1[2], experts=world_1[1])
    with CaptureQueriesContext(connection) as large:
        result = aggregate(round)
    assert len(small.captured_queries) == len(large.captured_queries) == 2
    assert len(result.candidates) == 9


def test_an_empty_round_aggregates_to_nothing(round):
    result = aggregate(round)
    assert result.candidates == [] and result.entering == []


def test_a_sheet_without_every_indicator_is_still_read_and_counts_zero_for_the_missing_one(round, world_1):
    """An indicator added after the sheets were submitted: no sheet has all 16 scores, so PostgreSQL's
    fixed-shape read gives way to the row-by-row one (one query more); the totals are unchanged."""
    from apps.rounds.models import Indicator

    candidates, _, _ = world_1
    Indicator.objects.create(round=round, power="practice", code="extra", name="附加", position=16)
    with CaptureQueriesContext(connection) as queries:
        rows = aggregate(round).by_application()
    assert [rows[candidates[n].pk]["score"] for n in "ABC"] == [120, 100, 75]
    assert len(queries.captured_queries) == (3 if connection.vendor == "postgresql" else 2)
