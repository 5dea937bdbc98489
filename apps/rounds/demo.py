"""Demo rounds for `manage.py seed_demo`: this year's round open for recommendations, and last
year's round closed, for history. Both are made and advanced through the round services.
Each round gets factor values for every active unit and quotas allocated from them and confirmed
while it is a draft, as the office would before deploying.
"""
import datetime
import random
from decimal import Decimal

from django.utils import timezone

from .enums import ROUND_TRANSITIONS, RoundStatus
from .models import Quota, QuotaFactors, Round
from .quota_services import save_quota_factors
from .quotas import QUOTAS_EDITABLE
from .services import advance_round, allocate_quotas, confirm_quotas, create_round

OPEN_FOR_APPLICATIONS = (RoundStatus.DEPLOYED, RoundStatus.RECOMMENDING)
CLOSED = (*OPEN_FOR_APPLICATIONS, RoundStatus.REVIEWING, RoundStatus.PUBLICITY, RoundStatus.PUBLISHED, RoundStatus.CLOSED)


def seed(ctx, *, scale):
    """Set `ctx.round` to this year's round, created and advanced to recommending where need be."""
    today = timezone.localdate()
    # Last year's round first, as it happened: its phase notices are older than this year's in every inbox.
    last_year, created = _ensure_round(ctx, today.year - 1, deploy_day=datetime.date(today.year - 1, 3, 1))
    if created:  # a last-year round that was already there is history of its own: left alone
        _seed_quotas(ctx, last_year)
        _walk(last_year, CLOSED, by=ctx.office)
    current, _ = _ensure_round(ctx, today.year, deploy_day=today)
    _seed_quotas(ctx, current)
    # Deploying and opening recommending send their notices (apps/rounds/phase_notices.py): each unit's
    # staff find the deployment notice with their own quota, applicants the call to submit.
    ctx.round = _walk(current, OPEN_FOR_APPLICATIONS, by=ctx.office)


def _ensure_round(ctx, year, *, deploy_day):
    round = Round.objects.filter(year=year).first()
    if round is not None:
        ctx.tally("遴选年度", existing=1)
        return round, False
    ctx.tally("遴选年度", created=1)
    return create_round(Round(year=year, national_target=200, **_schedule(deploy_day)), by=ctx.office), True


def _walk(round, path, *, by):
    """Advance `round` along `path` from wherever it is on it; a round already past the path stays."""
    for status in path:
        if status in ROUND_TRANSITIONS.get(round.status, ()):
            round = advance_round(round, status, by=by)
    return round


def _schedule(deploy_day):
    """Deadlines as a notice would set them: a month to recommend, then review, then a week's publicity."""
    def at_five_pm(days):
        day = deploy_day + datetime.timedelta(days=days)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))

    publicity_start = deploy_day + datetime.timedelta(days=90)
    return {
        "recommend_deadline": at_five_pm(30),
        "formal_review_deadline": at_five_pm(50),
        "expert_review_deadline": at_five_pm(75),
        "publicity_start": publicity_start,
        "publicity_end": publicity_start + datetime.timedelta(days=6),
    }


def _seed_quotas(ctx, round):
    """Factor values for every active unit without them, then one allocation if the round has no quotas yet."""
    from apps.units.enums import UnitKind
    from apps.units.models import RecommendingUnit

    have = set(QuotaFactors.objects.filter(round=round).values_list("unit_id", flat=True))
    units = list(RecommendingUnit.objects.filter(is_active=True).exclude(pk__in=have).order_by("pk"))
    if units and round.status in QUOTAS_EDITABLE:
        # Through the office's service, as an import would: one audited entry for all the units' values.
        save_quota_factors(round, by=ctx.office, source="demo", rows=[
            {"unit": unit.pk, **demo_factors(unit.name, provincial=unit.kind == UnitKind.PROVINCIAL_UNION)} for unit in units
        ])
    ctx.tally("名额分配因素", created=len(units) if round.status in QUOTAS_EDITABLE else 0, existing=len(have))
    if Quota.objects.filter(round=round).exists() or round.status not in QUOTAS_EDITABLE:
        ctx.tally("推荐名额", existing=Quota.objects.filter(round=round).count())
        return
    allocate_quotas(round, by=ctx.office)
    confirm_quotas(round, by=ctx.office)
    ctx.tally("推荐名额", created=Quota.objects.filter(round=round).count())


def demo_factors(name, *, provincial):
    """Plausible, stable values for one unit (seeded by its name): indices out of 100 and a head count.

    A provincial union counts a province's unionised workers (0.5–15 million); a national industrial
    union or a central organ its sector's (0.2–5 million).
    """
    rng = random.Random(name)
    workers = rng.randint(500_000, 15_000_000) if provincial else rng.randint(200_000, 5_000_000)
    return {
        "region_development": Decimal(rng.randint(4000, 10000)) / 100,
        "industry_level": Decimal(rng.randint(5000, 10000)) / 100,
        "worker_count": Decimal(workers),
        "talent_environment": Decimal(rng.randint(4000, 10000)) / 100,
    }
