"""Protocol 2's batch upload: resumable, and applied when the server has room for it.

`PUT /v2/batches/{id}` carries the (zstd) body from `Upload-Offset` on, `Upload-Length` being
the whole. When the link is cut, what arrived is kept here, and `GET /v2/batches/{id}` tells
the office where to go on (or gives the ack, if the batch was applied and the ack was lost):
a cut costs only the bytes in flight. A body the server has no room to apply now is not kept:
the office, told when to come back (503 + Retry-After), sends it again. Each office keeps a few
parts only, of at most MAX_UPLOAD_BYTES, and parts nobody came back for are swept by any
office's traffic. Admission is in `district/admission.py`."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from akimdesk.district.models import ReceivedBatch, Upload, now
from akimdesk.sync.protocol import MAX_UPLOAD_BYTES, ProtocolError

STALE = timedelta(days=3)  # an upload nobody came back for (the PC was reinstalled)
# What one office may have waiting: a batch in flight per PC, a few PCs. Past it the office's
# oldest parts go (their PCs start those batches over), never another office's.
MAX_HELD, MAX_HELD_BYTES = 8, 4 * MAX_UPLOAD_BYTES
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"  # the first bytes of every zstd frame


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
    """Keeps the longest part received: a late save of a shorter part never shortens it.
    Within the office's room (MAX_HELD, MAX_HELD_BYTES), and only what can be a batch: a
    zstd frame's start, no longer than a batch may be."""
    if total > MAX_UPLOAD_BYTES or len(data) > total:
        raise ProtocolError(413, "too_large", "more than MAX_UPLOAD_BYTES")
    if not ZSTD_MAGIC.startswith(data[:4]):
        raise ProtocolError(400, "bad_zstd", "not a zstd frame")
    dialect = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
    ins = dialect.insert(Upload).values(
        office_id=office_id, batch_id=batch_id, total=total, digest=digest, data=data,
        updated_at=now(),
    )  # fmt: skip
    s.execute(
        ins.on_conflict_do_update(
            index_elements=[Upload.office_id, Upload.batch_id],
            set_={
                "data": ins.excluded.data,
                "updated_at": ins.excluded.updated_at,
                "total": ins.excluded.total,
                "digest": ins.excluded.digest,
            },
            where=func.length(Upload.data) < func.length(ins.excluded.data),
        )
    )
    _within_room(s, office_id, batch_id)
    sweep(s)


def _within_room(s: Session, office_id: uuid.UUID, keep_id: uuid.UUID) -> None:
    """Drops the office's oldest parts past its room, the one just kept aside."""
    rows = s.execute(
        select(Upload.batch_id, func.length(Upload.data))
        .where(Upload.office_id == office_id)
        .order_by(Upload.batch_id != keep_id, Upload.updated_at.desc())
    ).all()
    count = size = 0
    gone = []
    for batch_id, length in rows:
        count, size = count + 1, size + (length or 0)
        if batch_id != keep_id and (count > MAX_HELD or size > MAX_HELD_BYTES):
            gone.append(batch_id)
    if gone:
        s.execute(delete(Upload).where(Upload.office_id == office_id, Upload.batch_id.in_(gone)))


def sweep(s: Session) -> int:
    """Removes every office's uploads nobody came back for: an office that stopped sending
    (the PC reinstalled, the office closed) has its parts removed by the others' traffic."""
    result = s.execute(delete(Upload).where(Upload.updated_at < now() - STALE))
    return int(getattr(result, "rowcount", 0) or 0)


def drop(s: Session, office_id: uuid.UUID, batch_id: uuid.UUID) -> None:
    s.execute(delete(Upload).where(Upload.office_id == office_id, Upload.batch_id == batch_id))
    sweep(s)
