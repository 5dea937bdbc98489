import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.core.validators import (
    CREDIT_CODE_CHARSET,
    birth_date_from_resident_id,
    credit_code_check_char,
    resident_id_check_char,
    validate_credit_code,
    validate_mobile,
    validate_resident_id,
)

FORMAT_MESSAGE = "居民身份证号码应为18位，前17位为数字，最后一位为数字或X。"


def make_resident_id(region="110101", birth="19900307", sequence="123"):
    """A well-formed ID number with its check character computed, so no real person's number is needed."""
    first17 = f"{region}{birth}{sequence}"
    return first17 + resident_id_check_char(first17)


def resident_id_ending_in(check_char, region="110101", birth="19900307"):
    sequence = next(f"{n:03d}" for n in range(1000) if resident_id_check_char(f"{region}{birth}{n:03d}") == check_char)
    return make_resident_id(region, birth, sequence)


def full_width(value):
    """What a Chinese input method in full-width mode types: １３８… instead of 138…"""
    return "".join(chr(ord(char) + 0xFEE0) if char.isascii() and char.isalnum() else char for char in value)


def make_credit_code(first17="91110108MA01C3RH1"):
    return first17 + credit_code_check_char(first17)


def other_check_char(value, charset):
    return next(char for char in charset if char != value[-1])


def assert_refused(validator, value, message, code):
    with pytest.raises(ValidationError) as error:
        validator(value)

    assert (error.value.messages, error.value.code) == ([message], code)


# Resident ID numbers (GB 11643-1999)


def test_resident_id_check_char_matches_the_standards_example():
    assert resident_id_check_char("11010519491231002") == "X"


def test_validate_resident_id_accepts_a_valid_number():
    value = make_resident_id()

    assert validate_resident_id(value) == value


def test_validate_resident_id_accepts_x_check_digit():
    value = resident_id_ending_in("X")

    result = validate_resident_id(value)

    assert (result, result[-1]) == (value, "X")


def test_validate_resident_id_normalises_lowercase_x_and_spaces():
    value = resident_id_ending_in("X")

    result = validate_resident_id(f"  {value[:17]}x ")

    assert result == value


def test_validate_resident_id_normalises_full_width_digits():
    # Python's \d and int() accept full-width digits: without normalising, the stored number and its
    # blind index differ from the same number typed in ASCII, and duplicate checks miss it.
    value = resident_id_ending_in("X")

    result = validate_resident_id(full_width(value))

    assert result == value


def test_validate_resident_id_rejects_wrong_check_digit():
    value = make_resident_id()
    wrong = value[:17] + other_check_char(value, "0123456789X")

    assert_refused(
        validate_resident_id, wrong, "居民身份证号码校验码错误，请核对后重新输入。", "check_digit"
    )


@pytest.mark.parametrize(
    "value",
    [
        "",
        None,
        "11010119900307123",  # 17 characters
        "1101011990030712345",  # 19 characters
        "11010119900307A234",  # a letter among the first 17
        "X10101199003071234",  # X anywhere but last
        "110101 19900307123",  # a space inside
    ],
)
def test_validate_resident_id_rejects_malformed_numbers(value):
    assert_refused(validate_resident_id, value, FORMAT_MESSAGE, "format")


@pytest.mark.parametrize("birth", ["19900230", "19901301", "19900001", "19900431", "19000229"])
def test_validate_resident_id_rejects_impossible_birth_date(birth):
    value = make_resident_id(birth=birth)

    assert_refused(validate_resident_id, value, "居民身份证号码中的出生日期不存在。", "birth_date")


def test_validate_resident_id_accepts_leap_day():
    value = make_resident_id(birth="20000229")

    assert birth_date_from_resident_id(validate_resident_id(value)) == datetime.date(2000, 2, 29)


def test_validate_resident_id_rejects_future_birth_date():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    value = make_resident_id(birth=tomorrow.strftime("%Y%m%d"))

    assert_refused(validate_resident_id, value, "居民身份证号码中的出生日期不合理。", "birth_date")


def test_validate_resident_id_rejects_birth_before_1900():
    value = make_resident_id(birth="18991231")

    assert_refused(validate_resident_id, value, "居民身份证号码中的出生日期不合理。", "birth_date")


@pytest.mark.parametrize("region", ["000000", "100101", "990101", "720101"])
def test_validate_resident_id_rejects_invalid_region(region):
    value = make_resident_id(region=region)

    assert_refused(validate_resident_id, value, "居民身份证号码的地区码无效。", "region")


def test_birth_date_from_resident_id_reads_the_birth_date():
    value = make_resident_id(birth="19751108")

    assert birth_date_from_resident_id(value.lower()) == datetime.date(1975, 11, 8)


# Mobile numbers


@pytest.mark.parametrize(
    "value",
    ["13812345678", "+86 138 1234 5678", "+8613812345678", "0086-138-1234-5678", " 138-1234-5678 ", "138 1234 5678"],
)
def test_validate_mobile_normalises_to_eleven_digits(value):
    assert validate_mobile(value) == "13812345678"


def test_validate_mobile_normalises_full_width_digits():
    result = validate_mobile("138" + full_width("12345678"))

    assert result == "13812345678"


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_validate_mobile_accepts_every_mobile_prefix(prefix):
    value = f"{prefix}912345678"

    assert validate_mobile(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "12812345678",  # 12x is not a mobile prefix
        "10012345678",
        "23812345678",  # does not start with 1
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "010-12345678",  # a landline
        "+85291234567",  # Hong Kong
        "1381234567a",
        "",
        None,
    ],
)
def test_validate_mobile_rejects_non_mainland_mobiles(value):
    assert_refused(validate_mobile, value, "请输入11位中国大陆手机号码，以1开头。", "format")


# Unified social credit codes (GB 32100-2015)


def test_credit_code_check_char_matches_a_published_code():
    # Huawei Technologies Co., Ltd., as printed on its public business licence.
    assert credit_code_check_char("91440300192203821") == "6"


@pytest.mark.parametrize(
    "first17",
    [
        "91110108MA01C3RH1",  # enterprise, Beijing Haidian, new-style organisation code
        "9131000013221158X",  # enterprise, Shanghai
        "12100000400000624",  # public institution
        "51110000500000000",  # social organisation
        "Y1110000ABCDEFGHJ",  # other registration authority
    ],
)
def test_validate_credit_code_accepts_valid_codes(first17):
    value = make_credit_code(first17)

    assert validate_credit_code(value) == value


def test_validate_credit_code_normalises_case_and_spaces():
    value = make_credit_code()

    assert validate_credit_code(f" {value.lower()} ") == value


def test_validate_credit_code_normalises_full_width_digits():
    # Full-width digits pass the regex's \d and then crash CREDIT_CODE_CHARSET.index with ValueError (a 500).
    value = make_credit_code()

    result = validate_credit_code(value[:2] + full_width(value[2:8]) + value[8:])

    assert result == value


def test_validate_credit_code_rejects_wrong_check_char():
    value = make_credit_code()
    wrong = value[:17] + other_check_char(value, CREDIT_CODE_CHARSET)

    assert_refused(
        validate_credit_code, wrong, "统一社会信用代码校验码错误，请核对后重新输入。", "check_digit"
    )


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_validate_credit_code_rejects_forbidden_letters(letter):
    value = make_credit_code()
    forged = value[:10] + letter + value[11:]

    assert_refused(
        validate_credit_code, forged, "统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）。", "format"
    )


def test_validate_credit_code_rejects_letters_in_the_region_code():
    value = make_credit_code()
    forged = value[:3] + "A" + value[4:]

    assert_refused(
        validate_credit_code, forged, "统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）。", "format"
    )


@pytest.mark.parametrize("length", [0, 15, 17, 19])
def test_validate_credit_code_rejects_wrong_length(length):
    value = (make_credit_code() * 2)[:length]

    assert_refused(validate_credit_code, value, "统一社会信用代码应为18位。", "format")
