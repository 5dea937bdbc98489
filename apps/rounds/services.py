import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.core import audit
from apps.core.edits import save_edits
from apps.core.exceptions import DomainError, ReasonRequired, TransitionNotAllowed
from apps.core.locking import lock_in_order

from . import guards, permissions, phase_notices, quotas, selectors
from .enums import INDICATORS_EDITABLE, PHASE_MOVES, RoundStatus
from .indicators import DEFAULT_INDICATORS
from .models import Indicator, Quota, Round


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


def refuse_stale(stored, seen_updated_at):
    """Refuse an edit made on a page older than the row's last change (`seen_updated_at`: the page's
    `updated_at`, a datetime or ISO text; None skips the check, for callers that edit the fresh row)."""
    if seen_updated_at is None:
        return
    seen = seen_updated_at
    if isinstance(seen, str):
        try:
            seen = datetime.datetime.fromisoformat(seen)
        except ValueError:
            seen = None
    if seen != stored.updated_at:  # aware datetimes compare as instants, whatever their time zone
        raise DomainError("该设置已被他人修改，您的修改未保存。请刷新页面，核对后重新填写。", code="stale_edit")


@transaction.atomic
def update_round_settings(round, *, by, fields, seen_updated_at=None):
    """Save edits to a round's settings (target, deadlines, title). Audits `rounds.round.changed` with old and new.

    `round` carries the new values; `fields` names the ones the editor changed. Status and the quota
    scheme are not settings here (the scheme has `update_quota_scheme`). Refuses (DomainError) a form
    older than the round's last change (`seen_updated_at`), and a new national target once the quotas
    are frozen; before deployment a new target undoes the quota confirmation (the total changes).
    """
    fields = [name for name in fields if name not in ("status", "quotas_confirmed_at", *quotas.SCHEME_FIELDS)]
    stored = Round.objects.select_for_update().get(pk=round.pk)
    if not permissions.can_manage_rounds(by):
        raise PermissionDenied
    refuse_stale(stored, seen_updated_at)
    fields = [name for name in fields if getattr(round, name) != getattr(stored, name)]
    if not fields:
        return stored
    if "national_target" in fields and stored.status not in quotas.QUOTAS_EDITABLE:
        raise DomainError("推荐阶段结束后，推荐名额已冻结，全国培育目标人数不能再修改。", code="quotas_frozen")
    round.status = stored.status  # a stale form never moves the phase
    round.quotas_confirmed_at = stored.quotas_confirmed_at
    for name in quotas.SCHEME_FIELDS:
        setattr(round, name, getattr(stored, name))
    round = save_edits(round, stored, by=by, action="rounds.round.changed", fields=fields)
    if "national_target" in fields:
        _quotas_changed(round)
    return round


@transaction.atomic
def advance_round(round, to, *, by):
    """Move a round to its next phase, if the phase move's preconditions hold (`enums.PHASE_MOVES`).

    Checks, in order: `by` may manage rounds, the move is the next phase, then its guards (all of them:
    one failing guard raises its own error, several one `phase_blocked` error naming each); applies its
    effects, queues the phase's notices (`phase_notices`: who hears of each phase; event key
    `round:<pk>:<to>`, so a retried move tells no one twice; mailed after commit). Audits `rounds.round.<to>`.
    """
    round = Round.objects.select_for_update().get(pk=round.pk)
    if not permissions.can_manage_rounds(by):
        raise PermissionDenied
    previous = RoundStatus(round.status)
    to = RoundStatus(to)
    move = PHASE_MOVES.get((previous, to))
    if move is None:
        raise TransitionNotAllowed(previous, to)
    failed = guards.failing(move, round)
    if len(failed) == 1:
        raise failed[0][1]
    if failed:  # every unmet precondition at once, so the office fixes them in one go
        raise DomainError(" ".join(error.message for _, error in failed), code="phase_blocked")
    round.status = to
    fields = ["status", "updated_at"]
    now = timezone.now()
    for effect in move.effects:
        fields += effect(round, now)
    round.save(update_fields=fields)
    # Notice rows before the audit entry: each INSERT share-locks its recipient's row, never waited for
    # while the chain head is held (the head is the last lock, apps.core.audit.record).
    phase_notices.queue_phase_notices(round)
    audit.record(by, f"rounds.round.{to}", round, previous=previous)
    return round


@transaction.atomic
def update_indicator(indicator, *, by, weight, max_score, seen=None):
    """Change an indicator's weight or maximum score. Audits `rounds.indicator.changed` with old and new.

    `seen` ({"weight", "max_score"} as the editor's page showed them; None skips the check): refuses
    (DomainError) when someone changed the indicator since, rather than overwrite it unseen.
    """
    indicator = Indicator.objects.select_for_update().select_related("round").get(pk=indicator.pk)
    if not permissions.can_manage_rounds(by):
        raise PermissionDenied
    if indicator.round.status not in INDICATORS_EDITABLE:
        raise DomainError("专家评审开始后，评价指标的权重和满分不能再修改。")
    old = {"weight": indicator.weight, "max_score": indicator.max_score}
    if seen is not None and {key: Decimal(seen[key]) for key in old} != old:
        raise DomainError(
            f"评价指标“{indicator.name}”已被他人修改，您的修改未保存。请刷新页面，核对后重新填写。", code="stale_edit"
        )
    if old == {"weight": weight, "max_score": max_score}:
        return indicator
    indicator.weight, indicator.max_score = weight, max_score
    indicator.full_clean()
    indicator.save(update_fields=["weight", "max_score"])
    audit.record(by, "rounds.indicator.changed", indicator, old=old, new={"weight": weight, "max_score": max_score})
    return indicator


@transaction.atomic
def update_indicators(round, *, by, changes):
    """Several indicators of `round` at once, all or none: `changes` {indicator: {"weight", "max_score", "seen"}}.

    Each goes through `update_indicator` (its checks, its audit entry); the first refusal undoes them all.
    """
    return [update_indicator(indicator, by=by, **change) for indicator, change in changes.items() if indicator.round_id == round.pk]


def _lock_round_with_editable_quotas(round_pk, *, by):
    """Lock the round (quota writers queue on it, before any quota row), check `by` and the phase."""
    round = Round.objects.select_for_update().get(pk=round_pk)
    if not permissions.can_manage_rounds(by):
        raise PermissionDenied
    if round.status not in quotas.QUOTAS_EDITABLE:
        raise DomainError("推荐阶段结束后，推荐名额已冻结，不能再分配或调整。", code="quotas_frozen")
    return round


@transaction.atomic
def allocate_quotas(round, *, by):
    """Apportion the round's places over its active units (formula: apps/rounds/quotas.py) and store them.

    Lock order: the round, then the round's quota rows in pk order (`lock_in_order`), then the audit head.
    Overrides are preserved: a unit whose quota the office overrode (with a reason) keeps its places and
    reason; its `computed_places` is updated, so the proposal shows both. A unit no longer active keeps its
    row with 0 places. Asking again with nothing changed is a no-op (no write, no audit entry).
    Audits one `rounds.quota.allocated` summary with the total and every unit's places.
    Refuses (DomainError) after recommending, or when the total cannot honour the minimum.
    """
    round = _lock_round_with_editable_quotas(round.pk, by=by)
    stored = {quota.unit_id: quota for quota in lock_in_order(Quota.objects.filter(round=round))}
    units = list(selectors.units_for_quotas(round))
    proposal = {row.unit.pk: row for row in selectors.quota_proposal(round, units)}
    changed, created = [], []
    for unit in units:
        computed = proposal[unit.pk].proposed_places
        quota = stored.pop(unit.pk, None)
        if quota is None:
            created.append(Quota(round=round, unit=unit, places=computed, computed_places=computed))
            continue
        places = quota.places if quota.override_reason else computed
        if (quota.places, quota.computed_places) != (places, computed):
            quota.places, quota.computed_places = places, computed
            changed.append(quota)
    for quota in stored.values():  # units made inactive since the last allocation
        if (quota.places, quota.computed_places, quota.override_reason) != (0, 0, ""):
            quota.places, quota.computed_places, quota.override_reason = 0, 0, ""
            changed.append(quota)
    if not changed and not created:
        return round
    now = timezone.now()
    for quota in changed:
        quota.updated_at = now
    Quota.objects.bulk_update(changed, ["places", "computed_places", "override_reason", "updated_at"])
    Quota.objects.bulk_create(created)
    _quotas_changed(round)
    allocated = list(
        Quota.objects.filter(round=round).select_related("unit").order_by("unit__kind", "unit__region", "unit__name")
    )
    audit.record_summary(
        by,
        "rounds.quota.allocated",
        allocated,
        round=round.year,
        total=quotas.place_total(round),
        places={quota.unit.name: quota.places for quota in allocated},
        overridden=[quota.unit.name for quota in allocated if quota.override_reason],
    )
    return round


@transaction.atomic
def override_quota(quota, *, by, places, reason):
    """Set one unit's places by hand, with a required reason. Audits `rounds.quota.overridden` with old and new.

    Lock order: the round, then the quota row. Setting the places it already has is a no-op. The override
    holds across reallocation until the office overrides again; frozen after recommending.
    """
    round = _lock_round_with_editable_quotas(quota.round_id, by=by)
    quota = Quota.objects.select_for_update().select_related("round", "unit").get(pk=quota.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("调整推荐名额须填写原因。")
    if places < 0:
        raise DomainError("推荐名额不能为负数。")
    if places == quota.places:
        return quota
    old = quota.places
    quota.places, quota.override_reason = places, reason[:500]
    quota.save(update_fields=["places", "override_reason", "updated_at"])
    _quotas_changed(round)
    audit.record(
        by, "rounds.quota.overridden", quota, unit=quota.unit.name, old={"places": old}, new={"places": places},
        computed_places=quota.computed_places, reason=quota.override_reason,
    )
    return quota


def _quotas_changed(round):
    """Before deployment a change undoes the confirmation: the office confirms what the units will be told.
    After it the quotas stay confirmed (the units were told them); the change itself is audited."""
    if round.status == RoundStatus.DRAFT and round.quotas_confirmed_at is not None:
        round.quotas_confirmed_at = None
        round.save(update_fields=["quotas_confirmed_at", "updated_at"])


@transaction.atomic
def confirm_quotas(round, *, by):
    """The office confirms the round's quotas, the precondition of deployment (`guards.quotas_confirmed`).

    Refuses (DomainError) when an active unit has no quota yet (allocate first) or the quotas are frozen.
    Confirming confirmed quotas is a no-op. Audits `rounds.quota.confirmed` with the total to apportion,
    the sum of the places (they differ when the office overrode some) and the number of units.
    """
    round = _lock_round_with_editable_quotas(round.pk, by=by)
    if round.quotas_confirmed_at is not None:
        return round
    units = list(selectors.units_for_quotas(round))
    missing = [unit.name for unit in units if unit.quota_id is None]
    if not units or missing:
        shown = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        raise DomainError(
            f"尚有 {len(missing)} 个推荐单位未分配推荐名额（{shown}），请先分配推荐名额。" if missing
            else "尚无可分配名额的推荐单位。",
            code="quotas_missing",
        )
    round.quotas_confirmed_at = timezone.now()
    round.save(update_fields=["quotas_confirmed_at", "updated_at"])
    audit.record(
        by, "rounds.quota.confirmed", round, total=quotas.place_total(round),
        places=sum(unit.quota_places for unit in units), units=len(units),
    )
    return round
