"""Confirming a round's quotas: the precondition of deployment, undone by a change before deployment."""
import pytest
from django.core.exceptions import PermissionDenied

from apps.core.exceptions import DomainError
from apps.core.models import AuditEntry
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Quota, Round
from apps.rounds.services import advance_round, allocate_quotas, confirm_quotas, override_quota
from apps.rounds.tests.factories import RoundFactory, past_schedule
from apps.units.tests.factories import RecommendingUnitFactory


@pytest.fixture
def draft(db):
    """A draft round (15 places to apportion) with a schedule, over two units, quotas not allocated yet."""
    RecommendingUnitFactory(name="山西省总工会", region="14")
    RecommendingUnitFactory(name="辽宁省总工会", region="21")
    return RoundFactory(year=2031, status=RoundStatus.DRAFT, national_target=10, **{**past_schedule(), "quotas_confirmed_at": None})


def _confirmed_at(round):
    return Round.objects.values_list("quotas_confirmed_at", flat=True).get(pk=round.pk)


@pytest.mark.django_db
def test_a_round_deploys_only_with_confirmed_quotas(draft, programme_staff):
    with pytest.raises(DomainError, match="部署前须分配并确认各推荐单位的推荐名额"):
        advance_round(draft, RoundStatus.DEPLOYED, by=programme_staff)
    allocate_quotas(draft, by=programme_staff)
    with pytest.raises(DomainError, match="部署前须分配并确认"):
        advance_round(draft, RoundStatus.DEPLOYED, by=programme_staff)

    confirm_quotas(draft, by=programme_staff)
    advance_round(draft, RoundStatus.DEPLOYED, by=programme_staff)

    assert Round.objects.get(pk=draft.pk).status == RoundStatus.DEPLOYED
    entry = AuditEntry.objects.get(action="rounds.quota.confirmed")
    assert (entry.actor_id, entry.data) == (programme_staff.pk, {"total": 15, "places": 15, "units": 2})


@pytest.mark.django_db
def test_confirming_needs_every_active_unit_allocated_and_changes_nothing_when_refused(draft, programme_staff):
    allocate_quotas(draft, by=programme_staff)
    RecommendingUnitFactory(name="吉林省总工会", region="22")  # a unit added after the allocation

    with pytest.raises(DomainError, match="尚有 1 个推荐单位未分配推荐名额（吉林省总工会）") as excinfo:
        confirm_quotas(draft, by=programme_staff)

    assert excinfo.value.code == "quotas_missing"
    assert (_confirmed_at(draft), AuditEntry.objects.filter(action="rounds.quota.confirmed").count()) == (None, 0)


@pytest.mark.django_db
def test_a_change_before_deployment_undoes_the_confirmation_and_confirming_twice_is_a_no_op(draft, programme_staff):
    allocate_quotas(draft, by=programme_staff)
    confirm_quotas(draft, by=programme_staff)
    first = _confirmed_at(draft)
    confirm_quotas(draft, by=programme_staff)
    assert (_confirmed_at(draft), AuditEntry.objects.filter(action="rounds.quota.confirmed").count()) == (first, 1)

    override_quota(Quota.objects.filter(round=draft).first(), by=programme_staff, places=9, reason="重点产业集中")

    assert _confirmed_at(draft) is None


@pytest.mark.django_db
def test_after_deployment_a_change_keeps_the_quotas_confirmed(draft, programme_staff):
    allocate_quotas(draft, by=programme_staff)
    confirm_quotas(draft, by=programme_staff)
    advance_round(draft, RoundStatus.DEPLOYED, by=programme_staff)
    first = _confirmed_at(draft)

    override_quota(Quota.objects.filter(round=draft).first(), by=programme_staff, places=9, reason="重点产业集中")

    assert _confirmed_at(draft) == first


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["applicant_a", "unit_staff_a", "expert"])
def test_only_the_office_confirms(request, draft, programme_staff, user):
    allocate_quotas(draft, by=programme_staff)
    with pytest.raises(PermissionDenied):
        confirm_quotas(draft, by=request.getfixturevalue(user))
    assert _confirmed_at(draft) is None


@pytest.mark.django_db
def test_frozen_quotas_cannot_be_confirmed(programme_staff):
    round = RoundFactory(year=2032, status=RoundStatus.REVIEWING, quotas_confirmed_at=None)
    with pytest.raises(DomainError, match="已冻结"):
        confirm_quotas(round, by=programme_staff)
