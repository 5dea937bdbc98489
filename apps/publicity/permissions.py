"""The access policy of objections: the programme office alone sees them (and so the objector's identity).

The objector sees their own objection's status and conclusion through the receipt and phone
(`objections.find_objection`), never through this policy; the unit, the applicant and experts see none.
"""
from django.db.models import Q

from apps.accounts.roles import is_programme_staff
from apps.core import policy

MODEL = "publicity.objection"


def office_branch(user):
    return Q(pk__isnull=False) if is_programme_staff(user) else None


def register_policy():
    policy.register_branch(MODEL, "office", office_branch)
