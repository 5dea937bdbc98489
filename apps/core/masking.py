"""Masking of personal data for lists, exports, log lines, notices and the audit trail.

`mask_text` is the one helper for free text (log lines, notice bodies, audit reasons): keep its
signature stable, other apps call it.
"""
import re

from .validators import normalize_mobile, normalize_resident_id


def mask_resident_id(value):
    """`110101199003071234` -> `110***********1234`: region prefix and last four only."""
    value = normalize_resident_id(value)
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_phone(value):
    """`13812345678` -> `138****5678`."""
    value = normalize_mobile(value)
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


# Anything shaped like an ID number or a mobile number, wherever it appears in free text, in
# half- or full-width digits (people paste both): `\d` matches full-width digits too.
_RESIDENT_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])\d{17}[\dXxＸｘ](?![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])")
_MOBILE_IN_TEXT = re.compile(
    r"(?<!\d)(?:(?:[+＋]|00|００)?[8８][6６][\s\-－]?)?[1１][3-9３-９]\d(?:[\s\-－]?\d{4}){2}(?!\d)"
)


# A referee's one-time link carries its token in the path (/referee/<token>/): a log line of the request
# (Django logs every 4xx with its path) must not hand the link to whoever reads the logs.
_REFEREE_LINK_IN_TEXT = re.compile(r"(/referee/)[^/\s?#\"']+")


def mask_text(text):
    text = _REFEREE_LINK_IN_TEXT.sub(r"\1***", text)
    text = _RESIDENT_ID_IN_TEXT.sub(lambda match: mask_resident_id(match.group()), text)
    return _MOBILE_IN_TEXT.sub(lambda match: mask_phone(match.group()), text)


def mask_data(value):
    """`value` (JSON-shaped: dicts, lists, text, numbers) with ID and phone numbers masked wherever they appear.

    Numbers are checked too: a phone typed into an integer field is still a phone.
    """
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        masked = mask_text(str(value))
        return value if masked == str(value) else masked
    if isinstance(value, dict):
        return {mask_text(key) if isinstance(key, str) else key: mask_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_data(item) for item in value]
    return value


# The placeholder for an encrypted value whose kind has no partial mask.
MASKED = "******"


def mask_for_normalizer(normalizer, value):
    """An encrypted field's value as it may be shown or logged: partly for ID and phone numbers, wholly otherwise."""
    if not value:
        return value
    if normalizer == "resident_id":
        return mask_resident_id(value)
    if normalizer == "mobile":
        return mask_phone(value)
    return MASKED
