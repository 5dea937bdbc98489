"""Score sheets (逐项打分): drafts, submission, reopening by the office.

An expert scores only their own active assignment; every value lies between 0 and the indicator's
maximum (`Indicator.max_score` of the round's indicator set, one decimal place); a draft saved from an
older page than the sheet's `version` is refused, not merged. Submission needs every indicator scored
and locks the sheet; only the office reopens it, with a reason. Each step is audited (the values are
not audit data: they are in the sheet, and no other expert may read them).
"""
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import is_expert
from apps.core import audit
from apps.core.exceptions import DomainError, ReasonRequired
from apps.rounds import permissions as round_permissions
from apps.rounds.models import Indicator

from .models import Assignment, AssignmentStatus, Score, ScoreSheet, SheetStatus

EDITABLE = (SheetStatus.DRAFT, SheetStatus.REOPENED)
_STEP = Decimal("0.1")


class ScoresInvalid(DomainError):
    """Some values were refused; `errors` maps indicator id to its message. Nothing was saved."""

    code = "scores_invalid"

    def __init__(self, errors):
        self.errors = errors
        super().__init__("评分未保存：" + "；".join(errors.values()))


def _lock_own_sheet(assignment, by):
    assignment = Assignment.objects.select_for_update().select_related("expert").get(pk=assignment.pk)
    if not (is_expert(by) and assignment.expert.user_id == by.pk):
        raise PermissionDenied
    if assignment.status != AssignmentStatus.ACTIVE:
        raise DomainError("该评审分配已撤回，不能再评分。", code="assignment_withdrawn")
    sheet, _ = ScoreSheet.objects.get_or_create(assignment=assignment)
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    sheet.assignment = assignment
    return sheet


def _refuse_stale(sheet, version):
    if version is not None and int(version) != sheet.version:
        raise DomainError("该评分表已在其他页面修改，本次修改未保存。请刷新页面，核对后重新填写。", code="stale_edit")


def _parse(indicator, raw):
    """The value as a Decimal, or None for blank; raises ValueError with the Chinese message."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError(f"“{indicator.name}”的得分须为数字") from None
    if not value.is_finite():
        raise ValueError(f"“{indicator.name}”的得分须为数字")
    if value < 0 or value > indicator.max_score:
        raise ValueError(f"“{indicator.name}”的得分须在0至{indicator.max_score.normalize():f}分之间")
    if value != value.quantize(_STEP):
        raise ValueError(f"“{indicator.name}”的得分最多保留一位小数")
    return value.quantize(_STEP)


@transaction.atomic
def save_draft(assignment, *, by, values, comment=None, version=None):
    """Save the expert's draft: `values` maps indicator id (int or text) to a value (blank clears it).

    Refuses with ScoresInvalid (every bad value named) or a stale version, changing nothing.
    Audits `reviews.sheet.saved` with the number of scored items.
    """
    sheet = _lock_own_sheet(assignment, by)
    if sheet.status not in EDITABLE:
        raise DomainError("评分表已提交，不能修改。如需修改，请联系全总工作人员退回。", code="sheet_locked")
    _refuse_stale(sheet, version)
    indicators = {i.pk: i for i in Indicator.objects.filter(round_id=sheet.assignment.round_id)}
    errors, keep, clear = {}, [], []
    for key, raw in values.items():
        try:
            indicator = indicators[int(key)]
        except (KeyError, TypeError, ValueError):
            raise DomainError("评分项不属于本年度的评价指标。", code="unknown_indicator") from None
        try:
            value = _parse(indicator, raw)
        except ValueError as error:
            errors[indicator.pk] = str(error)
            continue
        (clear.append(indicator.pk) if value is None else keep.append(Score(sheet=sheet, indicator=indicator, value=value)))
    if errors:
        raise ScoresInvalid(errors)
    if clear:
        Score.objects.filter(sheet=sheet, indicator_id__in=clear).delete()
    if keep:
        Score.objects.bulk_create(
            keep, update_conflicts=True, unique_fields=["sheet", "indicator"], update_fields=["value"]
        )
    if comment is not None:
        sheet.comment = comment.strip()[:2000]
    sheet.version += 1
    sheet.save(update_fields=["comment", "version", "updated_at"])
    audit.record(by, "reviews.sheet.saved", sheet, scored=sheet.scores.count())
    return sheet


@transaction.atomic
def submit_sheet(assignment, *, by, version=None):
    """Submit the sheet: every indicator of the round scored. Locks it (no more drafts). Audits `reviews.sheet.submitted`."""
    sheet = _lock_own_sheet(assignment, by)
    if sheet.status not in EDITABLE:
        raise DomainError("评分表已提交。", code="sheet_locked")
    _refuse_stale(sheet, version)
    indicators = list(Indicator.objects.filter(round_id=sheet.assignment.round_id).order_by("position"))
    scored = set(sheet.scores.values_list("indicator_id", flat=True))
    if missing := [i.name for i in indicators if i.pk not in scored]:
        raise DomainError(f"还有{len(missing)}项未评分：{'、'.join(missing)}。", code="sheet_incomplete")
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.version += 1
    sheet.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    audit.record(by, "reviews.sheet.submitted", sheet)
    return sheet


@transaction.atomic
def reopen_sheet(sheet, *, by, reason):
    """The office reopens a submitted sheet for the expert to correct (reason required). Audits `reviews.sheet.reopened`."""
    if not round_permissions.can_manage_rounds(by):
        raise PermissionDenied
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("请填写退回重评的原因。")
    if sheet.status != SheetStatus.SUBMITTED:
        raise DomainError("只有已提交的评分表可以退回重评。", code="sheet_not_submitted")
    sheet.status = SheetStatus.REOPENED
    sheet.reopen_reason = reason[:500]
    sheet.version += 1
    sheet.save(update_fields=["status", "reopen_reason", "version", "updated_at"])
    audit.record(by, "reviews.sheet.reopened", sheet, reason=reason)
    return sheet
