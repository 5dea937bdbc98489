from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.core import audit
from apps.core.edits import save_edits
from apps.core.exceptions import DomainError, TransitionNotAllowed

from . import permissions
from .enums import INDICATORS_EDITABLE, PHASE_MOVES, RoundStatus
from .indicators import DEFAULT_INDICATORS
from .models import Indicator, Round


@transaction.atomic
def create_round(round, *, by):
    """Save a new round with the 15 default indicators (equal weights). Audits `rounds.round.created`."""
    if not permissions.can_manage_rounds(by):
        raise PermissionDenied
    round.full_clean()
    round.save()
    Indicator.objects.bulk_create(
        Indicator(round=round, power=power, code=f"{power}.{code}", name=name, description=description, position=position)
        for position, (power, code, name, description) in enumerate(DEFAULT_INDICATORS, start=1)
    )
    audit.record(by, "rounds.round.created", round, year=round.year, national_target=round.national_target)
    return round


@transaction.atomic
def update_round_settings(round, *, by, fields):
    """Save edits to a round's settings (target, deadlines, title). Audits `rounds.round.changed` with old and new.

    `round` carries the new values; `fields` names the ones the editor changed. Status is not a setting.
    """
    fields = [name for name in fields if name != "status"]
    stored = Round.objects.select_for_update().get(pk=round.pk)
    if not permissions.can_manage_rounds(by):
        raise PermissionDenied
    if not fields:
        return stored
    round.status = stored.status  # a stale form never moves the phase
    return save_edits(round, stored, by=by, action="rounds.round.changed", fields=fields)


@transaction.atomic
def advance_round(round, to, *, by):
    """Move a round to its next phase, if the phase move's preconditions hold (`enums.PHASE_MOVES`).

    Checks, in order: `by` may manage rounds, the move is the next phase, then its guards; applies its
    effects. Audits `rounds.round.<to>`.
    """
    round = Round.objects.select_for_update().get(pk=round.pk)
    if not permissions.can_manage_rounds(by):
        raise PermissionDenied
    previous = RoundStatus(round.status)
    to = RoundStatus(to)
    move = PHASE_MOVES.get((previous, to))
    if move is None:
        raise TransitionNotAllowed(previous, to)
    for guard in move.guards:
        guard(round)
    round.status = to
    fields = ["status", "updated_at"]
    now = timezone.now()
    for effect in move.effects:
        fields += effect(round, now)
    round.save(update_fields=fields)
    audit.record(by, f"rounds.round.{to}", round, previous=previous)
    return round


@transaction.atomic
def update_indicator(indicator, *, by, weight, max_score):
    """Change an indicator's weight or maximum score. Audits `rounds.indicator.changed` with old and new."""
    indicator = Indicator.objects.select_for_update().select_related("round").get(pk=indicator.pk)
    if not permissions.can_manage_rounds(by):
        raise PermissionDenied
    if indicator.round.status not in INDICATORS_EDITABLE:
        raise DomainError("专家评审开始后，评价指标的权重和满分不能再修改。")
    old = {"weight": indicator.weight, "max_score": indicator.max_score}
    if old == {"weight": weight, "max_score": max_score}:
        return indicator
    indicator.weight, indicator.max_score = weight, max_score
    indicator.full_clean()
    indicator.save(update_fields=["weight", "max_score"])
    audit.record(by, "rounds.indicator.changed", indicator, old=old, new={"weight": weight, "max_score": max_score})
    return indicator
