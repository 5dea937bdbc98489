"""The cultivation access policy: the office sees every record, a unit the cultivations of its own
candidates, the craftsman their own, anyone else nothing (and `can_see` agrees with the list)."""
import pytest

from apps.accounts.roles import Role
from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.core import policy
from apps.cultivation.permissions import visible_cultivations

from .factories import CultivationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    return CultivationFactory(), CultivationFactory()


def test_office_sees_every_cultivation(two):
    office = UserFactory(role=Role.PROGRAMME_STAFF)
    assert set(visible_cultivations(office)) == set(two)


def test_unit_sees_only_its_own_candidates(two):
    mine, theirs = two
    staff = UnitStaffFactory(unit=mine.application.unit)
    assert list(visible_cultivations(staff)) == [mine]
    assert policy.can_see(staff, mine) and not policy.can_see(staff, theirs)


def test_craftsman_sees_only_their_own(two):
    mine, theirs = two
    craftsman = mine.application.applicant
    assert list(visible_cultivations(craftsman)) == [mine]
    assert not policy.can_see(craftsman, theirs)


def test_expert_and_other_applicants_see_nothing(two):
    assert not visible_cultivations(UserFactory(role=Role.EXPERT)).exists()
    assert not visible_cultivations(UserFactory(role=Role.APPLICANT)).exists()
