"""What a phase change would leave behind: the counts the office reads before it confirms one.

Counts only, never rows: the office may not see an application before its unit forwards it, but
it must know how many each unit still has in hand when the recommend phase is closed.
"""
from dataclasses import dataclass

from django.db.models import Count, Q

from apps.applicants.enums import FORWARDED_OR_LATER, ApplicationStatus
from apps.applicants.models import Application

from .enums import RoundStatus

S = ApplicationStatus
UNSUBMITTED = (S.DRAFT, S.RETURNED)
UNFORWARDED = (S.SUBMITTED,)

# What moving a round into each phase does, in the office's words.
CONSEQUENCES = {
    RoundStatus.DEPLOYED: "部署后，推荐单位和申报人可以看到本年度遴选的安排与评价指标，但尚不能提交申报。",
    RoundStatus.RECOMMENDING: "进入推荐阶段后，申报人可以提交申报，推荐单位可以审核、退回和推荐报送。",
    RoundStatus.REVIEWING: (
        "推荐阶段随之结束：申报人不能再提交或修改申报，推荐单位不能再退回或推荐报送。"
        "下表中尚未提交和尚未报送的申报将停留在当前状态，不进入评审。"
    ),
    RoundStatus.PUBLICITY: "评审阶段随之结束：形式审查和专家评审不能再变更，党组审议通过的人选可列入公示。",
    RoundStatus.PUBLISHED: "公示阶段随之结束：不再受理异议，公示期满且无异议成立的人选可以公布。",
    RoundStatus.CLOSED: "本年度遴选随之结束，此后不能再变更任何申报的状态。",
}


@dataclass(frozen=True)
class UnitCounts:
    unit_name: str
    unsubmitted: int
    unforwarded: int
    forwarded: int


def counts_by_unit(round):
    """Per unit, in unit order: applications not yet submitted (draft or returned), submitted but not
    forwarded, and forwarded or later. Units with none of these are left out. One query."""
    rows = (
        Application.objects.filter(round=round)
        .values("unit__kind", "unit__region", "unit__name")
        .annotate(
            unsubmitted=Count("pk", filter=Q(status__in=UNSUBMITTED)),
            unforwarded=Count("pk", filter=Q(status__in=UNFORWARDED)),
            forwarded=Count("pk", filter=Q(status__in=FORWARDED_OR_LATER)),
        )
        .order_by("unit__kind", "unit__region", "unit__name")
    )
    return [
        UnitCounts(row["unit__name"], row["unsubmitted"], row["unforwarded"], row["forwarded"])
        for row in rows
        if row["unsubmitted"] or row["unforwarded"] or row["forwarded"]
    ]
