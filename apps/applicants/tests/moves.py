"""Make a move through the service that makes it, for table-driven tests: the named action for a guarded
move (`submit_application`, `forward_application`, the formal review decisions), the generic status change for the rest."""
from apps.applicants.enums import ApplicationStatus, named_action_for
from apps.applicants.services import set_application_status, submit_application
from apps.applicants.tests.complete import complete_application
from apps.reviews.formal import fail_formal_review, pass_formal_review
from apps.rounds.enums import RoundStatus
from apps.units.services import forward_application

EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)


def make_move(application, to, *, by, reason=""):
    action = named_action_for(to)
    if action == "submit_application":
        # Submission needs a complete application (apps.applicants.completeness): its applicant fills it
        # in first where the submission could otherwise pass (elsewhere nothing must change before the refusal).
        if by is not None and by.pk == application.applicant_id and application.status in EDITABLE and application.round.status == RoundStatus.RECOMMENDING \
                and not application.round.recommend_deadline_passed:
            application = complete_application(application)
        return submit_application(application, by=by)
    if action == "forward_application":
        return forward_application(application, by=by, opinion=reason)
    if action == "pass_formal_review":
        # The state machine's rules, not the formal checks (apps/reviews/tests/test_formal.py): an
        # office reason stands for the hand check a bare test application would need.
        return pass_formal_review(application, by=by, reason=reason or "经人工核对符合申报条件")
    if action == "fail_formal_review":
        return fail_formal_review(application, by=by, reason=reason)
    return set_application_status(application, to, by=by, reason=reason)
