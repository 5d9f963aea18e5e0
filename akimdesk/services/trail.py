"""Legal records against their audit trail: every change writes the record's new state into the
audit log (`after`), so the last audit row of a record says what its row must hold now. An
amount changed, or a row deleted, with an SQLite tool behind the app's back no longer matches;
`akimdesk check` names the record and the field.

Rows written by a sync are logged as the district sent them (compact: empty values left out)
and are compared the way they were applied. A column added after a record was last changed is
not in its audit row and is not compared. Demo data is written in bulk with one audit row in
all, so its records have no trail of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from akimdesk.i18n import N_, Msg, format_money, translator
from akimdesk.models import AssetAttachment, AuditEntry, Base
from akimdesk.models.base import column_values, jsonable
from akimdesk.sync.messages import ENTITIES as ENTITY_NAMES
from akimdesk.sync.schema import syncable_models

# The legal records: never deleted, changed only by an operation that logs them.
LEGAL = (
    "fine_case", "fine_event", "fine_payment", "assembly_member", "meeting", "meeting_attendance",
    "agenda_item", "meeting_addendum", "asset", "asset_movement", "asset_attachment", "lease",
    "lease_payment", "inventory_campaign", "inventory_item",
)  # fmt: skip
# Operations whose audit rows hold a payload as the district sent it, not the ORM's dict.
FROM_THE_WIRE = ("sync.records", "sync.take_theirs")
# How a person finds the record: its own number, else that of the record it belongs to.
NAMES = {"fine_case": "number", "meeting": "ref", "asset": "inventory_number",
         "assembly_member": "full_name", "inventory_campaign": "order_no", "lease": "contract_no"}  # fmt: skip
CHUNK = 2000


@dataclass(frozen=True)
class Mismatch:
    entity: str
    record_id: str
    kind: str  # "changed" (a field differs), "deleted" (logged, not in the file), "unlogged"
    field: str = ""
    current: Any = None
    logged: Any = None
    audit_row: int = 0


def models() -> dict[str, type[Base]]:
    return {**syncable_models(), "asset_attachment": AssetAttachment}


def verify(s: Session) -> Iterator[Mismatch]:
    demo = s.scalar(select(AuditEntry.id).where(AuditEntry.action.like("demo.%")).limit(1))
    refs = References(s)
    for entity in LEGAL:
        model = models()[entity]
        table = model.__table__
        logged = sorted(
            set(
                s.scalars(
                    select(AuditEntry.entity_id).where(AuditEntry.entity == entity).distinct()
                )
            )
            - {""}
        )
        if not demo:  # a record with no audit row at all was added behind the app's back
            present = {str(i) for i in s.scalars(select(table.c.id))}
            for rid in sorted(present - set(logged)):
                yield Mismatch(entity, rid, "unlogged")
        # Only the logged records are read in full, a chunk at a time with their last rows.
        for start in range(0, len(logged), CHUNK):
            ids = logged[start : start + CHUNK]
            last = _last_states(s, entity, ids)
            keys = [_key(table, rid) for rid in ids]
            rows = {
                str(r["id"]): r
                for r in s.execute(select(table).where(table.c.id.in_(keys))).mappings()
            }
            for rid in ids:
                audit_row, action, after = last[rid]
                row = rows.get(rid)
                if row is None:
                    if after is not None:
                        yield Mismatch(entity, rid, "deleted", audit_row=audit_row)
                    continue
                yield from _compare(model, entity, rid, row, audit_row, action, after, refs)


def _last_states(s: Session, entity: str, ids: list[str]) -> dict[str, tuple[int, str, Any]]:
    """Each record's last audit row: (row id, action, after)."""
    out: dict[str, tuple[int, str, Any]] = {}
    if not ids:
        return out
    newest = (
        select(func.max(AuditEntry.id))
        .where(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids))
        .group_by(AuditEntry.entity_id)
    )
    for row_id, rid, action, after in s.execute(
        select(AuditEntry.id, AuditEntry.entity_id, AuditEntry.action, AuditEntry.after).where(
            AuditEntry.id.in_(newest)
        )
    ):
        out[rid] = (row_id, action, after)
    return out


def _compare(model, entity, rid, row, audit_row, action, after, refs) -> Iterator[Mismatch]:  # type: ignore[no-untyped-def]
    if after is None:
        return
    if action in FROM_THE_WIRE:
        expected = {k: jsonable(v) for k, v in column_values(model, after).items()}
    else:
        expected = after
    for key, value in row.items():
        if key not in expected:
            continue  # the column came after this record's last change
        now = jsonable(value)
        if now != expected[key] and not refs.rekeyed(model, key, expected[key], now):
            yield Mismatch(entity, rid, "changed", key, now, expected[key], audit_row)


class References:
    """Migration 0003 gave the seeded reference rows (articles, settlements) the district's ids
    and moved the cases' references with them, after those cases were logged: a reference whose
    logged id no longer exists and whose current id does is that move, not an edit."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.ids: dict[str, set[str]] = {}

    def rekeyed(self, model: type[Base], key: str, logged: Any, now: Any) -> bool:
        column = model.__table__.c[key]
        synced = {m.__tablename__ for m in models().values()}
        for fk in column.foreign_keys:
            table = fk.column.table
            if table.name in synced:
                return False
            if table.name not in self.ids:
                self.ids[table.name] = {str(i) for i in self.s.scalars(select(table.c.id))}
            present = self.ids[table.name]
            return logged not in present and now in present
        return False


# --- what the person reads -------------------------------------------------------------
class MismatchMsg(Msg):
    """A mismatch in the reader's language: the kind of record, its number, the field in
    words, both values."""

    def __init__(self, text: str, m: Mismatch, name: str) -> None:
        super().__init__(text)
        self.m, self.name = m, name

    def render(self, lang: str | None = None) -> str:
        from akimdesk.services.audit_labels import field_label  # the audit log's words

        t = translator(lang)
        m = self.m
        kind = t(ENTITY_NAMES.get(m.entity, "")) if m.entity in ENTITY_NAMES else m.entity
        label = field_label(m.entity, m.field)
        return t(self.text).format(
            record=f"{kind} {self.name}", field=t(label) if label else m.field,
            current=_shown(m.field, m.current, lang), logged=_shown(m.field, m.logged, lang),
            row=m.audit_row,
        )  # fmt: skip

    def __str__(self) -> str:
        return f"{self.m.entity} {self.name}: {self.m.kind} {self.m.field}"


TEXTS = {
    "changed": N_(
        "{record}: «{field}» is {current} in the database, but the audit log (row {row}) says "
        "{logged}. It was changed behind the app's back."
    ),
    "deleted": N_("{record} was deleted from the database; the audit log (row {row}) has it."),
    "unlogged": N_(
        "{record} is in the database but not in the audit log: it was added behind the app's back."
    ),
}


def message(s: Session, m: Mismatch) -> Msg:
    logged = None
    if m.kind == "deleted":  # the row is gone: its last audit row still names it
        logged = s.scalar(select(AuditEntry.after).where(AuditEntry.id == m.audit_row))
    return MismatchMsg(TEXTS[m.kind], m, record_name(s, m.entity, m.record_id, logged))


def record_name(s: Session, entity: str, rid: str, logged: dict[str, Any] | None = None) -> str:
    """The record's own number, or its parent's and the start of its id, else the start of
    its id. A deleted record is named from what its audit row holds."""
    table = models()[entity].__table__
    key = _key(table, rid)

    def value(column: str) -> Any:
        if logged is not None:
            return logged.get(column)
        return s.scalar(select(table.c[column]).where(table.c.id == key))

    own = NAMES.get(entity)
    if own is not None and (name := value(own)):
        return str(name)
    tables = {m.__tablename__: e for e, m in models().items()}
    for fk in table.foreign_keys:
        parent = tables.get(fk.column.table.name)
        if parent in NAMES and (pid := value(fk.parent.key)) is not None:
            return f"{record_name(s, parent, str(pid))}/{rid[:8]}"
    return rid[:8]


def _key(table, rid: str) -> Any:  # type: ignore[no-untyped-def]
    import uuid

    try:
        return uuid.UUID(rid) if table.c.id.type.python_type is uuid.UUID else int(rid)
    except (ValueError, NotImplementedError):
        return rid


def _shown(field: str, value: Any, lang: str | None) -> str:
    if value is None or value == "":
        return "—"
    if field.endswith("_tiyn") and isinstance(value, int):
        return format_money(value, lang)
    text = str(value)
    return f"«{text[:60]}…»" if len(text) > 60 else f"«{text}»"
