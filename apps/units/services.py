from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.accounts.roles import is_programme_staff
from apps.applicants.enums import ApplicationStatus
from apps.applicants.services import apply_move
from apps.core import audit
from apps.core.edits import save_edits

from .models import RecommendingUnit


def _may_manage_units(by):
    # `by=None` is the system itself: management commands such as seed_demo.
    return by is None or is_programme_staff(by)


@transaction.atomic
def create_unit(unit, *, by):
    """Save a new recommending unit. Audits `units.recommendingunit.created`."""
    if not _may_manage_units(by):
        raise PermissionDenied
    unit.full_clean()
    unit.save()
    audit.record(by, "units.recommendingunit.created", unit, kind=unit.kind, region=unit.region)
    return unit


@transaction.atomic
def update_unit(unit, *, by, fields):
    """Save edits to a unit (name, kind, region, active). Audits `units.recommendingunit.changed` with old and new."""
    stored = RecommendingUnit.objects.select_for_update().get(pk=unit.pk)
    if not _may_manage_units(by):
        raise PermissionDenied
    if not fields:
        return stored
    return save_edits(unit, stored, by=by, action="units.recommendingunit.changed", fields=fields)


@transaction.atomic
def forward_application(application, *, by, opinion=""):
    """Forward a submitted application to the programme office, with the unit's recommendation opinion.

    The move's guards run in `apply_move` (the unit's quota: `applicants.guards.unit_quota_has_place`,
    the hook the round-deployment issue fills); stamps `forwarded_at`, from which the office sees it.
    Audits `applicants.application.forwarded` (the opinion as its reason); notifies the applicant after commit.
    """
    return apply_move(application, ApplicationStatus.FORWARDED, by=by, reason=opinion, via="forward_application")
