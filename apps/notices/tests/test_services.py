"""Notice delivery: one mail per notice at most, and the inbox's read marks."""
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.notices.models import Notice
from apps.notices.services import deliver_notice, mark_all_read, queue_notice
from apps.notices.tests.factories import NoticeFactory


@pytest.mark.django_db
def test_deliver_notice_mails_the_recipient_and_marks_it_sent(mailable_applicant_a):
    notice = NoticeFactory(recipient=mailable_applicant_a, subject="申报状态变更：已推荐报送", body="您的申报已推荐报送。")
    started = timezone.now()

    delivered = deliver_notice(notice)

    assert [(message.subject, message.body, message.to) for message in mail.outbox] == [
        ("申报状态变更：已推荐报送", "您的申报已推荐报送。", ["wang.jianguo@example.cn"])
    ]
    notice.refresh_from_db()
    assert (notice.attempts, notice.sent_at >= started, delivered.sent_at) == (1, True, notice.sent_at)


@pytest.mark.django_db
def test_deliver_notice_is_idempotent(mailable_applicant_a):
    notice = NoticeFactory(recipient=mailable_applicant_a)
    deliver_notice(notice)
    notice.refresh_from_db()
    first_sent_at = notice.sent_at

    deliver_notice(notice)

    notice.refresh_from_db()
    assert (len(mail.outbox), notice.attempts, notice.sent_at) == (1, 1, first_sent_at)


@pytest.mark.django_db
def test_deliver_notice_rereads_the_row_so_a_stale_copy_is_not_resent(mailable_applicant_a):
    notice = NoticeFactory(recipient=mailable_applicant_a)
    stale_copy = Notice.objects.get(pk=notice.pk)
    deliver_notice(notice)

    deliver_notice(stale_copy)

    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_deliver_notice_to_a_recipient_without_email_marks_it_sent_without_mail(applicant_a):
    notice = NoticeFactory(recipient=applicant_a)

    deliver_notice(notice)

    notice.refresh_from_db()
    assert (mail.outbox, notice.attempts, notice.sent_at is not None) == ([], 1, True)


@pytest.mark.django_db
def test_queue_notice_writes_the_row_and_mails_after_commit(
    eager_tasks, django_capture_on_commit_callbacks, mailable_applicant_a, application_a
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = queue_notice(
            mailable_applicant_a, kind="application.status", subject="申报状态变更", body="正文", obj=application_a
        )
    assert (mail.outbox, len(callbacks)) == ([], 1)

    callbacks[0]()

    notice.refresh_from_db()
    assert (notice.recipient, notice.kind, notice.object_type, notice.object_id) == (
        mailable_applicant_a, "application.status", "applicants.application", str(application_a.pk)
    )
    assert ([message.subject for message in mail.outbox], notice.sent_at is not None) == (["申报状态变更"], True)


@pytest.mark.django_db
def test_queue_notice_without_an_object_leaves_the_reference_blank(applicant_a):
    notice = queue_notice(applicant_a, kind="round.deployed", subject="遴选通知", body="正文")

    notice.refresh_from_db()
    assert (notice.object_type, notice.object_id, notice.sent_at) == ("", "", None)


@pytest.mark.django_db
def test_mark_all_read_marks_only_the_callers_unread_notices(applicant_a, applicant_b):
    others = NoticeFactory(recipient=applicant_b)
    read_earlier = timezone.now() - timedelta(days=1)
    already_read = NoticeFactory(recipient=applicant_a, read_at=read_earlier)
    unread = NoticeFactory.create_batch(2, recipient=applicant_a)

    count = mark_all_read(by=applicant_a)

    assert count == 2
    assert list(Notice.objects.filter(pk__in=[n.pk for n in unread], read_at__isnull=True)) == []
    already_read.refresh_from_db()
    others.refresh_from_db()
    assert (already_read.read_at, others.read_at) == (read_earlier, None)


@pytest.mark.django_db
def test_the_same_event_notifies_a_person_once(django_capture_on_commit_callbacks, applicant_a, applicant_b):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = queue_notice(applicant_a, kind="application.status", subject="一", body="正文", event_key="round:1:opened")
        again = queue_notice(applicant_a, kind="application.status", subject="二", body="正文", event_key="round:1:opened")
        other = queue_notice(applicant_b, kind="application.status", subject="一", body="正文", event_key="round:1:opened")

    assert (again.pk, again.subject, len(callbacks)) == (first.pk, "一", 2)
    assert Notice.objects.filter(event_key="round:1:opened").count() == 2
    assert other.recipient == applicant_b


@pytest.mark.django_db
def test_notices_without_an_event_key_are_not_deduplicated(applicant_a):
    queue_notice(applicant_a, kind="application.status", subject="一", body="正文")
    queue_notice(applicant_a, kind="application.status", subject="一", body="正文")

    assert Notice.objects.count() == 2


@pytest.mark.django_db
def test_the_database_refuses_a_second_notice_of_one_event_to_one_person(applicant_a):
    from django.db import IntegrityError, transaction

    Notice.objects.create(recipient=applicant_a, kind="k", subject="s", body="b", event_key="e")

    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(recipient=applicant_a, kind="k", subject="s", body="b", event_key="e")


@pytest.mark.django_db
def test_queue_notice_fills_the_kinds_template_with_the_context(applicant_a):
    notice = queue_notice(
        applicant_a,
        kind="application.status",
        context={"application": "王建国 · 2026年度申报", "round": "2026年度", "previous": "已提交", "status": "已退回修改", "reason_note": ""},
    )

    assert (notice.subject, notice.body) == ("申报状态变更：已退回修改", "您的2026年度申报状态已由“已提交”变更为“已退回修改”。")


@pytest.mark.django_db
def test_a_kind_without_a_template_needs_its_texts(applicant_a):
    with pytest.raises(ValueError, match="round.cultivation"):
        queue_notice(applicant_a, kind="round.cultivation", context={"year": 2026})

    assert Notice.objects.count() == 0


@pytest.mark.django_db
def test_notices_each_with_its_own_texts_and_page_in_one_insert(
    django_assert_num_queries, django_capture_on_commit_callbacks, applicant_a, applicant_b, application_a
):
    from apps.notices.services import queue_notices_each

    waiting = {"status": "已提交", "unit": "北京市总工会", "applicant": "王建国", "application": "王建国 · 2026年度申报"}
    returned = {**waiting, "status": "已退回修改"}

    # The template, who heard, the insert in its savepoint: whatever the number of recipients.
    with django_capture_on_commit_callbacks() as callbacks, django_assert_num_queries(5):
        notices = queue_notices_each(
            [(applicant_b, returned, None), (applicant_a, waiting, application_a), (applicant_a, returned, None)],
            kind="application.unit_review",
            event_key="round:2026:each",
        )

    assert [(n.recipient, n.subject, n.link) for n in notices] == [
        (applicant_a, "王建国的申报已提交", f"/applications/{application_a.pk}/"),  # the first item for a person counts
        (applicant_b, "王建国的申报已退回修改", ""),
    ]
    assert len(callbacks) == 1  # one batch task mails them all
    assert queue_notices_each([(applicant_a, waiting, None)], kind="application.unit_review", event_key="round:2026:each") == []


@pytest.mark.django_db
def test_a_notice_to_many_of_a_kind_without_texts_is_a_programming_error(applicant_a):
    from apps.notices.services import queue_notices_to_many

    with pytest.raises(ValueError, match="has no template"):
        queue_notices_to_many([applicant_a], kind="no.such.kind", context={})

    assert Notice.objects.count() == 0
