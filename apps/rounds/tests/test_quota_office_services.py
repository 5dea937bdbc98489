"""The office's quota scheme, factor values and round settings: validation, audit, frozen, confirmation
undone before deployment, stale edits refused."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.core.exceptions import DomainError
from apps.core.models import AuditEntry
from apps.rounds.enums import RoundStatus
from apps.rounds.models import QuotaFactors, Round
from apps.rounds.quota_services import FactorRowsInvalid, factor_stamp, save_quota_factors, update_quota_scheme
from apps.rounds.services import allocate_quotas, confirm_quotas, update_indicator, update_round_settings
from apps.rounds.tests.factories import RoundFactory
from apps.units.tests.factories import RecommendingUnitFactory


@pytest.fixture
def units(db):
    return [
        RecommendingUnitFactory(name="山西省总工会", region="14"),
        RecommendingUnitFactory(name="辽宁省总工会", region="21"),
    ]


@pytest.fixture
def draft(units, programme_staff):
    """A draft round (15 places) over two units, allocated and confirmed."""
    round = RoundFactory(year=2031, status=RoundStatus.DRAFT, national_target=10)
    allocate_quotas(round, by=programme_staff)
    confirm_quotas(round, by=programme_staff)
    return Round.objects.get(pk=round.pk)


def row(unit, region="80", industry="70", workers="1000000", talent="60", **extra):
    return {"unit": unit.pk, "region_development": region, "industry_level": industry, "worker_count": workers,
            "talent_environment": talent, **extra}


def fresh(round):
    return Round.objects.get(pk=round.pk)


def factor_values(round):
    return list(QuotaFactors.objects.filter(round=round).order_by("unit__name").values_list(
        "unit__name", "region_development", "industry_level", "worker_count", "talent_environment"))


# --- update_quota_scheme -----------------------------------------------------------------------


@pytest.mark.django_db
def test_update_quota_scheme_saves_audits_old_and_new_and_undoes_the_confirmation(draft, programme_staff):
    update_quota_scheme(draft, by=programme_staff, worker_count_weight=Decimal("2.50"), recommendation_ratio=Decimal("1.20"))

    round = fresh(draft)
    assert (round.worker_count_weight, round.recommendation_ratio, round.quotas_confirmed_at) == (
        Decimal("2.50"), Decimal("1.20"), None
    )
    entry = AuditEntry.objects.get(action="rounds.quota.scheme_changed")
    assert (entry.actor, entry.data) == (programme_staff, {
        "old": {"worker_count_weight": "1.00", "recommendation_ratio": "1.50"},
        "new": {"worker_count_weight": "2.50", "recommendation_ratio": "1.20"},
    })


@pytest.mark.django_db
def test_update_quota_scheme_with_the_same_values_is_a_no_op(draft, programme_staff):
    update_quota_scheme(draft, by=programme_staff, worker_count_weight=Decimal("1"), minimum_places=1)

    assert fresh(draft).quotas_confirmed_at == draft.quotas_confirmed_at
    assert not AuditEntry.objects.filter(action="rounds.quota.scheme_changed").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("values, error", [
    ({"recommendation_ratio": Decimal("0.90")}, ValidationError),
    ({"industry_level_weight": Decimal("-1")}, ValidationError),
    ({"region_development_weight": Decimal("0"), "industry_level_weight": Decimal("0"),
      "worker_count_weight": Decimal("0"), "talent_environment_weight": Decimal("0")}, DomainError),
    ({"minimum_places": 8}, DomainError),  # 2 units × 8 > 15 places
])
def test_update_quota_scheme_refuses_invalid_values_and_changes_nothing(draft, programme_staff, values, error):
    with pytest.raises(error):
        update_quota_scheme(draft, by=programme_staff, **values)

    round = fresh(draft)
    assert [getattr(round, name) for name in values] == [getattr(draft, name) for name in values]
    assert (round.quotas_confirmed_at, AuditEntry.objects.filter(action="rounds.quota.scheme_changed").count()) == (
        draft.quotas_confirmed_at, 0
    )


@pytest.mark.django_db
def test_update_quota_scheme_refuses_a_stale_form(draft, programme_staff):
    seen = draft.updated_at
    update_quota_scheme(draft, by=programme_staff, minimum_places=2, seen_updated_at=seen)

    with pytest.raises(DomainError, match="已被他人修改") as refused:
        update_quota_scheme(draft, by=programme_staff, minimum_places=3, seen_updated_at=seen)

    assert (refused.value.code, fresh(draft).minimum_places) == ("stale_edit", 2)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [RoundStatus.REVIEWING, RoundStatus.PUBLICITY, RoundStatus.CLOSED])
def test_update_quota_scheme_refuses_once_quotas_are_frozen(programme_staff, status):
    round = RoundFactory(status=status)

    with pytest.raises(DomainError, match="已冻结"):
        update_quota_scheme(round, by=programme_staff, minimum_places=3)

    assert fresh(round).minimum_places == 1


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["applicant_a", "unit_staff_a", "expert"])
def test_update_quota_scheme_refuses_anyone_but_the_office(request, draft, user):
    with pytest.raises(PermissionDenied):
        update_quota_scheme(draft, by=request.getfixturevalue(user), minimum_places=2)
    assert fresh(draft).minimum_places == 1


# --- save_quota_factors ------------------------------------------------------------------------


@pytest.mark.django_db
def test_save_quota_factors_creates_and_updates_with_one_audit_entry_and_undoes_the_confirmation(draft, units, programme_staff):
    shanxi, liaoning = units
    save_quota_factors(draft, by=programme_staff, rows=[row(shanxi)])

    save_quota_factors(draft, by=programme_staff, rows=[row(shanxi, region="85.5"), row(liaoning, workers="2,000,000")])

    assert factor_values(draft) == [
        ("山西省总工会", Decimal("85.50"), Decimal("70.00"), Decimal("1000000.00"), Decimal("60.00")),
        ("辽宁省总工会", Decimal("80.00"), Decimal("70.00"), Decimal("2000000.00"), Decimal("60.00")),
    ]
    assert fresh(draft).quotas_confirmed_at is None
    last = AuditEntry.objects.filter(action="rounds.quota.factors_saved").order_by("pk").last()
    assert (last.data["count"], last.data["source"], sorted(last.data["changes"])) == (2, "form", ["山西省总工会", "辽宁省总工会"])
    assert last.data["changes"]["山西省总工会"]["old"]["region_development"] == "80.00"
    assert last.data["changes"]["辽宁省总工会"]["old"] is None


@pytest.mark.django_db
def test_save_quota_factors_with_unchanged_values_writes_nothing(draft, units, programme_staff):
    save_quota_factors(draft, by=programme_staff, rows=[row(units[0])])
    count = AuditEntry.objects.count()

    assert save_quota_factors(draft, by=programme_staff, rows=[row(units[0], region="80.00")]) == []

    assert AuditEntry.objects.count() == count


@pytest.mark.django_db
def test_save_quota_factors_saves_nothing_when_any_row_is_wrong(draft, units, programme_staff):
    shanxi, liaoning = units
    inactive = RecommendingUnitFactory(name="已撤销单位", is_active=False)

    with pytest.raises(FactorRowsInvalid) as refused:
        save_quota_factors(draft, by=programme_staff, rows=[
            row(shanxi), row(liaoning, industry="-3"), row(liaoning), row(inactive), {"unit": "x"},
            row(shanxi, talent="1.234") | {"unit": 99999},
        ])

    assert refused.value.errors == [
        "第 2 行（辽宁省总工会）行业技术水平：须为不小于 0 的数字，最多两位小数",
        "第 3 行：推荐单位“辽宁省总工会”重复",
        f"第 4 行：推荐单位（{inactive.pk}）不存在或未启用",
        "第 5 行：推荐单位（x）不存在或未启用",
        "第 6 行：推荐单位（99999）不存在或未启用",
    ]
    assert factor_values(draft) == []
    assert fresh(draft).quotas_confirmed_at is not None
    assert not AuditEntry.objects.filter(action="rounds.quota.factors_saved").exists()


@pytest.mark.django_db
def test_save_quota_factors_refuses_a_row_changed_since_the_page_was_read(draft, units, programme_staff):
    shanxi = units[0]
    save_quota_factors(draft, by=programme_staff, rows=[row(shanxi)])
    seen = factor_stamp(QuotaFactors.objects.get(unit=shanxi))
    save_quota_factors(draft, by=programme_staff, rows=[row(shanxi, region="90", seen=seen)])

    with pytest.raises(FactorRowsInvalid, match="已被他人修改"):
        save_quota_factors(draft, by=programme_staff, rows=[row(shanxi, region="10", seen=seen)])
    with pytest.raises(FactorRowsInvalid, match="已被他人修改"):  # a row created since a page that had none
        save_quota_factors(draft, by=programme_staff, rows=[row(shanxi, region="10", seen="")])

    assert QuotaFactors.objects.get(unit=shanxi).region_development == Decimal("90.00")


@pytest.mark.django_db
def test_save_quota_factors_refuses_when_quotas_are_frozen(units, programme_staff):
    round = RoundFactory(status=RoundStatus.REVIEWING)

    with pytest.raises(DomainError, match="已冻结"):
        save_quota_factors(round, by=programme_staff, rows=[row(units[0])])

    assert factor_values(round) == []


# --- round settings and indicators -----------------------------------------------------------------


@pytest.mark.django_db
def test_update_round_settings_refuses_a_stale_form_and_a_new_target_undoes_the_confirmation(draft, programme_staff):
    seen = draft.updated_at
    draft.national_target = 12
    update_round_settings(draft, by=programme_staff, fields=["national_target"], seen_updated_at=seen)
    assert (fresh(draft).national_target, fresh(draft).quotas_confirmed_at) == (12, None)

    stale = Round.objects.get(pk=draft.pk)
    stale.title = "旧页面上的名称"
    with pytest.raises(DomainError, match="已被他人修改"):
        update_round_settings(stale, by=programme_staff, fields=["title"], seen_updated_at=seen)

    assert fresh(draft).title == ""


@pytest.mark.django_db
def test_update_round_settings_refuses_a_new_target_once_quotas_are_frozen(programme_staff):
    round = RoundFactory(status=RoundStatus.REVIEWING, national_target=200)
    round.national_target, round.title = 300, "新名称"

    with pytest.raises(DomainError, match="全国培育目标人数不能再修改"):
        update_round_settings(round, by=programme_staff, fields=["national_target", "title"])

    assert (fresh(round).national_target, fresh(round).title) == (200, "")


@pytest.mark.django_db
def test_update_indicator_refuses_an_edit_of_values_someone_changed_since(round, programme_staff):
    indicator = round.indicators.get(position=2)
    seen = {"weight": "1.00", "max_score": "10.0"}
    update_indicator(indicator, by=programme_staff, weight=Decimal("2"), max_score=Decimal("10"), seen=seen)

    with pytest.raises(DomainError, match="已被他人修改"):
        update_indicator(indicator, by=programme_staff, weight=Decimal("3"), max_score=Decimal("10"), seen=seen)

    indicator.refresh_from_db()
    assert indicator.weight == Decimal("2.00")
