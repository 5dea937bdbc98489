"""How a round's recommendation places (推荐名额) are computed from the four factors the rules name.

The rules: "推荐名额分配综合考虑地区发展状况、行业技术水平、职工人数、人才培养环境等因素". The office enters,
per unit, a value for each factor (`QuotaFactors`), and per round a weight for each factor, a
recommendation ratio and a minimum per unit (fields on `Round`).

The formula (pure, exact: `Fraction` throughout):

    total places     T = ceil(national_target × recommendation_ratio)
    normalised value n(u, f) = value(u, f) / Σ_units value(·, f)      (0 when no unit has any of f)
    weighted score   s(u)    = Σ_f weight(f) × n(u, f)
    share            share(u) = s(u) / Σ_units s(·)                    (the fraction of T before the minimum)
    places           apportion(T, s, minimum)                          (see apportionment.py)

Normalising each factor over the units first makes the factors comparable: a head count in the
millions and an index out of 100 each contribute at most their weight, and a unit's score is the
weighted sum of its shares of each factor. A unit with no factors entered counts as all zero (it
gets the minimum only, unless every unit is zero: then all share equally).

Ties break by apportionment's rule; the key passed is `unit_sort_key(unit)`: the unit's kind,
region and name, in that order (as the unit list is ordered), compared as text.
"""
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .enums import RoundStatus

FACTORS = (
    ("region_development", "地区发展状况"),
    ("industry_level", "行业技术水平"),
    ("worker_count", "职工人数"),
    ("talent_environment", "人才培养环境"),
)

# The quota scheme's fields on Round: changed only through `quota_services.update_quota_scheme`.
SCHEME_FIELDS = (
    "region_development_weight", "industry_level_weight", "worker_count_weight", "talent_environment_weight",
    "recommendation_ratio", "minimum_places",
)

# Quotas are what units forward against: frozen once recommending ends.
QUOTAS_EDITABLE = frozenset({RoundStatus.DRAFT, RoundStatus.DEPLOYED, RoundStatus.RECOMMENDING})


def place_total(round):
    """The places to apportion: ceil(national_target × recommendation_ratio)."""
    return math.ceil(Fraction(round.national_target) * Fraction(round.recommendation_ratio))


def weights_of(round):
    return {name: Fraction(getattr(round, f"{name}_weight")) for name, _ in FACTORS}


def weighted_scores(weights, factors):
    """{key: Fraction score} from `weights` {factor: weight} and `factors` {key: {factor: value or None}}."""
    values = {key: {name: Fraction(row.get(name) or 0) for name, _ in FACTORS} for key, row in factors.items()}
    totals = {name: sum(row[name] for row in values.values()) for name, _ in FACTORS}
    return {
        key: sum(
            (weights[name] * row[name] / totals[name] for name, _ in FACTORS if totals[name]),
            Fraction(0),
        )
        for key, row in values.items()
    }


def unit_sort_key(unit):
    return (unit.kind, unit.region, unit.name)


@dataclass(frozen=True)
class ProposalRow:
    """One unit's line in the office's quota proposal."""

    unit: object
    factors: dict  # {factor: Decimal value or None when not entered}
    score: Decimal  # weighted score, 6 decimals
    share: Decimal  # fraction of all scores, 6 decimals
    proposed_places: int  # what an allocation would give now
    places: int | None  # the stored quota (None before the first allocation)
    computed_places: int | None
    override_reason: str

    @property
    def share_percent(self):
        return (self.share * 100).quantize(Decimal("0.01"))


def as_decimal(value, places=6):
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1).scaleb(-places))
