"""State changes of the expert review besides the draw (`draw.py`) and the sheets (`scoring.py`):
panels, the applicant's avoid list, conflict declarations and manual changes of assignments. Each is
atomic and audited."""
from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.accounts.roles import is_applicant, is_expert
from apps.applicants.enums import ApplicationStatus
from apps.applicants.profile_enums import Industry
from apps.core import audit
from apps.core.exceptions import DomainError, ReasonRequired
from apps.rounds import permissions as round_permissions

from .conflicts import is_conflicted
from .models import (
    MAX_AVOID_ENTRIES, Assignment, AssignmentStatus, AvoidEntry, ConflictDeclaration, Panel, ScoreSheet, SheetStatus,
)


def _require_office(by):
    if not round_permissions.can_manage_rounds(by):
        raise PermissionDenied


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    return reason


@transaction.atomic
def create_panel(round, *, by, name, field, industries, members=()):
    """A panel of `round` scoring the industry sections `industries` (letters); each section in one panel only."""
    from apps.rounds.models import Round

    _require_office(by)
    round = Round.objects.select_for_update().get(pk=round.pk)
    letters = "".join(sorted(set((industries or "").upper())))
    if not letters or any(letter not in Industry.values for letter in letters):
        raise DomainError("请选择专家组评审的行业门类（GB/T 4754 门类字母）。", code="panel_industries")
    taken = {letter for value in Panel.objects.filter(round=round).values_list("industries", flat=True) for letter in value}
    if overlap := sorted(taken & set(letters)):
        raise DomainError(f"行业门类 {'、'.join(overlap)} 已属于本年度的其他专家组。", code="panel_overlap")
    if Panel.objects.filter(round=round, name=name).exists():
        raise DomainError("本年度已有同名专家组。", code="panel_name_taken")
    panel = Panel.objects.create(round=round, name=name, field=field, industries=letters)
    panel.members.set(members)
    audit.record(by, "reviews.panel.created", panel, industries=letters, members=len(members))
    return panel


@transaction.atomic
def set_avoid_list(application, *, by, entries):
    """Replace the applicant's avoid list (申请回避人员) with `entries`, a list of (name, employer_name), at most three.

    The applicant of the application while it is a draft or returned (the intake page); the office may
    correct it at any time. Audits `reviews.avoid_list.changed` with the count (no third party's name).
    """
    from apps.applicants.models import Application

    application = Application.objects.select_for_update().get(pk=application.pk)
    office = round_permissions.can_manage_rounds(by)
    if not (office or (is_applicant(by) and application.applicant_id == by.pk)):
        raise PermissionDenied
    if not office and application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED):
        raise DomainError("申报提交后不能再修改申请回避人员；如需修改，请联系全总工作人员。", code="avoid_list_locked")
    cleaned = [((name or "").strip(), (employer or "").strip()) for name, employer in entries]
    cleaned = [(name, employer) for name, employer in cleaned if name or employer]
    if len(cleaned) > MAX_AVOID_ENTRIES:
        raise DomainError(f"申请回避的人员最多{MAX_AVOID_ENTRIES}名。", code="too_many_avoid_entries")
    if any(not name for name, _ in cleaned):
        raise DomainError("请填写申请回避人员的姓名。", code="avoid_name_required")
    AvoidEntry.objects.filter(application=application).delete()
    AvoidEntry.objects.bulk_create(
        AvoidEntry(application=application, slot=slot, name=name[:50], employer_name=employer[:100])
        for slot, (name, employer) in enumerate(cleaned, start=1)
    )
    # Names of third parties are not audit data: the count says what changed.
    audit.record(by, "reviews.avoid_list.changed", application, count=len(cleaned))
    return application.avoid_entries.all()


@transaction.atomic
def declare_conflict(assignment, *, by, reason):
    """The assigned expert declares a conflict: the declaration is stored, the assignment withdrawn (the
    sheet with it, whatever its scores) and the office must reassign. Audits `reviews.conflict.declared`."""
    assignment = Assignment.objects.select_for_update().select_related("expert").get(pk=assignment.pk)
    if not (is_expert(by) and assignment.expert.user_id == by.pk):
        raise PermissionDenied
    if assignment.status != AssignmentStatus.ACTIVE:
        raise DomainError("该评审分配已撤回。", code="assignment_withdrawn")
    reason = _reason(reason)
    declaration, _ = ConflictDeclaration.objects.get_or_create(
        expert=assignment.expert, application_id=assignment.application_id, defaults={"reason": reason[:500]}
    )
    _withdraw(assignment, "专家申报利益冲突回避")
    audit.record(by, "reviews.conflict.declared", assignment, reason=reason)
    return declaration


def _withdraw(assignment, reason):
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.withdrawn_reason = reason[:500]
    assignment.save(update_fields=["status", "withdrawn_reason", "updated_at"])


@transaction.atomic
def withdraw_assignment(assignment, *, by, reason):
    """The office withdraws an assignment (by hand, with a reason). A submitted sheet goes out of the aggregation."""
    _require_office(by)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != AssignmentStatus.ACTIVE:
        raise DomainError("该评审分配已撤回。", code="assignment_withdrawn")
    reason = _reason(reason)
    _withdraw(assignment, reason)
    audit.record(by, "reviews.assignment.withdrawn", assignment, reason=reason)
    return assignment


@transaction.atomic
def assign_manually(application, expert, *, by, reason):
    """The office assigns `expert` to `application` by hand (a replacement after a conflict, say).

    Refused for a conflicted expert, an expert outside the candidate's panel, or one already assigned.
    """
    from apps.applicants.models import Application

    _require_office(by)
    reason = _reason(reason)
    application = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    panel = Panel.objects.filter(round=application.round, industries__contains=application.industry or "?").first()
    if panel is None or not panel.members.filter(pk=expert.pk, is_active=True).exists():
        raise DomainError("该专家不在该候选人所属行业的专家组中。", code="expert_not_in_panel")
    if is_conflicted(expert, application):
        raise DomainError("该专家与该候选人存在利益冲突，不能分配。", code="conflicted")
    if Assignment.objects.filter(application=application, expert=expert, status=AssignmentStatus.ACTIVE).exists():
        raise DomainError("该专家已分配评审该候选人。", code="already_assigned")
    assignment = Assignment.objects.create(
        round=application.round, application=application, expert=expert, panel=panel, manual=True
    )
    audit.record(by, "reviews.assignment.added", assignment, reason=reason)
    return assignment


def sheet_for(assignment):
    """The assignment's sheet, created empty on first use."""
    sheet, _ = ScoreSheet.objects.get_or_create(assignment=assignment, defaults={"status": SheetStatus.DRAFT})
    return sheet


@transaction.atomic
def create_expert_profiles(rows, *, by):
    """Add experts to the pool: `rows` are dicts of ExpertProfile fields (with `user`, an expert-role account).

    Refuses a user who is not an expert or already has a profile. One `reviews.expert.added` summary entry.
    """
    from .models import ExpertProfile

    _require_office(by)
    rows = list(rows)
    if any(row["user"].role != "expert" for row in rows):
        raise DomainError("只有评审专家账号可以加入专家库。", code="not_an_expert")
    if ExpertProfile.objects.filter(user__in=[row["user"] for row in rows]).exists():
        raise DomainError("该专家已在专家库中。", code="expert_exists")
    profiles = ExpertProfile.objects.bulk_create(ExpertProfile(**row) for row in rows)
    if profiles:
        audit.record_summary(by, "reviews.expert.added", profiles)
    return profiles


@transaction.atomic
def set_panel_members(panel, *, by, members):
    """Replace the panel's members with `members` (active expert profiles). Existing assignments stay;
    the next draw and manual assignments read the new list. Audits `reviews.panel.members_changed`."""
    _require_office(by)
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    members = list(members)
    if any(not expert.is_active for expert in members):
        raise DomainError("只能选择在库的评审专家。", code="expert_inactive")
    before = set(panel.members.values_list("pk", flat=True))
    after = {expert.pk for expert in members}
    panel.members.set(members)
    audit.record(by, "reviews.panel.members_changed", panel, added=len(after - before), removed=len(before - after), members=len(after))
    return panel


@transaction.atomic
def set_experts_per_candidate(round, *, by, n):
    """The round's N (每名候选人评审专家数, 3 to 15) before the draw. Refused once assignments exist."""
    from apps.rounds.models import Round

    _require_office(by)
    round = Round.objects.select_for_update().get(pk=round.pk)
    try:
        n = int(n)
    except (TypeError, ValueError):
        raise DomainError("每名候选人评审专家数须为3至15之间的整数。", code="bad_n") from None
    if not 3 <= n <= 15:
        raise DomainError("每名候选人评审专家数须为3至15之间的整数。", code="bad_n")
    if n == round.experts_per_candidate:
        return round
    if Assignment.objects.filter(round=round, status=AssignmentStatus.ACTIVE).exists():
        raise DomainError("本年度已抽取评审专家，不能再修改每名候选人评审专家数。", code="already_drawn")
    previous, round.experts_per_candidate = round.experts_per_candidate, n
    round.save(update_fields=["experts_per_candidate", "updated_at"])
    audit.record(by, "reviews.round.experts_per_candidate_changed", round, previous=previous, new=n)
    return round
