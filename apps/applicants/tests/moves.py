"""Make a move through the service that makes it, for table-driven tests: the named action for a guarded
move (`submit_application`, `forward_application`, `withdraw_forward`, the formal review decisions, an upheld
objection, the party group's decision, publishing), the generic status change for the rest.

Publishing is a named action on a whole round (`apps.publicity.publication.publish_round`: the period,
the objections and the cultivations, tested in apps/publicity/tests/test_publication.py); for the table's
rules of the move itself (actor, phases) its one move is made here as publish_round makes it."""
from django.db import transaction

from apps.applicants.enums import TRANSITIONS, ApplicationStatus, named_action_for
from apps.applicants.services import apply_move, set_application_status, submit_application
from apps.applicants.tests.complete import complete_application
from apps.reviews.formal import fail_formal_review, pass_formal_review
from apps.rounds.enums import RoundStatus
from apps.units.services import forward_application, withdraw_forward
from apps.units.tests.factories import RECOMMENDATION

EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)


def make_move(application, to, *, by, reason=""):
    # The move's own action; a move not in the table goes where its target's named action would take it.
    move = TRANSITIONS.get((application.status, to))
    action = move.action if move else named_action_for(to)
    if action == "submit_application":
        # Submission needs a complete application (apps.applicants.completeness): its applicant fills it
        # in first where the submission could otherwise pass (elsewhere nothing must change before the refusal).
        if by is not None and by.pk == application.applicant_id and application.status in EDITABLE and application.round.status == RoundStatus.RECOMMENDING \
                and not application.round.recommend_deadline_passed:
            application = complete_application(application)
        return submit_application(application, by=by)
    if action == "forward_application":
        return forward_application(application, by=by, **{**RECOMMENDATION, **({"opinion": reason} if reason else {})})
    if action == "withdraw_forward":
        return withdraw_forward(application, by=by, reason=reason)
    if action == "pass_formal_review":
        # The state machine's rules, not the formal checks (apps/reviews/tests/test_formal.py): an
        # office reason stands for the hand check a bare test application would need.
        return pass_formal_review(application, by=by, reason=reason or "经人工核对符合申报条件")
    if action == "fail_formal_review":
        return fail_formal_review(application, by=by, reason=reason)
    if action == "uphold_objection":
        # The move alone, as `apps.publicity.objections.conclude_objection` makes it once it has concluded an
        # objection upheld (that service and its refusals are tested in apps/publicity/tests/test_objections.py).
        return apply_move(application, to, by=by, reason=reason, via="uphold_objection")
    if action == "publish_round":
        with transaction.atomic():
            return apply_move(application, to, by=by, reason=reason, via="publish_round")
    if action == "record_decision":
        # The decision (apps.reviews.meeting.record_decision) moves a whole list; one application's move
        # alone is the state machine's part of it, as the decision makes it.
        with transaction.atomic():
            return apply_move(application, to, by=by, reason=reason, via=action)
    return set_application_status(application, to, by=by, reason=reason)
