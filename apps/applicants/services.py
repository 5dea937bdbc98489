"""State changes of applications. `apply_move` is the only code that writes `status`.

Named actions (`submit_application` here, `apps.units.services.forward_application`) make the guarded
moves; `set_application_status` makes the rest and refuses the guarded ones.
"""
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.roles import is_applicant
from apps.core import audit
from apps.core.exceptions import DomainError, NamedActionRequired, ReasonRequired, TransitionNotAllowed
from apps.rounds.enums import RoundStatus

from . import completeness, notices, permissions, profile, registration
from .enums import ACTION_LABELS, TRANSITIONS, ApplicationStatus, named_action_for
from .models import Application
from .profile_enums import ConsentPurpose


@transaction.atomic
def start_application(*, by, round, unit, employer_name="", employer_credit_code="", consent=False, ip_address=None):
    """Open a draft application for `by` in `round` through `unit`, its profile prefilled.

    The profile starts from the person's previous application (or their account's name, email
    and mobile), with `employer_name` / `employer_credit_code` over it, all validated as
    `profile.update_profile` validates them (`ProfileInvalid`). Needs the applicant's consent to
    the current personal-information rules: given before, or now (`consent=True`, recorded).
    Audits `applicants.application.created` (and `applicants.consent.given`).
    """
    if not is_applicant(by):
        raise PermissionDenied
    if round.status != RoundStatus.RECOMMENDING:
        raise DomainError("本年度申报尚未开放或已结束。")
    if not unit.is_active:
        raise DomainError(f"{unit}目前不受理申报，请选择其他推荐单位。")
    given_consent = registration.has_current_consent(by)
    if not (consent or given_consent):
        raise DomainError("请先阅读并同意《个人信息处理规则》，再新建申报。", code="consent_required")
    prefill = {"full_name": by.display_name, "email": by.email, "mobile": by.phone}
    prefill.update(profile.previous_profile(by, before_round=round))
    prefill.update({name: value for name, value in (("employer_name", employer_name), ("employer_credit_code", employer_credit_code)) if value})
    cleaned = profile.clean_profile({name: value for name, value in prefill.items() if value not in ("", None)})
    if cleaned.get("resident_id"):
        profile.check_person_free_in_round(round.pk, cleaned["resident_id"])
    try:
        # A savepoint: a double click's second request loses the race here, not with a 500.
        with transaction.atomic():
            application = Application.objects.create(round=round, applicant=by, unit=unit, **cleaned)
    except IntegrityError:
        if Application.objects.filter(round=round, applicant=by).exists():
            raise DomainError("您在本年度已有一份申报，不能重复申报。") from None
        raise profile.ProfileInvalid({"resident_id": profile.DUPLICATE_PERSON}) from None
    if not given_consent:
        registration.record_consent(by, purpose=ConsentPurpose.APPLICATION, ip_address=ip_address)
    audit.record(by, "applicants.application.created", application, unit=unit.name)
    return application


STALE_SUBMISSION = "申报内容在您打开本页后已在其他页面或设备上修改，本次提交未生效。请核对最新内容后再提交。"


@transaction.atomic
def submit_application(application, *, by, version=None):
    """Submit (or resubmit what was returned) to the recommending unit, before the recommendation deadline.

    `version` is the checklist's token (`completeness.checklist(...).version`) the page or API client
    read; None only for callers without a form (demo data, tests of the moves). Refuses, changing
    nothing: a second submission of what is submitted (not a silent no-op: the applicant is told
    when it was submitted); a stale token (edited elsewhere meanwhile); then `apply_move`'s checks
    (403 for anyone but the applicant, a status it cannot be submitted from, the round's phase) and
    the move's guards: the deadline passed, anything the checklist misses (every gap listed). Stamps `submitted_at` and freezes the next
    `ApplicationSnapshot` version (the move's effects). Audits `applicants.application.submitted`;
    notifies the unit's staff after commit.
    """
    # Lock first: the version check and the freeze must see the rows the move then submits.
    application = Application.objects.select_for_update(of=("self",)).select_related("round", "unit").get(pk=application.pk)
    if permissions.is_owner(by, application):
        if application.status == ApplicationStatus.SUBMITTED:
            when = timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M") if application.submitted_at else ""
            raise DomainError(f"申报已于{when}提交，不能重复提交；推荐单位退回修改后方可再次提交。", code="already_submitted")
        if version is not None and application.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED):
            if str(version) != completeness.checklist(application).version:
                raise DomainError(STALE_SUBMISSION, code="stale_submission")
    # Anyone else, and every other status, is refused by the move's own checks (403, not in the table, ...).
    return apply_move(application, ApplicationStatus.SUBMITTED, by=by, via="submit_application")


@transaction.atomic
def set_application_status(application, to, *, by, reason=""):
    """The generic status change (page `applicants:change-status`, API `application-change-status`).

    Makes the moves that have no named action (withdraw, return, reject, the office's reviews);
    a move that has one (submit, forward) is refused with `NamedActionRequired`, so no caller
    reaches a guarded move around its service.
    """
    to = ApplicationStatus(to)
    if named_action_for(to) is not None:
        # Someone who could never make this move is refused as such (403); the rightful actor is told where to go.
        # "This move": from the current status when the table has it (two actors move into SUBMITTED: the
        # applicant submitting, the unit recalling a forward), else any move into `to`.
        move = TRANSITIONS.get((application.status, to))
        rightful = permissions.can_make(by, application, move) if move else permissions.may_move_into(by, application, to)
        if not (permissions.can_view(by, application) and rightful):
            raise PermissionDenied
        raise NamedActionRequired(f"“{ACTION_LABELS[to]}”须通过其专门的办理入口办理，此处不能直接变更为“{to.label}”。")
    return apply_move(application, to, by=by, reason=reason)


@transaction.atomic
def apply_move(application, to, *, by, reason="", via=None, extra=None, audit_data=None, check=None):
    """Move `application` to status `to` on behalf of `by` (None: the system). The only code that writes `status`.

    Checks, in order: `by` may see the application; asking for the status it already has is a no-op
    for whoever may move into it and 403 for anyone else; the move exists from the current status;
    `by` is the actor the move names; the move's named action is the caller (`via`); the round is in
    a phase that allows it; a reason is given where one is required; the named action's own `check` of
    its input (the forward's opinion and attestation), so nobody else learns what it asks; then the guards.
    Applies the move's effects and a named action's own fields (`extra`: {field: value}, e.g. the forward's
    opinion and attestation, saved in the same UPDATE; what of them the audit keeps is `audit_data`), queues the notices of `applicants.notices` (mailed after commit)
    and audits `applicants.application.<to>` (or the move's own `event`) last. Callers hold a transaction (every service here is atomic).
    """
    # Lock first: the applicant withdrawing and the unit forwarding may race on the same row.
    application = Application.objects.select_for_update(of=("self",)).select_related("round", "unit").get(pk=application.pk)
    to = ApplicationStatus(to)
    if not permissions.can_view(by, application):
        raise PermissionDenied
    previous = ApplicationStatus(application.status)
    if previous == to:
        if not permissions.may_move_into(by, application, to, via=via):
            raise PermissionDenied
        return application  # asking twice (a double click) changes nothing and is not an error
    move = TRANSITIONS.get((previous, to))
    if move is None:
        raise TransitionNotAllowed(previous, to)
    if not permissions.can_make(by, application, move):
        raise PermissionDenied
    if move.action != via:
        raise NamedActionRequired(f"“{ACTION_LABELS[to]}”须通过其专门的办理入口办理。")
    if application.round.status not in move.round_statuses:
        raise DomainError(f"{application.round.year}年度遴选当前处于“{application.round.get_status_display()}”阶段，不能办理此操作。")
    reason = (reason or "").strip()
    if move.reason_required and not reason:
        raise ReasonRequired(f"变更为“{to.label}”须填写原因。")
    if check is not None:
        check()
    for guard in move.guards:
        guard(application, by=by)

    now = timezone.now()
    application.status = to
    application.status_reason = reason
    fields = ["status", "status_reason", "updated_at"]
    for effect in move.effects:
        fields += effect(application, now)
    for name, value in (extra or {}).items():
        setattr(application, name, value)
        fields.append(name)
    application.save(update_fields=fields)
    # Notice rows before the audit entry: each INSERT share-locks its recipient's user row, which must
    # not be waited for while the chain head is held (the head is the last lock, apps.core.audit.record).
    notices.queue_status_notices(application, previous=previous, by=by)
    audit.record(by, f"applicants.application.{move.event or to}", application, previous=previous, reason=reason, **(audit_data or {}))
    return application

