"""The send_notice task, eagerly and through a real Celery worker on Redis."""
import logging

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from apps.notices.models import Notice
from apps.notices.tasks import send_notice
from apps.notices.tests.factories import NoticeFactory
from craftsman_portal.celery import app as celery_app


@pytest.fixture
def redis_worker():
    """A worker thread of the project's Celery app on the broker REDIS_URL names, with an empty queue."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    # Tasks left in the test broker by an earlier run would otherwise mail this test's notices.
    celery_app.control.purge()
    try:
        with start_worker(celery_app, perform_ping_check=False, pool="solo", shutdown_timeout=30) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = previous


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

    result = send_notice.delay(notice_id=notice.pk)

    assert result.get(timeout=20) == notice.pk
    notice.refresh_from_db()
    assert (notice.sent_at is not None, notice.attempts) == (True, 1)
    assert [(message.subject, message.to) for message in mail.outbox] == [
        ("申报状态变更：已推荐报送", ["wang.jianguo@example.cn"])
    ]
