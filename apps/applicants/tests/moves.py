"""Make a move through the service that makes it, for table-driven tests: the named action for a guarded
move (`submit_application`, `forward_application`, `withdraw_forward`), the generic status change for the rest."""
from apps.applicants.enums import TRANSITIONS, named_action_for
from apps.applicants.services import set_application_status, submit_application
from apps.units.services import forward_application, withdraw_forward
from apps.units.tests.factories import RECOMMENDATION


def make_move(application, to, *, by, reason=""):
    # The move's own action; a move not in the table goes where its target's named action would take it.
    move = TRANSITIONS.get((application.status, to))
    action = move.action if move else named_action_for(to)
    if action == "submit_application":
        return submit_application(application, by=by)
    if action == "forward_application":
        return forward_application(application, by=by, **{**RECOMMENDATION, **({"opinion": reason} if reason else {})})
    if action == "withdraw_forward":
        return withdraw_forward(application, by=by, reason=reason)
    return set_application_status(application, to, by=by, reason=reason)
