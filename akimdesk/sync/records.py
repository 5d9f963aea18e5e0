"""The office's own records coming back from the server: a new PC restoring, or a PC catching
up with what its office's other PC (or its own older copy) sent.

Pages are staged in `sync_inbox` with their cursor; once the last page is in, the staged set is
applied in dependency order in one transaction and the cursor moves on with it.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from akimdesk.models import Base, InboxRecord, OutboxEntry, Syncable, SyncRejection, new_id
from akimdesk.models.base import column_values
from akimdesk.services.operation import operation
from akimdesk.storage.database import Database
from akimdesk.sync import state
from akimdesk.sync.refdata import DISTRICT

PENDING_CURSOR = "records_cursor_pending"


def syncable_models() -> dict[str, type[Base]]:
    """entity name -> ORM class, in foreign-key order (parents first)."""
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    models = [m.class_ for m in Base.registry.mappers if issubclass(m.class_, Syncable)]
    models.sort(key=lambda cls: order[cls.__tablename__])
    return {cls.__sync_entity__: cls for cls in models}  # type: ignore[attr-defined]


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
    (the server will report the conflict on push, for a person to resolve). A record that
    cannot go in yet (its number is taken here) stays staged with what depends on it."""
    models = syncable_models()
    applied = 0
    with operation(db, DISTRICT, "sync.records", outbox=False) as op:
        s = op.session
        unsent = set(s.scalars(select(OutboxEntry.entity_id).where(OutboxEntry.acked_at.is_(None))))
        held: dict[str, set[uuid.UUID]] = {}
        for entity, model in models.items():
            staged = s.scalars(select(InboxRecord).where(InboxRecord.entity == entity)).all()
            if not staged:
                continue
            table = model.__table__
            ids = [r.id for r in staged]
            mine = {}
            for chunk in range(0, len(ids), 500):
                part = ids[chunk : chunk + 500]
                mine.update(
                    s.execute(select(table.c.id, table.c.version).where(table.c.id.in_(part))).all()
                )
            parents = _parent_columns(model, held, models)
            refs = _reference_columns(s, model, models)
            unique = UNIQUE_FIELDS.get(entity)
            inserts, updates, keep = [], [], set()
            others = set(s.scalars(select(table.c.id))) if entity == "office" else set()
            for r in staged:
                if any(str(r.payload.get(col)) in ids_ for col, ids_ in parents):
                    keep.add(r.id)
                    continue
                if r.id in unsent or mine.get(r.id, 0) >= r.version:
                    continue
                if any(
                    r.payload.get(col) is not None and str(r.payload[col]) not in present
                    for col, present in refs
                ):
                    keep.add(r.id)  # its settlement or article has not reached this PC yet
                    continue
                if others - {r.id}:
                    continue  # this PC was set up as the office already; one office per file
                if unique and _taken(s, table, unique, r.payload.get(unique), r.id):
                    keep.add(r.id)
                    _report_taken(s, entity, r, unique)
                    continue
                values = column_values(model, {**r.payload, "version": r.version})
                (updates if r.id in mine else inserts).append(values)
                op.note(entity, str(r.id), None, r.payload)
            if inserts:
                s.execute(insert(table), inserts)
            for values in updates:
                s.execute(update(table).where(table.c.id == values["id"]).values(**values))
            applied += len(inserts) + len(updates)
            held[entity] = keep
            s.execute(
                delete(InboxRecord).where(InboxRecord.entity == entity, InboxRecord.id.not_in(keep))
            )
        state.put(s, state.RECORDS_CURSOR, pending_cursor(s))
        state.put(s, PENDING_CURSOR, None)
    return applied


def _parent_columns(model, held, models) -> list[tuple[str, set[str]]]:  # type: ignore[no-untyped-def]
    """(column, held parent ids) for each foreign key of `model` to a record still staged."""
    out = []
    tables = {m.__tablename__: e for e, m in models.items()}
    for fk in model.__table__.foreign_keys:
        parent = tables.get(fk.column.table.name)
        if parent and held.get(parent):
            out.append((fk.parent.key, {str(i) for i in held[parent]}))
    return out


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
