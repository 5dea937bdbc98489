"""The two attacks of issue 6 §3: a forged append, and a cut tail with the head rewound."""
import hashlib
import io
import ipaddress
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from apps.core import audit
from apps.core.models import AuditChainHead, AuditEntry
from apps.core.tasks import anchor_audit
from craftsman_portal.celery import app as celery_app


def record(count, start=1):
    return [audit.record(None, "core.test.event", number=number) for number in range(start, start + count)]


def plain_sha256(entry):
    """The entry's hash as anyone can compute it without the key (the chain's hash before it was keyed)."""
    payload = {
        "seq": entry.seq, "created_at": entry.created_at.isoformat(), "actor_id": entry.actor_id,
        "actor": entry.actor_repr, "action": entry.action, "object_type": entry.object_type,
        "object_id": entry.object_id, "object_repr": entry.object_repr, "data": entry.data,
        "ip": ipaddress.ip_address(entry.ip).exploded if entry.ip else None, "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def hash_with_another_key(entry):
    with override_settings(AUDIT_HMAC_KEY="a-key-the-attacker-guessed-0123456789"):
        return audit.compute_hash(entry)


def append_forged_entry(hash_entry):
    """What a role with INSERT on the audit table (and UPDATE on the head, which may advance) can do."""
    head = AuditChainHead.objects.get(pk=1)
    forged = AuditEntry(
        seq=head.seq + 1, created_at=timezone.now(), actor_repr="系统", action="applicants.application.forwarded",
        object_type="applicants.application", object_id="1", object_repr="伪造的申报", data={},
        prev_hash=head.last_hash,
    )
    forged.hash = hash_entry(forged)
    forged.save(force_insert=True)
    AuditChainHead.objects.filter(pk=1).update(seq=forged.seq, last_hash=forged.hash)
    return forged


def run_command(name, *args):
    stdout = io.StringIO()
    call_command(name, *args, stdout=stdout)
    return stdout.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("hash_entry", [plain_sha256, hash_with_another_key], ids=["plain-sha256", "wrong-key"])
def test_verify_chain_reports_an_appended_entry_hashed_without_the_key(hash_entry):
    record(3)

    append_forged_entry(hash_entry)
    report = audit.verify_chain()

    assert (report.ok, report.broken_seq, report.checked, report.problem) == (
        False, 4, 3, "第 4 条记录的内容与哈希不符（已被改动或伪造）"
    )


@pytest.mark.django_db
def test_verify_chain_accepts_an_appended_entry_hashed_with_the_key():
    # The control for the test above: the key, and only the key, is what the forger lacks.
    record(3)

    append_forged_entry(audit.compute_hash)

    assert (audit.verify_chain().ok, audit.verify_chain().checked) == (True, 4)


@pytest.mark.django_db
def test_entry_hash_depends_on_the_key():
    entry = record(1)[0]

    assert (audit.compute_hash(entry) == entry.hash, hash_with_another_key(entry) == entry.hash) == (True, False)


@pytest.mark.django_db
def test_anchor_head_appends_the_signed_head_to_the_file(tmp_path):
    path = tmp_path / "anchors" / "audit.jsonl"
    record(2)
    audit.anchor_head(path)
    newest = record(1, start=3)[0]

    audit.anchor_head(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    anchors = audit.read_anchors(lines)

    assert [(anchor.seq, anchor.hash) for anchor in anchors] == [
        (2, AuditEntry.objects.get(seq=2).hash), (3, newest.hash)
    ]


def cut_tail_and_rewind_head(tamper_audit_table, keep):
    kept = AuditEntry.objects.get(seq=keep)
    tamper_audit_table("DELETE FROM core_auditentry WHERE seq > %s", [keep])
    tamper_audit_table("UPDATE core_auditchainhead SET seq = %s, last_hash = %s WHERE id = 1", [keep, kept.hash])


@pytest.mark.django_db
def test_verify_chain_with_anchors_detects_a_cut_tail_and_rewound_head(tamper_audit_table, tmp_path):
    path = tmp_path / "audit.jsonl"
    record(3)
    audit.anchor_head(path)
    record(2, start=4)
    audit.anchor_head(path)

    cut_tail_and_rewind_head(tamper_audit_table, keep=3)
    without_anchors = audit.verify_chain()
    with_anchors = audit.verify_chain(audit.read_anchors(path.read_text().splitlines()))

    assert (without_anchors.ok, with_anchors.ok, with_anchors.broken_seq, with_anchors.problem) == (
        True, False, 4, "锚点记录链头为第 5 条，库中只有 3 条（末尾记录被删除、链头被回退？）"
    )


@pytest.mark.django_db
def test_verify_chain_with_anchors_detects_a_rewritten_tail(tamper_audit_table, tmp_path):
    # Someone holding the key rewrites the newest entry and the head: the chain holds, the anchor does not.
    path = tmp_path / "audit.jsonl"
    record(3)
    audit.anchor_head(path)
    rewritten = AuditEntry.objects.get(seq=3)
    rewritten.action = "core.test.rewritten"
    rewritten.hash = audit.compute_hash(rewritten)

    tamper_audit_table("UPDATE core_auditentry SET action = %s, hash = %s WHERE seq = 3", [rewritten.action, rewritten.hash])
    tamper_audit_table("UPDATE core_auditchainhead SET last_hash = %s WHERE id = 1", [rewritten.hash])
    without_anchors = audit.verify_chain()
    with_anchors = audit.verify_chain(audit.read_anchors(path.read_text().splitlines()))

    assert (without_anchors.ok, with_anchors.broken_seq, with_anchors.problem) == (
        True, 3, "第 3 条记录与锚点不符（链尾被改写？）"
    )


@pytest.mark.django_db
def test_read_anchors_refuses_an_anchor_signed_with_another_key(tmp_path):
    path = tmp_path / "audit.jsonl"
    record(1)
    audit.anchor_head(path)
    with override_settings(AUDIT_HMAC_KEY="a-key-the-attacker-guessed-0123456789"):
        audit.anchor_head(path)

    with pytest.raises(audit.AnchorError) as error:
        audit.read_anchors(path.read_text().splitlines())

    assert str(error.value) == "锚点文件第 2 行签名无效（锚点被改动，或密钥不同）"


@pytest.mark.django_db
def test_read_anchors_refuses_an_anchor_whose_seq_was_lowered(tmp_path):
    path = tmp_path / "audit.jsonl"
    record(3)
    line = json.loads(audit.current_anchor().to_line())

    path.write_text(json.dumps({**line, "seq": 2}) + "\n")
    with pytest.raises(audit.AnchorError) as error:
        audit.read_anchors(path.read_text().splitlines())

    assert str(error.value) == "锚点文件第 1 行签名无效（锚点被改动，或密钥不同）"


@pytest.mark.django_db
def test_anchor_audit_command_and_verify_audit_with_anchor_agree(tmp_path):
    path = tmp_path / "audit.jsonl"
    record(3)

    anchored = run_command("anchor_audit", "--path", str(path))
    verified = run_command("verify_audit", "--anchor", str(path))

    head = AuditChainHead.objects.get()
    assert (anchored, verified) == (
        f"已记录审计链锚点：第 3 条，哈希 {head.last_hash[:12]}…\n",
        "审计链完整：共 3 条记录。\n与锚点一致：核对 1 个锚点，最新锚定第 3 条。\n",
    )


@pytest.mark.django_db
def test_verify_audit_with_anchor_fails_on_a_cut_tail(tamper_audit_table, tmp_path):
    path = tmp_path / "audit.jsonl"
    record(4)
    run_command("anchor_audit", "--path", str(path))

    cut_tail_and_rewind_head(tamper_audit_table, keep=2)
    with pytest.raises(CommandError) as error:
        run_command("verify_audit", "--anchor", str(path))

    assert (str(error.value), error.value.returncode) == (
        "审计链在第 3 条处断裂：锚点记录链头为第 4 条，库中只有 2 条（末尾记录被删除、链头被回退？）（已核对 2 条）", 1
    )


@pytest.mark.django_db
def test_verify_audit_with_a_missing_anchor_file_fails(tmp_path):
    with pytest.raises(CommandError) as error:
        run_command("verify_audit", "--anchor", str(tmp_path / "missing.jsonl"))

    assert str(error.value) == f"无法读取锚点文件 {tmp_path / 'missing.jsonl'}：No such file or directory"


@pytest.mark.django_db
def test_anchor_audit_task_writes_to_the_configured_path_and_beat_schedules_it(settings, tmp_path):
    settings.AUDIT_ANCHOR_PATH = tmp_path / "beat.jsonl"
    record(2)

    seq = anchor_audit()
    scheduled = settings.CELERY_BEAT_SCHEDULE["anchor-audit"]["task"]

    assert (seq, len(audit.read_anchors(settings.AUDIT_ANCHOR_PATH.read_text().splitlines())), scheduled in celery_app.tasks) == (
        2, 1, True
    )
