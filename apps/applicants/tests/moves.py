"""Make a move through the service that makes it, for table-driven tests: the named action for a guarded
move (`submit_application`, `forward_application`), the generic status change for the rest."""
from apps.applicants.enums import named_action_for
from apps.applicants.services import set_application_status, submit_application
from apps.units.services import forward_application


def make_move(application, to, *, by, reason=""):
    action = named_action_for(to)
    if action == "submit_application":
        return submit_application(application, by=by)
    if action == "forward_application":
        return forward_application(application, by=by, opinion=reason)
    return set_application_status(application, to, by=by, reason=reason)
