"""The office's outbox on its way out: batches of a contiguous seq range, and their acks.

Rows are marked sent only up to the server's `acked_through`, in the same transaction that
records the rejections, so a crash anywhere leaves either the old state or the new one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from akimdesk.models import OutboxEntry, SyncRejection, new_id, utcnow
from akimdesk.sync import protocol, state, wire


@dataclass(frozen=True)
class OutgoingBatch:
    batch_id: uuid.UUID
    first: int
    last: int
    count: int
    body: bytes
    digest: str
    version: int = protocol.WIRE_VERSION


def pending_count(s: Session) -> int:
    return (
        s.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.acked_at.is_(None))
        )
        or 0
    )


def build(
    s: Session, link: state.Link, max_ops: int, version: int = protocol.WIRE_VERSION,
    after: int = 0,
) -> OutgoingBatch | None:  # fmt: skip
    """The oldest unsent ops (after seq `after`), at most `max_ops` and at most MAX_BATCH_BYTES
    compressed, in wire `version` (1 for a district server not upgraded yet)."""
    columns = (
        OutboxEntry.seq, OutboxEntry.op_id, OutboxEntry.entity, OutboxEntry.base_version,
        OutboxEntry.schema_version, OutboxEntry.payload,
    )  # fmt: skip
    rows = s.execute(
        select(*columns)
        .where(OutboxEntry.acked_at.is_(None), OutboxEntry.seq > after)
        .order_by(OutboxEntry.seq)
        .limit(max_ops)
    ).all()
    if not rows:
        return None
    ops = [tuple(r) for r in rows]
    encode = wire.encode if version >= 2 else protocol.encode_batch
    while True:
        batch_id = new_id()
        body, digest = encode(batch_id, link.stream, link.pc, ops)
        if len(body) <= protocol.MAX_BATCH_BYTES or len(ops) == 1:
            return OutgoingBatch(batch_id, ops[0][0], ops[-1][0], len(ops), body, digest, version)
        ops = ops[: len(ops) // 2]


def record_ack(s: Session, ack: dict[str, Any]) -> list[SyncRejection]:
    """Marks ops up to `acked_through` as sent and keeps the server's rejections."""
    through = int(ack["acked_through"])
    rejected = []
    for item in ack.get("rejected", []):
        row = s.scalar(select(OutboxEntry).where(OutboxEntry.seq == int(item["seq"])))
        if row is None or row.acked_at is not None:
            continue  # a replayed ack: recorded the first time
        rej = SyncRejection(
            seq=row.seq, op_id=row.op_id, entity=row.entity, entity_id=row.entity_id,
            reason=str(item.get("reason", ""))[:40], detail=str(item.get("detail", "")),
            server_version=item.get("server_version"),
        )  # fmt: skip
        s.add(rej)
        rejected.append(rej)
    s.execute(
        update(OutboxEntry)
        .where(OutboxEntry.acked_at.is_(None), OutboxEntry.seq <= through)
        .values(acked_at=utcnow())
    )
    state.put(s, state.LAST_SYNC, utcnow().isoformat())
    return rejected


def resend_from(s: Session, seq: int) -> int:
    """The server lost ops from `seq` on (it was restored from a backup): send them again."""
    result = cast(CursorResult[Any], s.execute(
        update(OutboxEntry).where(OutboxEntry.seq >= seq, OutboxEntry.acked_at.is_not(None))
        .values(acked_at=None)
    ))  # fmt: skip
    return result.rowcount or 0


def open_rejections(s: Session) -> list[SyncRejection]:
    return list(
        s.scalars(
            select(SyncRejection)
            .where(SyncRejection.resolved_at.is_(None))
            .order_by(SyncRejection.id)
        )
    )
