from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from apps.core import audit
from apps.core.exceptions import DomainError

from .models import User
from .roles import Role, is_programme_staff


def _may_manage_accounts(by):
    # `by=None` is the system itself: management commands such as seed_demo.
    return by is None or is_programme_staff(by)


@transaction.atomic
def create_user(*, by, username, password, role, display_name="", email="", phone="", unit=None):
    """Create an account for `role`. Programme staff may use the admin. Audits `accounts.user.created`.

    The password must pass the configured validators; `password=None` makes an account that
    cannot log in until a password is set.
    """
    if not _may_manage_accounts(by):
        raise PermissionDenied
    user = User(
        username=username,
        role=role,
        display_name=display_name,
        email=email,
        phone=phone,
        unit=unit,
        is_staff=role == Role.PROGRAMME_STAFF,
    )
    user.full_clean(exclude=["password"])
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise DomainError("；".join(error.messages), code="weak_password") from None
    user.set_password(password)
    user.save()
    if unit is not None:
        assign_perm("units.act_for_unit", user, unit)
    audit.record(by, "accounts.user.created", user, role=role, unit=str(unit or ""))
    return user


@transaction.atomic
def grant_superuser(user, *, by):
    """Make `user` a superuser. Only the system or another superuser may. Audits `accounts.user.superuser_granted`."""
    if by is not None and not by.is_superuser:
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_superuser:
        return user
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    audit.record(by, "accounts.user.superuser_granted", user)
    return user


@transaction.atomic
def move_unit_staff(user, *, unit, by):
    """Move a unit staff member to another unit, moving the object permission with the membership.

    Audits `accounts.user.unit_changed`.
    """
    if not _may_manage_accounts(by):
        raise PermissionDenied
    user = User.objects.select_for_update(of=("self",)).select_related("unit").get(pk=user.pk)
    if user.role != Role.UNIT_STAFF:
        raise DomainError("只有推荐单位工作人员可以调整所属单位。")
    previous = user.unit
    if previous == unit:
        return user
    remove_perm("units.act_for_unit", user, previous)
    user.unit = unit
    user.save(update_fields=["unit"])
    assign_perm("units.act_for_unit", user, unit)
    audit.record(by, "accounts.user.unit_changed", user, previous=str(previous or ""), unit=str(unit or ""))
    return user


@transaction.atomic
def set_user_active(user, *, by, active):
    """Activate or deactivate `user`'s account. Programme staff may; only a superuser may for a superuser.

    A deactivated user can no longer log in, and their sessions and API tokens stop working.
    Nobody deactivates their own account. Audits `accounts.user.activated` or
    `accounts.user.deactivated`; asking for the state the account is in changes nothing.
    """
    if not is_programme_staff(by):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=user.pk)
    # Like grant_superuser: programme staff must not be able to lock the superusers out.
    if user.is_superuser and not by.is_superuser:
        raise PermissionDenied
    if user.is_active == active:
        return user
    if not active and user.pk == by.pk:
        raise DomainError("不能停用自己的账号。", code="self_deactivation")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(by, f"accounts.user.{'activated' if active else 'deactivated'}", user)
    return user
