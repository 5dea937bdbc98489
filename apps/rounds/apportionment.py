"""Apportioning a whole number of places over weighted scores: the largest-remainder (Hamilton) method.

Pure: no database, no Django settings. `apportion(total, scores, minimum)`:

1. Every key first gets `minimum` places (the rules' floor per recommending unit).
2. The rest, `total - minimum × len(scores)`, is shared in proportion to the scores: each key gets the
   whole part of its exact share (computed with `Fraction`, so no rounding error ever moves a place).
3. The places still left (fewer than the number of keys) go one each to the keys first in this order,
   the documented tie-break:
       a larger remainder (the fractional part of the exact share) first,
       then a larger score,
       then the smaller key (keys must be comparable: the service passes each unit's sort key).
4. When every score is zero the rest is shared equally: every key counts as scoring 1, and step 3's
   order still decides who gets the places left over (equal remainders, equal scores: the smaller key).

The result always sums to `total` exactly, and is the same for the same input whatever the order of
`scores`. A minimum the total cannot honour (`minimum × len(scores) > total`) raises a `DomainError`.
"""
from decimal import Decimal
from fractions import Fraction

from apps.core.exceptions import DomainError


class ImpossibleMinimum(DomainError):
    code = "impossible_minimum"


def apportion(total, scores, minimum=0):
    """{key: places} apportioning `total` places over `scores` ({key: non-negative number}), see the module."""
    if total < 0 or minimum < 0:
        raise ValueError("total and minimum must not be negative")
    exact = {key: _fraction(score) for key, score in scores.items()}
    if any(score < 0 for score in exact.values()):
        raise ValueError("scores must not be negative")
    if not exact:
        if total:
            raise DomainError("没有可分配名额的单位。", code="nothing_to_apportion")
        return {}
    floor = minimum * len(exact)
    if floor > total:
        raise ImpossibleMinimum(
            f"名额总数 {total} 不足以保证每个单位至少 {minimum} 个名额（{len(exact)} 个单位共需 {floor} 个）。"
            "请降低每单位最少名额，或提高推荐比例。"
        )
    rest = total - floor
    if not any(exact.values()):
        exact = dict.fromkeys(exact, Fraction(1))
    score_sum = sum(exact.values())
    shares = {key: rest * score / score_sum for key, score in exact.items()}
    places = {key: minimum + int(share) for key, share in shares.items()}  # int() floors: shares are >= 0
    left = total - sum(places.values())
    order = sorted(exact, key=lambda key: (-(shares[key] - int(shares[key])), -exact[key], key))
    for key in order[:left]:
        places[key] += 1
    return places


def _fraction(value):
    if isinstance(value, float):
        value = Decimal(repr(value))  # as written, not the binary approximation
    return Fraction(value)
