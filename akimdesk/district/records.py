"""Giving an office its own records back: a new or repaired PC restores from here."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.district.models import OfficeAccount, Record
from akimdesk.sync.protocol import ProtocolError


def page(
    s: Session, office_id: uuid.UUID, since: int, limit: int, stream: uuid.UUID | None
) -> dict[str, Any]:
    """The office's records changed after `since`, leaving out what `stream` itself sent.

    The PC's own changes are left out in SQL, so a PC that just sent 10,000 records is not
    handed them back only to drop them; the cursor still moves past them. `top` is read first:
    revs up to it are committed (they are handed out under the office's row lock), so the
    cursor may jump to it when the page is the last."""
    top = s.scalar(select(OfficeAccount.record_rev).where(OfficeAccount.id == office_id)) or 0
    if since > top:
        raise ProtocolError(410, "cursor_expired", "start again from a fresh snapshot")
    q = (
        select(Record.rev, Record.entity, Record.id, Record.version, Record.payload)
        .where(Record.office_id == office_id, Record.rev > since, Record.rev <= top)
        .order_by(Record.rev)
        .limit(limit + 1)
    )
    if stream is not None:
        q = q.where(Record.origin_stream != stream)
    rows = s.execute(q).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "cursor": rows[-1].rev if more else top,
        "more": more,
        "records": [[r.entity, str(r.id), r.version, r.payload] for r in rows],
    }


def one(s: Session, office_id: uuid.UUID, entity: str, record_id: uuid.UUID) -> dict[str, Any]:
    row = s.get(Record, (entity, record_id))
    if row is None or row.office_id != office_id:  # another office's record does not exist here
        raise ProtocolError(404, "not_found")
    return {"entity": row.entity, "id": str(row.id), "version": row.version, "payload": row.payload}
