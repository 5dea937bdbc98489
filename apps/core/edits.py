"""Saving an editor's changes to a row, with the audit entry that says what changed."""
from . import audit


def save_edits(obj, stored, *, by, action, fields):
    """Validate and save `fields` of `obj`; audit `action` with their values before (`stored`) and after.

    Call inside the service's transaction, with `stored` read under a row lock.
    """
    obj.full_clean()
    obj.save(update_fields=[*fields, "updated_at"])
    audit.record(
        by,
        action,
        obj,
        old={name: getattr(stored, name) for name in fields},
        new={name: getattr(obj, name) for name in fields},
    )
    return obj
