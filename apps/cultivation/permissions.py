"""Who may see a cultivation record (its access policy): the office every one, the recommending unit the
cultivations of the candidates it recommended, the craftsman their own. Records hanging off a cultivation
(plans, reports, funding, certificates) are scoped through `visible_cultivations`."""
from django.db.models import Q

from apps.accounts.roles import is_applicant, is_programme_staff, is_unit_staff
from apps.core import policy

MODEL = "cultivation.cultivation"


def office_branch(user):
    """The programme office runs cultivation and the talent pool: every record."""
    return Q(pk__isnull=False) if is_programme_staff(user) else None  # Q() would vanish in the union


def unit_branch(user):
    """A unit's staff follow the cultivation of the candidates their unit recommended (membership: `user.unit`)."""
    return Q(application__unit_id=user.unit_id) if is_unit_staff(user) else None


def craftsman_branch(user):
    """The craftsman sees their own cultivation (the applicant of the published application)."""
    return Q(application__applicant_id=user.pk) if is_applicant(user) else None


def register_policy():
    policy.register_branch(MODEL, "office", office_branch)
    policy.register_branch(MODEL, "unit", unit_branch)
    policy.register_branch(MODEL, "craftsman", craftsman_branch)


def visible_cultivations(user):
    """The cultivations `user` may see: the base queryset for every record that hangs off one."""
    from .models import Cultivation

    return policy.visible(Cultivation.objects.all(), user)


def can_use_talent_pool(user):
    return is_programme_staff(user)
