import pytest

from apps.core.masking import mask_phone, mask_resident_id, mask_text

# The example number of GB 11643-1999 itself, not a person's.
RESIDENT_ID = "11010519491231002X"
PHONE = "13812345678"


def test_mask_resident_id_keeps_region_prefix_and_last_four():
    assert mask_resident_id(RESIDENT_ID) == "110***********002X"


def test_mask_resident_id_normalises_lowercase_x():
    assert mask_resident_id(" 11010519491231002x ") == "110***********002X"


@pytest.mark.parametrize("value, expected", [("", ""), ("1234567", "*******")])
def test_mask_resident_id_hides_short_values_entirely(value, expected):
    assert mask_resident_id(value) == expected


@pytest.mark.parametrize("value", [PHONE, "+86 138 1234 5678", "0086-138-1234-5678"])
def test_mask_phone_keeps_first_three_and_last_four(value):
    assert mask_phone(value) == "138****5678"


def test_mask_phone_hides_short_values_entirely():
    assert mask_phone("1234567") == "*******"


def test_mask_text_masks_ids_and_phones_in_free_text():
    text = f"申报人身份证号{RESIDENT_ID}，联系电话{PHONE}，备用+86 13912345678。"

    masked = mask_text(text)

    assert masked == "申报人身份证号110***********002X，联系电话138****5678，备用139****5678。"


@pytest.mark.parametrize("written", ["138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+86-138-1234-5678"])
def test_mask_text_masks_phones_written_in_groups(written):
    # validate_mobile accepts these spellings, so they reach log lines and free-text fields as typed.
    text = f"联系电话：{written}。"

    masked = mask_text(text)

    assert masked == "联系电话：138****5678。"


def test_mask_text_masks_lowercase_x_id():
    assert mask_text("id=11010519491231002x;") == "id=110***********002X;"


@pytest.mark.parametrize(
    "text",
    [
        "申报编号 2026000123，奖金 50000 元",
        "统一社会信用代码 91110108MA01C3RH1X",
        "银行卡 6222021234567890123",  # 19 digits: neither an ID nor a phone
        "座机 010-12345678，编号 10012345678",  # 100… is not a mobile prefix
        "时间戳 1764059400123",
    ],
)
def test_mask_text_leaves_other_numbers_alone(text):
    assert mask_text(text) == text
