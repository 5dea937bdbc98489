from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.accounts.roles import is_programme_staff
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
