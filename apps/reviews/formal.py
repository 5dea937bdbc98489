"""Formal review (形式审查): the office checks each forwarded candidate against the basic conditions.

"劳动和经济工作部对照申报条件和名额等，对推荐人选进行形式审查". The system checks what its data can
tell (`CHECKS`, computed for a whole queue in a constant number of queries by
`apps.reviews.selectors.formal_rows`); the office decides, one candidate at a time or all clean ones
at once after a confirmation. Passing a candidate whose checks do not all hold needs a written
reason (the office verified by hand what the data could not show), audited with the checks that
failed. Failing needs a reason, which the applicant and the recommending unit read.

Both decisions are named moves (`pass_formal_review`, `fail_formal_review` in the status table):
the generic status change, the admin's actions and the API's status endpoint cannot make them.
"""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.accounts.roles import is_programme_staff
from apps.applicants import permissions
from apps.applicants.enums import TRANSITIONS, ApplicationStatus
from apps.applicants.services import apply_move
from apps.core import audit
from apps.core.exceptions import DomainError

MIN_FRONTLINE_YEARS = 5  # 三、基本条件: 在生产一线岗位工作5年以上

# The profile fields the conditions are checked on: without them a candidate cannot be judged.
PROFILE_FIELDS = (
    ("full_name", "姓名"), ("gender", "性别"), ("birth_date", "出生日期"), ("resident_id_hash", "居民身份证号码"),
    ("employer_name", "工作单位"), ("employer_credit_code", "统一社会信用代码"), ("industry", "所属行业"),
    ("post", "岗位"), ("skill_level", "技能等级"),
)


@dataclass(frozen=True)
class CheckResult:
    key: str
    label: str
    ok: bool
    detail: str


def _frontline(row, context):
    years = row.frontline_years
    if years is None:
        return False, "未填报一线生产工作年限"
    return years >= MIN_FRONTLINE_YEARS, f"填报一线生产工作 {years} 年（须满 {MIN_FRONTLINE_YEARS} 年）"


def _profile(row, context):
    missing = [label for name, label in PROFILE_FIELDS if getattr(row, name) in (None, "")]
    return not missing, "基本信息齐全" if not missing else f"缺少：{'、'.join(missing)}"


def _statement(row, context):
    answered, needed = row.answered_count, context.indicator_count
    return answered >= needed, f"已填写 {answered} / {needed} 项“工匠五力”陈述"


def _evidence(row, context):
    count = row.evidence_count
    return count > 0, f"支撑材料 {count} 份" if count else "未上传支撑材料"


def _quota(row, context):
    places = context.places.get(row.unit_id)
    if places is None:
        return False, "推荐单位本年度没有推荐名额"
    position = context.positions.get(row.pk)
    if position is None:  # failed or withdrawn: it uses no place
        return True, f"不占用名额（本单位名额 {places} 名）"
    return position <= places, f"本单位第 {position} 名，名额 {places} 名"


# (key, label, function(row, context) -> (ok, detail)), in the order the page lists them.
CHECKS = [
    ("frontline_years", "一线生产工作满5年", _frontline),
    ("profile", "申报人基本信息完整", _profile),
    ("statement", "“工匠五力”陈述齐全", _statement),
    ("evidence", "有支撑材料", _evidence),
    ("quota", "在推荐单位名额内", _quota),
]


@dataclass(frozen=True)
class QueueContext:
    """What the checks need beyond a row, read once for a whole queue (see selectors.formal_rows)."""

    indicator_count: int
    places: dict  # unit id -> places of its quota in the round
    positions: dict  # application id -> its position among its unit's place-using candidates


def check_row(row, context):
    return [CheckResult(key, label, *function(row, context)) for key, label, function in CHECKS]


def failing(results):
    return [result for result in results if not result.ok]


def _checked(application):
    from .selectors import formal_rows  # the selector reads the model the checks describe

    (row,) = formal_rows(application.round, pks=[application.pk])
    return row


def _decidable_by(by, application):
    """True when the checks apply: the office, on a forwarded candidate it sees, in the reviewing phase.
    Anything else goes straight to `apply_move`, whose refusal (403, wrong state, wrong phase) is the
    state machine's own and says nothing of the checks."""
    move = TRANSITIONS[(ApplicationStatus.FORWARDED, ApplicationStatus.FORMAL_PASSED)]
    return (
        is_programme_staff(by)
        and application.status == ApplicationStatus.FORWARDED
        and application.round.status in move.round_statuses
        and permissions.can_view(by, application)
    )


@transaction.atomic
def pass_formal_review(application, *, by, reason=""):
    """The office passes a forwarded candidate. Refused while a check fails, unless `reason` says why
    the office judged it met anyway (audited as `reviews.formal_review.overridden` with the checks)."""
    reason = (reason or "").strip()
    failed = failing(_checked(application).checks) if _decidable_by(by, application) else []
    if failed and not reason:
        labels = "、".join(result.label for result in failed)
        raise DomainError(
            f"以下条件未通过系统核对：{labels}。如经人工核对确认符合条件，请填写核对说明后再通过。", code="formal_checks_failed"
        )
    moved = apply_move(application, ApplicationStatus.FORMAL_PASSED, by=by, reason=reason, via="pass_formal_review")
    if failed:
        audit.record(by, "reviews.formal_review.overridden", moved, checks=[result.key for result in failed], reason=reason)
    return moved


@transaction.atomic
def fail_formal_review(application, *, by, reason):
    """The office fails a forwarded candidate, with the reason the applicant and the unit read (notices)."""
    return apply_move(application, ApplicationStatus.FORMAL_FAILED, by=by, reason=reason, via="fail_formal_review")


@dataclass(frozen=True)
class BulkResult:
    passed: list
    skipped: list  # (application, why) of those listed that were no longer clean or no longer waiting


@transaction.atomic
def pass_clean(round, pks, *, by):
    """Pass every candidate among `pks` (what the confirmation page listed) that is still forwarded and
    clean; the others are left as they are and reported. One summary audit entry beside each move's own."""
    if not is_programme_staff(by):
        raise PermissionDenied
    from .selectors import formal_rows

    wanted = sorted({int(pk) for pk in pks})
    if not wanted:
        raise DomainError("没有选择要通过的人选。", code="nothing_selected")
    rows = {row.pk: row for row in formal_rows(round, pks=wanted)}
    passed, skipped = [], []
    for pk in wanted:
        row = rows.get(pk)
        if row is None:
            continue  # not this round's, or not visible: never named back
        if row.status != ApplicationStatus.FORWARDED:
            skipped.append((row, f"当前状态为“{row.status_label}”"))
        elif failing(row.checks):
            skipped.append((row, "系统核对未通过：" + "、".join(result.label for result in failing(row.checks))))
        else:
            passed.append(apply_move(row, ApplicationStatus.FORMAL_PASSED, by=by, via="pass_formal_review"))
    if passed:
        audit.record_summary(by, "reviews.formal_review.bulk_passed", passed, year=round.year)
    return BulkResult(passed, skipped)
