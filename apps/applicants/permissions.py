"""Who may see an application, and who may make a given move on it."""
from dataclasses import dataclass

from apps.accounts.roles import Role, is_applicant, is_programme_staff, is_unit_staff

from .enums import ACTION_LABELS, SETBACK_STATUSES, TRANSITIONS, ApplicationStatus


def is_owner(user, application):
    return is_applicant(user) and application.applicant_id == user.pk


def can_view(user, application):
    if is_owner(user, application):
        return True
    if is_unit_staff(user, application.unit):
        return application.submitted_at is not None
    if is_programme_staff(user):
        return application.forwarded_at is not None
    return False


def can_make(user, application, move):
    """True when `user` is the actor the move names, for this application."""
    if move.actor == Role.APPLICANT:
        return is_owner(user, application)
    if move.actor == Role.UNIT_STAFF:
        return is_unit_staff(user, application.unit)
    if move.actor == Role.PROGRAMME_STAFF:
        return is_programme_staff(user)
    return False


@dataclass(frozen=True)
class AvailableMove:
    to: ApplicationStatus
    label: str
    reason_required: bool
    is_setback: bool


def moves_for(user, application):
    """The moves `user` may make on `application` now, in table order (for buttons and the API)."""
    return [
        AvailableMove(target, ACTION_LABELS[target], move.reason_required, target in SETBACK_STATUSES)
        for (source, target), move in TRANSITIONS.items()
        if source == application.status
        and application.round.status in move.round_statuses
        and can_make(user, application, move)
    ]
