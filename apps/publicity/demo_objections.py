"""Demo objections for `seed_demo`: one in each state on a publicity, filed and handled through the services.

NOT in seed_demo's PHASES yet: the demo has no round in publicity today (this year's round is recommending,
last year's is closed). Whoever adds that round (issue 12's publication branch, or the lead at merge) calls
`seed_objections(ctx, publicity)` after `open_publicity`; it leaves a publicity that already has objections alone.
The upheld one takes the publicity's last candidate off the list (and notifies the unit and the applicant).
"""
from . import objections
from .models_objections import Objection

# (objector, phone, relationship, content, what the office does: None, "assigned", "not_upheld", "upheld")
DEMO_OBJECTIONS = (
    ("周立新", "13912340001", "同厂职工", "该同志所报“全国五一劳动奖章”获奖年份与实际不符，请核实。", None),
    ("吴海燕", "13912340002", "同行业从业者", "申报材料中的技术革新成果系班组集体完成，请核实其本人贡献。", "assigned"),
    ("郑国强", "13912340003", "知情群众", "听说该同志曾有违反安全生产规定的记录。", "not_upheld"),
    ("冯晓梅", "13912340004", "原同事", "所报全国职业技能大赛一等奖经查询获奖名单中无此人。", "upheld"),
)
INVESTIGATION = "已向推荐单位、所在企业和相关赛事组委会书面核实，并与被公示人本人谈话。"
REASONS = {
    "not_upheld": "经核实，企业安全生产记录中无该同志违规记录，所反映问题不属实。",
    "upheld": "经向赛事组委会核实，获奖名单中无该同志，所报比赛名次不实，异议成立。",
}


def seed_objections(ctx, publicity):
    """File the demo objections on `publicity` (first and last candidates) and handle them as the office would."""
    if Objection.objects.filter(publicity=publicity).exists():
        ctx.tally("公示异议", existing=Objection.objects.filter(publicity=publicity).count())
        return []
    entries = list(publicity.entries.order_by("position"))
    made = []
    for index, (name, phone, relationship, content, handling) in enumerate(DEMO_OBJECTIONS):
        entry = entries[-1] if handling == "upheld" else entries[0]
        objection = objections.file_objection(entry, name=name, phone=phone, relationship=relationship, content=content, ip="198.51.100.10")
        if handling:
            objections.assign_handler(objection, by=ctx.office, handler=ctx.office)
        if handling in REASONS:
            objections.record_investigation(objection, by=ctx.office, notes=INVESTIGATION)
            objections.conclude_objection(objection, by=ctx.office, upheld=handling == "upheld", reasons=REASONS[handling])
        made.append(objection)
    ctx.tally("公示异议", created=len(made))
    return made
