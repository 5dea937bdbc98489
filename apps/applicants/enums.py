"""Application statuses and the one table of their legal moves.

Each move names who may make it, in which round phases, whether a reason is required, its guards
(rules that may refuse it: the deadline, completeness, the quota) and its effects (timestamps; the
submission snapshot). A move with a
named action (`submit_application`, `forward_application`, `uphold_objection`, ...) is reachable only through that service;
the generic status change refuses it. `apps.applicants.services.apply_move` is the only code that
applies a move, and it runs the guards and effects whatever the caller.
"""
from dataclasses import dataclass

from django.db import models

from apps.accounts.roles import Role
from apps.rounds.enums import RoundStatus

from . import guards


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回修改"
    UNIT_REJECTED = "unit_rejected", "推荐单位未通过"
    FORWARDED = "forwarded", "已推荐报送"
    FORMAL_PASSED = "formal_passed", "形式审查通过"
    FORMAL_FAILED = "formal_failed", "形式审查未通过"
    UNDER_REVIEW = "under_review", "专家评审中"
    PROPOSED = "proposed", "列入建议名单"
    APPROVED = "approved", "党组审议通过"
    IN_PUBLICITY = "in_publicity", "公示中"
    OBJECTION_UPHELD = "objection_upheld", "异议成立"
    PUBLISHED = "published", "已公布"
    WITHDRAWN = "withdrawn", "已撤回"


S = ApplicationStatus


@dataclass(frozen=True)
class Move:
    actor: str  # a Role, or apps.accounts.roles.SYSTEM for the scheduled tasks
    round_statuses: frozenset
    reason_required: bool = False
    guards: tuple = ()  # guards.<name>(application, *, by): raise DomainError to refuse
    effects: tuple = ()  # guards.<name>(application, now) -> changed field names (a snapshot may be written too)
    action: str | None = None  # the named service that alone may make this move, if any
    label: str | None = None  # what its button says, where not ACTION_LABELS[target] (two moves into one status)
    setback: bool = False  # a setback whatever its target (the unit's withdrawal back to SUBMITTED)
    event: str | None = None  # its audit action `applicants.application.<event>`, where not the target status


def _move(
    actor, *round_statuses, reason_required=False, guards=(), effects=(), action=None, label=None, setback=False, event=None
):
    return Move(
        actor, frozenset(round_statuses), reason_required, tuple(guards), tuple(effects), action, label, setback, event
    )


_SUBMIT = {
    "guards": [guards.recommend_deadline_open, guards.application_complete],
    "effects": [guards.stamp_submitted_at, guards.freeze_snapshot],
    "action": "submit_application",
}
_FORWARD = {
    "guards": [guards.forward_deadline_open, guards.unit_quota_has_place],
    "effects": [guards.stamp_forwarded_at],
    "action": "forward_application",
}
# Leaving the unit's ranking (returned, rejected, withdrawn): the rank is cleared, so ranks stay 1..n of who stands.
_UNRANK = {"effects": [guards.clear_unit_rank]}
# The unit recalls a forwarded candidate before formal review: back on its desk, its place free again.
_WITHDRAW_FORWARD = {
    "reason_required": True,
    "effects": [guards.clear_forwarding],
    "action": "withdraw_forward",
    "label": "撤回推荐",
    "setback": True,
    "event": "forward_withdrawn",
}
# Formal review decides on the conditions the system checked (apps.reviews.formal): only its services.
_FORMAL_PASS = {"action": "pass_formal_review"}
_FORMAL_FAIL = {"action": "fail_formal_review"}
# The proposed list and approval are the party group's decision on the meeting's list (apps.reviews.meeting).
_DECISION = {"action": "record_decision"}


_OPEN_ROUND = (RoundStatus.DEPLOYED, RoundStatus.RECOMMENDING, RoundStatus.REVIEWING, RoundStatus.PUBLICITY)

TRANSITIONS = {
    # The applicant submits, fixes what was returned, or withdraws before the office decides.
    (S.DRAFT, S.SUBMITTED): _move(Role.APPLICANT, RoundStatus.RECOMMENDING, **_SUBMIT),
    (S.RETURNED, S.SUBMITTED): _move(Role.APPLICANT, RoundStatus.RECOMMENDING, **_SUBMIT),
    (S.DRAFT, S.WITHDRAWN): _move(Role.APPLICANT, *_OPEN_ROUND),
    (S.SUBMITTED, S.WITHDRAWN): _move(Role.APPLICANT, *_OPEN_ROUND, **_UNRANK),
    (S.RETURNED, S.WITHDRAWN): _move(Role.APPLICANT, *_OPEN_ROUND),
    (S.FORWARDED, S.WITHDRAWN): _move(Role.APPLICANT, *_OPEN_ROUND, **_UNRANK),
    # The recommending unit reviews what its applicants submitted (`apps.units.services`): return, reject,
    # forward (named: quota and deadline), and recall a forward until formal review starts (named).
    (S.SUBMITTED, S.RETURNED): _move(Role.UNIT_STAFF, RoundStatus.RECOMMENDING, reason_required=True, **_UNRANK),
    (S.SUBMITTED, S.UNIT_REJECTED): _move(Role.UNIT_STAFF, RoundStatus.RECOMMENDING, reason_required=True, **_UNRANK),
    (S.SUBMITTED, S.FORWARDED): _move(Role.UNIT_STAFF, RoundStatus.RECOMMENDING, **_FORWARD),
    (S.FORWARDED, S.SUBMITTED): _move(Role.UNIT_STAFF, RoundStatus.RECOMMENDING, **_WITHDRAW_FORWARD),
    # The programme office: formal review, expert review, meeting list, party-group decision.
    (S.FORWARDED, S.FORMAL_PASSED): _move(Role.PROGRAMME_STAFF, RoundStatus.REVIEWING, **_FORMAL_PASS),
    (S.FORWARDED, S.FORMAL_FAILED): _move(Role.PROGRAMME_STAFF, RoundStatus.REVIEWING, reason_required=True, **_FORMAL_FAIL),
    (S.FORMAL_PASSED, S.UNDER_REVIEW): _move(Role.PROGRAMME_STAFF, RoundStatus.REVIEWING),
    (S.UNDER_REVIEW, S.PROPOSED): _move(Role.PROGRAMME_STAFF, RoundStatus.REVIEWING, **_DECISION),
    (S.PROPOSED, S.APPROVED): _move(Role.PROGRAMME_STAFF, RoundStatus.REVIEWING, **_DECISION),
    # Publicity, objections and publication.
    (S.APPROVED, S.IN_PUBLICITY): _move(Role.PROGRAMME_STAFF, RoundStatus.PUBLICITY),
    # Only by concluding an objection upheld (apps.publicity.objections.conclude_objection), never the generic change.
    (S.IN_PUBLICITY, S.OBJECTION_UPHELD): _move(Role.PROGRAMME_STAFF, RoundStatus.PUBLICITY, reason_required=True, action="uphold_objection"),
    # Only `apps.publicity.publication.publish_round` publishes: it refuses before the period ends or
    # while an objection is open, and creates each candidate's Cultivation with the move.
    (S.IN_PUBLICITY, S.PUBLISHED): _move(Role.PROGRAMME_STAFF, RoundStatus.PUBLICITY, RoundStatus.PUBLISHED, action="publish_round"),
}



def named_action_for(to):
    """The named service that alone may move an application into `to`, or None (the generic change may)."""
    return next((move.action for (_, target), move in TRANSITIONS.items() if target == to and move.action), None)


# What the button says for a move to each status: the act, not the resulting state.
ACTION_LABELS = {
    S.SUBMITTED: "提交申报",
    S.WITHDRAWN: "撤回申报",
    S.RETURNED: "退回修改",
    S.UNIT_REJECTED: "不予推荐",
    S.FORWARDED: "推荐报送",
    S.FORMAL_PASSED: "形式审查通过",
    S.FORMAL_FAILED: "形式审查不通过",
    S.UNDER_REVIEW: "提交专家评审",
    S.PROPOSED: "列入建议名单",
    S.APPROVED: "党组审议通过",
    S.IN_PUBLICITY: "列入公示",
    S.OBJECTION_UPHELD: "认定异议成立",
    S.PUBLISHED: "公布",
}
# Moves that end or set back an application: the page asks for confirmation and styles them as such.
SETBACK_STATUSES = frozenset({S.WITHDRAWN, S.RETURNED, S.UNIT_REJECTED, S.FORMAL_FAILED, S.OBJECTION_UPHELD})

# Statuses an application can only reach through forwarding: from there on the office sees it.
FORWARDED_OR_LATER = frozenset({
    S.FORWARDED, S.FORMAL_PASSED, S.FORMAL_FAILED, S.UNDER_REVIEW, S.PROPOSED, S.APPROVED,
    S.IN_PUBLICITY, S.OBJECTION_UPHELD, S.PUBLISHED,
})
# The statuses that use one of the unit's quota places (why: `guards.unit_quota_has_place`): forwarded
# and every later status of a candidate still standing; not withdrawn, failed formal review or removed.
PLACE_USING = FORWARDED_OR_LATER - {S.FORMAL_FAILED, S.OBJECTION_UPHELD}
# The unit's candidates that it ranks (`apps.units.ranking`): submitted to it and still standing there.
RANKABLE = frozenset({S.SUBMITTED, S.FORWARDED})
