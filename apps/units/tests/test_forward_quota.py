"""Forwarding within the unit's quota (`applicants.guards.unit_quota_has_place`), alone and under concurrency."""
import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

from apps.accounts.tests.factories import UnitStaffFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import Application
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DomainError, QuotaExhausted
from apps.core.models import AuditEntry
from apps.rounds.tests.factories import QuotaFactory
from apps.units.services import forward_application
from apps.units.tests.factories import RECOMMENDATION

S = ApplicationStatus


def submitted(round, unit, count=1):
    return ApplicationFactory.create_batch(count, round=round, unit=unit, status=S.SUBMITTED)


@pytest.mark.django_db
def test_a_unit_forwards_up_to_its_quota_and_the_next_one_is_refused_with_the_numbers(round, unit_a, unit_staff_a):
    QuotaFactory(round=round, unit=unit_a, places=2)
    first, second, third = submitted(round, unit_a, 3)
    forward_application(first, by=unit_staff_a, **RECOMMENDATION)
    forward_application(second, by=unit_staff_a, **RECOMMENDATION)

    with pytest.raises(QuotaExhausted) as refused:
        forward_application(third, by=unit_staff_a, **RECOMMENDATION)

    third.refresh_from_db()
    assert (third.status, third.forwarded_at, refused.value.code) == (S.SUBMITTED, None, "quota_exhausted")
    assert refused.value.message.startswith("本单位 2026 年度推荐名额 2 名已用完（已推荐报送 2 名）")
    assert AuditEntry.objects.filter(action="applicants.application.forwarded").count() == 2


@pytest.mark.django_db
def test_the_statuses_of_standing_candidates_use_a_place_and_withdrawn_failed_or_removed_ones_do_not(round, unit_a, unit_staff_a):
    QuotaFactory(round=round, unit=unit_a, places=3)
    for status in (S.FORMAL_FAILED, S.OBJECTION_UPHELD, S.WITHDRAWN, S.UNIT_REJECTED, S.RETURNED):
        ApplicationFactory(round=round, unit=unit_a, status=status)
    ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)
    used = ApplicationFactory(round=round, unit=unit_a, status=S.PUBLISHED)
    first, second = submitted(round, unit_a, 2)
    forward_application(first, by=unit_staff_a, **RECOMMENDATION)  # the third place: none of the five above holds one

    with pytest.raises(QuotaExhausted):
        forward_application(second, by=unit_staff_a, **RECOMMENDATION)
    Application.objects.filter(pk=used.pk).update(status=S.WITHDRAWN)
    forward_application(second, by=unit_staff_a, **RECOMMENDATION)

    assert Application.objects.get(pk=second.pk).status == S.FORWARDED


@pytest.mark.django_db
def test_another_units_forwards_and_another_rounds_do_not_count(round, unit_a, unit_b, unit_staff_a):
    from apps.rounds.tests.factories import RoundFactory

    QuotaFactory(round=round, unit=unit_a, places=1)
    ApplicationFactory(round=round, unit=unit_b, status=S.FORWARDED)
    ApplicationFactory(round=RoundFactory(year=2025), unit=unit_a, status=S.FORWARDED)
    (application,) = submitted(round, unit_a)

    assert forward_application(application, by=unit_staff_a, **RECOMMENDATION).status == S.FORWARDED


@pytest.mark.django_db
def test_a_unit_without_a_quota_in_the_round_cannot_forward(round, unit_a, unit_staff_a):
    (application,) = submitted(round, unit_a)

    with pytest.raises(DomainError) as refused:
        forward_application(application, by=unit_staff_a, **RECOMMENDATION)

    assert (refused.value.code, Application.objects.get(pk=application.pk).status) == ("quota_missing", S.SUBMITTED)
    assert "尚未分配 2026 年度推荐名额" in refused.value.message


@pytest.mark.django_db
def test_the_forward_page_shows_the_quota_refusal(client, round, unit_a, unit_staff_a):
    QuotaFactory(round=round, unit=unit_a, places=0)
    (application,) = submitted(round, unit_a)
    client.force_login(unit_staff_a)

    response = client.post(reverse("units:forward", args=[application.pk]), {"opinion": "同意推荐", "political_quality": "on", "craftsman_spirit": "on"}, follow=True)

    assert "本单位 2026 年度推荐名额 0 名已用完" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == S.SUBMITTED


# --- Two staff forwarding the last place at the same instant ------------------------------------------


def _in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as error:  # surfaced in the test's assertion
            results[key] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_forwards_for_the_last_place_one_succeeds_the_other_is_refused(round, unit_a):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    QuotaFactory(round=round, unit=unit_a, places=2)
    ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)  # one place left
    first, second = submitted(round, unit_a, 2)
    staff = UnitStaffFactory.create_batch(2, unit=unit_a)
    both_hold_their_application = threading.Barrier(2)

    def forward(application, by):
        @transaction.atomic
        def service():
            # Lock the application row as apply_move does first; only then may either count the places.
            Application.objects.select_for_update().get(pk=application.pk)
            both_hold_their_application.wait(timeout=10)
            return forward_application(application, by=by, **RECOMMENDATION)

        return service

    results = {}
    threads = [_in_thread(forward(first, staff[0]), results, 0), _in_thread(forward(second, staff[1]), results, 1)]
    for thread in threads:
        thread.join(timeout=60)

    outcomes = sorted(type(result).__name__ for result in results.values())
    assert outcomes == ["Application", "QuotaExhausted"]
    assert Application.objects.filter(round=round, unit=unit_a, status=S.FORWARDED).count() == 2


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_second_forward_waits_on_the_quota_row_until_the_first_commits(round, unit_a, unit_staff_a):
    """What holds the quota is the lock on the Quota row: locking the application rows alone (they differ)
    would let the second count while the first is uncommitted, see a free place, and pass too. Here the
    first forward holds its transaction open; the second is seen in pg_locks waiting on a row of the
    quota table, and once the first commits it counts that forward and is refused.

    Checked by hand: with `select_for_update()` taken out of the guard, this test and the one above fail
    (no wait is seen; both forwards pass and the unit exceeds its quota)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    QuotaFactory(round=round, unit=unit_a, places=1)
    first, second = submitted(round, unit_a, 2)
    first_forwarded, release_first, second_pid = threading.Event(), threading.Event(), {}

    @transaction.atomic
    def hold_the_first():
        forward_application(first, by=unit_staff_a, **RECOMMENDATION)
        first_forwarded.set()
        release_first.wait(timeout=30)

    def forward_the_second():
        first_forwarded.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            second_pid["pid"] = cursor.fetchone()[0]
        return forward_application(second, by=unit_staff_a, **RECOMMENDATION)

    results = {}
    threads = [_in_thread(hold_the_first, results, "first"), _in_thread(forward_the_second, results, "second")]
    waiting_on = _wait_for_row_lock_wait(second_pid)
    release_first.set()
    for thread in threads:
        thread.join(timeout=60)

    assert waiting_on == "rounds_quota"
    assert (results["first"], type(results["second"]).__name__) == (None, "QuotaExhausted")
    assert list(Application.objects.filter(status=S.FORWARDED).values_list("pk", flat=True)) == [first.pk]


def _wait_for_row_lock_wait(pids, attempts=300):
    """The table on whose row the backend in `pids["pid"]` waits (polled, at most `attempts` × 0.05 s), or None."""
    query = """
        SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE l.pid = %s AND l.locktype = 'tuple'
          AND EXISTS (SELECT 1 FROM pg_locks w WHERE w.pid = l.pid AND NOT w.granted)
    """
    for _ in range(attempts):
        if "pid" in pids:
            with connection.cursor() as cursor:
                cursor.execute(query, [pids["pid"]])
                row = cursor.fetchone()
            if row:
                return row[0]
        time.sleep(0.05)
    return None


# --- The unit's desk shows the places used and left ----------------------------------------------------


@pytest.mark.django_db
def test_the_unit_desk_shows_places_used_and_left(client, round, unit_a, unit_staff_a):
    from apps.core.tests.html_text import visible_text

    QuotaFactory(round=round, unit=unit_a, places=3)
    ApplicationFactory(round=round, unit=unit_a, status=S.FORWARDED)
    ApplicationFactory(round=round, unit=unit_a, status=S.FORMAL_PASSED)
    ApplicationFactory(round=round, unit=unit_a, status=S.SUBMITTED)
    ApplicationFactory(round=round, unit=unit_a, status=S.WITHDRAWN)
    client.force_login(unit_staff_a)

    text = " ".join(visible_text(client.get(reverse("units:dashboard"))).split())

    assert "推荐名额 已用 2 / 3" in text and "尚余 1 名可推荐报送" in text


@pytest.mark.django_db
def test_the_unit_desk_says_when_it_has_no_quota(client, round, unit_staff_a):
    from apps.core.tests.html_text import visible_text

    client.force_login(unit_staff_a)

    assert "本年度尚未分配推荐名额" in visible_text(client.get(reverse("units:dashboard")))
