"""Demo rounds for `manage.py seed_demo`: this year's round open for recommendations, and last
year's round closed, for history. Both are made and advanced through the round services.
"""
import datetime

from django.utils import timezone

from .enums import ROUND_TRANSITIONS, RoundStatus
from .models import Round
from .services import advance_round, create_round

OPEN_FOR_APPLICATIONS = (RoundStatus.DEPLOYED, RoundStatus.RECOMMENDING)
CLOSED = (*OPEN_FOR_APPLICATIONS, RoundStatus.REVIEWING, RoundStatus.PUBLICITY, RoundStatus.PUBLISHED, RoundStatus.CLOSED)


def seed(ctx, *, scale):
    """Set `ctx.round` to this year's round, created and advanced to recommending where need be."""
    today = timezone.localdate()
    current, _ = _ensure_round(ctx, today.year, deploy_day=today)
    ctx.round = _walk(current, OPEN_FOR_APPLICATIONS, by=ctx.office)
    last_year, created = _ensure_round(ctx, today.year - 1, deploy_day=datetime.date(today.year - 1, 3, 1))
    if created:  # a last-year round that was already there is history of its own: left alone
        _walk(last_year, CLOSED, by=ctx.office)


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
