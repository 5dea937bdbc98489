"""Saving an editor's changes to a row, with the audit entry that says what changed."""
from . import audit
from .fields import BlindIndexField, EncryptedCharField
from .masking import MASKED, mask_for_normalizer


def save_edits(obj, stored, *, by, action, fields):
    """Validate and save `fields` of `obj`; audit `action` with their values before (`stored`) and after.

    Call inside the service's transaction, with `stored` read under a row lock. Encrypted fields
    enter the audit trail masked (`110***********1234`, `138****5678`), never in plain text: the
    trail is append-only and kept for years.
    """
    obj.full_clean()
    stamped = ["updated_at"] if any(field.name == "updated_at" for field in obj._meta.concrete_fields) else []
    obj.save(update_fields=[*fields, *stamped])
    audit.record(
        by,
        action,
        obj,
        old={name: _auditable_value(stored, name) for name in fields},
        new={name: _auditable_value(obj, name) for name in fields},
    )
    return obj


def _auditable_value(obj, name):
    field, value = obj._meta.get_field(name), getattr(obj, name)
    if isinstance(field, EncryptedCharField):
        return mask_for_normalizer(field.normalizer, value)
    if isinstance(field, BlindIndexField):
        return MASKED if value else value
    return value
