"""Redis down is an inconvenience, not an outage: pages, the API and actions answer quickly,
notices wait as unsent rows, and `reconcile_notices` sends them once Redis is back."""
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.accounts.tests.factories import UnitStaffFactory
from apps.applicants.completeness import checklist
from apps.applicants.tests.complete import complete_application
from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.notices.models import Notice
from apps.notices.services import broker_breaker
from apps.notices.tests.factories import NoticeFactory
from apps.notices.tests.outage import redis_down
from craftsman_portal.cache import cache_breaker

QUICK = 3  # seconds; the failure this guards against took 19 s for one notice


@pytest.fixture
def draft_with_four_staff(round, unit_a, applicant_a, unit_staff_a):
    """Applicant A's draft in unit A, whose four active staff each hear of its submission."""
    for n in range(3):
        UnitStaffFactory(username=f"unit_a_extra_{n}", unit=unit_a, email=f"extra{n}@example.cn")
    return complete_application(ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.DRAFT))


def _version(application):
    return {"version": checklist(application).version}


def _timed(call):
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


@pytest.mark.django_db
def test_submitting_while_redis_is_down_queues_four_unsent_notices_quickly(
    client, django_capture_on_commit_callbacks, draft_with_four_staff, applicant_a
):
    client.force_login(applicant_a)

    with redis_down(), django_capture_on_commit_callbacks(execute=True) as callbacks:
        url = reverse("applicants:submit", kwargs={"pk": draft_with_four_staff.pk})
        response, elapsed = _timed(lambda: client.post(url, _version(draft_with_four_staff)))

    draft_with_four_staff.refresh_from_db()
    assert (response.status_code, draft_with_four_staff.status, len(callbacks)) == (302, ApplicationStatus.SUBMITTED, 4)
    assert list(Notice.objects.values_list("sent_at", "attempts")) == [(None, 0)] * 4
    assert elapsed < QUICK, f"the request waited {elapsed:.1f} s on Redis"


@pytest.mark.django_db
def test_the_api_answers_while_redis_is_down_throttles_and_all(django_capture_on_commit_callbacks, draft_with_four_staff, applicant_a):
    api = APIClient()
    api.force_login(applicant_a)
    NoticeFactory(recipient=applicant_a)

    with redis_down(), django_capture_on_commit_callbacks(execute=True):
        listed, list_elapsed = _timed(lambda: api.get(reverse("api:notice-list")))
        url = reverse("api:application-submit", kwargs={"pk": draft_with_four_staff.pk})
        moved, move_elapsed = _timed(lambda: api.post(url, _version(draft_with_four_staff), format="json"))

    assert (listed.status_code, listed.json()["count"], moved.status_code) == (200, 1, 200)
    assert Notice.objects.filter(kind="application.unit_review", sent_at__isnull=True).count() == 4
    assert (list_elapsed < QUICK, move_elapsed < QUICK) == (True, True)


@pytest.mark.django_db
def test_pages_answer_while_redis_is_down(client, applicant_a):
    client.force_login(applicant_a)

    with redis_down():
        inbox, elapsed = _timed(lambda: client.get(reverse("notices:inbox")))
        desk = client.get(reverse("applicants:dashboard"))

    assert (inbox.status_code, desk.status_code, elapsed < QUICK) == (200, 200, True)


@pytest.mark.django_db
def test_notices_queued_while_redis_was_down_wait_for_reconcile(
    eager_tasks, django_capture_on_commit_callbacks, client, draft_with_four_staff, applicant_a
):
    client.force_login(applicant_a)
    with redis_down(), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applicants:submit", kwargs={"pk": draft_with_four_staff.pk}), _version(draft_with_four_staff))
    assert mail.outbox == []
    Notice.objects.update(created_at=timezone.now() - timedelta(minutes=11))

    call_command("reconcile_notices", stdout=open("/dev/null", "w"))  # Redis is back (here: tasks in-process)

    assert Notice.objects.filter(sent_at__isnull=True).count() == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        Notice.objects.exclude(recipient__email="").values_list("recipient__email", flat=True)
    )
    assert len(mail.outbox) == 3  # the fourth staff member has no email address


@pytest.mark.django_db
def test_the_cache_degrades_to_misses_and_then_leaves_redis_alone():
    with redis_down():
        assert cache.get("throttle_user_1", []) == []
        assert cache.get("missing") is None
        cache.set("key", "value", 60)  # dropped, no error
        assert (cache.add("key", 1), cache.get_many(["a", "b"]), cache.delete("key")) == (False, {}, False)
        with pytest.raises(ValueError):
            cache.incr("counter")
        assert cache_breaker.is_open
        # While the breaker is open the cache makes no network call at all.
        started = time.perf_counter()
        for _ in range(1000):
            cache.get("missing")
        assert time.perf_counter() - started < 0.5


@pytest.mark.django_db
def test_a_refused_publish_opens_the_breaker_and_later_notices_skip_the_broker(
    django_capture_on_commit_callbacks, applicant_a, application_a
):
    from apps.notices.services import queue_notice

    with redis_down():
        with django_capture_on_commit_callbacks(execute=True):
            queue_notice(applicant_a, kind="application.status", subject="一", body="正文", obj=application_a)
        tripped = broker_breaker.is_open
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            queue_notice(applicant_a, kind="application.status", subject="二", body="正文")
        _, elapsed = _timed(callbacks[0])

    assert (tripped, Notice.objects.filter(sent_at__isnull=True).count(), elapsed < 0.01) == (True, 2, True)


@pytest.mark.django_db
def test_healthz_still_reports_the_outage_the_cache_hides_from_pages(client, programme_staff):
    client.force_login(programme_staff)

    with redis_down():
        response, elapsed = _timed(lambda: client.get("/healthz"))

    assert (response.status_code, response.json()["checks"]) == (503, {"database": "ok", "cache": "error", "broker": "error"})
    assert elapsed < QUICK
