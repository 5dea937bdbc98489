"""Who may see an application, and who may make a given move on it."""
from apps.accounts.roles import Role, is_applicant, is_programme_staff, is_unit_staff

from .enums import VISIBLE_TO_OFFICE, ApplicationStatus


def is_owner(user, application):
    return is_applicant(user) and application.applicant_id == user.pk


def can_view(user, application):
    if is_owner(user, application):
        return True
    if is_unit_staff(user, application.unit):
        return application.submitted_at is not None
    if is_programme_staff(user):
        return application.status in VISIBLE_TO_OFFICE
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


def is_editable_by_owner(user, application):
    return is_owner(user, application) and application.status in {ApplicationStatus.DRAFT, ApplicationStatus.RETURNED}


def moves_for(user, application):
    """The statuses `user` may move `application` to now, in table order (for buttons and the API)."""
    from .enums import TRANSITIONS

    return [
        (target, move)
        for (source, target), move in TRANSITIONS.items()
        if source == application.status
        and application.round.status in move.round_statuses
        and can_make(user, application, move)
    ]
