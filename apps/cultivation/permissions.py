"""Who may see a cultivation record (its access policy). The office sees every one; issue 13 adds the
recommending unit's and the craftsman's own branches here."""
from django.db.models import Q

from apps.accounts.roles import is_programme_staff
from apps.core import policy

MODEL = "cultivation.cultivation"


def office_branch(user):
    """The programme office runs cultivation and the talent pool: every record."""
    return Q(pk__isnull=False) if is_programme_staff(user) else None  # Q() would vanish in the union


def register_policy():
    policy.register_branch(MODEL, "office", office_branch)


def can_use_talent_pool(user):
    return is_programme_staff(user)
