"""Demo statements and evidence files for `manage.py seed_demo`: the default set's applications only.

Every application of the default set (drafts included) gets an answer to each of the 15 indicators
(a few lines of realistic Chinese, varied per applicant) and five small evidence files generated in
code, one for each of the five powers (the completeness rule, `completeness.evidence_per_power`):
one-page PDF certificates and PNG photo cards, stored through the default storage under random
names like real uploads. `fill` writes them in bulk for one application right after its profile,
before `demo._apply_through_services` submits it (submission needs them, and freezes them in the
snapshot); the whole default set is audited by ONE `applicants.statement.seeded` entry with the
counts (`record_seeded`): through the services it would be 450 saves and 150 uploads. The
national-scale bulk gets none, so that scale stays fast. `seed` fills any default application left
without a statement (none on a fresh run).
"""
import hashlib
import random
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.core import audit

from . import demo
from .models import Application, EvidenceFile, StatementAnswer
from .samples import image_bytes, pdf_bytes

# One answer per indicator code (the part after the power): {employer}, {n}, {years} are filled per applicant.
ANSWERS = {
    "heavy_duty": "在{employer}一线岗位工作{years}年，长期承担关键工序的操作和质量把关。\n近三年主动承担急难险重任务{n}项，其中两项为本单位年度重点生产任务，均按期保质完成。",
    "excellence": "坚持精益求精，把关键尺寸的加工精度从0.02毫米提高到0.005毫米，达到行业先进水平。\n带头开展对标提升，所在班组连续{n}年产品一次交检合格率保持在99.8%以上。",
    "example": "2023年获评省级工匠称号，所带班组获评“工人先锋号”。\n以本人命名的创新工作室年均开展技术交流{n}次，带动班组职工参与合理化建议和岗位创新。",
    "skill": "2016年取得高级技师职业资格，2022年被聘为特级技师。\n曾获全国职业技能大赛第{n}名，熟练掌握本工种全部核心操作和复杂故障的判断处理。",
    "results": "近三年个人完成工时和产品合格率连续位居本岗位前列，高出岗位平均水平约{n}0%。\n主持的工序优化使班组人均产量提高约15%，获单位年度先进个人。",
    "learning": "坚持业余学习，取得机械设计制造专业本科学历，自学掌握三维建模和数控编程。\n每年参加行业新技术培训不少于{n}次，把所学及时用于生产现场。",
    "insight": "在日常生产中注意积累数据，发现某型号部件批量返修的根本原因在于夹具定位误差。\n提出改进方案{n}项，经验证后纳入本单位作业指导书。",
    "value": "本人牵头的工艺改进每年为单位节约生产成本约{n}00万元，减少废品和能源消耗。\n相关成果在集团内{n}家企业推广应用，社会经济效益显著。",
    "key_role": "作为技术骨干参与省重点工程建设，负责关键部件的装配调试，攻克装配精度难题。\n参与的项目获省部级科技进步奖{n}项。",
    "collaboration": "与研究院工程师组成联合攻关团队，承担试验件的试制和工艺验证。\n在团队中负责把设计要求转化为可操作的工艺，缩短试制周期约{n}个月。",
    "bottleneck": "针对本行业长期依赖进口的关键零件，参与国产化替代攻关。\n通过{n}轮工艺试验，使国产零件性能达到进口水平，已批量应用。",
    "codify": "系统整理本工种操作要领，编写《关键工序操作手册》，形成图文并茂的标准化教材。\n总结提炼操作法{n}项，其中一项被评为省级先进操作法。",
    "apprentices": "坚持师带徒，累计带徒{n}0余人，其中多人成长为技师、高级技师。\n所带徒弟在省级职业技能竞赛中获奖，已成为班组和车间的技术骨干。",
    "intelligent": "推动本工序数控化、数字化改造，参与建立设备状态监测和工艺参数数据库。\n把个人经验转化为智能设备的工艺参数，协助开发辅助决策工具{n}项。",
}
# The innovation power's "results" indicator (创新成果) shares its code's tail with practice's (业绩突出).
INNOVATION_RESULTS = "以第一发明人获得国家发明专利{n}项、实用新型专利多项，参与制定行业标准1项。\n总结的工法获评省级工法，在本单位和同行业推广使用。"

# Which indicators get the demo files, one per power: certificates (PDF) and photo cards (PNG).
FILES = (
    ("leadership.example", "省级工匠称号证书.pdf", "pdf"),
    ("practice.skill", "高级技师职业资格证书.pdf", "pdf"),
    ("innovation.results", "发明专利证书照片.png", "png"),
    ("tackling.key_role", "省部级科技进步奖证书.pdf", "pdf"),
    ("inheritance.apprentices", "师带徒协议与徒弟获奖证书.png", "png"),
)


def seed(ctx, *, scale):
    if ctx.round is None:
        return
    usernames = [spec.username for spec in demo.default_applications()]
    applications = list(
        Application.objects.filter(round=ctx.round, applicant__username__in=usernames, answers__isnull=True)
        .select_related("applicant").order_by("pk")
    )
    ctx.tally("五力陈述", existing=StatementAnswer.objects.filter(application__round=ctx.round).count())
    if not applications:
        return
    counts = [fill(application) for application in applications]
    record_seeded(ctx, len(applications), sum(n for n, _ in counts), sum(n for _, n in counts))


def fill(application):
    """Write the demo answers and files of `application` (in bulk, no audit). Returns (answers, files)."""
    indicators = list(application.round.indicators.order_by("position"))
    by_code = {indicator.code: indicator for indicator in indicators}
    rng = random.Random(f"statement:{application.applicant.username}")
    values = {"employer": application.employer_name or "本单位", "years": rng.randint(8, 25)}
    answers = []
    for indicator in indicators:
        tail = indicator.code.partition(".")[2]
        text = INNOVATION_RESULTS if indicator.code == "innovation.results" else ANSWERS.get(tail, "")
        answers.append(StatementAnswer(application=application, indicator=indicator, text=text.format(n=rng.randint(2, 9), **values), version=1))
    files = [_evidence(application, by_code[code], name, kind) for code, name, kind in FILES if code in by_code]
    StatementAnswer.objects.bulk_create(answers)
    EvidenceFile.objects.bulk_create(files)
    return len(answers), len(files)


def record_seeded(ctx, applications, answers, files):
    ctx.tally("五力陈述", created=answers)
    ctx.tally("支撑材料", created=files)
    audit.record(None, "applicants.statement.seeded", ctx.round, applications=applications, answers=answers, files=files)


def _evidence(application, indicator, name, kind):
    label = application.applicant.display_name or application.applicant.username
    content = pdf_bytes(f"Certificate {application.applicant.username}") if kind == "pdf" else image_bytes("PNG", label=application.applicant.username)
    extension = ".pdf" if kind == "pdf" else ".png"
    stored = default_storage.save(f"evidence/{application.round_id}/{application.pk}/{uuid.uuid4().hex}{extension}", ContentFile(content))
    return EvidenceFile(
        application=application, indicator=indicator, display_name=f"{label}_{name}", file=stored,
        content_type="application/pdf" if kind == "pdf" else "image/png", size=len(content),
        sha256=hashlib.sha256(content).hexdigest(), uploaded_by=application.applicant,
    )
