"""reconcile_notices: re-queue what a lost broker dropped, and nothing else."""
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from apps.notices.models import Notice
from apps.notices.tasks import reconcile_notices
from apps.notices.tests.factories import NoticeFactory
from craftsman_portal.celery import app


def _age(notice, minutes):
    Notice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))


@pytest.mark.django_db
def test_reconcile_notices_requeues_only_unsent_notices_older_than_the_limit(eager_tasks, mailable_applicant_a):
    old_unsent = NoticeFactory(recipient=mailable_applicant_a, subject="积压的通知")
    _age(old_unsent, 11)
    sent_earlier = timezone.now() - timedelta(minutes=30)
    old_sent = NoticeFactory(recipient=mailable_applicant_a, subject="已发送的通知", sent_at=sent_earlier, attempts=1)
    _age(old_sent, 31)
    fresh_unsent = NoticeFactory(recipient=mailable_applicant_a, subject="刚创建的通知")
    _age(fresh_unsent, 9)
    out = StringIO()

    call_command("reconcile_notices", "--minutes", "10", stdout=out)

    assert out.getvalue() == "已重新排队 1 条未发送通知。\n"
    assert [message.subject for message in mail.outbox] == ["积压的通知"]
    rows = dict(Notice.objects.values_list("subject", "attempts"))
    assert rows == {"积压的通知": 1, "已发送的通知": 1, "刚创建的通知": 0}
    assert list(Notice.objects.filter(sent_at__isnull=True)) == [fresh_unsent]
    old_sent.refresh_from_db()
    assert old_sent.sent_at == sent_earlier


@pytest.mark.django_db
@pytest.mark.parametrize(("age", "arguments", "requeued"), [(11, [], 1), (9, [], 0), (31, ["--minutes", "30"], 1), (29, ["--minutes", "30"], 0)])
def test_reconcile_notices_uses_ten_minutes_unless_told(eager_tasks, applicant_a, age, arguments, requeued):
    notice = NoticeFactory(recipient=applicant_a)
    _age(notice, age)
    out = StringIO()

    call_command("reconcile_notices", *arguments, stdout=out)

    notice.refresh_from_db()
    assert (out.getvalue(), notice.attempts) == (f"已重新排队 {requeued} 条未发送通知。\n", requeued)


@pytest.mark.django_db
def test_reconcile_notices_task_requeues_like_the_command(eager_tasks, mailable_applicant_a):
    old_unsent = NoticeFactory(recipient=mailable_applicant_a, subject="积压的通知")
    _age(old_unsent, 11)

    requeued = reconcile_notices.delay(minutes=10).get()

    old_unsent.refresh_from_db()
    assert (requeued, old_unsent.sent_at is not None, [message.subject for message in mail.outbox]) == (1, True, ["积压的通知"])


def test_beat_schedules_the_reconciliation_every_ten_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reconcile-notices"]

    assert (entry["task"] in app.tasks, entry["schedule"], entry["kwargs"]) == (True, 600, {"minutes": 10})
