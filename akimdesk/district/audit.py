"""Anchoring offices' audit logs: the server keeps the hash of every audit row it received and
checks that what arrives next links to it.

An office PC checks its own chain (`akimdesk check`), but someone editing the SQLite file could
recompute every hash after the row they changed. The rows the district already holds do not
change with it: the next rows sent no longer link, and the server says where."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from akimdesk.district.models import AuditAnchor, OfficeAccount, now

GENESIS = "0" * 64


def receive(
    s: Session, office_id: uuid.UUID, stream: uuid.UUID, rows: list[tuple[int, str, str]]
) -> dict[str, Any]:
    """Stores the rows that hold; stops at the first that does not. A row the server already
    has is fine if unchanged. A different row under the same id is a change, unless it comes
    from a new epoch (a backup restored on the PC) and links to the row before it."""
    office = s.get(OfficeAccount, office_id, with_for_update=True)  # one office at a time
    ids = [r[0] for r in rows]
    held = {
        a.row_id: a
        for a in s.scalars(
            select(AuditAnchor).where(
                AuditAnchor.office_id == office_id,
                AuditAnchor.row_id.between(min(ids) - 1, max(ids)),
            )
        )
    }
    accepted, problem, diverged = 0, None, None
    for row_id, prev_hash, row_hash in rows:
        old = held.get(row_id)
        if old is not None and old.row_hash == row_hash and old.prev_hash == prev_hash:
            accepted = row_id
            continue
        if old is not None and old.stream_id == stream:
            problem = ("changed", row_id)
            break
        before = held.get(row_id - 1)
        expected = GENESIS if row_id == 1 else (before.row_hash if before else None)
        if expected is None:
            problem = ("gap", row_id)  # rows before it were never sent: the PC sends them first
            break
        if prev_hash != expected:
            problem = ("relinked", row_id)
            break
        if old is not None and diverged is None:
            diverged = row_id  # a new epoch replaces what came after its backup
        anchor = {"office_id": office_id, "row_id": row_id, "prev_hash": prev_hash,
                  "row_hash": row_hash, "stream_id": stream, "received_at": now()}  # fmt: skip
        s.execute(
            pg_insert(AuditAnchor).values(**anchor).on_conflict_do_update(
                index_elements=["office_id", "row_id"],
                set_={k: anchor[k] for k in ("prev_hash", "row_hash", "stream_id", "received_at")},
            )
        )  # fmt: skip
        held[row_id] = AuditAnchor(**anchor)
        accepted = row_id
    # What the district must see stays until someone there looks at it: a changed log, and also
    # a restored backup that dropped rows the district had (a new epoch could hide a rewrite).
    if problem and problem[0] != "gap":
        office.audit_problem, office.audit_problem_at = f"{problem[0]}:{problem[1]}", now()
    elif diverged is not None and not office.audit_problem:
        office.audit_problem, office.audit_problem_at = f"restored:{diverged}", now()
    return {
        "accepted_to": accepted,
        "problem": {"kind": problem[0], "row": problem[1]} if problem else None,
    }
