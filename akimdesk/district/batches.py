"""Applying an office's batch: exactly once, in order, one bad op never blocking the rest.

Everything happens in one transaction that first locks the office's account row, so two PCs of
one office are applied one after the other while different offices go in parallel.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, Text, Uuid, any_, cast, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from akimdesk.district.models import (
    OfficeAccount,
    OpLog,
    ReceivedBatch,
    Record,
    Stream,
    now,
)
from akimdesk.domain.text import printable
from akimdesk.sync import schema
from akimdesk.sync.protocol import Batch, Op, ProtocolError, check_op

log = logging.getLogger(__name__)


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
    # batch after a lost ack); op ids catch the same op coming back in another stream of the
    # same office. Another office's op id is not ours: it is no duplicate.
    fresh = [op for op in batch.ops if op.seq > stream.high_water]
    known: set[uuid.UUID] = set()
    if fresh:
        known = set(
            s.scalars(
                select(OpLog.op_id).where(
                    OpLog.office_id == office_id, among(s, OpLog.op_id, [o.op_id for o in fresh])
                )
            )
        )
    todo = [op for op in fresh if op.op_id not in known]

    decided = _decide(s, office_id, todo)
    if decided.records:
        first_rev = office.record_rev + 1
        office.record_rev += len(decided.records)
        for i, row in enumerate(decided.records.values()):
            row.update(rev=first_rev + i, origin_stream=batch.stream, updated_at=now())
    for row in decided.logs:
        row.update(office_id=office_id, stream_id=batch.stream)
    _write(s, decided)

    stream.high_water = max(stream.high_water, batch.last)
    stream.last_seen = now()
    office.last_sync_at = now()
    office.app_version = app_version[:40]
    if client_time is not None:
        office.clock_skew_s = (client_time - now()).total_seconds()
    ack = {
        "batch": str(batch.batch_id),
        "acked_through": stream.high_water,
        "applied": len(todo) - len(decided.rejected),
        "duplicates": len(batch.ops) - len(todo),
        "rejected": decided.rejected,
        "new_stream": new_stream,
    }
    s.add(
        ReceivedBatch(
            id=batch.batch_id, office_id=office_id, stream_id=batch.stream,
            first_seq=batch.first, last_seq=batch.last, digest=batch.digest, ack=ack,
        )
    )  # fmt: skip
    return {**ack, "server_time": now().isoformat()}


Key = tuple[str, str]  # entity, record id (canonical text)


def among(s: Session, column: Any, ids: list[Any]) -> Any:
    """`column IN ids` as one array parameter on PostgreSQL: a list of thousands of ids as
    separate parameters cost more to build and parse than the look-up itself."""
    if s.get_bind().dialect.name == "postgresql":
        return column == any_(cast(cast([str(i) for i in ids], ARRAY(Text)), ARRAY(Uuid)))
    return column.in_([i if isinstance(i, uuid.UUID) else uuid.UUID(i) for i in ids])


@dataclass
class Decided:
    """What a batch writes: the refusals for the ack, an op log row per op, a record row per
    record (its last state in the batch), and which ops wrote each record."""

    rejected: list[dict[str, Any]] = field(default_factory=list)
    logs: list[dict[str, Any]] = field(default_factory=list)
    records: dict[Key, dict[str, Any]] = field(default_factory=dict)
    ops_of: dict[Key, list[int]] = field(default_factory=dict)  # indexes into logs

    def refuse(self, op: Op, reason: str, detail: str = "", server_version: int | None = None,
               log: dict[str, Any] | None = None) -> None:  # fmt: skip
        # The detail may be a field name taken from the body: cut to the op log's column.
        detail = printable(detail)[:DETAIL_CHARS]
        self.rejected.append({"seq": op.seq, "op_id": str(op.op_id), "reason": reason,
                              "detail": detail, "server_version": server_version})  # fmt: skip
        if log is not None:  # refused only when its record could not be written
            log.update(status="rejected", reason=reason, detail=detail,
                       payload=schema.storable(op.payload))  # fmt: skip


def _decide(s: Session, office_id: uuid.UUID, ops: list[Op]) -> Decided:
    """Which ops apply and which are refused, and why. Every payload is checked against its
    entity's schema first (in Python, no round trip); then one look-up per kind of record
    finds the owners and versions of the records the ops write and of their parents. Ids stay
    text until they reach the database (a valid one is in canonical form: check_op)."""
    specs = schema.entities()
    problems: list[schema.Problem | None] = []
    wanted: dict[str, set[str]] = {}
    for op in ops:
        reason = check_op(op)
        problem = schema.Problem(reason) if reason else schema.check_payload(op.entity, op.payload)
        problems.append(problem)
        if problem is None:
            wanted.setdefault(op.entity, set()).add(op.payload["id"])
            for column, parent in specs[op.entity].parents.items():
                value = op.payload.get(column)
                if value is not None:
                    wanted.setdefault(parent, set()).add(value)
    current: dict[Key, tuple[uuid.UUID, int]] = {}
    for entity, ids in wanted.items():  # one primary-key look-up per entity kind
        for rid, owner, version in s.execute(
            select(Record.id, Record.office_id, Record.version).where(
                Record.entity == entity, among(s, Record.id, list(ids))
            )
        ):
            current[(entity, str(rid))] = (owner, version)

    out = Decided()
    for op, problem in zip(ops, problems, strict=True):
        if problem is not None:
            out.logs.append(_log(op, printable(op.entity)[:ENTITY_CHARS],
                                 printable(op.entity_id)[:ID_CHARS]))  # fmt: skip
            out.refuse(op, problem.reason, problem.field, log=out.logs[-1])
            continue
        rid = op.payload["id"]
        out.logs.append(_log(op, op.entity, rid))
        key = (op.entity, rid)
        owner, version = current.get(key, (office_id, 0))
        foreign = _foreign_parent(op, specs[op.entity].parents, current, office_id)
        if owner != office_id or foreign:
            # Another office's record, or a child hung on another office's record: refused
            # and nothing stored, whatever the rest of the payload says.
            out.refuse(op, "not_yours", foreign, log=out.logs[-1])
        elif op.base_version != version:
            # Another PC (or an older copy of this database) changed the record meanwhile:
            # a person decides; clock time never picks a winner.
            out.refuse(op, "conflict", server_version=version, log=out.logs[-1])
        else:
            new_version = op.payload["version"]
            current[key] = (office_id, new_version)
            earlier = out.records.get(key)
            out.records[key] = {
                "entity": op.entity, "id": rid, "office_id": office_id,
                "version": new_version, "payload": op.payload,
                # not on the server before this batch (no version found: 0)
                "fresh": earlier["fresh"] if earlier else version == 0,
            }  # fmt: skip
            out.ops_of.setdefault(key, []).append(len(out.logs) - 1)
    return out


# The op log's columns (models.OpLog): a refused op's names are made printable, which can
# lengthen them (a control character is written as its code), then cut to fit.
ENTITY_CHARS, ID_CHARS, DETAIL_CHARS = 50, 36, 100


def _log(op: Op, entity: str, entity_id: str) -> dict[str, Any]:
    return {"op_id": op.op_id, "seq": op.seq, "entity": entity, "entity_id": entity_id,
            "status": "applied", "reason": "", "detail": "", "payload": None}  # fmt: skip


def _foreign_parent(
    op: Op, parents: dict[str, str], current: dict[Key, tuple[uuid.UUID, int]],
    office_id: uuid.UUID,
) -> str:  # fmt: skip
    """The field of `op` naming a parent record another office owns, or "". A parent the
    server does not hold (the office's seeded categories never travel) belongs to nobody."""
    for column, parent in parents.items():
        value = op.payload.get(column)
        if value is not None:
            held = current.get((parent, value))
            if held is not None and held[0] != office_id:
                return column
    return ""


# SQLSTATE classes that are about the connection or the server, not the data: the batch is
# answered 503 and the office sends it again later.
TRANSIENT_SQLSTATES = ("08", "40", "53", "57", "58")


def _data_error(exc: Exception) -> bool:
    """A database error caused by what an op holds (a value PostgreSQL will not take, a
    constraint), as opposed to the database being unavailable."""
    if isinstance(exc, OperationalError):
        return False
    state = getattr(getattr(exc, "orig", exc), "sqlstate", None) or ""
    if state:
        return state[:2] not in TRANSIENT_SQLSTATES
    return isinstance(exc, DBAPIError)


def _write_rows(s: Session, decided: Decided) -> None:
    """The fast path: COPY every record and log row at once, inside a savepoint. Should the
    database still refuse something the checks let through, the batch goes again op by op and
    only what fails is refused (`not_stored`); a data error never fails the whole batch."""
    try:
        with s.begin_nested():
            if decided.records:
                _upsert_records(s, list(decided.records.values()))
            if decided.logs:
                _insert_logs(s, decided.logs)
        return
    except Exception as exc:
        if not _data_error(exc):
            raise
        log.warning("batch written op by op after a database error: %s", exc)
    for key, row in decided.records.items():
        try:
            with s.begin_nested():
                _upsert_one(s, row)
        except Exception as exc:
            if not _data_error(exc):
                raise
            log.warning("%s %s not stored: %s", key[0], key[1], exc)
            for i in decided.ops_of[key]:
                entry = decided.logs[i]
                op = Op(entry["seq"], entry["op_id"], key[0], 0, 0, row["payload"])
                decided.refuse(op, "not_stored", log=entry)
    for entry in decided.logs:
        try:
            with s.begin_nested():
                _insert_logs(s, [entry])
        except Exception as exc:
            if not _data_error(exc):
                raise
            with s.begin_nested():  # the op is still recorded, without what it held
                _insert_logs(s, [{**entry, "payload": None}])


def _write(s: Session, decided: Decided) -> None:
    """COPY runs on the driver's own cursor, whose errors SQLAlchemy never wraps: one still
    raised (not about the data: the checks keep every value to its column) is the database
    being unavailable, a 503 the office retries, never a 500."""
    try:
        _write_rows(s, decided)
    except Exception as exc:
        if type(exc).__module__.split(".")[0] != "psycopg":
            raise
        log.warning("batch not written: %s", exc)
        raise ProtocolError(503, "unavailable", "database unavailable", retry_after=5) from exc


LOG_COLUMNS = ("op_id", "office_id", "stream_id", "seq", "entity", "entity_id", "status", "reason",
               "detail", "payload", "received_at")  # fmt: skip


def _insert_logs(s: Session, rows: list[dict[str, Any]]) -> None:
    """COPY on PostgreSQL: the op log is the bulk of what a batch writes."""
    at = now()
    if s.get_bind().dialect.name != "postgresql":
        s.execute(insert(OpLog), [{**r, "received_at": at} for r in rows])
        return
    raw = s.connection().connection.driver_connection
    sql = f"COPY op_log ({', '.join(LOG_COLUMNS)}) FROM STDIN"
    with raw.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[union-attr]
        for r in rows:
            payload = json.dumps(r["payload"], ensure_ascii=False) if r["payload"] else None
            copy.write_row((r["op_id"], r["office_id"], r["stream_id"], r["seq"], r["entity"],
                            r["entity_id"], r["status"], r["reason"], r["detail"], payload, at))  # fmt: skip


def _upsert_records(s: Session, rows: list[dict[str, Any]]) -> None:
    if s.get_bind().dialect.name == "postgresql":
        _upsert_records_pg(s, rows)
    else:
        s.execute(_upsert_statement(sqlite.insert), [_typed(r) for r in rows])


def _upsert_one(s: Session, row: dict[str, Any]) -> None:
    """One record by a plain statement: the slow path after a bulk write failed."""
    dialect = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
    s.execute(_upsert_statement(dialect.insert), [_typed(row)])


def _typed(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its id as the UUID SQLAlchemy's column type wants (COPY takes the text)."""
    return {**row, "id": uuid.UUID(row["id"])}


def _upsert_statement(make_insert):
    ins = make_insert(Record)
    return ins.on_conflict_do_update(
        index_elements=[Record.entity, Record.id],
        set_={
            k: getattr(ins.excluded, k)
            for k in ("version", "payload", "rev", "origin_stream", "updated_at")
        },
    )


RECORD_COLUMNS = ("entity", "id", "office_id", "version", "payload", "rev", "origin_stream",
                  "updated_at")  # fmt: skip


def _upsert_records_pg(s: Session, rows: list[dict[str, Any]]) -> None:
    """New records are copied straight into `record` (COPY); records the server holds go into
    a temporary table first, then one INSERT ... ON CONFLICT: a few round trips per batch
    instead of one statement per record. A record another office wrote meanwhile makes the
    COPY fail like any data error, and the batch goes op by op (_write)."""
    raw = s.connection().connection.driver_connection
    cols = ", ".join(RECORD_COLUMNS)
    new = [r for r in rows if r["fresh"]]
    old = [r for r in rows if not r["fresh"]]
    with raw.cursor() as cur:  # type: ignore[union-attr]
        if new:
            _copy_records(cur, f"COPY record ({cols}) FROM STDIN", new)
        if old:
            cur.execute(
                "CREATE TEMP TABLE IF NOT EXISTS record_in (LIKE record INCLUDING DEFAULTS) "
                "ON COMMIT DELETE ROWS"
            )
            _copy_records(cur, f"COPY record_in ({cols}) FROM STDIN", old)
            cur.execute(
                f"INSERT INTO record ({cols}) SELECT {cols} FROM record_in "
                "ON CONFLICT (entity, id) DO UPDATE SET version = EXCLUDED.version, "
                "payload = EXCLUDED.payload, rev = EXCLUDED.rev, "
                "origin_stream = EXCLUDED.origin_stream, updated_at = EXCLUDED.updated_at"
            )
            cur.execute("TRUNCATE record_in")


def _copy_records(cur: Any, sql: str, rows: list[dict[str, Any]]) -> None:
    with cur.copy(sql) as copy:
        for r in rows:
            copy.write_row((r["entity"], r["id"], r["office_id"], r["version"],
                            json.dumps(r["payload"], ensure_ascii=False), r["rev"],
                            r["origin_stream"], r["updated_at"]))  # fmt: skip


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
