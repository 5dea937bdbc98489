from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, FilteredRelation, Q
from django.shortcuts import get_object_or_404

from apps.accounts.roles import Role, is_programme_staff, is_unit_staff
from apps.applicants.enums import ApplicationStatus
from apps.units.models import RecommendingUnit

from . import quotas
from .apportionment import apportion
from .enums import RoundStatus
from .models import Quota, Round


def current_round(rounds=None):
    """The newest round that has been deployed, or None before the first deployment.

    Given `rounds` (every round, newest first: `rounds_overview()` already read for the office's desk),
    it is picked from them, without a query of its own.
    """
    if rounds is not None:
        return next((round for round in rounds if round.status != RoundStatus.DRAFT), None)
    return Round.objects.exclude(status=RoundStatus.DRAFT).order_by("-year").first()


def rounds_overview():
    """Every round with its number of forwarded applications, newest first."""
    return Round.objects.annotate(
        application_count=Count("applications", filter=Q(applications__forwarded_at__isnull=False))
    ).order_by("-year")


# The five phases of a round, in order, named as the programme's rules name them.
PHASES = (
    (RoundStatus.DEPLOYED, "部署"),
    (RoundStatus.RECOMMENDING, "推荐"),
    (RoundStatus.REVIEWING, "评审"),
    (RoundStatus.PUBLICITY, "公示"),
    (RoundStatus.PUBLISHED, "公布"),
)


def round_phases(round):
    """[(label, state)] for the five phases, state "done", "current" or "" (no query)."""
    if round is None:
        return []
    order = [phase for phase, _ in PHASES] + [RoundStatus.CLOSED]
    here = order.index(round.status) if round.status in order else -1
    return [(label, "current" if i == here else "done" if i < here else "") for i, (_, label) in enumerate(PHASES)]


def deadlines_for(round, role):
    """[(label, value)] of the deadlines that bind `role` in `round`; the office sees them all (no query)."""
    if round is None:
        return []
    rows = {
        "recommend": ("推荐截止", round.recommend_deadline),
        "formal": ("形式审查截止", round.formal_review_deadline),
        "expert": ("专家评审截止", round.expert_review_deadline),
    }
    keys = {
        Role.APPLICANT: ["recommend"],
        Role.UNIT_STAFF: ["recommend"],
        Role.EXPERT: ["expert"],
    }.get(role, ["recommend", "formal", "expert"])
    deadlines = [rows[key] for key in keys]
    if role == Role.PROGRAMME_STAFF and (round.publicity_start or round.publicity_end):
        deadlines.append(("公示期", (round.publicity_start, round.publicity_end)))
    return deadlines


def unit_progress(round):
    """Every unit that forwarded an application in `round`, with its counts by office status; one query."""
    forwarded = Q(applications__round=round, applications__forwarded_at__isnull=False)
    return (
        RecommendingUnit.objects.annotate(
            forwarded_count=Count("applications", filter=forwarded),
            awaiting_formal_count=Count("applications", filter=forwarded & Q(applications__status=ApplicationStatus.FORWARDED)),
        )
        .filter(forwarded_count__gt=0)
        .order_by("kind", "region", "name")
    )


def units_for_quotas(round):
    """The active units with their factor values and stored quota in `round` (None where missing); one query.

    Each unit carries `<factor>` (the four values), `factors_updated_at`, `quota_id`, `quota_places`, `quota_computed_places`
    and `quota_override_reason`.
    """
    factor_fields = {name: F(f"round_factors__{name}") for name, _ in quotas.FACTORS}
    return (
        RecommendingUnit.objects.filter(is_active=True)
        .annotate(
            round_factors=FilteredRelation("quota_factors", condition=Q(quota_factors__round=round)),
            round_quota=FilteredRelation("quotas", condition=Q(quotas__round=round)),
        )
        .annotate(
            **factor_fields,
            factors_updated_at=F("round_factors__updated_at"),
            quota_id=F("round_quota__pk"),
            quota_places=F("round_quota__places"),
            quota_computed_places=F("round_quota__computed_places"),
            quota_override_reason=F("round_quota__override_reason"),
        )
        .order_by("kind", "region", "name")
    )


def quota_proposal(round, units=None):
    """Each active unit's weighted score, share and quota (stored and proposed now), in unit order; one query.

    `round` carries the weights, ratio and minimum to use: pass an unsaved copy with changed values for
    a what-if. The formula is in apps/rounds/quotas.py.
    """
    units = list(units_for_quotas(round) if units is None else units)
    factors = {unit.pk: {name: getattr(unit, name) for name, _ in quotas.FACTORS} for unit in units}
    scores = quotas.weighted_scores(quotas.weights_of(round), factors)
    score_sum = sum(scores.values())
    by_key = {quotas.unit_sort_key(unit): unit.pk for unit in units}
    proposed = apportion(quotas.place_total(round), {key: scores[pk] for key, pk in by_key.items()}, round.minimum_places)
    proposed = {by_key[key]: places for key, places in proposed.items()}
    return [
        quotas.ProposalRow(
            unit=unit,
            factors=factors[unit.pk],
            score=quotas.as_decimal(scores[unit.pk]),
            share=quotas.as_decimal(scores[unit.pk] / score_sum if score_sum else Fraction(1, len(units))),
            proposed_places=proposed[unit.pk],
            places=unit.quota_places,
            computed_places=unit.quota_computed_places,
            override_reason=unit.quota_override_reason or "",
        )
        for unit in units
    ]


def quota_moves(before, after):
    """Each unit's quota under the stored scheme and under a what-if (`quota_proposal` rows, one list each).

    [(row, old, new, delta)]: `old` is the stored quota (or what an allocation would give now, before the
    first), `new` what an allocation under the what-if would store (an override holds). No query.
    """
    moves = []
    for now, then in zip(before, after):
        old = now.places if now.places is not None else now.proposed_places
        new = then.places if then.override_reason else then.proposed_places
        moves.append((then, old, new, new - old))
    return moves


def quotas_visible_to(user):
    """The quotas `user` may see: the office every one, a unit's staff their own unit's; nobody else any."""
    quotas_ = Quota.objects.select_related("round", "unit").order_by("unit__kind", "unit__region", "unit__name", "pk")
    if is_programme_staff(user):
        return quotas_
    if is_unit_staff(user):
        return quotas_.filter(unit_id=user.unit_id)
    return quotas_.none()


def unit_quota_places(round, unit):
    """The places of `unit`'s quota in `round`, or None when it has none; one query. (What uses a place:
    `applicants.enums.PLACE_USING`; the unit's desk counts them from its status counts.)"""
    return Quota.objects.filter(round=round, unit=unit).values_list("places", flat=True).first()


def get_round_for_office(user, pk):
    """The round `pk` for the office's pages (every round, drafts too); 403 for anyone else, 404 when missing."""
    if not is_programme_staff(user):
        raise PermissionDenied
    return get_object_or_404(Round, pk=pk)


def get_quota_for_office(user, pk):
    if not is_programme_staff(user):
        raise PermissionDenied
    return get_object_or_404(Quota.objects.select_related("round", "unit"), pk=pk)
