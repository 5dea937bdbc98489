"""Validators for Chinese identifiers, with messages in Chinese.

Each `validate_*` raises `ValidationError` or returns the normalised value.
"""
import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError

# GB 11643-1999: weights of the first 17 digits, and the check character by remainder mod 11.
_RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RESIDENT_ID_CHECK = "10X98765432"
_RESIDENT_ID_RE = re.compile(r"^\d{17}[\dX]$", re.ASCII)
# First two digits: the province-level divisions of GB/T 2260 (with 71 Taiwan, 81/82 HK/Macao).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)

# GB 32100-2015: 31 characters (no I, O, Z, S, V), weights 3^i mod 31.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$", re.ASCII)


def _half_width(value):
    """Full-width digits and letters (１３８…) as their ASCII forms, as people paste them from documents."""
    return unicodedata.normalize("NFKC", value or "")


def normalize_resident_id(value):
    return _half_width(value).strip().upper()


def resident_id_check_char(first17):
    total = sum(int(digit) * weight for digit, weight in zip(first17, _RESIDENT_ID_WEIGHTS))
    return _RESIDENT_ID_CHECK[total % 11]


def validate_resident_id(value):
    value = normalize_resident_id(value)
    if not _RESIDENT_ID_RE.match(value):
        raise ValidationError("居民身份证号码应为18位，前17位为数字，最后一位为数字或X。", code="format")
    if value[:2] not in PROVINCE_CODES:
        raise ValidationError("居民身份证号码的地区码无效。", code="region")
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError("居民身份证号码中的出生日期不存在。", code="birth_date") from None
    if birth.year < 1900 or birth > datetime.date.today():
        raise ValidationError("居民身份证号码中的出生日期不合理。", code="birth_date")
    if resident_id_check_char(value[:17]) != value[17]:
        raise ValidationError("居民身份证号码校验码错误，请核对后重新输入。", code="check_digit")
    return value


def birth_date_from_resident_id(value):
    value = normalize_resident_id(value)
    return datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def normalize_mobile(value):
    value = re.sub(r"[\s-]", "", _half_width(value))
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    return value


def validate_mobile(value):
    value = normalize_mobile(value)
    if not _MOBILE_RE.match(value):
        raise ValidationError("请输入11位中国大陆手机号码，以1开头。", code="format")
    return value


def normalize_credit_code(value):
    return _half_width(value).strip().upper()


def credit_code_check_char(first17):
    total = sum(CREDIT_CODE_CHARSET.index(char) * weight for char, weight in zip(first17, _CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value):
    value = normalize_credit_code(value)
    if len(value) != 18:
        raise ValidationError("统一社会信用代码应为18位。", code="format")
    if not _CREDIT_CODE_RE.match(value):
        raise ValidationError("统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）。", code="format")
    if credit_code_check_char(value[:17]) != value[17]:
        raise ValidationError("统一社会信用代码校验码错误，请核对后重新输入。", code="check_digit")
    return value


def has_control_characters(value, *, allow=""):
    """Whether the text holds a control or surrogate character other than those in `allow` (e.g. "\\n\\t")."""
    return any(unicodedata.category(char) in ("Cc", "Cs") and char not in allow for char in value or "")
