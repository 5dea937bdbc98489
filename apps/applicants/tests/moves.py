"""Make a move through the service that makes it, for table-driven tests: the named action for a guarded
move (`submit_application`, `forward_application`), the generic status change for the rest.

Publishing is a named action on a whole round (`apps.publicity.publication.publish_round`: the period,
the objections and the cultivations, tested in apps/publicity/tests/test_publication.py); for the table's
rules of the move itself (actor, phases) its one move is made here as publish_round makes it."""
from django.db import transaction

from apps.applicants.enums import named_action_for
from apps.applicants.services import apply_move, set_application_status, submit_application
from apps.units.services import forward_application


def make_move(application, to, *, by, reason=""):
    action = named_action_for(to)
    if action == "submit_application":
        return submit_application(application, by=by)
    if action == "forward_application":
        return forward_application(application, by=by, opinion=reason)
    if action == "publish_round":
        with transaction.atomic():
            return apply_move(application, to, by=by, reason=reason, via="publish_round")
    return set_application_status(application, to, by=by, reason=reason)
