"""Masking of personal data for lists, exports and log lines."""
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


# Anything shaped like an ID number or a mobile number, wherever it appears in free text.
_RESIDENT_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)")


def mask_text(text):
    text = _RESIDENT_ID_IN_TEXT.sub(lambda match: mask_resident_id(match.group()), text)
    return _MOBILE_IN_TEXT.sub(lambda match: mask_phone(match.group()), text)
