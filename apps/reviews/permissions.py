"""The reviews app's branch of the application's access policy (apps/core/policy.py): an expert sees
the candidates assigned to them, without a conflict (the rule of `selectors.assignments_of`), while
the candidate is in expert review or after it (from formal review passed to the proposed list).

Through it the expert reads the application, its evidence and its referees' letters with the
existing access-checked pages and downloads; an unassigned or conflicted candidate answers 404.
"""
from django.db.models import Q

from apps.accounts.roles import is_expert
from apps.applicants.enums import ApplicationStatus

MODEL = "applicants.application"
# The statuses in which an assigned expert reads the candidate's materials.
REVIEW_STATUSES = (ApplicationStatus.FORMAL_PASSED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.PROPOSED)


def expert_branch(user):
    """An expert: the applications of their active, non-conflicted assignments in REVIEW_STATUSES (ids listed)."""
    if not is_expert(user):
        return None
    from .selectors import assignments_of

    ids = list(assignments_of(user).values_list("application_id", flat=True))
    return Q(pk__in=ids, status__in=REVIEW_STATUSES)


def register_policy():
    from apps.core import policy

    policy.register_branch(MODEL, "expert", expert_branch)
