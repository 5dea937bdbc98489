"""Make a move through the service that makes it, for table-driven tests: the named action for a guarded
move (`submit_application`, `forward_application`, the formal review decisions, the party group's decision), the generic status change for the rest."""
from apps.applicants.enums import named_action_for
from django.db import transaction

from apps.applicants.services import apply_move, set_application_status, submit_application
from apps.reviews.formal import fail_formal_review, pass_formal_review
from apps.units.services import forward_application


def make_move(application, to, *, by, reason=""):
    action = named_action_for(to)
    if action == "submit_application":
        return submit_application(application, by=by)
    if action == "forward_application":
        return forward_application(application, by=by, opinion=reason)
    if action == "pass_formal_review":
        # The state machine's rules, not the formal checks (apps/reviews/tests/test_formal.py): an
        # office reason stands for the hand check a bare test application would need.
        return pass_formal_review(application, by=by, reason=reason or "经人工核对符合申报条件")
    if action == "fail_formal_review":
        return fail_formal_review(application, by=by, reason=reason)
    if action == "record_decision":
        # The decision (apps.reviews.meeting.record_decision) moves a whole list; one application's move
        # alone is the state machine's part of it, as the decision makes it.
        with transaction.atomic():
            return apply_move(application, to, by=by, reason=reason, via=action)
    return set_application_status(application, to, by=by, reason=reason)
