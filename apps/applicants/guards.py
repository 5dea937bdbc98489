"""Guards and effects of application moves. The table in `enums.py` names them; `services.apply_move` runs them.

A guard is `guard(application, *, by)` and raises a `DomainError` (in Chinese) when the rules say no.
An effect is `effect(application, now)`: it sets fields on the locked row and returns their names.
Both run inside the move's transaction with the application row already locked, whatever the caller.
"""
from apps.core.exceptions import DeadlinePassed


def recommend_deadline_open(application, *, by):
    """An application can be submitted (or resubmitted) only before the round's recommendation deadline."""
    if application.round.recommend_deadline_passed:
        raise DeadlinePassed("本年度推荐截止时间已过，不能再提交申报。")


def unit_quota_has_place(application, *, by):
    """The unit still has a place of its quota for the round.

    Hook for the round-deployment issue: quotas do not exist yet, so every forward passes. When the
    `Quota` row arrives, lock it here (`select_for_update`, before the audit head) and raise
    `QuotaExhausted` when its places are used; every caller of the forward move then runs it.
    """


def stamp_submitted_at(application, now):
    application.submitted_at = now
    return ["submitted_at"]


def stamp_forwarded_at(application, now):
    application.forwarded_at = now
    return ["forwarded_at"]
