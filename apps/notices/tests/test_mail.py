"""Real mail: through an SMTP server on loopback, with a timeout, at most NOTICE_MAX_ATTEMPTS times."""
import time
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from celery.exceptions import Retry
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.notices.models import Notice
from apps.notices.services import deliver_notice, deliver_notice_batch, queue_notices_to_many
from apps.notices.tasks import send_notice
from apps.notices.tests.factories import NoticeFactory


@pytest.mark.django_db
def test_a_notice_is_delivered_through_a_real_smtp_server_in_chinese(smtp_server, mailable_applicant_a):
    notice = NoticeFactory(
        recipient=mailable_applicant_a, subject="申报状态变更：已推荐报送", body="您的2026年度申报已推荐报送。\n请登录平台查看。"
    )

    deliver_notice(notice)

    [message] = smtp_server.messages
    assert smtp_server.envelopes[0].rcpt_tos == ["wang.jianguo@example.cn"]
    assert str(make_header(decode_header(message["Subject"]))) == "申报状态变更：已推荐报送"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().replace("\r\n", "\n") == "您的2026年度申报已推荐报送。\n请登录平台查看。\n"
    assert message["From"].addresses[0].addr_spec == "noreply@craftsman.example.cn"
    notice.refresh_from_db()
    assert (notice.sent_at is not None, notice.attempts, notice.last_error, notice.claimed_at) == (True, 1, "", None)


@pytest.mark.django_db
def test_a_hanging_smtp_server_costs_one_email_timeout_and_is_counted(settings, silent_smtp_port, mailable_applicant_a):
    settings.EMAIL_TIMEOUT = 1
    notice = NoticeFactory(recipient=mailable_applicant_a)
    started = time.perf_counter()

    with pytest.raises(OSError):
        deliver_notice(notice)

    assert time.perf_counter() - started < 5
    notice.refresh_from_db()
    assert (notice.sent_at, notice.attempts, notice.failed_at, notice.claimed_at) == (None, 1, None, None)
    assert "timed out" in notice.last_error


@pytest.mark.django_db
def test_after_the_attempt_cap_a_notice_is_failed_and_reconcile_leaves_it(settings, eager_tasks, closed_smtp_port, mailable_applicant_a):
    settings.NOTICE_MAX_ATTEMPTS = 3
    notice = NoticeFactory(recipient=mailable_applicant_a)

    for _ in range(2):
        with pytest.raises(ConnectionRefusedError):
            deliver_notice(notice)
    failed = deliver_notice(notice)  # the third and last attempt: no retry, marked failed

    notice.refresh_from_db()
    assert (failed.pk, notice.attempts, notice.failed_at is not None, notice.sent_at) == (notice.pk, 3, True, None)
    assert notice.last_error.startswith("ConnectionRefusedError")
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(hours=1))
    call_command("reconcile_notices", stdout=open("/dev/null", "w"))
    deliver_notice(notice)
    notice.refresh_from_db()
    assert notice.attempts == 3


@pytest.mark.django_db
def test_the_task_asks_for_a_retry_below_the_cap_and_stops_at_it(settings, eager_tasks, closed_smtp_port, mailable_applicant_a):
    settings.NOTICE_MAX_ATTEMPTS = 4
    notice = NoticeFactory(recipient=mailable_applicant_a, attempts=2)

    with pytest.raises(Retry):
        send_notice.apply(kwargs={"notice_id": notice.pk})
    last = send_notice.apply(kwargs={"notice_id": notice.pk})

    notice.refresh_from_db()
    assert (last.state, notice.attempts, notice.failed_at is not None) == ("SUCCESS", 4, True)


@pytest.mark.django_db
def test_a_notice_another_courier_is_mailing_is_left_alone(smtp_server, mailable_applicant_a):
    notice = NoticeFactory(recipient=mailable_applicant_a, claimed_at=timezone.now(), attempts=1)

    deliver_notice(notice)

    notice.refresh_from_db()
    assert (smtp_server.messages, notice.attempts, notice.sent_at) == ([], 1, None)


@pytest.mark.django_db
def test_a_stale_claim_of_a_crashed_courier_expires(settings, smtp_server, mailable_applicant_a):
    settings.EMAIL_TIMEOUT = 10
    notice = NoticeFactory(recipient=mailable_applicant_a, claimed_at=timezone.now() - timedelta(seconds=31), attempts=1)

    deliver_notice(notice)

    notice.refresh_from_db()
    assert (len(smtp_server.messages), notice.attempts, notice.sent_at is not None) == (1, 2, True)


@pytest.mark.django_db
def test_a_notice_to_many_is_one_task_that_sends_in_batches(
    settings, eager_tasks, smtp_server, django_capture_on_commit_callbacks, application_a
):
    settings.NOTICE_BATCH_SIZE = 2
    recipients = [UserFactory(email=f"staff{n}@example.cn") for n in range(5)]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notices = queue_notices_to_many(
            recipients,
            kind="application.unit_review",
            context={"applicant": "王建国", "status": "已提交", "unit": "北京市总工会", "application": "王建国 · 2026年度申报"},
            obj=application_a,
            event_key="round:2026:opened",
        )

    assert (len(callbacks), len(notices)) == (1, 5)
    assert sorted(envelope.rcpt_tos[0] for envelope in smtp_server.envelopes) == sorted(r.email for r in recipients)
    assert smtp_server.sessions == 3  # 2 + 2 + 1, one SMTP connection per batch
    assert {str(make_header(decode_header(m["Subject"]))) for m in smtp_server.messages} == {"王建国的申报已提交"}
    assert Notice.objects.filter(sent_at__isnull=True).count() == 0
    assert set(Notice.objects.values_list("link", "event_key")) == {(f"/applications/{application_a.pk}/", "round:2026:opened")}


@pytest.mark.django_db
def test_a_batch_is_claimed_at_once_and_mails_only_what_no_one_else_has(settings, smtp_server, django_assert_num_queries):
    settings.EMAIL_TIMEOUT, settings.NOTICE_MAX_ATTEMPTS, settings.NOTICE_BATCH_SIZE = 10, 3, 100
    now = timezone.now()

    def notice(name, **fields):
        return NoticeFactory(recipient=UserFactory(username=name, email=f"{name}@example.cn"), **fields)

    notice("fresh")
    notice("stale", claimed_at=now - timedelta(seconds=31), attempts=1)  # a crashed courier's
    notice("busy", claimed_at=now, attempts=1)  # another courier is mailing it right now
    notice("sent", sent_at=now, attempts=1)
    notice("failed", failed_at=now, attempts=3)
    notice("capped", attempts=3)
    ids = list(Notice.objects.order_by("pk").values_list("pk", flat=True))

    # The claim: its savepoint and release, the locked rows, the cap, the claim; then one update per notice mailed.
    with django_assert_num_queries(7):
        sent = deliver_notice_batch(ids)

    assert (sent, sorted(envelope.rcpt_tos[0] for envelope in smtp_server.envelopes)) == (
        2, ["fresh@example.cn", "stale@example.cn"]
    )
    rows = {n.recipient.username: (n.attempts, n.sent_at is not None, n.failed_at is not None) for n in Notice.objects.all()}
    assert rows == {
        "fresh": (1, True, False), "stale": (2, True, False), "busy": (1, False, False),
        "sent": (1, True, False), "failed": (3, False, True), "capped": (3, False, True),
    }


@pytest.mark.django_db
def test_a_notice_to_many_skips_who_already_heard_of_the_event(django_capture_on_commit_callbacks, applicant_a, applicant_b):
    first = queue_notices_to_many([applicant_a], kind="application.unit_review", context={}, event_key="round:2026:opened")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        second = queue_notices_to_many(
            [applicant_a, applicant_b, applicant_b], kind="application.unit_review", context={}, event_key="round:2026:opened"
        )

    assert ([n.recipient for n in first], [n.recipient for n in second], len(callbacks)) == ([applicant_a], [applicant_b], 1)
    assert Notice.objects.count() == 2


@pytest.mark.django_db
def test_a_mail_server_that_is_down_does_not_break_the_page_that_queued_the_notice(
    client, eager_tasks, closed_smtp_port, django_capture_on_commit_callbacks, application_a, unit_staff_a, applicant_a
):
    applicant_a.email = "wang.jianguo@example.cn"
    applicant_a.save(update_fields=["email"])
    client.force_login(unit_staff_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/applications/{application_a.pk}/forward/", {"opinion": "同意推荐", "political_quality": "on", "craftsman_spirit": "on"})

    notice = Notice.objects.get(recipient=applicant_a)
    assert (response.status_code, notice.sent_at, notice.attempts, notice.failed_at) == (302, None, 1, None)
    assert notice.last_error.startswith("ConnectionRefusedError")


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "deliver", [deliver_notice, lambda notice: deliver_notice_batch([notice.pk])], ids=["one", "batch"]
)
def test_mail_is_sent_outside_the_row_lock(smtp_server, mailable_applicant_a, deliver):
    notice = Notice.objects.create(recipient=mailable_applicant_a, kind="application.status", subject="标题", body="正文")
    seen = []

    def lock_the_row_from_another_connection():
        try:
            with transaction.atomic():
                locked = Notice.objects.select_for_update(nowait=True).get(pk=notice.pk)
                seen.append((locked.attempts, locked.claimed_at is not None))
        except DatabaseError as error:
            seen.append(error.__class__.__name__)
        finally:
            connection.close()  # this thread's own connection

    smtp_server.while_receiving = lock_the_row_from_another_connection

    deliver(notice)

    assert seen == [(1, True)]  # claimed and counted, but not locked while the mail goes out
    notice.refresh_from_db()
    assert (notice.sent_at is not None, notice.claimed_at) == (True, None)
