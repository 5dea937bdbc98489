"""The notices a status change implies: who hears of it, and what they read."""
from apps.notices.services import queue_notice

from .enums import ApplicationStatus


def queue_status_notices(application, *, previous, by):
    status = ApplicationStatus(application.status)
    subject = f"申报状态变更：{status.label}"
    body = f"您的{application}状态已由“{ApplicationStatus(previous).label}”变更为“{status.label}”。"
    if application.status_reason:
        body += f"\n原因：{application.status_reason}"
    if by is None or application.applicant_id != by.pk:
        queue_notice(application.applicant, kind="application.status", subject=subject, body=body, obj=application)
    if status in {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN} and application.submitted_at:
        for staff in application.unit.staff.filter(is_active=True):
            queue_notice(
                staff,
                kind="application.unit_review",
                subject=f"{application.applicant}的申报{status.label}",
                body=f"{application.unit}收到的{application}{status.label}，请及时办理。",
                obj=application,
            )
