import pytest
from django.contrib.auth.models import AnonymousUser

from apps.accounts.roles import is_applicant, is_expert, is_programme_staff, is_unit_staff

PREDICATES = {
    "applicant_a": is_applicant,
    "unit_staff_a": is_unit_staff,
    "expert": is_expert,
    "programme_staff": is_programme_staff,
}


@pytest.mark.parametrize("role", [*PREDICATES, "superuser"])
def test_role_predicates_name_exactly_one_role(request, role):
    user = request.getfixturevalue(role)

    answers = {name: predicate(user) for name, predicate in PREDICATES.items()}

    assert answers == {name: name == ("programme_staff" if role == "superuser" else role) for name in PREDICATES}


@pytest.mark.parametrize("predicate", PREDICATES.values())
def test_role_predicates_refuse_anonymous_users(predicate):
    assert predicate(AnonymousUser()) is False


@pytest.mark.parametrize("predicate", PREDICATES.values())
def test_role_predicates_refuse_none(predicate):
    assert predicate(None) is False


@pytest.mark.parametrize("role", PREDICATES)
def test_role_predicates_refuse_deactivated_users(request, role):
    user = request.getfixturevalue(role)
    user.is_active = False

    assert PREDICATES[role](user) is False


def test_is_unit_staff_is_true_for_own_unit(unit_staff_a, unit_a):
    assert is_unit_staff(unit_staff_a, unit_a) is True


def test_is_unit_staff_is_false_for_another_unit(unit_staff_a, unit_b):
    assert is_unit_staff(unit_staff_a, unit_b) is False


def test_is_unit_staff_is_false_for_staff_of_another_unit(unit_staff_b, unit_a):
    assert is_unit_staff(unit_staff_b, unit_a) is False


def test_is_unit_staff_follows_membership_alone_without_a_query(unit_staff_a, unit_a, django_assert_num_queries):
    with django_assert_num_queries(0):
        answers = (is_unit_staff(unit_staff_a), is_unit_staff(unit_staff_a, unit_a))

    assert answers == (True, True)


@pytest.mark.parametrize("role", ["applicant_a", "expert", "programme_staff", "superuser"])
def test_is_unit_staff_is_false_for_other_roles(request, role, unit_a):
    user = request.getfixturevalue(role)

    assert (is_unit_staff(user), is_unit_staff(user, unit_a)) == (False, False)
