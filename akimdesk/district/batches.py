"""Applying an office's batch: exactly once, in order, one bad op never blocking the rest.

Everything happens in one transaction that first locks the office's account row, so two PCs of
one office are applied one after the other while different offices go in parallel.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from akimdesk.district.models import (
    OfficeAccount,
    OpLog,
    ReceivedBatch,
    Record,
    Stream,
    now,
)
from akimdesk.sync.protocol import Batch, Op, ProtocolError, check_op


def apply_batch(
    s: Session,
    office_id: uuid.UUID,
    batch: Batch,
    client_time: datetime | None = None,
    app_version: str = "",
) -> dict[str, Any]:
    """Applies `batch` for the office and returns the ack; raises ProtocolError for a 409."""
    office = s.execute(
        select(OfficeAccount).where(OfficeAccount.id == office_id).with_for_update()
    ).scalar_one()

    seen = s.get(ReceivedBatch, batch.batch_id)
    if seen is not None:
        if seen.office_id != office_id or seen.digest != batch.digest:
            raise ProtocolError(409, "batch_conflict", "this batch id was sent with other content")
        return {**seen.ack, "server_time": now().isoformat(), "replayed": True}

    stream = s.get(Stream, batch.stream)
    new_stream = stream is None
    if stream is None:
        # A PC that already had a stream and comes with a new one was restored or reinstalled.
        if s.scalar(select(Stream.id).where(Stream.pc_id == batch.pc).limit(1)) is not None:
            office.epoch_changes += 1
        stream = Stream(
            id=batch.stream, office_id=office_id, pc_id=batch.pc,
            high_water=batch.first - 1, first_seq=batch.first,
        )  # fmt: skip
        s.add(stream)
    elif stream.office_id != office_id:
        raise ProtocolError(409, "batch_conflict", "this stream belongs to another office")
    elif batch.first > stream.high_water + 1:
        raise ProtocolError(409, "gap", "ops are missing before this batch",
                            expected=stream.high_water + 1)  # fmt: skip

    # Ops at or below the high-water mark were applied before (a rebuilt, smaller or larger
    # batch after a lost ack); op ids catch the same op coming back in another stream.
    fresh = [op for op in batch.ops if op.seq > stream.high_water]
    known: set[uuid.UUID] = set()
    if fresh:
        known = set(s.scalars(select(OpLog.op_id).where(OpLog.op_id.in_([o.op_id for o in fresh]))))
    todo = [op for op in fresh if op.op_id not in known]

    results, logs, records = _decide(s, office_id, todo)
    if records:
        first_rev = office.record_rev + 1
        office.record_rev += len(records)
        rows = [
            {**r, "rev": first_rev + i, "origin_stream": batch.stream, "updated_at": now()}
            for i, r in enumerate(records.values())
        ]
        _upsert_records(s, rows)
    if logs:
        _insert_logs(
            s, [{**row, "office_id": office_id, "stream_id": batch.stream} for row in logs]
        )

    stream.high_water = max(stream.high_water, batch.last)
    stream.last_seen = now()
    office.last_sync_at = now()
    office.app_version = app_version[:40]
    if client_time is not None:
        office.clock_skew_s = (client_time - now()).total_seconds()
    ack = {
        "batch": str(batch.batch_id),
        "acked_through": stream.high_water,
        "applied": len(todo) - len(results),
        "duplicates": len(batch.ops) - len(todo),
        "rejected": results,
        "new_stream": new_stream,
    }
    s.add(
        ReceivedBatch(
            id=batch.batch_id, office_id=office_id, stream_id=batch.stream,
            first_seq=batch.first, last_seq=batch.last, digest=batch.digest, ack=ack,
        )
    )  # fmt: skip
    return {**ack, "server_time": now().isoformat()}


def _decide(
    s: Session, office_id: uuid.UUID, ops: list[Op]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[tuple[str, uuid.UUID], dict[str, Any]]]:
    """Which ops apply and which are rejected; returns (rejections, op log rows, record rows)."""
    problems = [check_op(op) for op in ops]
    keys = {
        (op.entity, uuid.UUID(op.entity_id))
        for op, p in zip(ops, problems, strict=True)
        if p is None
    }
    current: dict[tuple[str, uuid.UUID], tuple[uuid.UUID, int]] = {}
    if keys:
        by_entity: dict[str, list[uuid.UUID]] = {}
        for entity, rid in keys:
            by_entity.setdefault(entity, []).append(rid)
        for entity, ids in by_entity.items():  # one primary-key look-up per entity kind
            for rid, owner, version in s.execute(
                select(Record.id, Record.office_id, Record.version).where(
                    Record.entity == entity, Record.id.in_(ids)
                )
            ):
                current[(entity, rid)] = (owner, version)

    rejected: list[dict[str, Any]] = []
    logs: list[dict[str, Any]] = []
    records: dict[tuple[str, uuid.UUID], dict[str, Any]] = {}
    for op, reason in zip(ops, problems, strict=True):
        server_version = None
        if reason is None:
            key = (op.entity, uuid.UUID(op.entity_id))
            owner, version = current.get(key, (office_id, 0))
            if owner != office_id:
                reason = "not_yours"
            elif op.base_version != version:
                # Another PC (or an older copy of this database) changed the record meanwhile:
                # a person decides; clock time never picks a winner.
                reason, server_version = "conflict", version
        log = {
            "op_id": op.op_id, "seq": op.seq, "entity": op.entity,
            "entity_id": op.entity_id[:36], "status": "applied", "reason": "", "payload": None,
        }  # fmt: skip
        if reason is not None:
            log.update(status="rejected", reason=reason, payload=op.payload)
            rejected.append(
                {"seq": op.seq, "op_id": str(op.op_id), "reason": reason,
                 "server_version": server_version}
            )  # fmt: skip
        else:
            new_version = op.payload["version"]
            current[key] = (office_id, new_version)
            records[key] = {
                "entity": op.entity, "id": key[1], "office_id": office_id,
                "version": new_version, "payload": op.payload,
            }  # fmt: skip
        logs.append(log)
    return rejected, logs, records


LOG_COLUMNS = ("op_id", "office_id", "stream_id", "seq", "entity", "entity_id", "status", "reason",
               "payload", "received_at")  # fmt: skip


def _insert_logs(s: Session, rows: list[dict[str, Any]]) -> None:
    """COPY on PostgreSQL: the op log is the bulk of what a batch writes."""
    if s.get_bind().dialect.name != "postgresql":
        s.execute(insert(OpLog), rows)
        return
    at = now()
    raw = s.connection().connection.driver_connection
    sql = f"COPY op_log ({', '.join(LOG_COLUMNS)}) FROM STDIN"
    with raw.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[union-attr]
        for r in rows:
            payload = json.dumps(r["payload"], ensure_ascii=False) if r["payload"] else None
            copy.write_row((r["op_id"], r["office_id"], r["stream_id"], r["seq"], r["entity"],
                            r["entity_id"], r["status"], r["reason"], payload, at))  # fmt: skip


def _upsert_records(s: Session, rows: list[dict[str, Any]]) -> None:
    if s.get_bind().dialect.name == "postgresql":
        _upsert_records_pg(s, rows)
        return
    ins = sqlite.insert(Record)
    stmt = ins.on_conflict_do_update(
        index_elements=[Record.entity, Record.id],
        set_={
            k: getattr(ins.excluded, k)
            for k in ("version", "payload", "rev", "origin_stream", "updated_at")
        },
    )
    s.execute(stmt, rows)


def _upsert_records_pg(s: Session, rows: list[dict[str, Any]]) -> None:
    """COPY into a temporary table, then one INSERT ... ON CONFLICT: a few round trips per batch
    instead of one statement per record."""
    raw = s.connection().connection.driver_connection
    cols = ("entity", "id", "office_id", "version", "payload", "rev", "origin_stream", "updated_at")
    with raw.cursor() as cur:  # type: ignore[union-attr]
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS record_in (LIKE record INCLUDING DEFAULTS) "
            "ON COMMIT DELETE ROWS"
        )
        with cur.copy(f"COPY record_in ({', '.join(cols)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row((r["entity"], r["id"], r["office_id"], r["version"],
                                json.dumps(r["payload"], ensure_ascii=False), r["rev"],
                                r["origin_stream"], r["updated_at"]))  # fmt: skip
        cur.execute(
            f"INSERT INTO record ({', '.join(cols)}) SELECT {', '.join(cols)} FROM record_in "
            "ON CONFLICT (entity, id) DO UPDATE SET version = EXCLUDED.version, "
            "payload = EXCLUDED.payload, rev = EXCLUDED.rev, "
            "origin_stream = EXCLUDED.origin_stream, updated_at = EXCLUDED.updated_at"
        )


def rejected_ops(s: Session, office_id: uuid.UUID | None = None) -> list[OpLog]:
    q = select(OpLog).where(OpLog.status == "rejected").order_by(OpLog.received_at)
    if office_id is not None:
        q = q.where(OpLog.office_id == office_id)
    return list(s.scalars(q))


def record_counts(s: Session) -> dict[tuple[uuid.UUID, str], int]:
    rows = s.execute(
        select(Record.office_id, Record.entity, func.count()).group_by(
            Record.office_id, Record.entity
        )
    )
    return {(o, e): n for o, e, n in rows}
