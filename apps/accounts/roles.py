"""Roles and the predicates every app uses to ask who a user is."""
from django.db import models


class Role(models.TextChoices):
    APPLICANT = "applicant", "申报人"
    UNIT_STAFF = "unit_staff", "推荐单位工作人员"
    EXPERT = "expert", "评审专家"
    PROGRAMME_STAFF = "programme_staff", "全总工作人员"


# The system itself (scheduled tasks: closing publicity, expiring links) acts as `by=None`. It is not a
# role a user can hold, so it is not one of the choices above; a move names it as its actor like a role.
SYSTEM = "system"
SYSTEM_LABEL = "系统"


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def is_applicant(user):
    return _active(user) and user.role == Role.APPLICANT


def is_expert(user):
    return _active(user) and user.role == Role.EXPERT


def is_programme_staff(user):
    return _active(user) and (user.role == Role.PROGRAMME_STAFF or user.is_superuser)


def is_unit_staff(user, unit=None):
    """Staff of any unit, or, given `unit`, staff of that unit.

    Membership has one source of truth, `user.unit`: no object-permission lookup, no query.
    """
    if not (_active(user) and user.role == Role.UNIT_STAFF and user.unit_id):
        return False
    return unit is None or user.unit_id == unit.pk


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
