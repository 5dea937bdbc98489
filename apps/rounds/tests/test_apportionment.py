"""The largest-remainder apportionment: exact sums, minimums, deterministic ties, zero scores, impossible minimums."""
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from apps.core.exceptions import DomainError
from apps.rounds.apportionment import ImpossibleMinimum, apportion


def test_textbook_case_by_hand():
    # 10 places over 6 : 3 : 1 shares exactly: 6, 3, 1.
    assert apportion(10, {"a": 6, "b": 3, "c": 1}) == {"a": 6, "b": 3, "c": 1}
    # 10 places over 5 : 3 : 2 with 7 places: exact shares 3.5, 2.1, 1.4 -> floors 3, 2, 1 and one left,
    # which goes to the largest remainder (a: 0.5).
    assert apportion(7, {"a": 5, "b": 3, "c": 2}) == {"a": 4, "b": 2, "c": 1}


def test_minimum_is_given_first_and_only_the_rest_is_apportioned():
    # 2 each first (6), the other 4 over 8 : 1 : 1 -> 3.2, 0.4, 0.4 -> 3, 0, 0 and one left: tie on
    # remainder 0.4 and on score 1 between b and c, so the smaller key b.
    assert apportion(10, {"a": 8, "b": 1, "c": 1}, minimum=2) == {"a": 5, "b": 3, "c": 2}
    # Without the minimum, a takes 8 of 10.
    assert apportion(10, {"a": 8, "b": 1, "c": 1}) == {"a": 8, "b": 1, "c": 1}


def test_minimum_equal_to_the_total_leaves_nothing_to_share():
    assert apportion(6, {"a": 100, "b": 0, "c": 1}, minimum=2) == {"a": 2, "b": 2, "c": 2}


def test_a_unit_with_a_zero_score_gets_the_minimum_only():
    assert apportion(9, {"a": 1, "b": 1, "zero": 0}, minimum=1) == {"a": 4, "b": 4, "zero": 1}
    assert apportion(9, {"a": 1, "b": 1, "zero": 0}) == {"a": 5, "b": 4, "zero": 0}


def test_all_zero_scores_share_equally_and_the_smaller_keys_take_what_is_left():
    assert apportion(10, {3: 0, 1: 0, 2: 0}) == {1: 4, 2: 3, 3: 3}
    assert apportion(11, {"c": 0, "a": 0, "b": 0}, minimum=1) == {"a": 4, "b": 4, "c": 3}


def test_places_left_over_go_to_the_larger_remainders():
    # 3 over 3 : 3 : 6 -> exact 0.75, 0.75, 1.5 -> floors 0, 0, 1; the two left go to a and b (0.75 > 0.5).
    assert apportion(3, {"a": 3, "b": 3, "c": 6}) == {"a": 1, "b": 1, "c": 1}
    # 1 over {z: 1, a: 1, m: 0} -> 0.5, 0.5, 0: equal remainders and scores, so the smaller key a.
    assert apportion(1, {"z": 1, "a": 1, "m": 0}) == {"a": 1, "m": 0, "z": 0}


def test_equal_remainders_larger_score_wins_before_the_key():
    # total 2 over {a: 1, b: 2, c: 3}: shares 1/3, 2/3, 1 -> c 1; one left to the larger remainder b.
    assert apportion(2, {"a": 1, "b": 2, "c": 3}) == {"a": 0, "b": 1, "c": 1}
    # Equal remainders (0.5) with unequal scores: total 3 over {a: 1, b: 1, c: 4}: shares 0.5, 0.5, 2 ->
    # floors 0, 0, 2; one left between a and b (equal scores) -> a. With b scoring more than a at an equal
    # remainder: total 4 over {a: 1, b: 3, c: 4}: shares 0.5, 1.5, 2 -> floors 0, 1, 2, one left, remainders
    # a 0.5 and b 0.5: b has the larger score and wins although a is the smaller key.
    assert apportion(3, {"a": 1, "b": 1, "c": 4}) == {"a": 1, "b": 0, "c": 2}
    assert apportion(4, {"a": 1, "b": 3, "c": 4}) == {"a": 0, "b": 2, "c": 2}


def test_result_does_not_depend_on_the_order_of_the_scores():
    rng = random.Random(7)
    scores = {f"unit{i:02d}": rng.choice([0, 1, 2, 3, Decimal("2.5")]) for i in range(30)}
    shuffled = list(scores.items())
    rng.shuffle(shuffled)
    assert apportion(97, scores, minimum=1) == apportion(97, dict(shuffled), minimum=1)


@pytest.mark.parametrize("seed", range(5))
def test_random_cases_sum_exactly_and_stay_within_one_of_the_exact_share(seed):
    rng = random.Random(seed)
    for _ in range(200):
        units = rng.randint(1, 60)
        minimum = rng.randint(0, 3)
        total = minimum * units + rng.randint(0, 400)
        scores = {i: Decimal(rng.randint(0, 10_000)) / 100 for i in range(units)}
        if rng.random() < 0.1:
            scores = dict.fromkeys(scores, Decimal(0))
        places = apportion(total, scores, minimum)

        assert sum(places.values()) == total
        assert set(places) == set(scores)
        assert min(places.values()) >= minimum
        rest = total - minimum * units
        weights = {key: Fraction(score) for key, score in scores.items()}
        if not any(weights.values()):
            weights = dict.fromkeys(weights, Fraction(1))
        for key, weight in weights.items():
            share = rest * weight / sum(weights.values())
            assert share - 1 < places[key] - minimum < share + 1  # Hamilton's quota property
        assert apportion(total, scores, minimum) == places  # idempotent


def test_floats_are_taken_as_written():
    assert apportion(10, {"a": 0.1, "b": 0.2, "c": 0.7}) == {"a": 1, "b": 2, "c": 7}


def test_impossible_minimum_is_a_clear_domain_error():
    with pytest.raises(ImpossibleMinimum) as raised:
        apportion(5, {"a": 1, "b": 1, "c": 1}, minimum=2)
    assert isinstance(raised.value, DomainError)
    assert raised.value.message == (
        "名额总数 5 不足以保证每个单位至少 2 个名额（3 个单位共需 6 个）。请降低每单位最少名额，或提高推荐比例。"
    )


def test_nothing_to_apportion_over():
    assert apportion(0, {}) == {}
    with pytest.raises(DomainError):
        apportion(3, {})


@pytest.mark.parametrize("total, scores, minimum", [(-1, {"a": 1}, 0), (3, {"a": -1}, 0), (3, {"a": 1}, -1)])
def test_negative_input_is_a_programming_error(total, scores, minimum):
    with pytest.raises(ValueError):
        apportion(total, scores, minimum)
