"""State changes of applications. `set_application_status` is the only code that writes `status`."""
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.roles import is_applicant
from apps.core import audit
from apps.core.exceptions import DeadlinePassed, DomainError, ReasonRequired, TransitionNotAllowed
from apps.rounds.enums import RoundStatus

from . import notices, permissions
from .enums import TRANSITIONS, ApplicationStatus
from .models import Application


@transaction.atomic
def start_application(*, by, round, unit, employer_name="", employer_credit_code=""):
    """Open a draft application for `by` in `round`. Audits `applicants.application.created`."""
    if not is_applicant(by):
        raise PermissionDenied
    if round.status != RoundStatus.RECOMMENDING:
        raise DomainError("本年度申报尚未开放或已结束。")
    if not unit.is_active:
        raise DomainError(f"{unit}目前不受理申报，请选择其他推荐单位。")
    try:
        # A savepoint: a double click's second request loses the race here, not with a 500.
        with transaction.atomic():
            application = Application.objects.create(
                round=round, applicant=by, unit=unit, employer_name=employer_name, employer_credit_code=employer_credit_code
            )
    except IntegrityError:
        raise DomainError("您在本年度已有一份申报，不能重复申报。") from None
    audit.record(by, "applicants.application.created", application, unit=unit.name)
    return application


@transaction.atomic
def set_application_status(application, to, *, by, reason=""):
    """Move `application` to status `to` on behalf of `by`.

    Checks, in order: `by` may see the application, the move exists from the current status,
    `by` is the actor the move names, the round is in a phase that allows it, a reason is given
    where one is required, and (for submission) the recommendation deadline has not passed.
    Audits `applicants.application.<to>`; queues the notices of `applicants.notices` after commit.
    """
    # Lock first: the applicant withdrawing and the unit forwarding may race on the same row.
    application = Application.objects.select_for_update(of=("self",)).select_related("round", "unit").get(pk=application.pk)
    to = ApplicationStatus(to)
    if not permissions.can_view(by, application):
        raise PermissionDenied
    previous = ApplicationStatus(application.status)
    if previous == to:
        return application  # asking twice (a double click) changes nothing and is not an error
    move = TRANSITIONS.get((previous, to))
    if move is None:
        raise TransitionNotAllowed(previous, to)
    if not permissions.can_make(by, application, move):
        raise PermissionDenied
    if application.round.status not in move.round_statuses:
        raise DomainError(f"{application.round.year}年度遴选当前处于“{application.round.get_status_display()}”阶段，不能办理此操作。")
    reason = (reason or "").strip()
    if move.reason_required and not reason:
        raise ReasonRequired(f"变更为“{to.label}”须填写原因。")
    if to == ApplicationStatus.SUBMITTED and application.round.recommend_deadline_passed:
        raise DeadlinePassed("本年度推荐截止时间已过，不能再提交申报。")

    application.status = to
    application.status_reason = reason
    fields = ["status", "status_reason", "updated_at"]
    if to == ApplicationStatus.SUBMITTED:
        application.submitted_at = timezone.now()
        fields.append("submitted_at")
    elif to == ApplicationStatus.FORWARDED:
        application.forwarded_at = timezone.now()
        fields.append("forwarded_at")
    application.save(update_fields=fields)
    audit.record(by, f"applicants.application.{to}", application, previous=previous, reason=reason)
    notices.queue_status_notices(application, previous=previous, by=by)
    return application
