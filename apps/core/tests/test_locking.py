"""Lock order: domain rows first, in primary-key order, the audit chain head last (issue 6 §3)."""
import threading
import time

import pytest
from django.core import mail
from django.db import OperationalError, connection, connections, transaction

from apps.core import audit
from apps.core.locking import lock_in_order
from apps.core.models import AuditEntry
from apps.notices.services import queue_notice
from apps.units.models import RecommendingUnit
from apps.units.tests.factories import RecommendingUnitFactory

requires_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")


@pytest.mark.django_db
def test_lock_in_order_returns_the_rows_in_primary_key_order_whatever_was_asked():
    first, second, third = RecommendingUnitFactory.create_batch(3)

    with transaction.atomic():
        locked = lock_in_order(RecommendingUnit.objects.filter(pk__in=[third.pk, first.pk, second.pk]).order_by("-name"))

    assert locked == [first, second, third]


@pytest.mark.django_db
def test_record_summary_writes_one_entry_for_many_rows(unit_a, unit_b):
    with transaction.atomic():
        units = lock_in_order(RecommendingUnit.objects.all())
        entry = audit.record_summary(None, "rounds.quota.allocated", units, round=2026)

    assert (AuditEntry.objects.count(), entry.object_type, entry.object_id, entry.object_repr, entry.data) == (
        1, "units.recommendingunit", "", "2 条推荐单位", {"count": 2, "ids": [str(unit_a.pk), str(unit_b.pk)], "round": 2026}
    )


def run_concurrently(*services):
    """Start each service in its own thread and connection at once; return the errors they raised."""
    start, errors = threading.Barrier(len(services)), []

    def run(service):
        try:
            start.wait(timeout=10)
            service()
        except Exception as error:  # surfaced in the caller's assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(service,)) for service in services]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def bulk_service(requested_pks, holding):
    """A bulk service as the rule wants it: lock its rows in pk order, hold them a while, audit each one last."""

    @transaction.atomic
    def service():
        for unit in lock_in_order(RecommendingUnit.objects.filter(pk__in=requested_pks)):
            holding.wait(timeout=0.3)  # widen the window in which the other service asks for the same rows
            audit.record(None, "units.recommendingunit.touched", unit, requested=requested_pks)

    return service


@requires_postgresql
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_bulk_services_locking_rows_in_opposite_order_neither_deadlock_nor_fork_the_chain():
    first, second = RecommendingUnitFactory.create_batch(2)
    holding = threading.Event()  # never set: each service waits its full 0.3 s per row

    errors = run_concurrently(
        bulk_service([first.pk, second.pk], holding), bulk_service([second.pk, first.pk], holding)
    )

    report = audit.verify_chain()
    objects = list(AuditEntry.objects.order_by("seq").values_list("object_id", flat=True))
    assert (errors, report.ok, report.checked, objects) == (
        [], True, 4, [str(first.pk), str(second.pk), str(first.pk), str(second.pk)]
    )


@requires_postgresql
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_locking_rows_one_by_one_in_request_order_deadlocks():
    # The control for the test above: the same two services, locking in the order asked, deadlock,
    # so that test would see a deadlock if lock_in_order let one through.
    first, second = RecommendingUnitFactory.create_batch(2)
    both_hold_one = threading.Barrier(2)

    def service(requested_pks):
        @transaction.atomic
        def run():
            for number, pk in enumerate(requested_pks):
                RecommendingUnit.objects.select_for_update().get(pk=pk)
                if number == 0:
                    both_hold_one.wait(timeout=10)
            audit.record(None, "units.recommendingunit.touched", requested=requested_pks)

        return run

    errors = run_concurrently(service([first.pk, second.pk]), service([second.pk, first.pk]))

    assert (len(errors), isinstance(errors[0], OperationalError), "deadlock detected" in str(errors[0])) == (1, True, True)


class HeadProbingBackend:
    """A mail server stand-in that, as each message is handed over, tries to take the audit chain head.

    It connects separately, as another web worker would; NOWAIT fails at once if the head is still locked.
    """

    probes = []

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        probe = connections.create_connection("default")
        try:
            with probe.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute("SELECT seq FROM core_auditchainhead WHERE id = 1 FOR UPDATE NOWAIT")
                HeadProbingBackend.probes.append(("free", cursor.fetchone()[0]))
                cursor.execute("ROLLBACK")
        except OperationalError:
            HeadProbingBackend.probes.append(("locked", None))
        finally:
            probe.close()
        mail.outbox.extend(messages)
        return len(messages)


@requires_postgresql
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_notice_queued_after_auditing_is_mailed_once_the_head_is_released(settings, eager_tasks, applicant_a):
    settings.EMAIL_BACKEND = f"{__name__}.HeadProbingBackend"
    HeadProbingBackend.probes = []
    applicant_a.email = "wang@example.cn"
    applicant_a.save(update_fields=["email"])

    with transaction.atomic():
        audit.record(None, "applicants.application.returned", applicant_a, reason="材料不全")
        queue_notice(applicant_a, kind="application.returned", subject="申报已退回", body="您的申报已退回。")
        time.sleep(0.1)
        mailed_inside = len(mail.outbox)

    assert (mailed_inside, HeadProbingBackend.probes, [message.subject for message in mail.outbox]) == (
        0, [("free", 1)], ["申报已退回"]
    )


@requires_postgresql
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_auditing_by_a_user_whose_row_another_service_locked_does_not_deadlock(applicant_a):
    # The office deactivates an account (locks the user row, then audits) while that user's own
    # audited action is under way: the entry's reference to its actor must not be taken under the head.
    User = type(applicant_a)
    office_holds_row, actor_started = threading.Event(), threading.Event()

    @transaction.atomic
    def deactivate():
        User.objects.select_for_update().get(pk=applicant_a.pk)
        office_holds_row.set()
        actor_started.wait(timeout=10)
        time.sleep(0.5)  # the actor's record() is waiting by now
        audit.record(None, "accounts.user.deactivated", applicant_a)

    @transaction.atomic
    def act():
        office_holds_row.wait(timeout=10)
        actor_started.set()
        audit.record(applicant_a, "applicants.application.withdrawn")

    errors = run_concurrently(deactivate, act)

    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    assert (errors, actions, audit.verify_chain().ok) == (
        [], ["accounts.user.deactivated", "applicants.application.withdrawn"], True
    )
