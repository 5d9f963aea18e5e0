"""The office, its settings, and the two side tables every change writes: outbox and audit."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from akimdesk.models.base import Base, Syncable, derived_id


def utcnow() -> datetime:
    # Whole seconds: what a clerk or a court reads, and microseconds cost bytes on a 2G link.
    # Made once a second: an import asks for it for every record it writes.
    second = int(time.time())
    if second != _now[0]:
        _now[:] = [second, datetime.fromtimestamp(second, UTC).replace(tzinfo=None)]
    return _now[1]


_now: list[Any] = [0, None]


class Office(Syncable, Base):
    __tablename__ = "office"
    __sync_entity__ = "office"

    name_kk: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    district: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    bin: Mapped[str] = mapped_column(String(12))
    akim_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    # Bank details for fines: the КБК and account are the office's settings (DOMAIN.md §1).
    kbk: Mapped[str] = mapped_column(String(6), default="")
    iik: Mapped[str] = mapped_column(String(20), default="")
    bik: Mapped[str] = mapped_column(String(11), default="")
    bank_name: Mapped[str] = mapped_column(String(200), default="")
    knp: Mapped[str] = mapped_column(String(3), default="")


class Setting(Base):
    """Office rules that vary by district regulation or are unsure in law ([R] in DOMAIN.md)."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Meta(Base):
    """Facts about this database file: its sync epoch, last sync, and the like."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OutboxEntry(Base):
    """One change waiting for the district; `seq` is this PC's strictly increasing stream."""

    __tablename__ = "outbox"
    __table_args__ = {"sqlite_autoincrement": True}  # never reuse a seq, even after a restore

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID]
    payload: Mapped[dict[str, Any]]
    base_version: Mapped[int] = mapped_column(default=0)
    schema_version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    acked_at: Mapped[datetime | None] = mapped_column(default=None, index=True)


def op_id_for(epoch: uuid.UUID, seq: int) -> uuid.UUID:
    """The op id of the outbox row `seq` written during `epoch`: unique (a seq is never reused,
    a restore starts a new epoch) and known to the district from the batch's stream and seq."""
    return derived_id(epoch, f"op/{seq}")


class AuditEntry(Base):
    __tablename__ = "audit"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    # The hash chain (services.audit): this row's hash covers its content and `prev_hash`.
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    row_hash: Mapped[str] = mapped_column(String(64), default="")


__all__ = ["AuditEntry", "Meta", "Office", "OutboxEntry", "Setting", "utcnow"]
