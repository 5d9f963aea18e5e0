"""What the status bar and the Sync screen show: changes waiting, the last sync, the server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from akimdesk.models import Meta, OutboxEntry
from akimdesk.storage.database import Database


@dataclass(frozen=True)
class SyncStatus:
    pending: int
    last_success: datetime | None
    server_url: str | None


def status(db: Database) -> SyncStatus:
    with db.read() as s:
        pending = s.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.acked_at.is_(None))
        )
        last = s.get(Meta, "last_sync_at")
        server = s.get(Meta, "server_url")
    return SyncStatus(
        pending=pending or 0,
        last_success=datetime.fromisoformat(last.value) if last else None,
        server_url=server.value if server else None,
    )
