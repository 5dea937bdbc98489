"""The expert review meeting (专家评审会议) and the party group's decision (党组审议): the proposed list.

"汇总评分后，组织召开专家评审会议，集体研究提出建议名单，呈报中共中华全国总工会党组审议". The office

1. generates the proposed list (`generate_list`): the top candidates by the round's deciding ranking
   (`aggregation.aggregate`, raw scores, the round's rule and tie-break) up to `Round.national_target`,
   among the candidates still in expert review (formal review passed or under review);
2. adjusts it (`add_entry`, `remove_entry`), each with a reason, audited; removed entries stay, marked;
3. records the meeting (`record_meeting`: date, attendees, outcome);
4. records the party group's decision (`record_decision`: date, document number). This freezes the list
   (nothing above works any more), moves every listed candidate under_review → proposed → approved
   (formal_passed → under_review first where the draw left it) through `apply_move`, and writes the
   SHA-256 of the canonical score table and list (`canonical_payload`) into the meeting and the audit trail;
5. `verify_decision` recomputes the ranking from the stored scores, rebuilds the payload and compares its
   hash with the one the audit trail holds (and the meeting row): 一致 or 不一致.

The canonical payload is JSON with sorted keys and no spaces (UTF-8): the round's year, rule and target;
the indicators (id, code, weight, maximum); every submitted score of an active assignment as
[application, expert, indicator, value] sorted; the ranking recomputed from exactly those scores as
[application, rank, score to 6 decimals]; and the list's application ids in list order.
"""
import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.services import apply_move
from apps.core import audit
from apps.core.exceptions import DomainError, ReasonRequired
from apps.core.locking import lock_in_order
from apps.rounds import permissions as round_permissions
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Indicator

from .aggregation import aggregate
from .models import AssignmentStatus, Meeting, ProposedEntry, Score, SheetStatus

S = ApplicationStatus
# Who may be on the list: candidates still in expert review.
LISTABLE = (S.FORMAL_PASSED, S.UNDER_REVIEW)
DECISION_ACTION = "record_decision"
DECIDED_EVENT = "reviews.meeting.decided"


def _require_office(by):
    if not round_permissions.can_manage_rounds(by):
        raise PermissionDenied


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired("请填写理由。")
    return reason[:500]


def _require_reviewing(round):
    if round.status != RoundStatus.REVIEWING:
        raise DomainError(
            f"{round.year}年度遴选当前处于“{round.get_status_display()}”阶段，评审阶段才能办理建议名单。", code="not_reviewing"
        )


def _lock_meeting(meeting):
    meeting = Meeting.objects.select_for_update().select_related("round").get(pk=meeting.pk)
    if meeting.is_frozen:
        raise DomainError("党组已审议决定，建议名单已锁定，不能再修改。", code="list_frozen")
    return meeting


def active_entries(meeting):
    """The listed (not removed) entries in list order: generated ones by their rank, then those added."""
    return meeting.entries.filter(removed=False).order_by("added_manually", "raw_rank", "pk")


# --- The canonical score table and its hash ---------------------------------------------------------


def stored_scores(round):
    """Every submitted score of an active assignment: (sheet, application, expert, panel, indicator, value Decimal). One query."""
    return list(
        Score.objects.filter(
            sheet__status=SheetStatus.SUBMITTED,
            sheet__assignment__round=round,
            sheet__assignment__status=AssignmentStatus.ACTIVE,
        )
        .order_by()
        .values_list(
            "sheet_id", "sheet__assignment__application_id", "sheet__assignment__expert_id",
            "sheet__assignment__panel_id", "indicator_id", "value",
        )
    )


def canonical_payload(round, list_ids, scores=None):
    """The payload the decision hash covers (see the module docstring), and the ranking recomputed from it."""
    scores = stored_scores(round) if scores is None else scores
    rows = [(sheet, app, expert, panel, indicator, float(value)) for sheet, app, expert, panel, indicator, value in scores]
    result = aggregate(round, rows=rows)
    indicators = Indicator.objects.filter(round=round).order_by("pk").values_list("pk", "code", "weight", "max_score")
    payload = {
        "round": round.year,
        "rule": round.aggregation_rule,
        "target": round.national_target,
        "indicators": [[pk, code, str(weight), str(maximum)] for pk, code, weight, maximum in indicators],
        "scores": sorted([app, expert, indicator, str(value)] for _, app, expert, _, indicator, value in scores),
        "ranking": [[row["application_id"], row["rank"], f"{row['score']:.6f}"] for row in result.candidates],
        "list": list(list_ids),
    }
    return payload, result


def payload_hash(payload):
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- The list -----------------------------------------------------------------------------------------


@transaction.atomic
def generate_list(round, *, by):
    """Generate (or regenerate, before the meeting is recorded) the proposed list of `round`.

    The top `national_target` listable candidates of the deciding ranking. Audits `reviews.meeting.list_generated`.
    """
    from apps.rounds.models import Round

    _require_office(by)
    # Lock the round: two generations at once would both create the meeting.
    round = Round.objects.select_for_update().get(pk=round.pk)
    _require_reviewing(round)
    meeting = Meeting.objects.select_for_update().filter(round=round).first()
    if meeting is not None and meeting.is_frozen:
        raise DomainError("党组已审议决定，建议名单已锁定，不能再生成。", code="list_frozen")
    if meeting is not None and meeting.is_held:
        raise DomainError("评审会议已记录，不能重新生成建议名单；如需调整，请增补或移出人选并说明理由。", code="meeting_held")
    result = aggregate(round)
    statuses = dict(Application.objects.filter(round=round, pk__in=[row["application_id"] for row in result.candidates]).values_list("pk", "status"))
    ranked = [row for row in result.candidates if statuses.get(row["application_id"]) in LISTABLE]
    if not ranked:
        raise DomainError("还没有已提交评分的评审中人选，不能生成建议名单。", code="nothing_ranked")
    chosen = ranked[: round.national_target]
    now = timezone.now()
    if meeting is None:
        meeting = Meeting.objects.create(round=round, generated_at=now, generated_by=by)
    else:
        meeting.entries.all().delete()
        meeting.generated_at, meeting.generated_by = now, by
        meeting.save(update_fields=["generated_at", "generated_by", "updated_at"])
    ProposedEntry.objects.bulk_create(
        ProposedEntry(meeting=meeting, application_id=row["application_id"], raw_rank=row["rank"]) for row in chosen
    )
    audit.record(by, "reviews.meeting.list_generated", meeting, count=len(chosen), target=round.national_target, rule=round.aggregation_rule)
    return meeting


@transaction.atomic
def add_entry(meeting, application_pk, *, by, reason):
    """Add a listable, scored candidate of the round to the list, with the reason. Audits `reviews.meeting.entry_added`."""
    _require_office(by)
    meeting = _lock_meeting(meeting)
    _require_reviewing(meeting.round)
    reason = _reason(reason)
    application = Application.objects.filter(round=meeting.round, pk=application_pk).first()
    if application is None or application.status not in LISTABLE:
        raise DomainError("只能增补本年度仍在专家评审中的人选。", code="not_listable")
    scored = Score.objects.filter(
        sheet__assignment__application=application, sheet__status=SheetStatus.SUBMITTED,
        sheet__assignment__status=AssignmentStatus.ACTIVE,
    ).exists()
    if not scored:
        raise DomainError(f"{application}还没有已提交的评分表，不能列入建议名单。", code="not_scored")
    entry = meeting.entries.filter(application=application).first()
    if entry is not None and not entry.removed:
        raise DomainError(f"{application}已在建议名单中。", code="already_listed")
    if entry is None:
        entry = ProposedEntry(meeting=meeting, application=application)
    entry.removed, entry.removed_reason = False, ""
    entry.added_manually, entry.added_reason = True, reason
    entry.save()
    audit.record(by, "reviews.meeting.entry_added", meeting, application=application.pk, reason=reason)
    return entry


@transaction.atomic
def remove_entry(meeting, entry_pk, *, by, reason):
    """Take an entry off the list, with the reason (the entry stays, marked). Audits `reviews.meeting.entry_removed`."""
    _require_office(by)
    meeting = _lock_meeting(meeting)
    _require_reviewing(meeting.round)
    reason = _reason(reason)
    entry = meeting.entries.select_for_update().filter(pk=entry_pk, removed=False).first()
    if entry is None:
        raise DomainError("该人选不在建议名单中。", code="not_listed")
    entry.removed, entry.removed_reason = True, reason
    entry.save(update_fields=["removed", "removed_reason", "updated_at"])
    audit.record(by, "reviews.meeting.entry_removed", meeting, application=entry.application_id, reason=reason)
    return entry


@transaction.atomic
def record_meeting(meeting, *, by, meeting_date, attendees, outcome):
    """Record (or correct, before the decision) the meeting: date, attendees, outcome. Audits `reviews.meeting.recorded`."""
    _require_office(by)
    meeting = _lock_meeting(meeting)
    _require_reviewing(meeting.round)
    attendees, outcome = (attendees or "").strip(), (outcome or "").strip()
    if meeting_date is None or not attendees or not outcome:
        raise DomainError("请填写会议日期、参会人员和会议结论。", code="meeting_incomplete")
    if meeting_date > timezone.localdate():
        raise DomainError("会议日期不能晚于今天。", code="meeting_in_future")
    previous = meeting.meeting_date
    meeting.meeting_date, meeting.attendees, meeting.outcome = meeting_date, attendees[:2000], outcome[:2000]
    meeting.save(update_fields=["meeting_date", "attendees", "outcome", "updated_at"])
    audit.record(
        by, "reviews.meeting.recorded", meeting, meeting_date=meeting_date,
        previous=previous, listed=active_entries(meeting).count(),
    )
    return meeting


@transaction.atomic
def record_decision(meeting, *, by, decision_date, document_number):
    """Record the party group's decision on the list: freezes it, moves each listed candidate to approved and
    audits `reviews.meeting.decided` with the SHA-256 of the canonical score table and list (beside each move's own entry)."""
    _require_office(by)
    meeting = _lock_meeting(meeting)
    round = meeting.round
    _require_reviewing(round)
    document_number = (document_number or "").strip()
    if not meeting.is_held:
        raise DomainError("请先记录评审会议，再记录党组审议决定。", code="meeting_not_recorded")
    if decision_date is None or not document_number:
        raise DomainError("请填写党组审议日期和决定文号。", code="decision_incomplete")
    if decision_date < meeting.meeting_date or decision_date > timezone.localdate():
        raise DomainError("党组审议日期须在评审会议之后、不晚于今天。", code="decision_date")
    list_ids = list(active_entries(meeting).values_list("application_id", flat=True))
    if not list_ids:
        raise DomainError("建议名单为空，不能记录党组审议决定。", code="empty_list")
    # Lock every listed application first, in pk order: the chain head (the first move's audit) comes last.
    applications = lock_in_order(Application.objects.filter(pk__in=list_ids))
    unlistable = [a for a in applications if a.status not in LISTABLE]
    if unlistable:
        names = "、".join(str(a) for a in unlistable[:5])
        raise DomainError(f"{names}已不在专家评审中，请先将其移出建议名单。", code="not_listable")
    payload, _ = canonical_payload(round, list_ids)
    digest = payload_hash(payload)
    meeting.decision_date, meeting.document_number = decision_date, document_number[:100]
    meeting.decided_at, meeting.decided_by, meeting.decision_hash = timezone.now(), by, digest
    meeting.save(update_fields=["decision_date", "document_number", "decided_at", "decided_by", "decision_hash", "updated_at"])
    reason = f"党组审议决定 {meeting.document_number}"
    for application in applications:
        if application.status == S.FORMAL_PASSED:
            application = apply_move(application, S.UNDER_REVIEW, by=by)
        application = apply_move(application, S.PROPOSED, by=by, reason=reason, via=DECISION_ACTION)
        apply_move(application, S.APPROVED, by=by, reason=reason, via=DECISION_ACTION)
    audit.record(
        by, DECIDED_EVENT, meeting, sha256=digest, decision_date=decision_date, document_number=meeting.document_number,
        count=len(list_ids), ids=list_ids,
    )
    return meeting


@dataclass(frozen=True)
class Verification:
    matches: bool
    recorded: str  # the hash in the audit trail
    stored: str  # the hash on the meeting row
    recomputed: str


def recorded_hash(meeting):
    """The decision's hash as the audit trail holds it ('' when there is no decision entry)."""
    from apps.core.models import AuditEntry

    entry = (
        AuditEntry.objects.filter(action=DECIDED_EVENT, object_type=Meeting._meta.label_lower, object_id=str(meeting.pk))
        .order_by("-seq").values_list("data", flat=True).first()
    )
    return (entry or {}).get("sha256", "")


@transaction.atomic
def verify_decision(meeting, *, by):
    """Recompute the ranking from the stored scores and compare the payload's hash with the decided one.
    Audits `reviews.meeting.verified` with the result."""
    _require_office(by)
    if not meeting.is_frozen:
        raise DomainError("党组尚未审议决定，没有可核验的记录。", code="not_decided")
    list_ids = list(active_entries(meeting).values_list("application_id", flat=True))
    payload, _ = canonical_payload(meeting.round, list_ids)
    recomputed = payload_hash(payload)
    recorded = recorded_hash(meeting)
    result = Verification(recomputed == recorded == meeting.decision_hash, recorded, meeting.decision_hash, recomputed)
    audit.record(by, "reviews.meeting.verified", meeting, matches=result.matches, sha256=recomputed)
    return result
