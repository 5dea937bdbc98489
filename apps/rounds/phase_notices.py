"""Who hears of each phase of a round, and what: the one place that says it.

`services.advance_round` calls `queue_phase_notices(round)` inside its transaction, after the move's
guards and effects and before its audit entry. Notices are rows now; the mail leaves after commit.
Every notice of a move carries the event key `round:<pk>:<status>`, so a retried move, a re-run of
`seed_demo` or any second call path never tells anyone twice (`queue_notices_to_many` skips whoever
already heard of the event).

Who hears of each phase (`AUDIENCES`; "unit staff" is every active staff member of an active unit,
"applicants in the programme" every active applicant whose application in the round was forwarded
and is still in it, `applicants.enums.PLACE_USING`):

- deployed: unit staff, the deployment notice (ROUND_DEPLOYED) with their own unit's quota, the
  timeline and the requirements of the rules, one batch per unit (the text differs per unit); a unit
  without a quota row hears nothing (confirmation needs every active unit's quota, so this is a unit
  activated after it). Applicants are not told yet: they cannot submit before recommending.
- recommending: every active applicant (submit before the recommend deadline) and unit staff (check,
  rank and forward within the quota before the deadline).
- reviewing: unit staff (recommending is closed; the office reviews) and applicants in the programme
  (their application enters formal and expert review).
- publicity, published: unit staff and applicants in the programme (the list is in publicity /
  published; each applicant's own result comes with their application's status notice).
- closed: unit staff only (the round is over; applicants heard their results through their status).

Experts hear of review through their assignments (the review issue), not through a phase notice.
Fan-out is bulk: one query per audience, then one `queue_notices_to_many` per audience (per unit for
the deployment notice), never a query per recipient.
"""
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.notices.kinds import NoticeKind
from apps.notices.services import queue_notices_to_many

from .enums import RoundStatus
from .models import Quota

R = RoundStatus
UNIT_STAFF, APPLICANTS, IN_PROGRAMME = "unit_staff", "applicants", "in_programme"

# Per phase, each audience and what the phase means for it (the ROUND_PHASE notice's `what_now`).
AUDIENCES = {
    R.RECOMMENDING: {
        APPLICANTS: "现在可以提交申报。请在推荐截止时间前登录平台填写并提交申报材料，提交后由您所在的推荐单位审核并推荐报送。",
        UNIT_STAFF: "申报人现在可以提交申报。请及时审核本单位收到的申报，按推荐名额择优排序，并在推荐截止时间前推荐报送。",
    },
    R.REVIEWING: {
        UNIT_STAFF: "推荐阶段已结束，不能再审核、退回或推荐报送。全总劳动和经济工作部将对已报送的人选进行形式审查和专家评审。",
        IN_PROGRAMME: "推荐阶段已结束。您的申报已由推荐单位报送，现进入形式审查和专家评审，结果将另行通知。",
    },
    R.PUBLICITY: {
        UNIT_STAFF: "党组审议通过的拟培育人选正在公示。公示期内如有异议，可向全总劳动和经济工作部反映。",
        IN_PROGRAMME: "本年度拟培育人选名单正在公示。您本人的结果以申报状态通知为准，可登录平台查看。",
    },
    R.PUBLISHED: {
        UNIT_STAFF: "本年度大国工匠培育对象名单已公布。请做好本单位培育对象的培育工作安排。",
        IN_PROGRAMME: "本年度大国工匠培育对象名单已公布。您本人的结果以申报状态为准，可登录平台查看。",
    },
    R.CLOSED: {
        UNIT_STAFF: "本年度遴选工作已结束，各申报的状态不再变更。",
    },
}

# The requirements of the rules (program-rules.zh.txt, 推荐 and 基本条件), as the deployment notice states them.
REQUIREMENTS = (
    "1. 申报条件：政治素质过硬，有5年以上一线生产现场工作经历，长期践行工匠精神，具有突出技术技能素质，"
    "以制造业等实体经济领域职工为主。\n"
    "2. 申报人须得到3位非本单位同行高级专家推荐，并围绕“工匠五力”提供体现本人突出能力的支撑材料。\n"
    "3. 推荐单位组织本地区、本行业企事业单位申报，根据申报条件和分配名额，兼顾行业、性别等因素，"
    "优中选优排序确定推荐人选，在推荐截止时间前通过本平台推荐报送，报送人数不超过本单位推荐名额。\n"
    "4. 全总劳动和经济工作部对推荐人选进行形式审查和专家评审，建议名单经党组审议后公示、公布。"
)


def chinese_datetime(value):
    """A deadline as the notices write it, in local time: 2026年12月31日 17:00."""
    value = timezone.localtime(value)
    return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"


def chinese_date(value):
    return f"{value.year}年{value.month}月{value.day}日"


def timeline(round):
    """The deployment notice's schedule, one line per deadline that is set."""
    rows = [
        ("推荐截止时间", round.recommend_deadline, chinese_datetime),
        ("形式审查截止时间", round.formal_review_deadline, chinese_datetime),
        ("专家评审截止时间", round.expert_review_deadline, chinese_datetime),
        ("公示开始日期", round.publicity_start, chinese_date),
        ("公示结束日期", round.publicity_end, chinese_date),
    ]
    return "\n".join(f"· {label}：{fmt(value)}" for label, value, fmt in rows if value is not None)


def _deadline_note(round, to):
    """The phase's own deadline, on a line of its own (empty when the phase has none or it is not set)."""
    if to == R.RECOMMENDING and round.recommend_deadline:
        return f"\n推荐截止时间：{chinese_datetime(round.recommend_deadline)}。"
    if to == R.REVIEWING and round.formal_review_deadline and round.expert_review_deadline:
        return (
            f"\n形式审查截止时间：{chinese_datetime(round.formal_review_deadline)}；"
            f"专家评审截止时间：{chinese_datetime(round.expert_review_deadline)}。"
        )
    if to == R.PUBLICITY and round.publicity_start and round.publicity_end:
        return f"\n公示期：{chinese_date(round.publicity_start)}至{chinese_date(round.publicity_end)}。"
    return ""


def event_key(round, status):
    return f"round:{round.pk}:{status}"


def _unit_staff():
    return User.objects.filter(is_active=True, role=Role.UNIT_STAFF, unit__is_active=True)


def _recipients(round, audience):
    from apps.applicants.enums import PLACE_USING  # applicants builds on rounds

    if audience == UNIT_STAFF:
        return _unit_staff()
    if audience == APPLICANTS:
        return User.objects.filter(is_active=True, role=Role.APPLICANT)
    return User.objects.filter(
        is_active=True, role=Role.APPLICANT, applications__round=round, applications__status__in=PLACE_USING
    ).distinct()


def queue_phase_notices(round):
    """Queue the notices of `round` having just entered its current status (see the module's docstring).
    Returns the new notice rows; none for a move already announced."""
    to = RoundStatus(round.status)
    if to == R.DEPLOYED:
        return _queue_deployment_notices(round)
    notices = []
    for audience, what_now in AUDIENCES.get(to, {}).items():
        context = {"round": str(round), "phase": to.label, "what_now": what_now, "deadline_note": _deadline_note(round, to)}
        notices += queue_notices_to_many(
            _recipients(round, audience).only("pk", "email"), kind=NoticeKind.ROUND_PHASE, context=context,
            event_key=event_key(round, to),
        )
    return notices


def _queue_deployment_notices(round):
    """Each active unit's staff, the deployment notice with their unit's quota: one batch per unit."""
    quotas = {
        quota.unit_id: quota
        for quota in Quota.objects.filter(round=round, unit__is_active=True).select_related("unit")
    }
    staff_by_unit = {}
    for user in _unit_staff().filter(unit_id__in=quotas).only("pk", "email", "unit_id").order_by("unit_id", "pk"):
        staff_by_unit.setdefault(user.unit_id, []).append(user)
    shared = {
        "round": str(round), "year": round.year, "target": round.national_target,
        "ratio": f"{round.recommendation_ratio.normalize():f}", "timeline": timeline(round), "requirements": REQUIREMENTS,
    }
    notices = []
    for unit_id, staff in staff_by_unit.items():
        quota = quotas[unit_id]
        notices += queue_notices_to_many(
            staff, kind=NoticeKind.ROUND_DEPLOYED, context={**shared, "unit": quota.unit.name, "places": quota.places},
            obj=quota, event_key=event_key(round, R.DEPLOYED),
        )
    return notices
