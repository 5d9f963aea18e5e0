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

from akimdesk.models import Base, InboxRecord, OutboxEntry, Syncable
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


def apply_staged(db: Database) -> int:
    """Writes the staged records that are newer than ours; our own unsent edits are left alone
    (the server will report the conflict on push, for a person to resolve)."""
    models = syncable_models()
    applied = 0
    with operation(db, DISTRICT, "sync.records", outbox=False) as op:
        s = op.session
        unsent = set(s.scalars(select(OutboxEntry.entity_id).where(OutboxEntry.acked_at.is_(None))))
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
            inserts, updates = [], []
            others = set(s.scalars(select(table.c.id))) if entity == "office" else set()
            for r in staged:
                if r.id in unsent or mine.get(r.id, 0) >= r.version:
                    continue
                if others - {r.id}:
                    continue  # this PC was set up as the office already; one office per file
                values = column_values(model, {**r.payload, "version": r.version})
                (updates if r.id in mine else inserts).append(values)
                op.note(entity, str(r.id), None, r.payload)
            if inserts:
                s.execute(insert(table), inserts)
            for values in updates:
                s.execute(update(table).where(table.c.id == values["id"]).values(**values))
            applied += len(inserts) + len(updates)
        s.execute(delete(InboxRecord))
        state.put(s, state.RECORDS_CURSOR, pending_cursor(s))
        state.put(s, PENDING_CURSOR, None)
    return applied


def staged_count(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(InboxRecord)) or 0
