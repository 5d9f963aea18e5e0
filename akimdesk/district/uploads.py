"""Protocol 2's batch upload: resumable, and applied when the server has room for it.

`PUT /v2/batches/{id}` carries the (zstd) body from `Upload-Offset` on, `Upload-Length` being
the whole. When the link is cut, what arrived is kept here, and `GET /v2/batches/{id}` tells
the office where to go on (or gives the ack, if the batch was applied and the ack was lost):
a cut costs only the bytes in flight. A whole body the server has no room to apply now waits
here too, and the office, told when to come back (503 + Retry-After), sends nothing again.

Admission (`Gate`): a few batches are applied at once per worker; a batch that cannot start
within a moment is told when its turn is expected. Turns are handed out one after the other
at the pace batches are being applied, so a burst of offices comes back spread out, in the
order it came, instead of all at once."""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from akimdesk.district.models import ReceivedBatch, Upload, now

STALE = timedelta(days=3)  # an upload nobody came back for (the PC was reinstalled)


def state(s: Session, office_id: uuid.UUID, batch_id: uuid.UUID) -> dict[str, Any]:
    """The ack of an applied batch, or how much of its body the server holds."""
    seen = s.get(ReceivedBatch, batch_id)
    if seen is not None and seen.office_id == office_id:
        return {**seen.ack, "server_time": now().isoformat(), "replayed": True}
    return {"offset": len(held(s, office_id, batch_id)[0])}


def held(s: Session, office_id: uuid.UUID, batch_id: uuid.UUID) -> tuple[bytes, str]:
    """The part of the body kept so far and the digest the office gave with it."""
    row = s.execute(
        select(Upload.data, Upload.digest).where(
            Upload.office_id == office_id, Upload.batch_id == batch_id
        )
    ).first()
    return (bytes(row[0]), row[1]) if row else (b"", "")


def keep(s: Session, office_id: uuid.UUID, batch_id: uuid.UUID, data: bytes, total: int,
         digest: str) -> None:  # fmt: skip
    """Keeps the longest part received: a late save of a shorter part never shortens it."""
    dialect = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
    ins = dialect.insert(Upload).values(
        office_id=office_id, batch_id=batch_id, total=total, digest=digest, data=data,
        updated_at=now(),
    )  # fmt: skip
    s.execute(
        ins.on_conflict_do_update(
            index_elements=[Upload.office_id, Upload.batch_id],
            set_={"data": ins.excluded.data, "updated_at": ins.excluded.updated_at},
            where=func.length(Upload.data) < func.length(ins.excluded.data),
        )
    )
    s.execute(
        delete(Upload).where(Upload.office_id == office_id, Upload.updated_at < now() - STALE)
    )


def drop(s: Session, office_id: uuid.UUID, batch_id: uuid.UUID) -> None:
    s.execute(delete(Upload).where(Upload.office_id == office_id, Upload.batch_id == batch_id))


class Gate:
    """At most `slots` batches applied at once; the rest wait up to `wait_s` in arrival order,
    then are given a turn (seconds from now) spaced by the recent time of one application."""

    def __init__(self, slots: int, wait_s: float = 0.5) -> None:
        self.slots, self.wait_s = slots, wait_s
        self.sem = asyncio.Semaphore(slots)
        self.apply_s = 0.2  # moving average of one batch's application
        self.next_turn = 0.0

    async def enter(self) -> bool:
        try:
            await asyncio.wait_for(self.sem.acquire(), timeout=self.wait_s)
        except TimeoutError:
            return False
        return True

    def leave(self, took_s: float) -> None:
        self.apply_s = 0.8 * self.apply_s + 0.2 * took_s
        self.sem.release()

    def turn(self) -> int:
        """Whole seconds until this office's turn; each refusal takes the next turn."""
        t = time.monotonic()
        self.next_turn = max(self.next_turn, t + self.wait_s) + self.apply_s / self.slots
        return max(1, math.ceil(self.next_turn - t))
