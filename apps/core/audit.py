"""The tamper-evident audit trail.

`record` is called inside a service's transaction, so a change and its entry land together
or not at all. Each entry's hash is an HMAC-SHA256 keyed with `AUDIT_HMAC_KEY` (from the
environment, never stored in the database), so a role that may insert rows cannot append an
entry that verifies. `anchor_head` copies the signed chain head to `AUDIT_ANCHOR_PATH`, outside
the database, so a tail cut off together with a rewound head is found as well.
`verify_chain` recomputes every link; `manage.py verify_audit [--anchor FILE]` reports the
first broken one.

The project has no production data yet: entries hashed with the earlier unkeyed SHA-256 are
not supported (a database seeded before the change is reseeded, not migrated).
"""
import hashlib
import hmac
import ipaddress
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .masking import mask_data, mask_text
from .models import GENESIS_HASH, AuditChainHead, AuditEntry
from .request_context import get_client_ip

anchor_logger = logging.getLogger("apps.core.audit.anchor")


def record(actor, action, obj=None, **data):
    """Append an entry for `action` (dotted `<app>.<model>.<event>`) on `obj` by `actor`.

    `data` holds what changed (previous=, reason=, old and new values). Resident ID numbers and
    phone numbers in `data`, in `str(obj)` and in the actor's name are masked before they are
    hashed and stored (the log is kept for years and read by auditors), so a free-text reason
    typed with a phone number in it keeps only `138****5678`.
    Decimals, dates and floats are kept as text, so the data reads back exactly as hashed.

    Lock order: call `record` last in the service, after every domain row lock. It locks the
    chain head, the one row every audited transaction shares, and holds it until commit. A
    service that audited first and then waited for a domain row would deadlock with one that
    holds that row and waits for the head. Several entries in one transaction are fine (the head
    is locked once, at the first); bulk services lock their rows with
    `apps.core.locking.lock_in_order` before the first entry, or write one `record_summary`.
    Nothing slow (mail, PDF, HTTP) may run between `record` and commit: queue it with
    `transaction.on_commit`, as `notices.services.queue_notice` does. (The actor's user row is
    share-locked just before the head, for the entry's foreign key: see `_share_actor_row`.)
    """
    data = mask_data(canonical_data(data))
    with transaction.atomic():
        _share_actor_row(actor)
        # Lock the chain head: concurrent writers queue here, so links never fork.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_repr=mask_text(_actor_repr(actor))[:150],
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=mask_text(str(obj))[:200] if obj is not None else "",
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


def _share_actor_row(actor):
    """Take the entry's foreign-key lock on the actor's row now, before the head, not at INSERT after it.

    On PostgreSQL the INSERT takes FOR KEY SHARE on the referenced user row. Taken while holding
    the head, it would wait for a transaction that locked that user (`select_for_update`, e.g.
    deactivating the account) and now waits for the head: a deadlock. Taken first, it only queues.
    """
    if actor is None or not actor.pk or connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {quote(actor._meta.db_table)} WHERE {quote(actor._meta.pk.column)} = %s FOR KEY SHARE",
            [actor.pk],
        )


def record_summary(actor, action, objects, **data):
    """One entry for a bulk change of `objects` (rows of one model), instead of one per row.

    The entry names the model and lists the primary keys (`ids`) and their number (`count`);
    `data` says what was done to all of them. Lock the rows first (`lock_in_order`), then call this.
    """
    objects = list(objects)
    model = type(objects[0]) if objects else None
    return record(
        actor,
        action,
        _Summary(model, len(objects)) if model is not None else None,
        count=len(objects),
        ids=[str(obj.pk) for obj in objects],
        **data,
    )


class _Summary:
    """Stands in for the bulk of rows in `record`: the model's label, no single pk."""

    def __init__(self, model, count):
        self._meta, self.pk, self._count = model._meta, "", count

    def __str__(self):
        return f"{self._count} 条{self._meta.verbose_name}"


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
    """HMAC-SHA256 of the entry's content and `prev_hash`, keyed with `AUDIT_HMAC_KEY`."""
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
    return _hmac("entry", canonical)


def _hmac(purpose, message):
    # The purpose prefix keeps an entry hash from ever passing as an anchor signature, and back.
    return hmac.new(
        settings.AUDIT_HMAC_KEY.encode("utf-8"), f"{purpose}\n{message}".encode("utf-8"), hashlib.sha256
    ).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    problem: str = ""
    anchors: int = 0  # anchors compared with the chain
    anchored_seq: int = 0  # the newest anchored entry

    @property
    def ok(self):
        return self.broken_seq is None


def verify_chain(anchors=()):
    """Walk the chain oldest first; report the first link that does not hold.

    `anchors` (from `read_anchors`) are heads copied out earlier: each anchored entry must still
    exist with the same hash, so a cut or rewritten tail is found even when the head was rewound.
    """
    anchored = {}
    for anchor in anchors:
        if anchored.setdefault(anchor.seq, anchor.hash) != anchor.hash:
            return ChainReport(0, anchor.seq, f"锚点之间不一致：第 {anchor.seq} 条记录的哈希前后不同（链尾曾被改写）")
    anchored.pop(0, None)  # the empty chain's anchor
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"缺少第 {expected_seq} 条记录（已被删除？），下一条为第 {entry.seq} 条")
        if entry.prev_hash != prev_hash:
            return ChainReport(checked, entry.seq, f"第 {entry.seq} 条记录的前一条哈希与链不符（前一条被改动或删除）")
        if not hmac.compare_digest(compute_hash(entry), entry.hash):
            return ChainReport(checked, entry.seq, f"第 {entry.seq} 条记录的内容与哈希不符（已被改动或伪造）")
        if anchored.get(entry.seq, entry.hash) != entry.hash:
            return ChainReport(checked, entry.seq, f"第 {entry.seq} 条记录与锚点不符（链尾被改写？）")
        expected_seq, prev_hash, checked = expected_seq + 1, entry.hash, checked + 1
    last_seq = expected_seq - 1
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.last_hash) if head else (0, GENESIS_HASH)
    if (head_seq, head_hash) != (last_seq, prev_hash):
        return ChainReport(checked, expected_seq, f"链头记录为第 {head_seq} 条，实际只有 {last_seq} 条（末尾记录被删除？）")
    newest_anchor = max(anchored, default=0)
    if newest_anchor > last_seq:
        return ChainReport(
            checked, last_seq + 1, f"锚点记录链头为第 {newest_anchor} 条，库中只有 {last_seq} 条（末尾记录被删除、链头被回退？）"
        )
    return ChainReport(checked, anchors=len(anchored), anchored_seq=newest_anchor)


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str
    signature: str

    @property
    def message(self):
        return f"{self.seq}\n{self.hash}\n{self.at}"

    def to_line(self):
        return json.dumps({"seq": self.seq, "hash": self.hash, "at": self.at, "sig": self.signature}, sort_keys=True)


class AnchorError(ValueError):
    """An anchor file line that is unreadable or whose signature does not hold."""


def current_anchor():
    """The chain head as it stands now, signed with `AUDIT_HMAC_KEY`."""
    head = AuditChainHead.objects.filter(pk=1).first()
    seq, last_hash = (head.seq, head.last_hash) if head else (0, GENESIS_HASH)
    unsigned = Anchor(seq, last_hash, timezone.now().isoformat(), "")
    return Anchor(seq, last_hash, unsigned.at, _hmac("anchor", unsigned.message))


def anchor_head(path=None):
    """Append the signed chain head to the anchor file (`AUDIT_ANCHOR_PATH`) and to the log.

    Keep the file outside the database's reach (another host, an append-only volume, a log
    shipper): it is what lets `verify_audit --anchor` notice a tail cut off with the head rewound.
    """
    anchor = current_anchor()
    path = Path(path or settings.AUDIT_ANCHOR_PATH)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(anchor.to_line() + "\n")
    anchor_logger.info("audit anchor %s", anchor.to_line())
    return anchor


def read_anchors(lines):
    """Parse anchor lines (from `anchor_head`); raise `AnchorError` on a line that is bad or not signed by our key."""
    anchors = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
            anchor = Anchor(int(fields["seq"]), str(fields["hash"]), str(fields["at"]), str(fields["sig"]))
        except (ValueError, KeyError, TypeError) as error:
            raise AnchorError(f"锚点文件第 {number} 行无法读取") from error
        if not hmac.compare_digest(_hmac("anchor", anchor.message), anchor.signature):
            raise AnchorError(f"锚点文件第 {number} 行签名无效（锚点被改动，或密钥不同）")
        anchors.append(anchor)
    return anchors


def _actor_repr(actor):
    if actor is None:
        return "系统"
    return getattr(actor, "username", "") or str(actor)
