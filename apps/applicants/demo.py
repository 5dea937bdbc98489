"""Demo applications for `manage.py seed_demo`, in every status of the recommendation phase.

The default set (the two demo applicants' own applications and 28 samples in 北京 and 上海, whose
unit staff are demo logins) is opened with `start_application` and moved with
the move services (`submit_application`, `forward_application`, `set_application_status`), the actor of each move taken from the transition table, so every one
has its real audit trail and notices.

The national-scale bulk (up to `scale.applications` in all, spread over every demo unit) is
written with bulk_create instead, in its final status, and audited by ONE `core.demo.seeded`
entry with the counts. Through the services it took ~3,500 audit entries, ~1,400 notices and
~46,000 queries: 21-42 s on SQLite and 78 s on PostgreSQL on the shared 2-core machine, too
close to the two-minute budget when the machine is busy. In bulk it takes a second or two; the
audit chain stays whole and says what was made; the bulk simply has no per-application history
and sent no notices.
"""
import datetime
import random
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from apps.accounts.demo import DEMO_PASSWORD, bulk_create_applicants, ensure_users
from apps.accounts.roles import Role
from apps.core import audit
from apps.rounds.enums import RoundStatus
from apps.units.demo import DEMO_UNITS, employer_credit_code

from .enums import TRANSITIONS, ApplicationStatus
from .models import Application, Registration
from .registration import invite_applicant, register_applicant
from .demo_profiles import demo_profile
from .profile import update_profile
from .services import set_application_status, start_application, submit_application

S = ApplicationStatus

# The moves after `start_application` that leave an application where the demo wants it.
PATHS = {
    "draft": (),
    "submitted": (S.SUBMITTED,),
    "returned": (S.SUBMITTED, S.RETURNED),
    "resubmitted": (S.SUBMITTED, S.RETURNED, S.SUBMITTED),
    "unit_rejected": (S.SUBMITTED, S.UNIT_REJECTED),
    "forwarded": (S.SUBMITTED, S.FORWARDED),
}

REASONS = {
    S.RETURNED: (
        "三位推荐专家中有一位与申报人同属一个单位，请更换为非本单位的同行高级专家。",
        "一线生产现场工作经历证明不完整，请补充劳动合同或单位出具的工作经历证明。",
        "“创新力”项下的专利证书扫描件不清晰，请重新上传。",
        "“工匠五力”陈述中攻关力部分缺少具体项目及本人作用，请补充后重新提交。",
        "未上传技能等级证书，请补充高级技师证书或全国性职业技能比赛获奖证明。",
    ),
    S.UNIT_REJECTED: (
        "申报人一线生产现场工作经历不足5年，不符合申报基本条件。",
        "申报人所在单位不属本会推荐范围，请通过属地省级总工会申报。",
        "经本单位评审，申报人支撑材料与“工匠五力”要求差距较大，未列入推荐人选。",
        "本单位推荐名额有限，经集体研究未列入本年度推荐人选。",
    ),
}

# The units' 推荐意见 when forwarding (`apps.units.services.forward_application`).
OPINIONS = (
    "该同志长期扎根生产一线，技术精湛，攻克多项关键工艺难题，政治素质好，工匠精神突出，同意推荐。",
    "该同志在重大工程建设中发挥技术骨干作用，带徒传技成效显著，经本单位集体研究，同意推荐。",
    "该同志爱岗敬业、精益求精，牵头完成的技术革新在行业内推广应用，群众基础好，同意推荐。",
    "该同志多次在全国职业技能大赛中获奖，创新成果转化效益明显，经公示无异议，同意推荐。",
)
DEFAULT_OPINION = OPINIONS[0]

# Sample applications per demo unit (北京, 上海) at default scale, by path.
DEFAULT_MIX = (("forwarded", 4), ("submitted", 3), ("draft", 2), ("returned", 2), ("unit_rejected", 2), ("resubmitted", 1))
# National scale: the share of each final status in the bulk, as it looks mid-way through the phase.
NATIONAL_MIX = {S.DRAFT: 15, S.SUBMITTED: 34, S.RETURNED: 8, S.UNIT_REJECTED: 10, S.FORWARDED: 33}

_UNITS = {spec.login: spec for spec in DEMO_UNITS}


@dataclass(frozen=True)
class DemoApplication:
    username: str
    unit: str  # login of the demo unit
    employer: str
    employer_region: str
    path: str  # a key of PATHS for the default set; the final status for the bulk


def seed(ctx, *, scale):
    """Create the demo applications (and their applicants) missing from `ctx.round`."""
    specs = default_applications()
    _seed_through_services(ctx, specs)
    _seed_rankings(ctx)
    _seed_registrations(ctx)
    if scale.is_national:
        _seed_in_bulk(ctx, bulk_applications(scale.applications - len(specs), first_number=len(specs) - 1))


# The demo units whose staff have ranked their standing candidates (the rest of the units have not yet).
RANKING_UNITS = ("bj", "sh")


def _seed_rankings(ctx):
    """Each demo unit of RANKING_UNITS ranks its standing candidates through `rank_candidates`: the forwarded
    first, then the submitted, each in the order of the applicants' usernames (the same at every run).
    A unit that has ranked already, or a round no longer recommending, is left as it is."""
    from apps.units.ranking import rank_candidates, rankable_candidates  # units builds on applicants

    if ctx.round.status != RoundStatus.RECOMMENDING:
        return
    for login in RANKING_UNITS:
        unit = ctx.units[login]
        candidates = list(rankable_candidates(unit, ctx.round))
        if not candidates or any(candidate.unit_rank for candidate in candidates):
            continue
        candidates.sort(key=lambda candidate: (candidate.status != S.FORWARDED, candidate.applicant.username))
        rank_candidates(unit, ctx.round, [candidate.pk for candidate in candidates], by=ctx.unit_staff[login])
        ctx.tally("单位排序", created=len(candidates))


# A unit's pending invitation and a self-registration still waiting for its email to be verified
# (seed_demo sends no mail, so their links are in no mailbox: they show the rows and the desk's preselection).
DEMO_INVITATION = ("bj", "陈立", "chen.li@example.com")
DEMO_REGISTRATION = ("赵磊", "zhao.lei@example.com", "13700012345")


def _seed_registrations(ctx):
    known = set(Registration.objects.filter(email__in=[DEMO_INVITATION[2], DEMO_REGISTRATION[1]]).values_list("email", flat=True))
    ctx.tally("注册与邀请", existing=len(known))
    if DEMO_INVITATION[2] not in known and ctx.round.status == RoundStatus.RECOMMENDING:
        unit, name, email = DEMO_INVITATION
        invite_applicant(by=ctx.unit_staff[unit], round=ctx.round, name=name, email=email)
        ctx.tally("注册与邀请", created=1)
    if DEMO_REGISTRATION[1] not in known:
        name, email, mobile = DEMO_REGISTRATION
        register_applicant(name=name, email=email, mobile=mobile, password=DEMO_PASSWORD)
        ctx.tally("注册与邀请", created=1)


def default_applications():
    """The default set, in a fixed order: the same usernames and paths at every run and scale."""
    specs = [
        _spec("applicant", "bj", "submitted", employer=0),
        _spec("applicant2", "sh", "returned", employer=1),
    ]
    samples = [(login, path) for login in ("bj", "sh") for path, count in DEFAULT_MIX for _ in range(count)]
    return specs + [_spec(f"applicant{number:04d}", login, path) for number, (login, path) in enumerate(samples, start=1)]


def bulk_applications(count, *, first_number):
    """`count` applications spread over the demo units by weight, statuses drawn by NATIONAL_MIX."""
    shares = _apportion(max(count, 0), [spec.weight for spec in DEMO_UNITS])
    logins = [spec.login for spec, share in zip(DEMO_UNITS, shares) for _ in range(share)]
    statuses, weights = list(NATIONAL_MIX), list(NATIONAL_MIX.values())
    return [
        _spec(f"applicant{number:04d}", login, random.Random(f"status:{number}").choices(statuses, weights)[0])
        for number, login in enumerate(logins, start=first_number)
    ]


def _spec(username, login, path, *, employer=None):
    employers = _UNITS[login].employers
    name, region = employers[employer] if employer is not None else random.Random(f"employer:{username}").choice(employers)
    return DemoApplication(username, login, name, region, path)


def _apportion(total, weights):
    """Split `total` in proportion to `weights` by largest remainders (ties to the earlier unit)."""
    quotas = [total * weight / sum(weights) for weight in weights]
    shares = [int(quota) for quota in quotas]
    for i in sorted(range(len(weights)), key=lambda i: shares[i] - quotas[i])[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _missing(ctx, specs):
    """The specs without an application in `ctx.round` yet, or none if the round no longer takes them."""
    done = set(Application.objects.filter(round=ctx.round).values_list("applicant__username", flat=True))
    missing = [spec for spec in specs if spec.username not in done]
    ctx.tally("申报", existing=len(specs) - len(missing))
    if missing and ctx.round.status != RoundStatus.RECOMMENDING:
        ctx.warn(f"{ctx.round}已不在推荐阶段，缺少的 {len(missing)} 份演示申报未补建。")
        return []
    return missing


def _seed_through_services(ctx, specs):
    rows = [(spec.username, Role.APPLICANT, None) for spec in specs if spec.username not in ctx.users]
    applicants = {**ctx.users, **ensure_users(ctx, rows, can_log_in=False)}
    missing = set(_missing(ctx, specs))
    filled, referees, drafts = [], [], 0
    for number, spec in enumerate(specs):
        if spec in missing:
            # The referees of one that stays a draft are on the way (demo_referees.DRAFT_STATES, the how-manyth draft).
            draft_number = drafts if not PATHS[spec.path] else None
            drafts += draft_number is not None
            content, people = _apply_through_services(ctx, spec, applicants[spec.username], number, len(filled), draft_number)
            filled.append(content)
            referees.append(people)
            ctx.tally("申报", created=1)
    if filled:
        from . import demo_evidence, demo_referees  # they read this module's default set

        demo_evidence.record_seeded(ctx, len(filled), sum(n for n, _ in filled), sum(n for _, n in filled))
        demo_referees.record_seeded(ctx, len(referees), sum(n for n, _ in referees), sum(n for _, n in referees))


def _apply_through_services(ctx, spec, applicant, number, index, draft_number):
    application = start_application(
        by=applicant,
        round=ctx.round,
        unit=ctx.units[spec.unit],
        employer_name=spec.employer,
        employer_credit_code=employer_credit_code(spec.employer, spec.employer_region),
        consent=True,
    )
    # The profile first, while a draft: the moves that follow would freeze it.
    application = update_profile(
        application, by=applicant, data=demo_profile(spec.username, region=spec.employer_region), version=application.profile_version
    )
    # The statement, files and referees next, as before submitting: submission needs them and freezes them.
    from . import demo_evidence, demo_referees  # they read this module's default set

    filled = demo_evidence.fill(application)
    people = demo_referees.fill(application, index, draft_number=draft_number)
    for to in PATHS[spec.path]:
        move = TRANSITIONS[(application.status, to)]
        actor = applicant if move.actor == Role.APPLICANT else ctx.unit_staff[spec.unit]
        reason = REASONS[to][number % len(REASONS[to])] if move.reason_required else ""
        if to == S.FORWARDED:
            reason = OPINIONS[number % len(OPINIONS)]
        application = _make_move(application, to, by=actor, reason=reason)
    return filled, people


def _make_move(application, to, *, by, reason):
    """Each move through the service that makes it: the named action for a guarded move, else the generic one."""
    from apps.units.services import forward_application  # units builds on applicants

    if to == S.SUBMITTED:
        return submit_application(application, by=by)
    if to == S.FORWARDED:
        return forward_application(
            application, by=by, opinion=reason or DEFAULT_OPINION, political_quality=True, craftsman_spirit=True
        )
    return set_application_status(application, to, by=by, reason=reason)


def _seed_in_bulk(ctx, specs):
    """Write the national bulk in one go and audit it once (see the module docstring for why)."""
    applicants, users_created = bulk_create_applicants(ctx, [spec.username for spec in specs])
    missing = _missing(ctx, specs)
    now = timezone.now()
    Application.objects.bulk_create(_bulk_application(ctx, spec, applicants[spec.username], now) for spec in missing)
    ctx.tally("申报", created=len(missing))
    if users_created or missing:
        statuses = dict(sorted(Counter(spec.path for spec in missing).items()))
        audit.record(
            None, "core.demo.seeded", ctx.round,
            scale="national", users=users_created, applications=len(missing), statuses=statuses,
        )


def _bulk_application(ctx, spec, applicant, now):
    status = S(spec.path)
    rng = random.Random(f"bulk:{spec.username}")
    # Submissions spread over the three weeks before the seed, as a unit's review list would show.
    submitted_at = None if status == S.DRAFT else now - datetime.timedelta(minutes=rng.randrange(3 * 7 * 24 * 60))
    recommendation = _bulk_recommendation(rng, submitted_at) if status == S.FORWARDED else {}
    return Application(
        round=ctx.round,
        applicant=applicant,
        unit=ctx.units[spec.unit],
        employer_name=spec.employer,
        employer_credit_code=employer_credit_code(spec.employer, spec.employer_region),
        status=status,
        status_reason=rng.choice(REASONS[status]) if status in REASONS else recommendation.get("recommendation_opinion", ""),
        submitted_at=submitted_at,
        forwarded_at=submitted_at + datetime.timedelta(days=1) if status == S.FORWARDED else None,
        # A forward carries the unit's opinion and attestation, as `forward_application` records them.
        **recommendation,
    )


def _bulk_recommendation(rng, submitted_at):
    return {
        "recommendation_opinion": rng.choice(OPINIONS),
        "attests_political_quality": True,
        "attests_craftsman_spirit": True,
        "attested_at": submitted_at + datetime.timedelta(days=1),
    }
