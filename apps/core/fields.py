"""Model fields for personal data: encrypted at rest, with a keyed hash beside for lookups.

    phone = EncryptedCharField("手机号", normalizer="mobile", blank=True)
    phone_hash = BlindIndexField(source="phone")

The database holds only ciphertext and the HMAC. Find rows by value with
`Model.objects.filter(phone_hash=blind_index_for("mobile", "13812345678"))`.
"""
from django.core.exceptions import FieldError
from django.db import models

from . import crypto
from .validators import normalize_credit_code, normalize_mobile, normalize_resident_id

NORMALIZERS = {
    "resident_id": normalize_resident_id,
    "mobile": normalize_mobile,
    "credit_code": normalize_credit_code,
    "text": lambda value: (value or "").strip(),
}


def blind_index_for(normalizer, value):
    normalized = NORMALIZERS[normalizer](value)
    return crypto.blind_index(f"{normalizer}:{normalized}") if normalized else None


class EncryptedCharField(models.TextField):
    """A short secret stored as a Fernet token. Only `isnull` lookups work: use the blind index."""

    def __init__(self, *args, normalizer="text", **kwargs):
        if normalizer not in NORMALIZERS:
            raise ValueError(f"Unknown normalizer {normalizer!r}")
        self.normalizer = normalizer
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["normalizer"] = self.normalizer
        return name, path, args, kwargs

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(f"{self.name} is encrypted: look it up through its blind index, not by '{lookup_name}'.")
        return super().get_lookup(lookup_name)

    def get_prep_value(self, value):
        value = NORMALIZERS[self.normalizer](value) if value is not None else None
        if not value:
            return value
        return crypto.encrypt(value)

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value)


class BlindIndexedModel(models.Model):
    """Keeps each blind index in step when a save names only its source in `update_fields`.

    `QuerySet.update()` and `bulk_update()` bypass `save()`: never use them on encrypted fields.
    """

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None:
            update_fields = set(update_fields)
            update_fields |= {
                field.name
                for field in self._meta.concrete_fields
                if isinstance(field, BlindIndexField) and field.source in update_fields
            }
        super().save(*args, update_fields=update_fields, **kwargs)


class BlindIndexField(models.CharField):
    """HMAC of another field's normalised value, computed as the row is saved."""

    def __init__(self, *args, source, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", not kwargs.get("unique", False))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        source_field = model_instance._meta.get_field(self.source)
        value = blind_index_for(source_field.normalizer, getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
