"""The application page's history: which audited events each viewer reads, and how they read.

Registered in `ApplicantsConfig.ready` with `apps.core.events`. The office reads every event with
its reason and the actor's username. The applicant and the unit read the steps of the application's
way through the programme, with the actor as a role ("推荐单位", "全总工作人员"), never a username;
reasons they read are those addressed to them (a return, a rejection, a failed review). The unit's
forwarding opinion is for the unit and the office. The expert-review list and the party group's
decision stay internal until publicity.
"""
from apps.accounts.roles import SYSTEM_LABEL, Role
from apps.core import events

from .enums import ACTION_LABELS, ApplicationStatus as S

APPLICANT, UNIT = Role.APPLICANT.value, Role.UNIT_STAFF.value
BOTH = (APPLICANT, UNIT)

# event: (who sees it besides the office, who sees its reason besides the office)
_VISIBILITY = {
    S.SUBMITTED: (BOTH, ()),
    S.WITHDRAWN: (BOTH, BOTH),
    S.RETURNED: (BOTH, BOTH),
    S.UNIT_REJECTED: (BOTH, BOTH),
    S.FORWARDED: (BOTH, (UNIT,)),
    S.FORMAL_PASSED: (BOTH, ()),
    S.FORMAL_FAILED: (BOTH, BOTH),
    S.UNDER_REVIEW: (BOTH, ()),
    S.PROPOSED: ((), ()),
    S.APPROVED: ((), ()),
    S.IN_PUBLICITY: (BOTH, ()),
    S.OBJECTION_UPHELD: (BOTH, BOTH),
    S.PUBLISHED: (BOTH, ()),
}


def register_events():
    events.register("applicants.application.created", "创建申报", visible_to=BOTH)
    for status, (visible_to, reason_visible_to) in _VISIBILITY.items():
        events.register(
            f"applicants.application.{status}", ACTION_LABELS[status], visible_to=visible_to, reason_visible_to=reason_visible_to
        )
    # The unit recalled its forward (back to SUBMITTED: `apps.units.services.withdraw_forward`).
    events.register("applicants.application.forward_withdrawn", "撤回推荐报送", visible_to=BOTH, reason_visible_to=BOTH)


def actor_label_for(viewer_role, application):
    """How an entry's actor reads to `viewer_role`: usernames for the office, roles for everyone else."""
    def label(entry):
        if viewer_role == events.STAFF:
            return entry.actor_repr
        if entry.actor_id is None:
            return SYSTEM_LABEL
        if viewer_role == APPLICANT and entry.actor_id == application.applicant_id:
            return "本人"
        role = Role.PROGRAMME_STAFF if entry.actor.is_superuser else entry.actor.role
        return Role(role).label if role in Role.values else ""
    return label
