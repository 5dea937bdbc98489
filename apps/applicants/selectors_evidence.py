"""Queries of the statement and evidence pages: a fixed number per page, whatever the number of answers or files."""
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404

from apps.rounds.enums import Power

from .models import EvidenceFile, StatementAnswer

# What a list of evidence shows (no storage call, no uploader row).
EVIDENCE_LIST_FIELDS = ("id", "application_id", "indicator_id", "display_name", "content_type", "size", "sha256", "created_at", "file")


@dataclass
class IndicatorRow:
    indicator: object
    answer: object = None  # the StatementAnswer, or None before the first save
    files: list = field(default_factory=list)
    file_count: int = 0

    @property
    def text(self):
        return self.answer.text if self.answer else ""

    @property
    def version(self):
        return self.answer.version if self.answer else 0

    @property
    def answered(self):
        return bool(self.text)


@dataclass
class PowerGroup:
    power: str
    label: str
    rows: list


def statement_rows(application, *, with_files=False):
    """The round's indicators in order, each with its answer and its evidence (files, or just their count).

    Three queries: indicators, answers, evidence (rows or counts).
    """
    indicators = list(application.round.indicators.order_by("position"))
    answers = {answer.indicator_id: answer for answer in StatementAnswer.objects.filter(application=application).order_by()}
    rows = {indicator.pk: IndicatorRow(indicator, answers.get(indicator.pk)) for indicator in indicators}
    if with_files:
        for evidence in evidence_of(application):
            row = rows.get(evidence.indicator_id)
            if row is not None:
                row.files.append(evidence)
                row.file_count += 1
    else:
        counts = EvidenceFile.objects.filter(application=application).values("indicator_id").annotate(n=Count("pk")).order_by()
        for count in counts:
            if count["indicator_id"] in rows:
                rows[count["indicator_id"]].file_count = count["n"]
    return list(rows.values())


def grouped_by_power(rows):
    """The rows grouped by the five powers, in the powers' order."""
    labels = dict(Power.choices)
    groups = {}
    for row in rows:
        power = row.indicator.power
        groups.setdefault(power, PowerGroup(power, labels.get(power, power), [])).rows.append(row)
    return list(groups.values())


def evidence_of(application):
    """The application's evidence files in the order of the indicators (one query)."""
    return (
        EvidenceFile.objects.filter(application=application)
        .only(*EVIDENCE_LIST_FIELDS)
        .order_by("indicator__position", "created_at", "pk")
    )


def evidence_total_bytes(application):
    return EvidenceFile.objects.filter(application=application).aggregate(total=Sum("size"))["total"] or 0


def get_evidence(application, file_pk):
    """One evidence file of `application` (already checked by the access policy); 404 otherwise."""
    return get_object_or_404(EvidenceFile.objects.select_related("indicator"), pk=file_pk, application=application)
