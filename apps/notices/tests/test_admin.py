"""Failed notices are listed for staff; the office may retry them, audited."""
import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.models import AuditEntry
from apps.notices.models import Notice
from apps.notices.tests.factories import NoticeFactory


@pytest.fixture
def failed(applicant_a):
    return NoticeFactory(
        recipient=applicant_a, subject="发不出去的通知", attempts=5, failed_at=timezone.now(), last_error="SMTPRecipientsRefused"
    )


@pytest.mark.django_db
def test_the_office_sees_only_failed_notices_in_their_list(client, programme_staff, failed, applicant_a):
    NoticeFactory(recipient=applicant_a, subject="待发送的通知")
    client.force_login(programme_staff)

    response = client.get(reverse("admin:notices_failednotice_changelist"))

    assert response.status_code == 200
    assert [notice.pk for notice in response.context["cl"].result_list] == [failed.pk]
    assert "SMTPRecipientsRefused" in response.content.decode()


@pytest.mark.django_db
def test_the_office_does_not_read_everyones_inbox(client, programme_staff, failed):
    client.force_login(programme_staff)

    assert client.get(reverse("admin:notices_notice_changelist")).status_code == 403


@pytest.mark.django_db
def test_retrying_failed_notices_gives_them_fresh_attempts_and_is_audited(
    client, programme_staff, failed, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(programme_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:notices_failednotice_changelist"), {"action": "retry", "_selected_action": [failed.pk]}
        )

    failed.refresh_from_db()
    assert response.status_code == 302
    assert (failed.failed_at, failed.attempts, failed.sent_at is not None) == (None, 1, True)  # recipient has no email
    entry = AuditEntry.objects.get(action="notices.notice.retried")
    assert (entry.actor, entry.data) == (programme_staff, {"notices": [failed.pk]})


@pytest.mark.django_db
def test_the_superuser_filters_notices_by_delivery(admin_client, failed, applicant_a):
    waiting = NoticeFactory(recipient=applicant_a)
    sent = NoticeFactory(recipient=applicant_a, sent_at=timezone.now())
    url = reverse("admin:notices_notice_changelist")

    shown = {
        value: {notice.pk for notice in admin_client.get(url, {"delivery": value}).context["cl"].result_list}
        for value in ("sent", "waiting", "failed")
    }

    assert shown == {"sent": {sent.pk}, "waiting": {waiting.pk}, "failed": {failed.pk}}
    assert Notice.objects.count() == 3
