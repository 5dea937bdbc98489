from django.db import models


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    DEPLOYED = "deployed", "已部署"
    RECOMMENDING = "recommending", "推荐中"
    REVIEWING = "reviewing", "评审中"
    PUBLICITY = "publicity", "公示中"
    PUBLISHED = "published", "已公布"
    CLOSED = "closed", "已结束"


# A round only moves forward, one phase at a time.
ROUND_TRANSITIONS = {
    RoundStatus.DRAFT: {RoundStatus.DEPLOYED},
    RoundStatus.DEPLOYED: {RoundStatus.RECOMMENDING},
    RoundStatus.RECOMMENDING: {RoundStatus.REVIEWING},
    RoundStatus.REVIEWING: {RoundStatus.PUBLICITY},
    RoundStatus.PUBLICITY: {RoundStatus.PUBLISHED},
    RoundStatus.PUBLISHED: {RoundStatus.CLOSED},
}


# Scores are given against the weights: they are fixed once expert review begins.
INDICATORS_EDITABLE = frozenset({RoundStatus.DRAFT, RoundStatus.DEPLOYED, RoundStatus.RECOMMENDING})


class Power(models.TextChoices):
    LEADERSHIP = "leadership", "引领力"
    PRACTICE = "practice", "实践力"
    INNOVATION = "innovation", "创新力"
    TACKLING = "tackling", "攻关力"
    INHERITANCE = "inheritance", "传承力"
