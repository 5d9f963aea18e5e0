"""The office's own records coming back from the server: a new PC restoring, or a PC catching
up with what its office's other PC (or its own older copy) sent.

Pages are staged in `sync_inbox` with their cursor; once the last page is in, the staged set is
applied in dependency order in one transaction and the cursor moves on with it.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause

from akimdesk.models import InboxRecord, OutboxEntry, SyncRejection, new_id, utcnow
from akimdesk.models.base import column_values
from akimdesk.services.operation import operation
from akimdesk.storage.database import Database
from akimdesk.sync import schema, state
from akimdesk.sync.refdata import DISTRICT
from akimdesk.sync.schema import syncable_models

log = logging.getLogger(__name__)

PENDING_CURSOR = "records_cursor_pending"


def stage_page(db: Database, page: dict[str, Any]) -> int:
    """Keeps one page of pulled records and its cursor, together."""
    rows = page.get("records", [])
    with db.write() as s:
        for entity, rid, version, payload in rows:
            key = (entity, uuid.UUID(rid))
            staged = s.get(InboxRecord, key)
            if staged is None:
                s.add(InboxRecord(entity=entity, id=key[1], version=version, payload=payload))
            elif version > staged.version:
                staged.version, staged.payload = version, payload
        state.put(s, PENDING_CURSOR, int(page["cursor"]))
    return len(rows)


def pending_cursor(s: Session) -> int:
    return int(state.get(s, PENDING_CURSOR) or state.get(s, state.RECORDS_CURSOR) or 0)


# Fields that must be unique in an office's file. Two PCs (or a PC restored from an old backup)
# can give the same case number to two cases; the pulled case then waits for a person.
UNIQUE_FIELDS = {"fine_case": "number", "meeting": "ref", "asset": "inventory_number"}


def apply_staged(db: Database) -> int:
    """Writes the staged records that are newer than ours; our own unsent edits are left alone
    (the server will report the conflict on push, for a person to resolve).

    A record that cannot go in is set aside in the inbox with its reason, with the records that
    depend on it, and the rest goes in: a value this PC cannot store, a parent record that is
    not here, reference data not yet received, a number already taken here. Set-aside records
    are tried again at every sync."""
    models = syncable_models()
    tables = {m.__tablename__: e for e, m in models.items()}
    applied = 0
    with operation(db, DISTRICT, "sync.records", outbox=False) as op:
        s = op.session
        unsent = set(s.scalars(select(OutboxEntry.entity_id).where(OutboxEntry.acked_at.is_(None))))
        aside: dict[str, dict[uuid.UUID, tuple[str, str]]] = {}  # entity -> id -> reason, field
        for entity, model in models.items():
            staged = s.scalars(select(InboxRecord).where(InboxRecord.entity == entity)).all()
            if not staged:
                continue
            table = model.__table__
            mine = _versions(s, table, [r.id for r in staged])
            parents = _parents_present(s, model, staged, tables)
            refs = _reference_columns(s, model, models)
            unique = UNIQUE_FIELDS.get(entity)
            keep: dict[uuid.UUID, tuple[str, str]] = {}
            rows: list[tuple[InboxRecord, dict[str, Any]]] = []
            others = set(s.scalars(select(table.c.id))) if entity == "office" else set()
            for r in staged:
                problem = schema.check_payload(entity, r.payload)
                if problem is not None:
                    keep[r.id] = (problem.reason, problem.field)
                    continue
                if r.id in unsent or mine.get(r.id, 0) >= r.version:
                    continue
                if missing := _missing_parent(r, parents, aside, tables):
                    keep[r.id] = missing
                    continue
                if any(
                    r.payload.get(col) is not None and str(r.payload[col]) not in present
                    for col, present in refs
                ):
                    keep[r.id] = ("missing_reference", "")  # a settlement or article to come
                    continue
                if others - {r.id}:
                    continue  # this PC was set up as the office already; one office per file
                if unique and _taken(s, table, unique, r.payload.get(unique), r.id):
                    keep[r.id] = ("number_taken", unique)
                    _report_taken(s, entity, r, unique)
                    continue
                rows.append((r, column_values(model, {**r.payload, "version": r.version})))
            for r, reason in _write(s, table, rows, mine).items():
                keep[r.id] = (reason, "")
            for r, _values in rows:
                if r.id not in keep:
                    op.note(entity, str(r.id), None, r.payload)
                    applied += 1
            aside[entity] = keep
            _set_aside(s, entity, staged, keep)
        state.put(s, state.RECORDS_CURSOR, pending_cursor(s))
        state.put(s, PENDING_CURSOR, None)
    return applied


def _versions(s: Session, table: FromClause, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    mine: dict[uuid.UUID, int] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        mine.update(
            s.execute(select(table.c.id, table.c.version).where(table.c.id.in_(part))).all()
        )
    return mine


def _parents_present(s: Session, model, staged, tables) -> dict[str, tuple[str, set[str]]]:  # type: ignore[no-untyped-def]
    """For each foreign key of `model` to a synced record: (parent entity, the ids of the
    parents the staged records name that are on this PC). Parents applied earlier in this
    transaction are found too: entities are applied parents first."""
    out = {}
    for fk in model.__table__.foreign_keys:
        parent = tables.get(fk.column.table.name)
        if parent is None:
            continue
        column = fk.parent.key
        named = {str(r.payload[column]) for r in staged if r.payload.get(column) is not None}
        ids = [uuid.UUID(v) for v in named if _is_uuid(v)]
        present: set[str] = set()
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            present.update(str(i) for i in s.scalars(select(fk.column).where(fk.column.in_(part))))
        out[column] = (parent, present)
    return out


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _missing_parent(r: InboxRecord, parents, aside, tables) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    for column, (parent, present) in parents.items():
        value = r.payload.get(column)
        if value is None or str(value) in present:
            continue
        if uuid.UUID(str(value)) in aside.get(parent, {}):
            return ("parent_set_aside", column)
        return ("missing_parent", column)
    return None


def _write(s: Session, table, rows, mine) -> dict[InboxRecord, str]:  # type: ignore[no-untyped-def]
    """Inserts and updates the rows in one go; should SQLite refuse that (a constraint this
    PC has and the district does not), row by row, and the rows it refuses are returned."""
    try:
        with s.begin_nested():
            _put(s, table, rows, mine)
        return {}
    except (IntegrityError, DataError):
        pass
    failed: dict[InboxRecord, str] = {}
    for row in rows:
        try:
            with s.begin_nested():
                _put(s, table, [row], mine)
        except (IntegrityError, DataError) as exc:
            log.warning("%s %s not applied: %s", table.name, row[0].id, exc)
            failed[row[0]] = "not_applied"
    return failed


def _put(s: Session, table, rows, mine) -> None:  # type: ignore[no-untyped-def]
    inserts = [values for r, values in rows if r.id not in mine]
    if inserts:
        s.execute(insert(table), inserts)
    for r, values in rows:
        if r.id in mine:
            s.execute(update(table).where(table.c.id == values["id"]).values(**values))


def _set_aside(s: Session, entity: str, staged, keep) -> None:  # type: ignore[no-untyped-def]
    """What stays in the inbox keeps its reason; the rest leaves it."""
    at = utcnow()
    for r in staged:
        if r.id in keep:
            reason, detail = keep[r.id]
            if (r.reason, r.detail) != (reason, detail):
                r.reason, r.detail, r.set_aside_at = reason, detail, at
    s.flush()
    s.execute(
        delete(InboxRecord).where(InboxRecord.entity == entity, InboxRecord.id.not_in(list(keep)))
    )


def _reference_columns(s: Session, model, models) -> list[tuple[str, set[str]]]:  # type: ignore[no-untyped-def]
    """(column, ids present here) for each foreign key of `model` to reference data."""
    synced = {m.__tablename__ for m in models.values()}
    out = []
    for fk in model.__table__.foreign_keys:
        table = fk.column.table
        if table.name not in synced:
            out.append((fk.parent.key, {str(i) for i in s.scalars(select(table.c.id))}))
    return out


def _taken(s: Session, table, column: str, value: object, rid: uuid.UUID) -> bool:  # type: ignore[no-untyped-def]
    if value is None:
        return False
    col = table.c[column]
    return s.scalar(select(table.c.id).where(col == value, table.c.id != rid).limit(1)) is not None


def _report_taken(s: Session, entity: str, r: InboxRecord, field: str) -> None:
    exists = s.scalar(
        select(SyncRejection.id).where(
            SyncRejection.entity_id == r.id, SyncRejection.resolved_at.is_(None)
        )
    )
    if exists is None:
        s.add(
            SyncRejection(
                seq=0, op_id=new_id(), entity=entity, entity_id=r.id, reason="number_taken",
                detail=str(r.payload.get(field, "")), server_version=r.version,
            )
        )  # fmt: skip


def staged_count(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(InboxRecord)) or 0


def set_aside(s: Session) -> list[InboxRecord]:
    """Pulled records waiting with a reason, for the Sync screen. A number already taken here
    is shown with the refusals, where the clerk renumbers."""
    return list(
        s.scalars(
            select(InboxRecord)
            .where(InboxRecord.reason != "", InboxRecord.reason != "number_taken")
            .order_by(InboxRecord.set_aside_at, InboxRecord.entity)
        )
    )
