"""The tamper-evident audit trail.

`record` is called inside a service's transaction, so a change and its entry land together
or not at all. `verify_chain` recomputes every link; `manage.py verify_audit` reports the first
broken one.
"""
import hashlib
import ipaddress
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .models import GENESIS_HASH, AuditChainHead, AuditEntry
from .request_context import get_client_ip


def record(actor, action, obj=None, **data):
    """Append an entry for `action` (dotted `<app>.<model>.<event>`) on `obj` by `actor`.

    `data` holds what changed (previous=, reason=, old and new values). Never pass personal
    data (ID numbers, phones) here: the log is kept for years and read by auditors.
    Decimals, dates and floats are kept as text, so the data reads back exactly as hashed.
    """
    data = canonical_data(data)
    with transaction.atomic():
        # Lock the chain head: concurrent writers queue here, so links never fork.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_repr=_actor_repr(actor),
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            data=data,
            # Stored in the field's canonical form (IPv6 compressed, lower case), so the hash matches what is read back.
            ip=AuditEntry._meta.get_field("ip").get_prep_value(get_client_ip()),
            prev_hash=head.last_hash,
        )
        entry.hash = compute_hash(entry)
        entry.save(force_insert=True)
        head.seq, head.last_hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "last_hash"])
    return entry


def canonical_data(data):
    """`data` in the JSON form every database gives back unchanged.

    PostgreSQL's jsonb rewrites some floats (-0.0 as 0, 1e16 as an integer), which would break
    the hash; floats become their `repr` text like Decimals (DjangoJSONEncoder) already do.
    """
    return json.loads(json.dumps(_floats_as_text(data), cls=DjangoJSONEncoder))


def _floats_as_text(value):
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {key: _floats_as_text(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_floats_as_text(item) for item in value]
    return value


def compute_hash(entry):
    payload = {
        "seq": entry.seq,
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor": entry.actor_repr,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "data": entry.data,
        # Exploded: PostgreSQL's inet and Python print some IPv6 addresses differently.
        "ip": ipaddress.ip_address(entry.ip).exploded if entry.ip else None,
        "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def ok(self):
        return self.broken_seq is None


def verify_chain():
    """Walk the chain oldest first; report the first link that does not hold."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"缺少第 {expected_seq} 条记录（已被删除？），下一条为第 {entry.seq} 条")
        if entry.prev_hash != prev_hash:
            return ChainReport(checked, entry.seq, f"第 {entry.seq} 条记录的前一条哈希与链不符（前一条被改动或删除）")
        if compute_hash(entry) != entry.hash:
            return ChainReport(checked, entry.seq, f"第 {entry.seq} 条记录的内容与哈希不符（已被改动）")
        expected_seq, prev_hash, checked = expected_seq + 1, entry.hash, checked + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.last_hash) if head else (0, GENESIS_HASH)
    if (head_seq, head_hash) != (expected_seq - 1, prev_hash):
        return ChainReport(checked, expected_seq, f"链头记录为第 {head_seq} 条，实际只有 {expected_seq - 1} 条（末尾记录被删除？）")
    return ChainReport(checked)


def _actor_repr(actor):
    if actor is None:
        return "系统"
    return getattr(actor, "username", "") or str(actor)
