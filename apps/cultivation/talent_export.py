"""The talent pool's Excel export: XlsxWriter in constant_memory mode (rows written in order, flushed as
they go), Chinese headers, resident ID numbers and phones masked."""
import tempfile

import xlsxwriter

from apps.applicants.profile_enums import Gender, Industry, SkillLevel
from apps.core.masking import mask_phone, mask_resident_id
from apps.units.regions import PROVINCE_NAMES

from .enums import CultivationStatus

HEADERS = (
    "序号", "年度", "姓名", "性别", "居民身份证号码", "手机号码", "推荐单位", "工作单位", "岗位", "所属行业", "所在地区",
    "技能等级", "培育状态", "培育开始日期", "培育期满日期",
)
EXPORT_FIELDS = (
    "id", "status", "started_on", "ends_on", "round__year", "application__full_name", "application__gender",
    "application__resident_id", "application__mobile", "application__employer_name", "application__post",
    "application__industry", "application__region", "application__skill_level", "application__unit__name",
)
_GENDERS, _INDUSTRIES, _SKILLS, _STATUSES = (dict(c.choices) for c in (Gender, Industry, SkillLevel, CultivationStatus))
WIDTHS = (6, 7, 10, 5, 22, 14, 24, 30, 16, 24, 14, 10, 10, 13, 13)


def _row(number, cultivation):
    application = cultivation.application
    return (
        number, cultivation.round.year, application.full_name, _GENDERS.get(application.gender, ""),
        mask_resident_id(application.resident_id) if application.resident_id else "",
        mask_phone(application.mobile) if application.mobile else "",
        application.unit.name, application.employer_name, application.post, _INDUSTRIES.get(application.industry, ""),
        PROVINCE_NAMES.get(application.region, ""), _SKILLS.get(application.skill_level, ""), _STATUSES.get(cultivation.status, ""),
        cultivation.started_on.isoformat(), cultivation.ends_on.isoformat(),
    )


def write_talent_pool(queryset):
    """The rows of `queryset` (cultivations) as an .xlsx in a temporary file, rewound; returns (file, row count).

    Reads the rows in chunks (`iterator`), so memory stays flat however large the pool."""
    output = tempfile.TemporaryFile()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("工匠人才库")
    bold = workbook.add_format({"bold": True})
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    sheet.write_row(0, 0, HEADERS, bold)
    count = 0
    for count, cultivation in enumerate(queryset.select_related("application__unit", "round").only(*EXPORT_FIELDS).iterator(chunk_size=1000), start=1):
        sheet.write_row(count, 0, _row(count, cultivation))
    sheet.freeze_panes(1, 0)
    workbook.close()
    output.seek(0)
    return output, count
