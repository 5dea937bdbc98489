"""Cultivation services. Records are created by `apps.publicity.publication.publish_round`; issue 13 adds
plans, reports, funding, evaluation, certificates and termination here."""
from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.core import audit

from .permissions import can_use_talent_pool
from .selectors import talent_pool
from .talent_export import write_talent_pool


def export_talent_pool(*, by, filters):
    """The talent pool under `filters` as an .xlsx file (ID numbers and phones masked); returns (file, count).

    The file is built first, then `cultivation.talentpool.exported` is audited with the filters and the
    row count, so the chain head is never held while the workbook is written."""
    if not can_use_talent_pool(by):
        raise PermissionDenied
    output, count = write_talent_pool(talent_pool(by, filters))
    with transaction.atomic():
        audit.record(by, "cultivation.talentpool.exported", None, filters=_describe(filters), count=count)
    return output, count


def _describe(filters):
    return {name: (value.name if hasattr(value, "name") else value) for name, value in sorted(filters.items())}
