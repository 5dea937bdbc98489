"""Demo integrity flags for `manage.py seed_demo` (runs after the statements): a planted near-duplicate pair
and a credit code given with another employer's name.

- Near duplicate: 北京's submitted applicant0005 and 上海's submitted applicant0019 get their own
  statements, the second copying eleven of the first's fifteen answers (a "范文" passed around). Every
  other demo statement is the shared template of demo_evidence.py, which the check treats as common
  wording, so this is the one near-duplicate of the round; both units see it, each with the other side hidden.
- Credit code: 上海's forwarded applicant0016 typed the credit code of 北京's forwarded applicant0003's
  employer: the office sees both names, each unit only its own.

The rows are rewritten in bulk, as if typed before submission, and audited by ONE `units.integrity.seeded`
entry; a second run finds them planted and changes nothing.
"""
from django.db.models import F

from apps.applicants.models import Application, StatementAnswer
from apps.core import audit

ORIGINAL, COPY, CODE_SOURCE, CODE_COPY = "applicant0005", "applicant0019", "applicant0003", "applicant0016"

# The fifteen answers of ORIGINAL, by indicator position.
ORIGINAL_ANSWERS = (
    "担任数控加工班班长十二年，负责航空发动机机匣等关键零件的精密加工。2022年承接新型号试制任务，带领班组连续攻关四十天，提前两周交付首批合格零件。",
    "对每一道工序都要求自己做到极致，把机匣安装边的平面度从0.03毫米提高到0.008毫米。针对薄壁件易变形的问题，反复试验切削参数和装夹方式，形成稳定的加工工艺。",
    "以本人命名的技能大师工作室有成员二十三人，近三年开展技术讲座和现场教学六十余次。工作室提出的合理化建议被采纳一百一十多条，带动车间职工立足岗位创新创效。",
    "2015年取得数控车工高级技师职业资格，2021年被评聘为特级技师。在全国职工职业技能大赛数控车工决赛中获得第三名，熟练掌握五轴联动加工和复杂曲面编程。",
    "近三年个人完成的加工工时连续位居车间第一，产品一次交检合格率保持在百分之九十九点六以上，比本岗位平均水平高出约三个百分点。",
    "利用业余时间完成机械设计制造及其自动化专业本科学习，自学掌握三维建模、数控仿真和机器人编程，每年参加新技术培训不少于四次。",
    "在生产中发现某型机匣批量超差的根本原因是夹具定位面磨损后未及时修复，提出定期检测和快速修复方案，使该零件的返修率下降了七成。",
    "以第一发明人获得国家发明专利三项、实用新型专利五项，总结的薄壁机匣高精度车削操作法被评为省级先进操作法，参与起草行业标准一项。",
    "主持的刀具寿命管理和切削参数优化项目每年为单位节约刀具费用和能源消耗约三百二十万元，相关经验在集团内五家企业推广应用。",
    "作为核心技术骨干参与国家重大专项某型发动机研制，负责关键转动件的工艺攻关和首件加工，所在团队获得省部级科技进步一等奖。",
    "与设计所工程师组成联合攻关团队，把设计图纸上的精度要求转化为可执行的加工工艺，配合完成了二十余轮工艺验证，缩短研制周期约五个月。",
    "针对高温合金难加工材料长期依赖进口刀具的问题，与刀具厂联合开发国产专用刀具，经过六轮试验，刀具寿命达到进口刀具的水平并批量应用。",
    "系统整理二十年积累的操作经验，编写《精密机匣数控加工操作手册》，配有图片和视频讲解，已成为车间新员工培训的标准教材。",
    "坚持师带徒，累计带出徒弟三十八人，其中九人取得高级技师资格，两人在省级职业技能大赛中获得一等奖，成为各自班组的技术骨干。",
    "推动车间数控设备联网和加工数据采集，把个人的加工经验整理成工艺参数库，协助开发了刀具磨损预警和加工参数推荐的小工具。",
)

# COPY's own answers where it does not copy (by indicator position); every other answer is ORIGINAL's.
COPY_OWN = {
    4: "2017年取得焊工高级技师职业资格，2023年被评聘为首席技师。在全国行业职业技能竞赛焊工项目中获得第二名，精通船用高强钢和铝合金的焊接工艺。",
    5: "近三年完成焊缝总长度和一次探伤合格率均位居船体车间前列，参与建造的三艘液化天然气运输船焊接质量全部达到船级社要求。",
    10: "参与国产大型邮轮建造，负责上层建筑薄板焊接变形控制，与技术人员一起摸索出分段焊接顺序和反变形方法，保证了分段合拢精度。",
    14: "坚持“传帮带”，在车间开设焊接技能夜校，累计培训职工四百余人次，所带徒弟中有五人获评技师，一人获得市级技术能手称号。",
}


def _two_lines(text):
    """Two lines, as the demo's other answers are written: after the first full stop, else the middle comma."""
    head, _, tail = text.partition("。")
    if tail:
        return f"{head}。\n{tail}"
    commas = [i for i, char in enumerate(text) if char == "，"]
    middle = min(commas, key=lambda i: abs(i - len(text) // 2))
    return f"{text[:middle]}。\n{text[middle + 1:]}"


ORIGINAL_ANSWERS = tuple(_two_lines(text) for text in ORIGINAL_ANSWERS)
COPY_OWN = {position: _two_lines(text) for position, text in COPY_OWN.items()}


def seed(ctx, *, scale):
    if ctx.round is None:
        return
    applications = {
        application.applicant.username: application
        for application in Application.objects.filter(
            round=ctx.round, applicant__username__in=[ORIGINAL, COPY, CODE_SOURCE, CODE_COPY]
        ).select_related("applicant")
    }
    if len(applications) < 4:
        return
    planted = []
    if _plant_statements(applications[ORIGINAL], applications[COPY]):
        planted.append("near_duplicate")
    if _plant_credit_code(applications[CODE_SOURCE], applications[CODE_COPY]):
        planted.append("credit_code_conflict")
    ctx.tally("诚信提示样例", created=len(planted), existing=2 - len(planted))
    if planted:
        audit.record(None, "units.integrity.seeded", ctx.round, planted=planted)


def _plant_statements(original, copy):
    answers = {
        application.pk: {answer.indicator.position: answer for answer in application.answers.select_related("indicator")}
        for application in (original, copy)
    }
    if answers[original.pk].get(1) is None or answers[original.pk][1].text == ORIGINAL_ANSWERS[0]:
        return False  # no statements to rewrite, or planted already
    changed = []
    for position, text in enumerate(ORIGINAL_ANSWERS, start=1):
        for application, value in ((original, text), (copy, COPY_OWN.get(position, text))):
            answer = answers[application.pk].get(position)
            if answer is not None:
                # A new version, as a save would make: the flags' cache key (selectors_integrity.data_version) moves on.
                answer.text, answer.version = value, answer.version + 1
                changed.append(answer)
    StatementAnswer.objects.bulk_update(changed, ["text", "version"])
    return True


def _plant_credit_code(source, copy):
    if copy.employer_credit_code == source.employer_credit_code:
        return False
    Application.objects.filter(pk=copy.pk).update(
        employer_credit_code=source.employer_credit_code, profile_version=F("profile_version") + 1
    )
    return True
