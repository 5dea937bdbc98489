"""Allocating and overriding quotas: the weighted formula, the transaction's rules, the audit, the task, the selector."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from apps.core.exceptions import DomainError, ReasonRequired
from apps.core.models import AuditEntry
from apps.rounds import tasks
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Quota, QuotaFactors, Round
from apps.rounds.selectors import quota_proposal
from apps.rounds.services import allocate_quotas, override_quota
from apps.rounds.tests.factories import RoundFactory
from apps.units.enums import UnitKind
from apps.units.tests.factories import RecommendingUnitFactory

NOT_OFFICE = ["applicant_a", "unit_staff_a", "expert"]


def _factors(round, unit, region_development=0, industry_level=0, worker_count=0, talent_environment=0):
    return QuotaFactors.objects.create(
        round=round, unit=unit, region_development=region_development, industry_level=industry_level,
        worker_count=worker_count, talent_environment=talent_environment,
    )


def _places(round):
    return dict(Quota.objects.filter(round=round).values_list("unit__name", "places"))


@pytest.fixture
def three_units(db):
    """Three provincial unions; round: target 10, ratio 1.5 (15 places), minimum 1, equal weights."""
    round = RoundFactory(year=2030, status=RoundStatus.DRAFT, national_target=10)
    units = [
        RecommendingUnitFactory(name=name, kind=UnitKind.PROVINCIAL_UNION, region=region)
        for name, region in (("山西省总工会", "14"), ("内蒙古自治区总工会", "15"), ("辽宁省总工会", "21"))
    ]
    return round, units


@pytest.mark.django_db
def test_allocation_by_hand_normalises_each_factor_over_the_units(three_units, programme_staff):
    round, (shanxi, neimenggu, liaoning) = three_units
    # Worker counts in the millions would swamp the indices without normalising each factor first.
    _factors(round, shanxi, region_development=90, industry_level=80, worker_count=1_000_000, talent_environment=50)
    _factors(round, neimenggu, region_development=10, industry_level=20, worker_count=3_000_000, talent_environment=50)
    # Liaoning: no factors entered, so zero everywhere.

    allocate_quotas(round, by=programme_staff)

    # Total ceil(10 × 1.5) = 15; minimum 1 each leaves 12. Normalised scores (weights 1):
    # Shanxi 0.9 + 0.8 + 0.25 + 0.5 = 2.45, Neimenggu 0.1 + 0.2 + 0.75 + 0.5 = 1.55, Liaoning 0.
    # Shares of 12: 7.35 and 4.65 -> 7 and 4, one left -> Neimenggu (0.65 > 0.35).
    assert _places(round) == {"山西省总工会": 8, "内蒙古自治区总工会": 6, "辽宁省总工会": 1}
    assert set(Quota.objects.values_list("places", flat=True)) == set(Quota.objects.values_list("computed_places", flat=True))


@pytest.mark.django_db
def test_weights_move_places_and_all_zero_factors_share_equally(three_units, programme_staff):
    round, units = three_units
    allocate_quotas(round, by=programme_staff)  # nobody has factors: 15 places, 5 each
    assert set(_places(round).values()) == {5}

    _factors(round, units[0], worker_count=1)
    _factors(round, units[1], worker_count=3)
    Round.objects.filter(pk=round.pk).update(worker_count_weight=Decimal("2.00"), minimum_places=0)
    allocate_quotas(Round.objects.get(pk=round.pk), by=programme_staff)

    # Only worker counts: 15 × 1/4 = 3.75 and 15 × 3/4 = 11.25 -> 3, 11, one left to Shanxi (0.75).
    assert _places(round) == {"山西省总工会": 4, "内蒙古自治区总工会": 11, "辽宁省总工会": 0}


@pytest.mark.django_db
def test_allocation_audits_one_summary_and_recomputing_unchanged_is_a_no_op(three_units, programme_staff):
    round, units = three_units
    for value, unit in zip((1, 2, 3), units):
        _factors(round, unit, region_development=value)

    allocate_quotas(round, by=programme_staff)
    allocate_quotas(round, by=programme_staff)

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.data["count"], entry.data["total"]) == (
        "rounds.quota.allocated", programme_staff, 3, 15
    )
    # 15 - 3 = 12 over 1 : 2 : 3 -> 2, 4, 6, plus the minimum.
    assert entry.data["places"] == {"山西省总工会": 3, "内蒙古自治区总工会": 5, "辽宁省总工会": 7}
    assert sorted(entry.data["ids"]) == sorted(str(pk) for pk in Quota.objects.values_list("pk", flat=True))
    assert Quota.objects.count() == 3


@pytest.mark.django_db
def test_impossible_minimum_is_refused_and_nothing_is_stored(three_units, programme_staff):
    round, _ = three_units
    Round.objects.filter(pk=round.pk).update(minimum_places=6)  # 3 × 6 = 18 > 15

    with pytest.raises(DomainError, match="不足以保证每个单位至少 6 个名额"):
        allocate_quotas(round, by=programme_staff)
    assert (Quota.objects.count(), AuditEntry.objects.count()) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("user", NOT_OFFICE)
def test_only_the_office_allocates_and_overrides(request, three_units, user):
    round, units = three_units
    with pytest.raises(PermissionDenied):
        allocate_quotas(round, by=request.getfixturevalue(user))
    quota = Quota.objects.create(round=round, unit=units[0], places=5, computed_places=5)
    with pytest.raises(PermissionDenied):
        override_quota(quota, by=request.getfixturevalue(user), places=6, reason="扩大名额")
    assert Quota.objects.get(pk=quota.pk).places == 5


@pytest.mark.django_db
def test_override_needs_a_reason_is_audited_and_survives_reallocation(three_units, programme_staff):
    round, units = three_units
    allocate_quotas(round, by=programme_staff)
    quota = Quota.objects.get(unit=units[0])

    with pytest.raises(ReasonRequired):
        override_quota(quota, by=programme_staff, places=9, reason="  ")
    override_quota(quota, by=programme_staff, places=9, reason="该地区重点产业集中，适当增加名额")

    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.data["old"], entry.data["new"], entry.data["reason"]) == (
        "rounds.quota.overridden", {"places": 5}, {"places": 9}, "该地区重点产业集中，适当增加名额"
    )
    # A weight change recomputes the others; the override keeps its places and its reason.
    _factors(round, units[1], talent_environment=1)
    allocate_quotas(round, by=programme_staff)
    quota.refresh_from_db()
    assert (quota.places, quota.computed_places, quota.override_reason) == (9, 1, "该地区重点产业集中，适当增加名额")
    assert _places(round) == {"山西省总工会": 9, "内蒙古自治区总工会": 13, "辽宁省总工会": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("status", [RoundStatus.REVIEWING, RoundStatus.PUBLICITY, RoundStatus.PUBLISHED, RoundStatus.CLOSED])
def test_quotas_are_frozen_once_recommending_ends(three_units, programme_staff, status):
    round, units = three_units
    allocate_quotas(round, by=programme_staff)
    Round.objects.filter(pk=round.pk).update(status=status)
    quota = Quota.objects.get(unit=units[0])

    with pytest.raises(DomainError, match="推荐名额已冻结"):
        allocate_quotas(round, by=programme_staff)
    with pytest.raises(DomainError, match="推荐名额已冻结"):
        override_quota(quota, by=programme_staff, places=1, reason="调整")
    assert AuditEntry.objects.filter(action="rounds.quota.overridden").count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("status", [RoundStatus.DRAFT, RoundStatus.DEPLOYED, RoundStatus.RECOMMENDING])
def test_quotas_can_be_allocated_until_recommending_ends(three_units, programme_staff, status):
    round, _ = three_units
    Round.objects.filter(pk=round.pk).update(status=status)
    allocate_quotas(round, by=programme_staff)
    assert sum(_places(round).values()) == 15


@pytest.mark.django_db
def test_a_unit_made_inactive_keeps_its_row_with_no_places(three_units, programme_staff):
    round, units = three_units
    allocate_quotas(round, by=programme_staff)
    units[2].is_active = False
    units[2].save()

    allocate_quotas(round, by=programme_staff)

    # 15 over the two left (equal, all zero): 1 + 6.5 each -> 8 and 7, the extra to the smaller key (山西 14 < 内蒙古 15 by region).
    assert _places(round) == {"山西省总工会": 8, "内蒙古自治区总工会": 7, "辽宁省总工会": 0}


@pytest.mark.django_db
def test_the_task_allocates_eagerly(three_units, programme_staff, eager_tasks):
    round, _ = three_units
    tasks.allocate_quotas.delay(round_id=round.pk, user_id=programme_staff.pk)
    assert sum(_places(round).values()) == 15


@pytest.mark.django_db
def test_proposal_shows_scores_shares_and_quotas_in_one_query(three_units, programme_staff, django_assert_num_queries):
    round, (shanxi, neimenggu, liaoning) = three_units
    _factors(round, shanxi, region_development=3)
    _factors(round, neimenggu, region_development=1)
    allocate_quotas(round, by=programme_staff)
    Round.objects.filter(pk=round.pk).update(region_development_weight=Decimal("2.00"))
    round = Round.objects.get(pk=round.pk)

    with django_assert_num_queries(1):
        rows = quota_proposal(round)

    assert [(row.unit.name, row.score, row.share, row.places) for row in rows] == [
        ("山西省总工会", Decimal("1.500000"), Decimal("0.750000"), 10),
        ("内蒙古自治区总工会", Decimal("0.500000"), Decimal("0.250000"), 4),
        ("辽宁省总工会", Decimal("0"), Decimal("0"), 1),
    ]
    # A what-if on an unsaved copy: the minimum at 0 moves every proposed quota, nothing stored changes.
    round.minimum_places = 0
    assert [row.proposed_places for row in quota_proposal(round)] == [11, 4, 0]
    assert _places(round) == {"山西省总工会": 10, "内蒙古自治区总工会": 4, "辽宁省总工会": 1}
