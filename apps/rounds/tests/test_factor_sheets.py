"""The factor workbook: the template's content, and reading an upload back (errors per row and cell)."""
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from apps.rounds import selectors
from apps.rounds.enums import RoundStatus
from apps.rounds.factor_sheets import HEADERS, SHEET, FactorSheetInvalid, build_template, read_factor_rows
from apps.rounds.models import QuotaFactors
from apps.rounds.tests.factories import RoundFactory
from apps.units.tests.factories import RecommendingUnitFactory


@pytest.fixture
def sheet_world(db):
    round = RoundFactory(year=2031, status=RoundStatus.DRAFT)
    shanxi = RecommendingUnitFactory(name="山西省总工会", region="14")
    liaoning = RecommendingUnitFactory(name="辽宁省总工会", region="21")
    QuotaFactors.objects.create(round=round, unit=shanxi, region_development=Decimal("81.5"), worker_count=Decimal("3000000"))
    return round, shanxi, liaoning


def workbook_bytes(rows, *, header=HEADERS, title=SHEET):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(data, name="因素.xlsx"):
    return SimpleUploadedFile(name, data)


def units_of(round):
    return list(selectors.units_for_quotas(round))


@pytest.mark.django_db
def test_the_template_lists_every_active_unit_with_current_values_and_instructions(sheet_world):
    round, shanxi, liaoning = sheet_world
    RecommendingUnitFactory(name="已撤销单位", is_active=False)

    book = load_workbook(io.BytesIO(build_template(round, units_of(round))))

    assert book.sheetnames == [SHEET, "填写说明"]
    assert list(book[SHEET].iter_rows(values_only=True)) == [
        HEADERS,
        (shanxi.pk, "山西省总工会", 81.5, 0, 3000000, 0),
        (liaoning.pk, "辽宁省总工会", None, None, None, None),
    ]
    assert "文件中没有的单位保留原有数值" in " ".join(row[0] for row in book["填写说明"].iter_rows(values_only=True))


@pytest.mark.django_db
def test_a_filled_template_reads_back_as_rows(sheet_world):
    round, shanxi, liaoning = sheet_world
    book = load_workbook(io.BytesIO(build_template(round, units_of(round))))
    sheet = book[SHEET]
    for cell, value in zip(sheet[3][2:], (66, 72.25, 1800000, 55)):
        cell.value = value
    out = io.BytesIO()
    book.save(out)

    rows = read_factor_rows(upload(out.getvalue()), units_of(round))

    assert rows == [
        {"unit": shanxi.pk, "line": 2, "region_development": Decimal("81.50"), "industry_level": Decimal("0.00"),
         "worker_count": Decimal("3000000.00"), "talent_environment": Decimal("0.00")},
        {"unit": liaoning.pk, "line": 3, "region_development": Decimal("66.00"), "industry_level": Decimal("72.25"),
         "worker_count": Decimal("1800000.00"), "talent_environment": Decimal("55.00")},
    ]


@pytest.mark.django_db
def test_every_bad_row_and_cell_is_reported(sheet_world):
    round, shanxi, liaoning = sheet_world
    data = workbook_bytes([
        (shanxi.pk, "山西省总工会", 80, "很高", 1000, 50),
        (liaoning.pk, "辽宁省总工会", 80, 70, -5, None),
        (),
        (99999, "不存在的工会", 1, 1, 1, 1),
        (shanxi.pk, "山西省总工会", 1, 1, 1, 1),
    ])

    with pytest.raises(FactorSheetInvalid) as refused:
        read_factor_rows(upload(data), units_of(round))

    assert refused.value.errors == [
        "第 2 行 D 列（行业技术水平）：须为不小于 0 的数字，最多两位小数",
        "第 3 行 E 列（职工人数）：须为不小于 0 的数字，最多两位小数",
        "第 3 行 F 列（人才培养环境）：须为不小于 0 的数字，最多两位小数",
        "第 5 行 A 列（单位编号）：“99999”不是有效的推荐单位编号（不存在的工会）",
        "第 6 行 A 列（单位编号）：“山西省总工会”与第 2 行重复",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("data, message", [
    (b"unit,region\n1,80\n", "不是 Excel 工作簿"),  # a CSV renamed .xlsx
    (b"PK\x03\x04 not really a zip", "不是 Excel 工作簿"),
    (None, "表头与模板不符"),
    ("sheet", "找不到“名额分配因素”工作表"),
])
def test_a_file_that_is_not_the_template_is_refused(sheet_world, data, message):
    round = sheet_world[0]
    if data is None:
        data = workbook_bytes([], header=("编号", "名称"))
    elif data == "sheet":
        data = workbook_bytes([], title="Sheet1")

    with pytest.raises(FactorSheetInvalid, match=message):
        read_factor_rows(upload(data), units_of(round))


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_unread(sheet_world):
    with pytest.raises(FactorSheetInvalid, match="文件超过 2 MB"):
        read_factor_rows(upload(b"PK\x03\x04" + b"0" * (2 * 1024 * 1024)), units_of(sheet_world[0]))


def test_the_template_drops_control_characters_a_cell_cannot_hold(sheet_world):
    round, _, _ = sheet_world
    round.title = "2031年度\x0b遴选\x1f"

    book = load_workbook(io.BytesIO(build_template(round, units_of(round))))

    assert book["填写说明"]["A1"].value == "2031年度遴选：推荐名额分配因素填写说明"
