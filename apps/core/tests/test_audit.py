import datetime
import threading
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, connections, transaction

from apps.core import audit
from apps.core.middleware import RequestContextMiddleware
from apps.core.models import GENESIS_HASH, AuditChainHead, AuditEntry
from apps.core.request_context import reset_client_ip, set_client_ip

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: the append-only trigger and row locks exist only there"
)


@contextmanager
def client_ip(ip):
    token = set_client_ip(ip)
    try:
        yield
    finally:
        reset_client_ip(token)


def record_three():
    return [audit.record(None, "core.test.event", number=number) for number in (1, 2, 3)]


@pytest.mark.django_db
def test_record_writes_contiguous_sequence_numbers():
    record_three()

    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]


@pytest.mark.django_db
def test_record_links_each_entry_to_the_previous_one():
    first, second, third = record_three()

    assert [entry.prev_hash for entry in (first, second, third)] == [GENESIS_HASH, first.hash, second.hash]


@pytest.mark.django_db
def test_record_moves_the_chain_head():
    entries = record_three()

    head = AuditChainHead.objects.get(pk=1)

    assert (head.seq, head.last_hash) == (3, entries[-1].hash)


@pytest.mark.django_db
def test_record_stores_actor_object_and_data(unit_staff_a, unit_a):
    entry = audit.record(
        unit_staff_a, "units.unit.renamed", unit_a, previous="北京市总工会（旧）", reason="更名"
    )

    entry.refresh_from_db()
    assert (
        entry.actor, entry.actor_repr, entry.action, entry.object_type, entry.object_id, entry.object_repr, entry.data
    ) == (
        unit_staff_a, "unit_a", "units.unit.renamed", "units.recommendingunit", str(unit_a.pk), "北京市总工会",
        {"previous": "北京市总工会（旧）", "reason": "更名"},
    )


@pytest.mark.django_db
def test_record_without_actor_is_the_system():
    entry = audit.record(None, "notices.notice.reconciled")

    assert (entry.actor, entry.actor_repr, entry.object_type, entry.object_id, entry.ip) == (
        None, "系统", "", "", None
    )


@pytest.mark.django_db
def test_record_round_trips_decimal_date_and_nested_values():
    entry = audit.record(
        None,
        "cultivation.funding.granted",
        amount=Decimal("50000.00"),
        due=datetime.date(2026, 12, 31),
        at=datetime.datetime(2026, 11, 25, 9, 30, tzinfo=datetime.timezone.utc),
        score=86.5,
        quota={"old": 3, "new": 4},
        names=["王建国", "李秀英"],
    )

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.data, audit.compute_hash(stored) == entry.hash, audit.verify_chain().ok) == (
        {
            "amount": "50000.00",
            "due": "2026-12-31",
            "at": "2026-11-25T09:30:00Z",
            "score": "86.5",
            "quota": {"old": 3, "new": 4},
            "names": ["王建国", "李秀英"],
        },
        True,
        True,
    )


@pytest.mark.django_db
def test_record_stores_the_client_ip_of_the_request():
    with client_ip("203.0.113.7"):
        entry = audit.record(None, "core.test.event")

    entry.refresh_from_db()
    assert (entry.ip, audit.verify_chain().ok) == ("203.0.113.7", True)


@pytest.mark.django_db
def test_record_stores_the_client_ip_set_by_the_middleware(rf):
    middleware = RequestContextMiddleware(lambda request: audit.record(None, "core.test.in_request"))

    inside = middleware(rf.get("/", REMOTE_ADDR="198.51.100.23"))
    after = audit.record(None, "core.test.after_request")

    assert (inside.ip, after.ip) == ("198.51.100.23", None)


@pytest.mark.django_db
@pytest.mark.parametrize("ip", ["2001:db8::1", "2001:DB8::1", "2001:db8:0:0:0:0:0:1", "::ffff:192.0.2.1"])
def test_record_with_an_ipv6_address_verifies(ip):
    with client_ip(ip):
        audit.record(None, "core.test.event")

    report = audit.verify_chain()

    assert (report.ok, report.problem) == (True, "")


@pytest.mark.django_db
def test_record_rolls_back_with_the_surrounding_transaction():
    audit.record(None, "core.test.kept")

    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(None, "core.test.discarded")
        raise RuntimeError("the service failed after auditing")
    entry = audit.record(None, "core.test.next")

    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    assert (entry.seq, actions, audit.verify_chain().ok) == (2, ["core.test.kept", "core.test.next"], True)


@pytest.mark.django_db
def test_verify_chain_accepts_an_empty_log():
    report = audit.verify_chain()

    assert (report.ok, report.checked) == (True, 0)


@pytest.mark.django_db
def test_verify_chain_accepts_an_intact_chain():
    record_three()

    report = audit.verify_chain()

    assert (report.ok, report.checked, report.broken_seq) == (True, 3, None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column, value",
    [
        ("action", "core.test.forged"),
        ("data", '{"number": 20}'),
        ("actor_repr", "someone_else"),
        ("object_id", "42"),
        ("ip", "192.0.2.99"),
        ("created_at", "2020-01-01 00:00:00+00:00"),
    ],
)
def test_verify_chain_detects_an_altered_entry(tamper_audit_table, column, value):
    record_three()

    tamper_audit_table(f"UPDATE core_auditentry SET {column} = %s WHERE seq = 2", [value])
    report = audit.verify_chain()

    assert (report.ok, report.broken_seq, report.checked, report.problem) == (
        False, 2, 1, "第 2 条记录的内容与哈希不符（已被改动或伪造）"
    )


@pytest.mark.django_db
def test_verify_chain_detects_an_altered_entry_whose_hash_was_recomputed(tamper_audit_table):
    record_three()
    forged = AuditEntry.objects.get(seq=2)
    forged.action = "core.test.forged"

    tamper_audit_table(
        "UPDATE core_auditentry SET action = %s, hash = %s WHERE seq = 2", [forged.action, audit.compute_hash(forged)]
    )
    report = audit.verify_chain()

    assert (report.broken_seq, report.problem) == (
        3, "第 3 条记录的前一条哈希与链不符（前一条被改动或删除）"
    )


@pytest.mark.django_db
def test_verify_chain_detects_a_deleted_middle_entry(tamper_audit_table):
    record_three()

    tamper_audit_table("DELETE FROM core_auditentry WHERE seq = 2")
    report = audit.verify_chain()

    assert (report.broken_seq, report.checked, report.problem) == (
        2, 1, "缺少第 2 条记录（已被删除？），下一条为第 3 条"
    )


@pytest.mark.django_db
def test_verify_chain_detects_a_deleted_last_entry(tamper_audit_table):
    record_three()

    tamper_audit_table("DELETE FROM core_auditentry WHERE seq = 3")
    report = audit.verify_chain()

    assert (report.broken_seq, report.checked, report.problem) == (
        3, 2, "链头记录为第 3 条，实际只有 2 条（末尾记录被删除？）"
    )


@pytest.mark.django_db
def test_verify_chain_detects_an_emptied_log(tamper_audit_table):
    record_three()

    tamper_audit_table("DELETE FROM core_auditentry")
    report = audit.verify_chain()

    assert (report.broken_seq, report.checked, report.problem) == (
        1, 0, "链头记录为第 3 条，实际只有 0 条（末尾记录被删除？）"
    )


@pytest.mark.django_db
@requires_postgresql
@pytest.mark.postgresql
def test_audit_table_refuses_orm_update_on_postgresql():
    entry = audit.record(None, "core.test.event")

    with pytest.raises(DatabaseError) as error, transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="core.test.forged")

    assert ("core_auditentry is append-only: UPDATE refused" in str(error.value), error.value.__cause__.pgcode) == (
        True, "42501"
    )


@pytest.mark.django_db
@requires_postgresql
@pytest.mark.postgresql
def test_audit_table_refuses_raw_update_on_postgresql():
    entry = audit.record(None, "core.test.event")

    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET action = 'core.test.forged' WHERE id = %s", [entry.pk])

    assert "core_auditentry is append-only: UPDATE refused" in str(error.value)


@pytest.mark.django_db
@requires_postgresql
@pytest.mark.postgresql
def test_audit_table_refuses_delete_on_postgresql():
    entry = audit.record(None, "core.test.event")

    with pytest.raises(DatabaseError) as error, transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()

    assert ("core_auditentry is append-only: DELETE refused" in str(error.value), AuditEntry.objects.count()) == (
        True, 1
    )


@pytest.mark.django_db
@requires_postgresql
@pytest.mark.postgresql
def test_audit_table_keeps_the_chain_intact_after_refused_changes_on_postgresql():
    record_three()

    for statement in ("UPDATE core_auditentry SET action = 'x'", "DELETE FROM core_auditentry"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    report = audit.verify_chain()

    assert (report.ok, report.checked) == (True, 3)


THREADS, RECORDS_PER_THREAD = 8, 5


@requires_postgresql
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_record_from_concurrent_writers_keeps_one_gap_free_chain():
    start = threading.Barrier(THREADS)
    errors = []

    def write(worker):
        try:
            start.wait()
            for number in range(RECORDS_PER_THREAD):
                audit.record(None, "core.test.concurrent", worker=worker, number=number)
        except Exception as error:  # surfaced in the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    total = THREADS * RECORDS_PER_THREAD
    report = audit.verify_chain()
    sequence = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert (errors, sequence, report.ok, report.checked) == ([], list(range(1, total + 1)), True, total)


ALTERATIONS = {
    "seq": 2,
    "created_at": datetime.datetime(2026, 11, 25, 9, 30, 1, tzinfo=datetime.timezone.utc),
    "actor_id": 7,
    "actor_repr": "someone",
    "action": "a.b.d",
    "object_type": "x.y",
    "object_id": "1",
    "object_repr": "obj",
    "data": {"k": 1},
    "ip": "192.0.2.1",
    "prev_hash": "f" * 64,
}


def test_compute_hash_covers_every_stored_column():
    # A column left out of the hash could be altered without verify_audit noticing.
    columns = {field.attname for field in AuditEntry._meta.fields} - {"id", "hash"}
    original = dict(
        seq=1, created_at=datetime.datetime(2026, 11, 25, 9, 30, tzinfo=datetime.timezone.utc), actor_id=None,
        actor_repr="系统", action="a.b.c", object_type="", object_id="", object_repr="", data={}, ip=None,
        prev_hash=GENESIS_HASH,
    )
    original_hash = audit.compute_hash(AuditEntry(**original))

    changes_hash = {
        column: audit.compute_hash(AuditEntry(**{**original, column: value})) != original_hash
        for column, value in ALTERATIONS.items()
    }

    assert changes_hash == dict.fromkeys(columns, True)


@pytest.mark.django_db
@requires_postgresql
@pytest.mark.postgresql
@pytest.mark.parametrize("table", ["core_auditentry", "core_auditchainhead"])
def test_audit_tables_refuse_truncate_on_postgresql(table):
    record_three()

    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # PostgreSQL refuses TRUNCATE with deferred checks queued
        cursor.execute("SET LOCAL craftsman.audit_allow_truncate = 'off'")  # as in any session without AUDIT_ALLOW_TRUNCATE
        cursor.execute(f"TRUNCATE {table} CASCADE")

    assert (str(error.value).splitlines()[0], AuditEntry.objects.count()) == (f"{table} is append-only: TRUNCATE refused", 3)


@pytest.mark.django_db
@requires_postgresql
@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("UPDATE core_auditchainhead SET seq = 0, last_hash = repeat('0', 64)", "may only advance by one link"),
        ("UPDATE core_auditchainhead SET seq = seq + 2", "may only advance by one link"),
        ("DELETE FROM core_auditchainhead", "DELETE refused"),
    ],
)
def test_audit_chain_head_cannot_be_rewound_on_postgresql(statement, message):
    record_three()

    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)

    assert (message in str(error.value), AuditChainHead.objects.get().seq, audit.verify_chain().ok) == (True, 3, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "stored"),
    [(-0.0, "-0.0"), (1e16, "1e+16"), (0.1, "0.1"), (float("1e-7"), "1e-07"), ([1.5, {"z": -0.0}], ["1.5", {"z": "-0.0"}])],
    ids=["minus-zero", "1e16", "0.1", "1e-7", "nested"],
)
def test_audit_data_with_floats_verifies_after_the_database_round_trip(value, stored):
    audit.record(None, "core.test.event", value=value)

    entry = AuditEntry.objects.get()
    assert (audit.verify_chain().ok, entry.data["value"]) == (True, stored)


@pytest.mark.django_db
@pytest.mark.parametrize("ip", ["::102:304", "2001:db8::1", "::ffff:192.0.2.1", "192.0.2.1"])
def test_audit_entry_with_any_ip_form_verifies_after_the_database_round_trip(ip):
    with client_ip(ip):
        audit.record(None, "core.test.event")

    assert audit.verify_chain().ok is True


def truncate_in_a_new_connection(table):
    """TRUNCATE `table` in a fresh session, rolled back; return the error, or None when it went through."""
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("BEGIN")
            try:
                cursor.execute(f"TRUNCATE {table} CASCADE")
            except DatabaseError as error:
                return error
            finally:
                cursor.execute("ROLLBACK")
    finally:
        fresh.close()
    return None


@requires_postgresql
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("table", ["core_auditentry", "core_auditchainhead"])
def test_truncate_of_a_test_named_database_is_refused_without_audit_allow_truncate(settings, table):
    # The database is named test_*: the name alone no longer exempts it (a staging copy could share it).
    record_three()
    settings.AUDIT_ALLOW_TRUNCATE = False

    error = truncate_in_a_new_connection(table)

    assert (connection.settings_dict["NAME"].startswith("test_"), str(error).splitlines()[0], AuditEntry.objects.count()) == (
        True, f"{table} is append-only: TRUNCATE refused", 3
    )


@requires_postgresql
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_truncate_goes_through_in_a_session_opened_with_audit_allow_truncate(settings):
    record_three()
    settings.AUDIT_ALLOW_TRUNCATE = True

    error = truncate_in_a_new_connection("core_auditentry")

    assert (error, AuditEntry.objects.count()) == (None, 3)  # rolled back
