import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.accounts.models import User
from apps.accounts.roles import Role, is_unit_staff
from apps.accounts.services import create_user, grant_superuser, move_unit_staff, set_user_active
from apps.accounts.tests.factories import UserFactory
from apps.core.audit import verify_chain
from apps.core.exceptions import DomainError
from apps.core.fields import blind_index_for
from apps.core.models import AuditEntry

NEW_PASSWORD = "Lathe-Welder-2027"


def test_create_user_creates_and_audits(programme_staff):
    user = create_user(
        by=programme_staff, username="new_applicant", password=NEW_PASSWORD, role=Role.APPLICANT,
        display_name="孙立新", phone="+86 139 1234 5678",
    )

    entry = AuditEntry.objects.get()
    assert (
        user.check_password(NEW_PASSWORD), user.is_staff, User.objects.get(pk=user.pk).phone,
        entry.action, entry.actor, entry.object_id, entry.data, verify_chain().ok,
    ) == (
        True, False, "13912345678",
        "accounts.user.created", programme_staff, str(user.pk), {"role": "applicant", "unit": ""}, True,
    )


def test_create_user_keeps_personal_data_out_of_the_audit_log(programme_staff):
    user = create_user(
        by=programme_staff, username="new_applicant", password=NEW_PASSWORD, role=Role.APPLICANT, phone="13912345678"
    )

    stored = AuditEntry.objects.filter(object_id=str(user.pk)).values().get()
    assert [name for name, value in stored.items() if "13912345678" in str(value) or "12345678" in str(value)] == []


def test_create_user_makes_unit_staff_members_of_their_unit_only(programme_staff, unit_a, unit_b):
    user = create_user(
        by=programme_staff, username="new_unit", password=NEW_PASSWORD, role=Role.UNIT_STAFF, unit=unit_a
    )

    user = User.objects.get(pk=user.pk)
    assert (
        user.unit, is_unit_staff(user, unit_a), is_unit_staff(user, unit_b), AuditEntry.objects.get().data,
    ) == (unit_a, True, False, {"role": "unit_staff", "unit": "北京市总工会"})


def test_create_user_makes_programme_staff_admin_users(superuser):
    user = create_user(by=superuser, username="new_office", password=NEW_PASSWORD, role=Role.PROGRAMME_STAFF)

    assert (
        user.is_staff, user.is_superuser, user.has_perm("core.view_auditentry"), user.has_perm("core.change_auditentry")
    ) == (True, False, True, False)


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.UNIT_STAFF, Role.EXPERT])
def test_create_user_keeps_other_roles_out_of_the_admin(programme_staff, unit_a, role):
    user = create_user(
        by=programme_staff, username="someone", password=NEW_PASSWORD, role=role,
        unit=unit_a if role == Role.UNIT_STAFF else None,
    )

    assert (user.is_staff, user.has_perm("core.view_auditentry")) == (False, False)


@pytest.mark.parametrize(
    "role, with_unit",
    [(Role.UNIT_STAFF, False), (Role.APPLICANT, True), (Role.EXPERT, True), (Role.PROGRAMME_STAFF, True)],
)
def test_create_user_refuses_a_unit_that_does_not_fit_the_role(programme_staff, unit_a, role, with_unit):
    with pytest.raises(ValidationError) as error:
        create_user(
            by=programme_staff, username="someone", password=NEW_PASSWORD, role=role, unit=unit_a if with_unit else None
        )

    created = User.objects.filter(username="someone").exists()
    assert (list(error.value.message_dict), created, AuditEntry.objects.count()) == (["__all__"], False, 0)


def test_create_user_refuses_an_invalid_phone(programme_staff):
    with pytest.raises(ValidationError) as error:
        create_user(by=programme_staff, username="someone", password=NEW_PASSWORD, role=Role.APPLICANT, phone="12345")

    assert (error.value.message_dict, User.objects.filter(username="someone").exists(), AuditEntry.objects.count()) == (
        {"phone": ["请输入11位中国大陆手机号码，以1开头。"]}, False, 0
    )


def test_create_user_refuses_a_taken_username(programme_staff, applicant_a):
    with pytest.raises(ValidationError) as error:
        create_user(by=programme_staff, username="applicant_a", password=NEW_PASSWORD, role=Role.APPLICANT)

    assert (list(error.value.message_dict), AuditEntry.objects.count()) == (["username"], 0)


def test_create_user_stores_the_phones_blind_index(programme_staff):
    user = create_user(
        by=programme_staff, username="someone", password=NEW_PASSWORD, role=Role.APPLICANT, phone="139-1234-5678"
    )

    assert list(User.objects.filter(phone_hash=blind_index_for("mobile", "13912345678"))) == [user]


def test_move_unit_staff_moves_the_membership(programme_staff, unit_staff_a, unit_a, unit_b):
    moved = move_unit_staff(unit_staff_a, unit=unit_b, by=programme_staff)

    user = User.objects.get(pk=unit_staff_a.pk)
    assert (moved.unit, user.unit, is_unit_staff(user, unit_a), is_unit_staff(user, unit_b)) == (
        unit_b, unit_b, False, True,
    )


def test_move_unit_staff_audits_both_units(programme_staff, unit_staff_a, unit_b):
    move_unit_staff(unit_staff_a, unit=unit_b, by=programme_staff)

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id, entry.data) == (
        "accounts.user.unit_changed", programme_staff, str(unit_staff_a.pk),
        {"previous": "北京市总工会", "unit": "上海市总工会"},
    )


def test_move_unit_staff_to_the_same_unit_changes_nothing(programme_staff, unit_staff_a, unit_a):
    moved = move_unit_staff(unit_staff_a, unit=unit_a, by=programme_staff)

    assert (moved.unit, is_unit_staff(moved, unit_a), AuditEntry.objects.count()) == (unit_a, True, 0)


def test_move_unit_staff_refuses_other_roles(programme_staff, applicant_a, unit_a):
    with pytest.raises(DomainError) as error:
        move_unit_staff(applicant_a, unit=unit_a, by=programme_staff)

    applicant_a.refresh_from_db()
    assert (error.value.message, applicant_a.unit, AuditEntry.objects.count()) == (
        "只有推荐单位工作人员可以调整所属单位。", None, 0
    )


@pytest.mark.django_db
def test_create_user_refuses_a_weak_password_and_creates_nothing(programme_staff):
    with pytest.raises(DomainError) as refused:
        create_user(by=programme_staff, username="weak", password="12345678", role=Role.APPLICANT)

    assert refused.value.code == "weak_password"
    assert "密码" in refused.value.message
    assert not User.objects.filter(username="weak").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["applicant_a", "unit_staff_a", "expert"])
def test_create_user_refuses_anyone_but_programme_staff(request, role):
    user = request.getfixturevalue(role)
    before = User.objects.count()

    with pytest.raises(PermissionDenied):
        create_user(by=user, username="intruder", password="Gongjiang@2026", role=Role.PROGRAMME_STAFF)

    assert User.objects.count() == before


@pytest.mark.django_db
def test_grant_superuser_by_the_system_audits_once(applicant_a):
    grant_superuser(applicant_a, by=None)
    grant_superuser(applicant_a, by=None)

    applicant_a.refresh_from_db()
    assert applicant_a.is_superuser is True
    assert list(AuditEntry.objects.values_list("action", "actor")) == [("accounts.user.superuser_granted", None)]


@pytest.mark.django_db
def test_grant_superuser_refuses_programme_staff_who_are_not_superusers(programme_staff, applicant_a):
    with pytest.raises(PermissionDenied):
        grant_superuser(applicant_a, by=programme_staff)

    applicant_a.refresh_from_db()
    assert applicant_a.is_superuser is False


@pytest.mark.parametrize("active, action", [(False, "accounts.user.deactivated"), (True, "accounts.user.activated")])
def test_set_user_active_changes_the_account_and_audits(programme_staff, applicant_a, active, action):
    applicant_a.is_active = not active
    applicant_a.save()

    changed = set_user_active(applicant_a, by=programme_staff, active=active)

    entry = AuditEntry.objects.get()
    assert (
        changed.is_active, User.objects.get(pk=applicant_a.pk).is_active,
        entry.action, entry.actor, entry.object_id, entry.data, verify_chain().ok,
    ) == (active, active, action, programme_staff, str(applicant_a.pk), {}, True)


@pytest.mark.parametrize("active", [True, False])
def test_set_user_active_to_the_current_state_changes_nothing(programme_staff, applicant_a, active):
    applicant_a.is_active = active
    applicant_a.save()

    changed = set_user_active(applicant_a, by=programme_staff, active=active)

    assert (changed.is_active, User.objects.get(pk=applicant_a.pk).is_active, AuditEntry.objects.count()) == (
        active, active, 0
    )


def test_set_user_active_ends_the_users_sessions(client, programme_staff, applicant_a):
    client.force_login(applicant_a)

    set_user_active(applicant_a, by=programme_staff, active=False)

    response = client.get("/applicant/")
    assert (response.status_code, response.url) == (302, "/accounts/login/?next=/applicant/")


@pytest.mark.parametrize("role", ["programme_staff", "superuser"])
def test_set_user_active_refuses_deactivating_yourself(request, role):
    user = request.getfixturevalue(role)

    with pytest.raises(DomainError) as refused:
        set_user_active(user, by=user, active=False)

    assert (
        refused.value.message, refused.value.code, User.objects.get(pk=user.pk).is_active, AuditEntry.objects.count()
    ) == ("不能停用自己的账号。", "self_deactivation", True, 0)


@pytest.mark.parametrize("role", ["applicant_a", "unit_staff_a", "expert"])
def test_set_user_active_refuses_anyone_but_programme_staff(request, applicant_b, role):
    with pytest.raises(PermissionDenied):
        set_user_active(applicant_b, by=request.getfixturevalue(role), active=False)

    assert (User.objects.get(pk=applicant_b.pk).is_active, AuditEntry.objects.count()) == (True, 0)


def test_set_user_active_refuses_the_system(applicant_a):
    with pytest.raises(PermissionDenied):
        set_user_active(applicant_a, by=None, active=False)

    assert (User.objects.get(pk=applicant_a.pk).is_active, AuditEntry.objects.count()) == (True, 0)


def test_set_user_active_refuses_deactivated_programme_staff(programme_staff, applicant_a):
    programme_staff.is_active = False
    programme_staff.save()

    with pytest.raises(PermissionDenied):
        set_user_active(applicant_a, by=programme_staff, active=False)

    assert (User.objects.get(pk=applicant_a.pk).is_active, AuditEntry.objects.count()) == (True, 0)


def test_set_user_active_refuses_programme_staff_for_a_superuser(programme_staff, superuser):
    with pytest.raises(PermissionDenied):
        set_user_active(superuser, by=programme_staff, active=False)

    assert (User.objects.get(pk=superuser.pk).is_active, AuditEntry.objects.count()) == (True, 0)


def test_set_user_active_lets_a_superuser_deactivate_another_superuser(superuser):
    other = UserFactory(username="root2", role=Role.PROGRAMME_STAFF, is_superuser=True)

    set_user_active(other, by=superuser, active=False)

    assert (User.objects.get(pk=other.pk).is_active, list(AuditEntry.objects.values_list("action", "actor"))) == (
        False, [("accounts.user.deactivated", superuser.pk)]
    )
