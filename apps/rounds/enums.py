from dataclasses import dataclass

from django.db import models


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    DEPLOYED = "deployed", "已部署"
    RECOMMENDING = "recommending", "推荐中"
    REVIEWING = "reviewing", "评审中"
    PUBLICITY = "publicity", "公示中"
    PUBLISHED = "published", "已公布"
    CLOSED = "closed", "已结束"


class AggregationRule(models.TextChoices):
    """How a candidate's sheet totals combine into the score that ranks them (apps/reviews/aggregation.py)."""

    MEAN = "mean", "算术平均"
    TRIMMED_MEAN = "trimmed_mean", "去掉一个最高分和一个最低分后平均（不少于5份评分表时）"


@dataclass(frozen=True)
class PhaseMove:
    guards: tuple = ()  # guards.<name>(round): raise DomainError to refuse
    effects: tuple = ()  # guards.<name>(round, now) -> changed field names


def _phase_moves():
    from . import guards  # guards read models at call time; the table names them

    R = RoundStatus
    # A round only moves forward, one phase at a time; each move with its preconditions.
    return {
        (R.DRAFT, R.DEPLOYED): PhaseMove(
            guards=(guards.has_national_target, guards.has_phase_deadlines, guards.quotas_confirmed)
        ),
        (R.DEPLOYED, R.RECOMMENDING): PhaseMove(),
        (R.RECOMMENDING, R.REVIEWING): PhaseMove(guards=(guards.recommending_finished,)),
        (R.REVIEWING, R.PUBLICITY): PhaseMove(guards=(guards.has_publicity_window,)),
        (R.PUBLICITY, R.PUBLISHED): PhaseMove(guards=(guards.publicity_ended, guards.list_published)),
        (R.PUBLISHED, R.CLOSED): PhaseMove(),
    }


PHASE_MOVES = _phase_moves()

# The same table by source, for screens that offer "the next phase".
ROUND_TRANSITIONS = {source: {target} for source, target in PHASE_MOVES}


# Scores are given against the weights: they are fixed once expert review begins.
INDICATORS_EDITABLE = frozenset({RoundStatus.DRAFT, RoundStatus.DEPLOYED, RoundStatus.RECOMMENDING})


class Power(models.TextChoices):
    LEADERSHIP = "leadership", "引领力"
    PRACTICE = "practice", "实践力"
    INNOVATION = "innovation", "创新力"
    TACKLING = "tackling", "攻关力"
    INHERITANCE = "inheritance", "传承力"
