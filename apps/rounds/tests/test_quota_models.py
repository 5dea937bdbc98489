"""The quota tables' invariants, held by the database."""
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from apps.rounds.models import Quota, QuotaFactors, Round


@pytest.mark.django_db
def test_a_new_round_weighs_the_four_factors_equally_with_ratio_one_and_a_half(round):
    round = Round.objects.get(pk=round.pk)
    weights = (
        round.region_development_weight, round.industry_level_weight,
        round.worker_count_weight, round.talent_environment_weight,
    )
    assert weights == (Decimal("1.00"),) * 4
    assert (round.recommendation_ratio, round.minimum_places) == (Decimal("1.50"), 1)


@pytest.mark.django_db
def test_one_quota_and_one_set_of_factors_per_unit_and_round(round, unit_a):
    Quota.objects.create(round=round, unit=unit_a, places=3, computed_places=3)
    QuotaFactors.objects.create(round=round, unit=unit_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Quota.objects.create(round=round, unit=unit_a, places=1, computed_places=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuotaFactors.objects.create(round=round, unit=unit_a)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["region_development", "industry_level", "worker_count", "talent_environment"])
def test_factor_values_cannot_be_negative(round, unit_a, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        QuotaFactors.objects.create(round=round, unit=unit_a, **{field: Decimal("-1")})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value",
    [("region_development_weight", Decimal("-0.01")), ("worker_count_weight", Decimal("-1")),
     ("recommendation_ratio", Decimal("0.99"))],
)
def test_round_weights_are_not_negative_and_the_ratio_at_least_one(round, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.filter(pk=round.pk).update(**{field: value})
