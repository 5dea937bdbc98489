from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from apps.core import audit
from apps.core.exceptions import DomainError

from .models import User
from .roles import Role


@transaction.atomic
def create_user(*, by, username, password, role, display_name="", email="", phone="", unit=None):
    """Create an account for `role`. Programme staff may use the admin. Audits `accounts.user.created`."""
    user = User(
        username=username,
        role=role,
        display_name=display_name,
        email=email,
        phone=phone,
        unit=unit,
        is_staff=role == Role.PROGRAMME_STAFF,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if unit is not None:
        assign_perm("units.act_for_unit", user, unit)
    audit.record(by, "accounts.user.created", user, role=role, unit=str(unit or ""))
    return user


@transaction.atomic
def move_unit_staff(user, unit, *, by):
    """Move a unit staff member to another unit, moving the object permission with the membership.

    Audits `accounts.user.unit_changed`.
    """
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
