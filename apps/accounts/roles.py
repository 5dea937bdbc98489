"""Roles and the predicates every app uses to ask who a user is."""
from django.db import models


class Role(models.TextChoices):
    APPLICANT = "applicant", "申报人"
    UNIT_STAFF = "unit_staff", "推荐单位工作人员"
    EXPERT = "expert", "评审专家"
    PROGRAMME_STAFF = "programme_staff", "全总工作人员"


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def is_applicant(user):
    return _active(user) and user.role == Role.APPLICANT


def is_expert(user):
    return _active(user) and user.role == Role.EXPERT


def is_programme_staff(user):
    return _active(user) and (user.role == Role.PROGRAMME_STAFF or user.is_superuser)


def is_unit_staff(user, unit=None):
    """Staff of any unit, or, given `unit`, staff granted to act for that unit."""
    if not (_active(user) and user.role == Role.UNIT_STAFF and user.unit_id):
        return False
    if unit is None:
        return True
    return user.unit_id == unit.pk and user.has_perm("units.act_for_unit", unit)


# Each role's home page: the URL name of its dashboard.
DASHBOARDS = {
    Role.APPLICANT: "applicants:dashboard",
    Role.UNIT_STAFF: "units:dashboard",
    Role.EXPERT: "reviews:dashboard",
    Role.PROGRAMME_STAFF: "rounds:dashboard",
}


def dashboard_url_name(user):
    """The URL name of `user`'s dashboard (superusers use the programme office's), or None."""
    if user.is_superuser:
        return DASHBOARDS[Role.PROGRAMME_STAFF]
    return DASHBOARDS.get(user.role)
