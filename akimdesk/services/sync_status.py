"""What the status bar and the Sync screen show: changes waiting, the last sync, the server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from akimdesk.models import OutboxEntry, SyncRejection
from akimdesk.storage.database import Database
from akimdesk.sync import protocol, state


@dataclass(frozen=True)
class SyncStatus:
    pending: int
    last_success: datetime | None
    server_url: str | None
    office_name: str | None = None
    clock_skew_s: float | None = None
    audit_problem: str = ""  # the district's verdict on this PC's audit log (sync.client)
    last_error: str | None = None
    open_rejections: int = 0

    @property
    def linked(self) -> bool:
        return self.server_url is not None

    @property
    def clock_warning(self) -> bool:
        return (
            self.clock_skew_s is not None
            and abs(self.clock_skew_s) > protocol.CLOCK_WARNING_SECONDS
        )


def status(db: Database) -> SyncStatus:
    with db.read() as s:
        pending = s.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.acked_at.is_(None))
        )
        rejections = s.scalar(
            select(func.count())
            .select_from(SyncRejection)
            .where(SyncRejection.resolved_at.is_(None))
        )
        last = state.get(s, state.LAST_SYNC)
        skew = state.get(s, state.CLOCK_SKEW)
        return SyncStatus(
            pending=pending or 0,
            last_success=datetime.fromisoformat(last) if last else None,
            server_url=state.get(s, state.SERVER_URL),
            office_name=state.get(s, state.OFFICE_NAME),
            clock_skew_s=float(skew) if skew else None,
            last_error=state.get(s, state.LAST_ERROR),
            audit_problem=state.get(s, state.AUDIT_PROBLEM) or "",
            open_rejections=rejections or 0,
        )
