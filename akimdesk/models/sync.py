"""What the office keeps about its link to the district: rejected changes and pulled records."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from akimdesk.models.base import Base
from akimdesk.models.core import utcnow


class SyncRejection(Base):
    """A change the district server refused; kept until a person resolves it."""

    __tablename__ = "sync_rejection"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seq: Mapped[int]
    op_id: Mapped[uuid.UUID]
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(String(40))  # a code: conflict, invalid, not_yours, ...
    detail: Mapped[str] = mapped_column(Text, default="")
    server_version: Mapped[int | None] = mapped_column(default=None)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    resolution: Mapped[str] = mapped_column(String(20), default="")


class InboxRecord(Base):
    """An office record pulled from the server, staged until the whole pull has arrived.

    Pages can bring an event before the case it belongs to; applying the staged set at the end,
    in dependency order and in one transaction, keeps foreign keys and the cursor consistent.
    A record that cannot be applied (its parent is missing, a value cannot be stored) stays
    with its reason, is shown on the Sync screen and is tried again at every sync.
    """

    __tablename__ = "sync_inbox"

    entity: Mapped[str] = mapped_column(String(50), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    version: Mapped[int]
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(40), default="")  # a code of sync.messages
    detail: Mapped[str] = mapped_column(Text, default="")  # the field concerned
    set_aside_at: Mapped[datetime | None] = mapped_column(default=None)


__all__ = ["InboxRecord", "SyncRejection"]
