"""Deadline reminders: audiences, thresholds and their edges, exactly once per person, deadline and threshold."""
import threading
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.tests.factories import UnitStaffFactory, UserFactory
from apps.applicants.enums import ApplicationStatus
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.models import AuditEntry
from apps.notices.models import Notice
from apps.rounds import tasks
from apps.rounds.enums import RoundStatus
from apps.rounds.models import Round
from apps.rounds.reminders import due_threshold, expert_recipients, send_deadline_reminders
from apps.units.tests.factories import RecommendingUnitFactory
from tests.workers import wait_for

DEADLINE = datetime(2026, 6, 30, 9, 0, tzinfo=dt_timezone.utc)  # 17:00 in Beijing
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


def _at(round, days, *, field="recommend_deadline"):
    """The instant `days` (a timedelta) before `round`'s deadline."""
    return getattr(round, field) - days


@pytest.fixture
def recommending(round):
    Round.objects.filter(pk=round.pk).update(recommend_deadline=DEADLINE)
    round.refresh_from_db()
    return round


def _reminders():
    return sorted(
        Notice.objects.filter(kind="deadline.reminder").values_list("recipient__username", "event_key"), key=str
    )


def _key(round, days, deadline=DEADLINE, field="recommend_deadline"):
    return f"reminder:{round.pk}:{field}:{deadline.isoformat()}:{days}"


@pytest.mark.parametrize(
    "left, days",
    [
        (7 * DAY + SECOND, None),  # not yet
        (7 * DAY, 7),  # exactly 7 × 24 h before
        (7 * DAY - SECOND, 7),
        (3 * DAY + SECOND, 7),  # just before the next threshold: still the 7-day one
        (3 * DAY, 3),
        (3 * DAY - SECOND, 3),  # just after a threshold
        (DAY, 1),
        (SECOND, 1),
        (timedelta(0), None),  # the deadline itself
        (-SECOND, None),  # after the deadline
    ],
)
def test_the_nearest_threshold_due_counts_hours_before_the_deadline(left, days):
    assert due_threshold(DEADLINE, DEADLINE - left) == days


def test_no_deadline_reminds_nobody():
    assert due_threshold(None, DEADLINE) is None


@pytest.mark.django_db
def test_applicants_with_a_draft_or_a_returned_application_are_reminded(recommending, unit_a, applicant_a, applicant_b):
    draft = ApplicationFactory(round=recommending, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.DRAFT)
    ApplicationFactory(round=recommending, unit=unit_a, applicant=applicant_b, status=ApplicationStatus.RETURNED)
    for status in (ApplicationStatus.SUBMITTED, ApplicationStatus.FORWARDED, ApplicationStatus.WITHDRAWN):
        ApplicationFactory(round=recommending, unit=unit_a, status=status)  # nothing for them to do
    ApplicationFactory(round=recommending, unit=unit_a, status=ApplicationStatus.DRAFT, applicant__is_active=False)

    sent = send_deadline_reminders(now=_at(recommending, 7 * DAY))

    assert sent == {(recommending.pk, "recommend_deadline", 7): {"applicants": 2, "unit_staff": 0}}
    first = Notice.objects.get(recipient=applicant_a)
    second = Notice.objects.get(recipient=applicant_b)
    assert (first.subject, first.event_key, first.link) == (
        f"推荐截止还有 7 天：{recommending}", _key(recommending, 7), draft.get_absolute_url()
    )
    assert first.body == (
        f"{recommending}的推荐截止时间为 2026年6月30日 17:00，距今还有 7 天。您的申报尚未提交，请在截止前完成填写并提交。"
    )
    assert second.body.endswith("您的申报已退回修改，请在截止前修改后重新提交。")


@pytest.mark.django_db
def test_active_staff_of_units_with_submitted_applications_are_told_how_many(recommending, unit_a, unit_b):
    ApplicationFactory.create_batch(2, round=recommending, unit=unit_a, status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(round=recommending, unit=unit_a, status=ApplicationStatus.FORWARDED)
    ApplicationFactory(round=recommending, unit=unit_b, status=ApplicationStatus.FORWARDED)  # B has handled all
    zhang, wang = UnitStaffFactory(username="zhang", unit=unit_a), UnitStaffFactory(username="wang", unit=unit_a)
    UnitStaffFactory(username="gone", unit=unit_a, is_active=False)
    UnitStaffFactory(username="liu", unit=unit_b)

    sent = send_deadline_reminders(now=_at(recommending, 2 * DAY))

    assert sent == {(recommending.pk, "recommend_deadline", 3): {"applicants": 0, "unit_staff": 2}}
    assert _reminders() == [("wang", _key(recommending, 3)), ("zhang", _key(recommending, 3))]
    notice = Notice.objects.get(recipient=zhang)
    assert notice.subject == f"推荐截止还有 2 天：{recommending}"
    assert notice.body.endswith(
        "北京市总工会尚有 2 份已提交的申报待办理（审核后推荐报送、退回修改或不予推荐），请在截止前办理。"
    )
    assert wang.notices.get().body == notice.body


@pytest.mark.django_db
def test_a_second_run_sends_nothing_and_audits_nothing(recommending, unit_a, applicant_a):
    ApplicationFactory(round=recommending, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.DRAFT)
    now = _at(recommending, 3 * DAY)

    first = send_deadline_reminders(now=now)
    second = send_deadline_reminders(now=now + timedelta(hours=1))

    assert (first, second) == ({(recommending.pk, "recommend_deadline", 3): {"applicants": 1, "unit_staff": 0}}, {})
    assert _reminders() == [("applicant_a", _key(recommending, 3))]
    entries = AuditEntry.objects.filter(action="rounds.round.reminded")
    assert [(e.actor, e.object_id, e.data) for e in entries] == [
        (None, str(recommending.pk), {"deadline": "recommend_deadline", "days": 3, "applicants": 1, "unit_staff": 0})
    ]


@pytest.mark.django_db
def test_each_threshold_once_and_a_missed_one_is_caught_up_once_without_the_earlier_ones(recommending, unit_a, applicant_a):
    ApplicationFactory(round=recommending, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.DRAFT)

    # Beat was down from 8 days before until 2½ days before: only the 3-day reminder, once.
    for left in (8 * DAY, 2.5 * DAY, 2 * DAY, 1.5 * DAY, 1 * DAY + SECOND):
        send_deadline_reminders(now=_at(recommending, left))
    assert _reminders() == [("applicant_a", _key(recommending, 3))]
    assert Notice.objects.get().subject.startswith("推荐截止还有 3 天")  # 2½ days left, rounded up

    for left in (DAY, 12 * timedelta(hours=1), SECOND, timedelta(0), -DAY):
        send_deadline_reminders(now=_at(recommending, left))
    assert _reminders() == [("applicant_a", _key(recommending, 1)), ("applicant_a", _key(recommending, 3))]


@pytest.mark.django_db
def test_a_moved_deadline_reminds_again(recommending, unit_a, applicant_a):
    ApplicationFactory(round=recommending, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.DRAFT)
    now = _at(recommending, 6 * DAY)
    send_deadline_reminders(now=now)

    moved = DEADLINE + DAY  # now 7 days before it
    Round.objects.filter(pk=recommending.pk).update(recommend_deadline=moved)
    send_deadline_reminders(now=now)
    send_deadline_reminders(now=now + timedelta(hours=1))

    assert _reminders() == [("applicant_a", _key(recommending, 7)), ("applicant_a", _key(recommending, 7, moved))]
    assert "2026年7月1日 17:00" in Notice.objects.get(event_key=_key(recommending, 7, moved)).body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [RoundStatus.DRAFT, RoundStatus.DEPLOYED, RoundStatus.REVIEWING, RoundStatus.PUBLICITY, RoundStatus.CLOSED]
)
def test_outside_recommending_the_recommend_deadline_reminds_nobody(recommending, unit_a, applicant_a, status):
    ApplicationFactory(round=recommending, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.DRAFT)
    ApplicationFactory(round=recommending, unit=unit_a, status=ApplicationStatus.SUBMITTED)
    UnitStaffFactory(unit=unit_a)
    Round.objects.filter(pk=recommending.pk).update(status=status)

    assert send_deadline_reminders(now=_at(recommending, DAY)) == {}
    assert Notice.objects.count() == 0


@pytest.mark.django_db
def test_expert_review_reminds_nobody_until_score_sheets_exist(round, expert):
    """Issue 11 fills `expert_recipients`; until then the reviewing phase's deadline sends nothing."""
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.REVIEWING, expert_review_deadline=DEADLINE)
    round.refresh_from_db()

    assert expert_recipients(round) == []
    assert send_deadline_reminders(now=_at(round, DAY, field="expert_review_deadline")) == {}
    assert Notice.objects.count() == 0


@pytest.mark.django_db
def test_a_run_makes_the_same_queries_for_few_or_many_recipients(recommending):
    def grow(n):
        for _ in range(n):
            unit = RecommendingUnitFactory()
            ApplicationFactory(round=recommending, unit=unit, status=ApplicationStatus.SUBMITTED)
            UnitStaffFactory.create_batch(2, unit=unit)
            ApplicationFactory(round=recommending, unit=unit, status=ApplicationStatus.DRAFT)
            ApplicationFactory(round=recommending, unit=unit, status=ApplicationStatus.RETURNED)

    grow(1)
    send_deadline_reminders(now=_at(recommending, 7 * DAY))  # warm up: the audit chain's head row is created once
    counts = []
    for n, left in ((2, 3 * DAY), (10, DAY)):  # a new threshold each time, so every recipient is new
        grow(n)
        with CaptureQueriesContext(connection) as queries:
            sent = send_deadline_reminders(now=_at(recommending, left))
        assert sum(sent[(recommending.pk, "recommend_deadline", left.days)].values()) == Notice.objects.filter(
            event_key=_key(recommending, left.days)
        ).count()
        counts.append(len(queries))
    # The run's savepoint, the rounds; applicants: theirs, the template, who heard, the insert in its savepoint;
    # unit staff: the units' counts, their staff, the same four; the audit entry (head, insert, update, savepoint).
    assert counts[0] == 21


def test_beat_sends_the_reminders_hourly():
    from craftsman_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["send-deadline-reminders"]
    assert (entry["task"], entry["task"] in app.tasks, entry["schedule"]) == (tasks.send_deadline_reminders.name, True, 3600)


@pytest.mark.django_db
def test_the_task_reminds_eagerly_and_mails_the_reminder(
    round, unit_a, eager_tasks, django_capture_on_commit_callbacks, applicant_a
):
    Round.objects.filter(pk=round.pk).update(recommend_deadline=timezone.now() + 2 * DAY + timedelta(hours=2))
    applicant_a.email = "wang.jianguo@example.cn"
    applicant_a.save(update_fields=["email"])
    ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.RETURNED)

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_deadline_reminders.delay()

    assert [(m.subject, m.to) for m in mail.outbox] == [(f"推荐截止还有 3 天：{round}", ["wang.jianguo@example.cn"])]
    assert Notice.objects.get().sent_at is not None


@pytest.mark.celery_worker
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL: a real worker on Redis")
@pytest.mark.django_db(transaction=True)
def test_the_task_runs_on_a_real_celery_worker_and_once_however_often(redis_worker, unit_a, applicant_a):
    round = Round.objects.create(
        year=2031, status=RoundStatus.RECOMMENDING, recommend_deadline=timezone.now() + 12 * timedelta(hours=1)
    )
    applicant_a.email = "wang.jianguo@example.cn"
    applicant_a.save(update_fields=["email"])
    ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.DRAFT)

    for _ in range(3):  # repeated beat runs (or one redelivered after a worker restart), queued together
        tasks.send_deadline_reminders.delay()

    # One worker, one task at a time, in order: the mail task the first run queued comes after all three.
    assert wait_for(lambda: Notice.objects.filter(sent_at__isnull=False).exists())
    assert [n.event_key for n in Notice.objects.all()] == [
        f"reminder:{round.pk}:recommend_deadline:{round.recommend_deadline.astimezone(dt_timezone.utc).isoformat()}:1"
    ]
    assert [(m.subject, m.to) for m in mail.outbox] == [(f"推荐截止还有 1 天：{round}", ["wang.jianguo@example.cn"])]


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_remind_each_person_once(unit_a):
    round = Round.objects.create(year=2032, status=RoundStatus.RECOMMENDING, recommend_deadline=DEADLINE)
    applicants = UserFactory.create_batch(5)
    for applicant in applicants:
        ApplicationFactory(round=round, unit=unit_a, applicant=applicant, status=ApplicationStatus.DRAFT)
    UnitStaffFactory.create_batch(2, unit=unit_a)
    ApplicationFactory(round=round, unit=unit_a, status=ApplicationStatus.SUBMITTED)
    now = DEADLINE - 3 * DAY
    first_wrote, results, errors = threading.Event(), {}, []

    def first():
        # Write the reminders, then hold the transaction open until the second run waits on their keys.
        try:
            with transaction.atomic():
                results["first"] = send_deadline_reminders(now=now)
                first_wrote.set()
                results["second waited"] = wait_for(_a_run_waits_on_a_lock, seconds=10)
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            first_wrote.set()
            connections.close_all()

    def second():
        try:
            first_wrote.wait(10)
            results["second"] = send_deadline_reminders(now=now)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    # The second run met the first's uncommitted rows, waited, then found them committed and skipped them.
    assert results == {
        "first": {(round.pk, "recommend_deadline", 3): {"applicants": 5, "unit_staff": 2}},
        "second waited": True,
        "second": {},
    }
    assert Notice.objects.filter(event_key=_key(round, 3)).count() == 7
    assert AuditEntry.objects.filter(action="rounds.round.reminded").count() == 1


def _a_run_waits_on_a_lock():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else a transaction sees its first snapshot forever
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0
