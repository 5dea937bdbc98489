import io

import pytest
from django.core.management import CommandError, call_command

from apps.core import audit


def run_verify_audit():
    stdout = io.StringIO()
    call_command("verify_audit", stdout=stdout)
    return stdout.getvalue()


@pytest.fixture
def three_entries(db):
    return [audit.record(None, "core.test.event", number=number) for number in (1, 2, 3)]


@pytest.mark.django_db
def test_verify_audit_reports_an_empty_log():
    assert run_verify_audit() == "审计链完整：共 0 条记录。\n"


def test_verify_audit_reports_an_intact_chain(three_entries):
    assert run_verify_audit() == "审计链完整：共 3 条记录。\n"


def test_verify_audit_fails_on_an_altered_entry(three_entries, tamper_audit_table):
    tamper_audit_table("UPDATE core_auditentry SET action = 'core.test.forged' WHERE seq = 2")

    with pytest.raises(CommandError) as error:
        run_verify_audit()

    # manage.py turns a CommandError into this exit status.
    assert (str(error.value), error.value.returncode) == (
        "审计链在第 2 条处断裂：第 2 条记录的内容与哈希不符（已被改动或伪造）（已核对 1 条）",
        1,
    )


def test_verify_audit_fails_on_a_deleted_middle_entry(three_entries, tamper_audit_table):
    tamper_audit_table("DELETE FROM core_auditentry WHERE seq = 2")

    with pytest.raises(CommandError) as error:
        run_verify_audit()

    assert str(error.value) == (
        "审计链在第 2 条处断裂：缺少第 2 条记录（已被删除？），下一条为第 3 条（已核对 1 条）"
    )


def test_verify_audit_fails_on_a_deleted_last_entry(three_entries, tamper_audit_table):
    tamper_audit_table("DELETE FROM core_auditentry WHERE seq = 3")

    with pytest.raises(CommandError) as error:
        run_verify_audit()

    assert str(error.value) == (
        "审计链在第 3 条处断裂：链头记录为第 3 条，实际只有 2 条（末尾记录被删除？）（已核对 2 条）"
    )
