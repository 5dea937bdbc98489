"""The unit's order of its candidates in a round (单位排序): one service, whether the staff drag or type numbers.

Who is ranked: the unit's candidates still standing there (`applicants.enums.RANKABLE`: submitted to it
and waiting for its decision, or forwarded by it). A candidate who leaves (returned, rejected, withdrawn)
has its rank cleared by the move (`applicants.guards.clear_unit_rank`), so ranks stay 1..n.

The drag-and-drop list (SortableJS, `static/js/ranking.js`) posts the ids in their new order; the
rank-number inputs (the same page without JS, or the API's `ranks`) are turned into that order by
`order_from_numbers`. Both then call `rank_candidates`, so both give the same result. Each page carries
the `ranking_version` it was read at: a second staff member's save in between, a new submission or a
candidate leaving makes it stale, and the save is refused rather than silently mixing two orders.
"""
import hashlib

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.accounts.roles import is_unit_staff
from apps.applicants.enums import RANKABLE
from apps.applicants.models import Application
from apps.core import audit
from apps.core.exceptions import DomainError
from apps.core.locking import lock_in_order
from apps.rounds.enums import RoundStatus

STALE = "本单位的排序或候选人已有变化（其他工作人员已保存排序，或有申报新提交、退回、撤回），请刷新页面后重新排序。"


def rankable_candidates(unit, round):
    """The unit's standing candidates in `round`, in its order (ranked first, then by submission).

    Only the columns the ranking shows: no encrypted profile field is read (and decrypted) per row."""
    return (
        Application.objects.filter(unit=unit, round=round, status__in=RANKABLE)
        .select_related("applicant")
        .only(*LIST_FIELDS)
        .order_by(F("unit_rank").asc(nulls_last=True), "submitted_at", "pk")
    )


LIST_FIELDS = (
    "id", "status", "unit_rank", "submitted_at", "round_id", "unit_id", "applicant_id",
    "applicant__id", "applicant__username", "applicant__display_name",
)


def ranking_version(candidates):
    """A short digest of who stands and at which rank: what a ranking page was read at."""
    text = ",".join(f"{row.pk}:{row.unit_rank or ''}" for row in sorted(candidates, key=lambda row: row.pk))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def order_from_numbers(numbers):
    """{application id: rank number typed} -> the ids in rank order. Numbers must be distinct whole numbers ≥ 1
    (gaps are fine: 1, 2, 5 ranks the third as third)."""
    parsed = {}
    for pk, number in numbers.items():
        try:
            parsed[int(pk)] = int(str(number).strip())
        except (TypeError, ValueError):
            raise DomainError("排序号须为正整数。", code="rank_invalid") from None
    if any(number < 1 for number in parsed.values()):
        raise DomainError("排序号须为正整数。", code="rank_invalid")
    if len(set(parsed.values())) != len(parsed):
        raise DomainError("排序号不能重复，请为每位候选人填写不同的排序号。", code="rank_duplicate")
    return [pk for pk, _ in sorted(parsed.items(), key=lambda item: item[1])]


@transaction.atomic
def rank_candidates(unit, round, ordered_ids, *, by, version=None):
    """Save the unit's order of its candidates in `round`: `ordered_ids` first to last, ranks 1..n.

    Refuses (nothing changes): `by` not staff of `unit` (403); the round not recommending; an id twice;
    an id that is not a standing candidate of this unit and round (`not_rankable`, whether it exists
    elsewhere or not); a list that leaves out a standing candidate, or a `version` other than the current
    one (`ranking_stale`). Locks the unit's candidates in pk order (two saves queue; the second meets the
    first's version), clears their ranks and writes the new ones (the database's unique rank per unit
    and round holds throughout). The same order again changes nothing. Audits
    `units.recommendingunit.ranked` with the round's year and the ids in order.
    """
    if not is_unit_staff(by, unit):
        raise PermissionDenied
    if round.status != RoundStatus.RECOMMENDING:
        raise DomainError(f"{round.year}年度遴选当前处于“{round.get_status_display()}”阶段，不能调整排序。")
    try:
        ordered_ids = [int(pk) for pk in ordered_ids]
    except (TypeError, ValueError):
        raise DomainError("排序中含有无效的申报编号。", code="not_rankable") from None
    if len(set(ordered_ids)) != len(ordered_ids):
        raise DomainError("同一候选人在排序中出现了两次。", code="rank_duplicate")
    # Lock first: two staff saving at once queue here, and the second sees the first's ranks.
    candidates = {row.pk: row for row in lock_in_order(Application.objects.filter(unit=unit, round=round, status__in=RANKABLE))}
    if any(pk not in candidates for pk in ordered_ids):
        raise DomainError("排序中含有不属于本单位本年度待推荐或已推荐的申报，未保存。", code="not_rankable")
    if set(ordered_ids) != set(candidates) or (version is not None and version != ranking_version(candidates.values())):
        raise DomainError(STALE, code="ranking_stale")
    if all(candidates[pk].unit_rank == rank for rank, pk in enumerate(ordered_ids, start=1)):
        return [candidates[pk] for pk in ordered_ids]  # saving the same order twice is a no-op
    # updated_at stamped too: the desks' cached bodies are versioned by it (apps/core/fragments.py).
    now = timezone.now()
    Application.objects.filter(pk__in=ordered_ids).update(unit_rank=None, updated_at=now)
    ranked = []
    for rank, pk in enumerate(ordered_ids, start=1):
        candidates[pk].unit_rank, candidates[pk].updated_at = rank, now
        ranked.append(candidates[pk])
    Application.objects.bulk_update(ranked, ["unit_rank", "updated_at"])
    audit.record(by, "units.recommendingunit.ranked", unit, round=round.year, order=ordered_ids)
    return ranked
