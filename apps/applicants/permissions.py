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


def acting_role(user, application):
    """The role in which `user` acts on this application, or None: its owner, its unit's staff, or the office."""
    if is_owner(user, application):
        return Role.APPLICANT
    if is_unit_staff(user, application.unit):
        return Role.UNIT_STAFF
    if is_programme_staff(user):
        return Role.PROGRAMME_STAFF
    return None


def can_make(user, application, move):
    """True when `user` is the actor the move names, for this application."""
    return move.actor == acting_role(user, application)


@dataclass(frozen=True)
class AvailableMove:
    to: ApplicationStatus
    label: str
    reason_required: bool
    is_setback: bool


def moves_for(user, application):
    """The moves `user` may make on `application` now, in table order (for buttons and the API)."""
    role = acting_role(user, application)
    return [
        AvailableMove(target, ACTION_LABELS[target], move.reason_required, target in SETBACK_STATUSES)
        for (source, target), move in TRANSITIONS.items()
        if source == application.status and application.round.status in move.round_statuses and move.actor == role
    ]
