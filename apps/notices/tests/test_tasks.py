"""The send_notice task, eagerly and through a real Celery worker on Redis."""
import logging
import time

import pytest
from django.conf import settings
from django.core import mail

from apps.notices.models import Notice
from apps.notices.tasks import send_notice, send_notice_batch
from apps.notices.tests.factories import NoticeFactory
from craftsman_portal.celery import app as celery_app


@pytest.mark.django_db
def test_send_notice_delivers_the_notice(eager_tasks, mailable_applicant_a):
    notice = NoticeFactory(recipient=mailable_applicant_a)

    result = send_notice.delay(notice_id=notice.pk)

    notice.refresh_from_db()
    assert (result.get(), notice.sent_at is not None, [m.to for m in mail.outbox]) == (
        notice.pk, True, [["wang.jianguo@example.cn"]]
    )


@pytest.mark.django_db
def test_send_notice_for_a_vanished_notice_does_nothing(eager_tasks, caplog):
    caplog.set_level(logging.WARNING, logger="apps.notices.tasks")

    result = send_notice.delay(notice_id=987654)

    assert (result.get(), mail.outbox) == (None, [])
    assert [record.getMessage() for record in caplog.records] == ["Notice 987654 vanished before sending"]


@pytest.mark.celery_worker
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL: runs send_notice on a real Celery worker on Redis")
@pytest.mark.django_db(transaction=True)
def test_send_notice_runs_on_a_real_celery_worker(redis_worker, mailable_applicant_a):
    notice = Notice.objects.create(
        recipient=mailable_applicant_a, kind="application.status", subject="申报状态变更：已推荐报送", body="正文"
    )

    send_notice.delay(notice_id=notice.pk)

    # No result backend (nothing in a request may wait on one): the row is the result.
    deadline = time.monotonic() + 20
    while not Notice.objects.filter(pk=notice.pk, sent_at__isnull=False).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    notice.refresh_from_db()
    assert (notice.sent_at is not None, notice.attempts) == (True, 1)
    assert [(message.subject, message.to) for message in mail.outbox] == [
        ("申报状态变更：已推荐报送", ["wang.jianguo@example.cn"])
    ]


@pytest.mark.celery_worker
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL: runs send_notice_batch on a real Celery worker on Redis")
@pytest.mark.django_db(transaction=True)
def test_a_notice_to_many_is_sent_by_one_task_on_a_real_celery_worker(redis_worker, mailable_applicant_a, applicant_b):
    from apps.notices.services import queue_notices_to_many

    applicant_b.email = "li.ming@example.cn"
    applicant_b.save(update_fields=["email"])
    queue_notices_to_many([mailable_applicant_a, applicant_b], kind="application.unit_review", context={"status": "已提交"})

    deadline = time.monotonic() + 20
    while Notice.objects.filter(sent_at__isnull=True).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert sorted(message.to[0] for message in mail.outbox) == ["li.ming@example.cn", "wang.jianguo@example.cn"]
    assert send_notice_batch.name in celery_app.tasks
