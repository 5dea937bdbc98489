"""Who may see an application (its access policy), and who may make a given move on it.

The policy of `applicants.application` is the union of the branches registered in `ApplicantsConfig.ready`
(below: the applicant, the unit, the office) and of those later apps add (reviews: the assigned expert
without a conflict; publicity: the public subset). Lists use `selectors.applications_visible_to`, a detail
page `selectors.get_application_for`, the services `can_view`: all three read the same branches.
"""
from dataclasses import dataclass

from django.db.models import Q

from apps.accounts.roles import SYSTEM, Role, is_applicant, is_programme_staff, is_unit_staff
from apps.core import policy

from .enums import ACTION_LABELS, SETBACK_STATUSES, TRANSITIONS, ApplicationStatus

MODEL = "applicants.application"


# --- The access policy's branches -------------------------------------------------------------


def applicant_branch(user):
    """An applicant sees their own applications, drafts included."""
    return Q(applicant_id=user.pk) if is_applicant(user) else None


def unit_branch(user):
    """A unit's staff see what was submitted to their unit (membership: `user.unit`)."""
    return Q(unit_id=user.unit_id, submitted_at__isnull=False) if is_unit_staff(user) else None


def office_branch(user):
    """The programme office sees what a unit has forwarded, and keeps seeing it whatever follows."""
    return Q(forwarded_at__isnull=False) if is_programme_staff(user) else None


def register_policy():
    policy.register_branch(MODEL, "applicant", applicant_branch)
    policy.register_branch(MODEL, "unit", unit_branch)
    policy.register_branch(MODEL, "office", office_branch)


def can_view(user, application):
    """May `user` (None: the system) see `application`? One query, from the same branches as the lists."""
    return policy.can_see(user, application)


# --- Moves -------------------------------------------------------------------------------------


def is_owner(user, application):
    return is_applicant(user) and application.applicant_id == user.pk


def acting_role(user, application):
    """The role in which `user` acts on this application, or None: its owner, its unit's staff, the office,
    or the system (`user=None`)."""
    if user is None:
        return SYSTEM
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


def may_move_into(user, application, to, via=...):
    """True when some move into `to` names `user`'s acting role: asking for a status again is then a no-op.

    Given `via` (a named action, or None: the generic change), only the moves it makes count: the
    applicant submits into SUBMITTED, and the unit's recall of a forward lands there too."""
    role = acting_role(user, application)
    return role is not None and any(
        move.actor == role and (via is ... or move.action == via)
        for (_, target), move in TRANSITIONS.items() if target == to
    )


# The page of each named action (the generic change is `applicants:change-status`).
ACTION_URL_NAMES = {
    "submit_application": "applicants:submit",
    "forward_application": "units:forward",
    "withdraw_forward": "units:withdraw-forward",
    "pass_formal_review": "reviews:formal-decide",
    "fail_formal_review": "reviews:formal-decide",
}
# The unit's own decisions with no guard of their own still have the unit's page (the same move, the same checks).
DECISION_URL_NAMES = {ApplicationStatus.RETURNED: "units:return", ApplicationStatus.UNIT_REJECTED: "units:reject"}
# Named actions made from another object's page, never offered as a move of the application itself:
# an objection is upheld on the objection's page (apps.publicity.objections.uphold_objection).
ACTIONS_ELSEWHERE = frozenset({"uphold_objection"})


@dataclass(frozen=True)
class AvailableMove:
    to: ApplicationStatus
    label: str
    reason_required: bool
    is_setback: bool
    action: str | None = None  # the named action that makes it (its page and API endpoint), if any

    @property
    def url_name(self):
        return ACTION_URL_NAMES.get(self.action) or DECISION_URL_NAMES.get(self.to, "applicants:change-status")


def moves_for(user, application):
    """The moves `user` may make on `application` now, in table order (for buttons and the API)."""
    role = acting_role(user, application)
    return [
        AvailableMove(
            target, move.label or ACTION_LABELS[target], move.reason_required,
            move.setback or target in SETBACK_STATUSES, move.action,
        )
        for (source, target), move in TRANSITIONS.items()
        if source == application.status and application.round.status in move.round_statuses and move.actor == role
        and move.action not in ACTIONS_ELSEWHERE
    ]
