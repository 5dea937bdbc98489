"""Make a move through the service that makes it, for table-driven tests: the named action for a guarded
move (`submit_application`, `forward_application`), the generic status change for the rest."""
from apps.applicants.enums import named_action_for
from apps.applicants.services import apply_move, set_application_status, submit_application
from apps.units.services import forward_application


def make_move(application, to, *, by, reason=""):
    action = named_action_for(to)
    if action == "submit_application":
        return submit_application(application, by=by)
    if action == "forward_application":
        return forward_application(application, by=by, opinion=reason)
    if action == "uphold_objection":
        # The move alone, as `apps.publicity.objections.conclude_objection` makes it once it has concluded an
        # objection upheld (that service and its refusals are tested in apps/publicity/tests/test_objections.py).
        return apply_move(application, to, by=by, reason=reason, via="uphold_objection")
    return set_application_status(application, to, by=by, reason=reason)
