"""Demo expert pool and panels for `manage.py seed_demo --scale national`.

Every demo expert (the fixed `expert` login and expert01 … expertNN) gets a profile: a field, an
industry section, an employer (a university or research institute, with a valid credit code) and a
region, all derived from the username so that reruns agree; a few belong to a recommending unit, so
the draw meets derived conflicts. This year's round gets four panels over the industry sections,
the experts dealt round-robin. The default scale has no pool (its desk shows the empty state).
"""
import hashlib

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core.validators import credit_code_check_char

from . import services
from .models import ExpertProfile, Panel

PANELS = (
    ("制造业专家组", "智能制造与装备", "C"),
    ("能源与建筑专家组", "能源电力与建造", "BDE"),
    ("交通与信息专家组", "交通运输与信息技术", "GI"),
    ("综合专家组", "农业、服务与公共事业", "AFHJKLMNOPQRST"),
)
EMPLOYERS = (
    ("清华大学", "11"), ("哈尔滨工业大学", "23"), ("上海交通大学", "31"), ("华中科技大学", "42"),
    ("西安交通大学", "61"), ("中国机械科学研究总院", "11"), ("中国电力科学研究院", "11"), ("浙江大学", "33"),
    ("重庆大学", "50"), ("中国铁道科学研究院", "11"), ("华南理工大学", "44"), ("大连理工大学", "21"),
)


def seed(ctx, *, scale):
    if not scale.is_national:
        return
    experts = list(User.objects.filter(role=Role.EXPERT).order_by("username"))
    have = set(ExpertProfile.objects.values_list("user_id", flat=True))
    missing = [user for user in experts if user.pk not in have]
    units = sorted(ctx.units.values(), key=lambda unit: unit.name)
    services.create_expert_profiles([_profile(user, units) for user in missing], by=ctx.office)
    ctx.tally("评审专家", created=len(missing), existing=len(have))
    if Panel.objects.filter(round=ctx.round).exists():
        ctx.tally("专家组", existing=Panel.objects.filter(round=ctx.round).count())
        return
    pool = list(ExpertProfile.objects.order_by("user__username"))
    for index, (name, field, industries) in enumerate(PANELS):
        services.create_panel(
            ctx.round, by=ctx.office, name=name, field=field, industries=industries, members=pool[index::len(PANELS)]
        )
    ctx.tally("专家组", created=len(PANELS))


def _profile(user, units):
    digest = int(hashlib.sha256(user.username.encode()).hexdigest(), 16)
    employer, region = EMPLOYERS[digest % len(EMPLOYERS)]
    _, field, industries = PANELS[digest % len(PANELS)]
    return {
        "user": user, "field": field, "industry": industries[0], "employer_name": employer,
        "employer_credit_code": _credit_code(employer), "region": region,
        # One expert in eight sits in a recommending unit's orbit: a derived conflict with its candidates.
        "unit": units[digest % len(units)] if units and digest % 8 == 0 else None,
    }


def _credit_code(name):
    """A valid unified social credit code for a public institution (12…), derived from the name."""
    digits = str(int(hashlib.sha256(name.encode()).hexdigest(), 16))[:14]
    first17 = "121" + digits
    return first17 + credit_code_check_char(first17)
