"""The Excel workbook of a round's quota factors: the template the office downloads, and reading it back.

The template has one row per active unit: its number (the unit's id in the portal, stable whatever
its name or login), its name, and the four factors pre-filled with the current values; a second
sheet says how to fill it. Reading checks the file is a real xlsx (a zip holding a workbook, by
content, not by name), its size, its header, then every row and cell, and reports each error by row
and column in Chinese. The rows go to `quota_services.save_quota_factors`, the service the form uses.
"""
import io
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from . import quotas
from .quota_services import FACTOR_NAMES, FactorRowsInvalid, parse_factor

MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a zip bomb stops here, before openpyxl reads it
MAX_ROWS = 5000
SHEET = "名额分配因素"
HEADERS = ("单位编号", "推荐单位", *(label for _, label in quotas.FACTORS))
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_filename(round):
    return f"{round.year}年度名额分配因素.xlsx"


def build_template(round, units):
    """The template as xlsx bytes; `units` from `selectors.units_for_quotas(round)` (values annotated)."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for unit in units:
        sheet.append([unit.pk, _cell_text(unit.name), *(_number(getattr(unit, name)) for name in FACTOR_NAMES)])
    for column, width in zip("ABCDEF", (10, 36, 14, 14, 16, 14)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "C2"
    notes = book.create_sheet("填写说明")
    for line in _instructions(round):
        notes.append([_cell_text(line)])
    notes.column_dimensions["A"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _instructions(round):
    return (
        f"{round}：推荐名额分配因素填写说明",
        "1. 请在“名额分配因素”工作表中填写 C 至 F 列：地区发展状况、行业技术水平、职工人数、人才培养环境。",
        "2. 每项须为不小于 0 的数字，最多两位小数；数值越大，分得的名额越多。各项因素先在全部单位间归一，再按年度设定的权重加权。",
        "3. 请勿修改 A 列“单位编号”和表头：系统按单位编号识别推荐单位，B 列单位名称仅供核对。",
        "4. 不需要修改的单位可以删除其所在行：文件中没有的单位保留原有数值。",
        "5. 同一单位只能出现一次。只要有一行有误，整个文件都不会导入，页面会逐行逐列列出错误，请修改后重新上传。",
        f"6. 文件须为 Excel 工作簿（.xlsx），不超过 {MAX_BYTES // (1024 * 1024)} MB。",
    )


def _cell_text(text):
    """Text as a cell may hold it: openpyxl refuses control characters (a title typed with one would
    otherwise turn the template download into a server error)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class FactorSheetInvalid(FactorRowsInvalid):
    """The uploaded workbook is not usable; `errors` lists each problem (by row and column) in Chinese."""

    code = "factor_sheet_invalid"
    what = "导入文件"


def read_factor_rows(upload, units):
    """[{"unit", <factor>..., "line"}] from an uploaded workbook, or FactorSheetInvalid listing every error.

    `units`: the round's active units. Unknown and repeated unit numbers are errors; blank rows are skipped.
    """
    book = _open_workbook(upload)
    try:
        if SHEET not in book.sheetnames:
            raise FactorSheetInvalid([f"找不到“{SHEET}”工作表，请使用下载的模板"])
        rows = book[SHEET].iter_rows(values_only=True, max_row=MAX_ROWS + 2)
        header = tuple(_text(value) for value in next(rows, ()))[: len(HEADERS)]
        if header != HEADERS:
            raise FactorSheetInvalid(["第 1 行：表头与模板不符，请使用下载的模板，勿修改表头"])
        return _rows(rows, {unit.pk: unit for unit in units})
    finally:
        book.close()


def _open_workbook(upload):
    if upload.size > MAX_BYTES:
        raise FactorSheetInvalid([f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，请删除多余内容后重新上传"])
    data = upload.read()
    not_xlsx = FactorSheetInvalid(["文件不是 Excel 工作簿（.xlsx），请使用下载的模板填写后上传"])
    if not data.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise not_xlsx
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            raise not_xlsx
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise FactorSheetInvalid(["文件解压后过大，请使用下载的模板"])
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise not_xlsx from error


def _rows(rows, units):
    errors, parsed, seen = [], [], {}
    for line, values in enumerate(rows, start=2):
        values = tuple(values[: len(HEADERS)]) + (None,) * (len(HEADERS) - len(values))
        if all(_text(value) == "" for value in values):
            continue
        if line > MAX_ROWS + 1:
            errors.append(f"文件超过 {MAX_ROWS} 行，请分批导入")
            break
        code, name, *factors = values
        unit = units.get(_unit_number(code))
        if unit is None:
            errors.append(f"第 {line} 行 A 列（单位编号）：“{_text(code)}”不是有效的推荐单位编号（{_text(name) or '未填写单位名称'}）")
            continue
        if unit.pk in seen:
            errors.append(f"第 {line} 行 A 列（单位编号）：“{unit.name}”与第 {seen[unit.pk]} 行重复")
            continue
        seen[unit.pk] = line
        row = {"unit": unit.pk, "line": line}
        for column, (field, label), value in zip("CDEF", quotas.FACTORS, factors):
            number = None if _text(value) == "" or isinstance(value, bool) else parse_factor(value)
            if number is None:
                errors.append(f"第 {line} 行 {column} 列（{label}）：须为不小于 0 的数字，最多两位小数")
            row[field] = number
        parsed.append(row)
    if errors:
        raise FactorSheetInvalid(errors)
    if not parsed:
        raise FactorSheetInvalid(["文件中没有推荐单位的数据"])
    return parsed


def _unit_number(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return int(_text(value))
    except ValueError:
        return None


def _text(value):
    return "" if value is None else str(value).strip()
