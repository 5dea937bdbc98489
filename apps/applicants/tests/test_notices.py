"""Who hears of a status change, what they read, and that the mail really leaves after commit."""
import time

import pytest
from django.core import mail
from django.urls import reverse

from apps.accounts.tests.factories import UnitStaffFactory
from apps.applicants.tests.complete import complete_application
from apps.applicants.enums import ApplicationStatus
from apps.applicants.notices import queue_status_notices
from apps.applicants.services import set_application_status, submit_application
from apps.applicants.tests.factories import ApplicationFactory
from apps.units.services import forward_application
from apps.units.tests.factories import RECOMMENDATION
from apps.notices.models import Notice
from apps.notices.tests.outage import redis_down

S = ApplicationStatus


def _notices():
    return list(
        Notice.objects.order_by("recipient__username").values_list(
            "recipient__username", "kind", "subject", "body", "object_type", "object_id"
        )
    )


@pytest.mark.django_db
def test_forwarding_notifies_the_applicant_only(application_a, unit_staff_a):
    forward_application(application_a, by=unit_staff_a, **RECOMMENDATION)

    assert _notices() == [
        (
            "applicant_a",
            "application.status",
            "申报状态变更：已推荐报送",
            "您的2026年度申报状态已由“已提交”变更为“已推荐报送”。",
            "applicants.application",
            str(application_a.pk),
        )
    ]


@pytest.mark.django_db
def test_returning_tells_the_applicant_the_reason(application_a, unit_staff_a):
    set_application_status(application_a, S.RETURNED, by=unit_staff_a, reason="缺少技能等级证书")

    assert [(recipient, subject, body) for recipient, _, subject, body, _, _ in _notices()] == [
        (
            "applicant_a",
            "申报状态变更：已退回修改",
            "您的2026年度申报状态已由“已提交”变更为“已退回修改”。\n原因：缺少技能等级证书",
        )
    ]


@pytest.mark.django_db
def test_submitting_notifies_the_active_staff_of_the_unit_and_not_the_applicant(
    round, unit_a, applicant_a, unit_staff_a, unit_staff_b
):
    second_staff_a = UnitStaffFactory(username="unit_a_2", display_name="周强", unit=unit_a)
    UnitStaffFactory(username="unit_a_former", unit=unit_a, is_active=False)
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT)

    submit_application(complete_application(application), by=applicant_a)

    assert _notices() == [
        (
            staff.username,
            "application.unit_review",
            "王建国的申报已提交",
            "北京市总工会收到的王建国 · 2026年度申报已提交，请及时办理。",
            "applicants.application",
            str(application.pk),
        )
        for staff in (unit_staff_a, second_staff_a)
    ]


@pytest.mark.django_db
def test_withdrawing_a_submitted_application_notifies_the_unit(application_a, applicant_a, unit_staff_a):
    set_application_status(application_a, S.WITHDRAWN, by=applicant_a)

    assert [(recipient, kind, subject) for recipient, kind, subject, _, _, _ in _notices()] == [
        ("unit_a", "application.unit_review", "王建国的申报已撤回")
    ]


@pytest.mark.django_db
def test_withdrawing_a_draft_notifies_nobody(round, unit_a, applicant_a, unit_staff_a):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT)

    set_application_status(application, S.WITHDRAWN, by=applicant_a)

    assert _notices() == []


@pytest.mark.django_db
def test_status_notice_is_mailed_after_commit(
    eager_tasks, django_capture_on_commit_callbacks, application_a, applicant_a, unit_staff_a
):
    applicant_a.email = "wang.jianguo@example.cn"
    applicant_a.save(update_fields=["email"])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        forward_application(application_a, by=unit_staff_a, **RECOMMENDATION)

    notice = Notice.objects.get()
    assert len(callbacks) == 1
    assert [(message.subject, message.to, message.body) for message in mail.outbox] == [
        ("申报状态变更：已推荐报送", ["wang.jianguo@example.cn"], notice.body)
    ]
    assert (notice.recipient, notice.sent_at is not None, notice.attempts) == (applicant_a, True, 1)


@pytest.mark.django_db
def test_status_notice_is_not_mailed_before_commit(application_a, applicant_a, unit_staff_a):
    applicant_a.email = "wang.jianguo@example.cn"
    applicant_a.save(update_fields=["email"])

    forward_application(application_a, by=unit_staff_a, **RECOMMENDATION)

    assert (mail.outbox, list(Notice.objects.values_list("sent_at", flat=True))) == ([], [None])


@pytest.mark.django_db
def test_status_notice_links_to_the_application_and_the_inbox_shows_the_link(client, application_a, applicant_a, unit_staff_a):
    forward_application(application_a, by=unit_staff_a, **RECOMMENDATION)
    client.force_login(applicant_a)

    response = client.get(reverse("notices:inbox"))

    notice = Notice.objects.get(recipient=applicant_a)
    assert notice.link == f"/applications/{application_a.pk}/"
    assert f'<a href="/notices/{notice.pk}/open/">申报状态变更：已推荐报送</a>' in response.content.decode()
    opened = client.get(f"/notices/{notice.pk}/open/")
    assert (opened.status_code, opened.url) == (302, notice.link)
    assert client.get(notice.link).status_code == 200


@pytest.mark.django_db
def test_a_broker_outage_does_not_undo_or_break_the_status_change(client, django_capture_on_commit_callbacks, application_a, unit_staff_a):
    client.force_login(unit_staff_a)

    with redis_down(), django_capture_on_commit_callbacks(execute=True) as callbacks:
        started = time.perf_counter()
        response = client.post(f"/applications/{application_a.pk}/forward/", {"opinion": "同意推荐", "political_quality": "on", "craftsman_spirit": "on"})
        elapsed = time.perf_counter() - started

    application_a.refresh_from_db()
    notice = Notice.objects.get(recipient=application_a.applicant)
    assert (response.status_code, application_a.status, notice.sent_at, notice.attempts, len(callbacks)) == (
        302, S.FORWARDED, None, 0, 1
    )
    assert elapsed < 3, f"the request waited {elapsed:.1f} s on Redis"


@pytest.mark.django_db
def test_a_resubmission_tells_the_unit_it_is_a_resubmission(round, unit_a, applicant_a, unit_staff_a):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.RETURNED)

    submit_application(complete_application(application), by=applicant_a)

    assert [(recipient, kind, subject, body) for recipient, kind, subject, body, _, _ in _notices()] == [
        (
            "unit_a",
            "application.resubmitted",
            "王建国的申报已重新提交",
            "北京市总工会退回修改的王建国 · 2026年度申报已由申报人修改后重新提交，请及时办理。",
        )
    ]


@pytest.mark.django_db
def test_a_first_submission_is_not_called_a_resubmission(round, unit_a, applicant_a, unit_staff_a):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT)

    submit_application(complete_application(application), by=applicant_a)

    assert [(kind, subject) for _, kind, subject, _, _, _ in _notices()] == [("application.unit_review", "王建国的申报已提交")]


@pytest.mark.django_db
def test_resident_ids_and_phones_typed_into_a_reason_are_masked_in_the_notice(application_a, unit_staff_a):
    set_application_status(
        application_a, S.RETURNED, by=unit_staff_a, reason="身份证号110101199003071234与材料不符，请联系13812345678"
    )

    [(_, _, _, body, _, _)] = _notices()
    assert body.endswith("\n原因：身份证号110***********1234与材料不符，请联系138****5678")
    assert "110101199003071234" not in body and "13812345678" not in body


@pytest.mark.django_db
def test_the_system_acting_notifies_the_applicant(application_a):
    """`by=None` is a scheduled task acting: there is no human to leave out, so the applicant hears of it."""
    application_a.status, application_a.status_reason = S.RETURNED, "系统自动退回"
    application_a.save(update_fields=["status", "status_reason", "updated_at"])

    queue_status_notices(application_a, previous=S.SUBMITTED, by=None)

    assert [(recipient, subject, body) for recipient, _, subject, body, _, _ in _notices()] == [
        (
            "applicant_a",
            "申报状态变更：已退回修改",
            "您的2026年度申报状态已由“已提交”变更为“已退回修改”。\n原因：系统自动退回",
        )
    ]


@pytest.mark.django_db
def test_the_same_move_never_notifies_the_same_people_twice(round, unit_a, applicant_a, unit_staff_a):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=S.DRAFT)
    submit_application(complete_application(application), by=applicant_a)
    application.refresh_from_db()

    queue_status_notices(application, previous=S.DRAFT, by=applicant_a)  # a replay of the same event

    assert Notice.objects.filter(recipient=unit_staff_a).count() == 1


@pytest.mark.django_db
def test_a_second_return_is_a_new_event_and_is_notified_again(application_a, applicant_a, unit_staff_a):
    set_application_status(application_a, S.RETURNED, by=unit_staff_a, reason="缺少证书")
    submit_application(complete_application(application_a), by=applicant_a)
    set_application_status(application_a, S.RETURNED, by=unit_staff_a, reason="证书不清晰")

    assert Notice.objects.filter(recipient=applicant_a, subject="申报状态变更：已退回修改").count() == 2
