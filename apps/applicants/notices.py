"""The notices a status change implies: who hears of it, and what they read.

`by=None` is the system (a scheduled task) acting. Reasons are free text a person typed: any
resident ID number or phone in them is masked before it enters a notice (and so a mail).
"""
from apps.core.masking import mask_text
from apps.notices.kinds import NoticeKind
from apps.notices.services import queue_notice

from .enums import ApplicationStatus


# The office's decisions on a forwarded candidate that its recommending unit hears of.
UNIT_HEARS_OF = frozenset({ApplicationStatus.FORMAL_FAILED})


def _event_key(application, status):
    # One key per move: the same move (its row's updated_at) never notifies a person twice.
    return f"{application._meta.label_lower}:{application.pk}:{status}:{application.updated_at:%Y%m%dT%H%M%S.%f}"


def queue_status_notices(application, *, previous, by):
    status = ApplicationStatus(application.status)
    previous = ApplicationStatus(previous)
    # The unit's forwarding opinion is for the unit and the office (`history.py`), not the applicant's notice.
    reason = "" if status == ApplicationStatus.FORWARDED else mask_text(application.status_reason or "")
    context = {
        "application": application,
        "round": f"{application.round.year}年度",
        "applicant": application.applicant,
        "unit": application.unit,
        "previous": previous.label,
        "status": status.label,
        "reason_note": f"\n原因：{reason}" if reason else "",
    }
    event_key = _event_key(application, status)
    if by is None or application.applicant_id != by.pk:
        queue_notice(
            application.applicant, kind=NoticeKind.APPLICATION_STATUS, context=context, obj=application, event_key=event_key
        )
    if status == ApplicationStatus.SUBMITTED and previous == ApplicationStatus.FORWARDED:
        # The unit recalled its forward: every one of its staff (the one who did it too) reads that the place is free.
        for staff in application.unit.staff.filter(is_active=True):
            queue_notice(staff, kind=NoticeKind.APPLICATION_FORWARD_WITHDRAWN, context=context, obj=application, event_key=event_key)
    elif status in {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN} and application.submitted_at:
        resubmitted = status == ApplicationStatus.SUBMITTED and previous == ApplicationStatus.RETURNED
        kind = NoticeKind.APPLICATION_RESUBMITTED if resubmitted else NoticeKind.APPLICATION_UNIT_REVIEW
        for staff in application.unit.staff.filter(is_active=True):
            queue_notice(staff, kind=kind, context=context, obj=application, event_key=event_key)
    if status in UNIT_HEARS_OF:
        for staff in application.unit.staff.filter(is_active=True):
            queue_notice(staff, kind=NoticeKind.APPLICATION_UNIT_STATUS, context=context, obj=application, event_key=event_key)
