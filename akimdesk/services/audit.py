"""The audit log as a hash chain: each row's hash covers its content and the previous row's
hash, so a row changed or deleted behind the app's back (with a SQLite tool) is found by
`verify`. Every audit row is written through `append`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from akimdesk.models import AuditEntry

GENESIS = "0" * 64


def digest(prev: str, row: dict[str, Any]) -> str:
    at = row["at"]
    body = json.dumps(
        [row["id"], at.isoformat() if isinstance(at, datetime) else str(at), row["user"],
         row["action"], row["entity"], row["entity_id"], row.get("reason") or "",
         row.get("before"), row.get("after")],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )  # fmt: skip
    return hashlib.sha256((prev + body).encode("utf-8")).hexdigest()


def append(session: Session, rows: list[dict[str, Any]]) -> None:
    """Adds rows at the end of the chain. Runs inside the caller's write transaction, which holds
    SQLite's write lock from BEGIN, so no other writer can take the same place in the chain."""
    if not rows:
        return
    last = session.execute(
        select(AuditEntry.id, AuditEntry.row_hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    next_id, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    for row in rows:
        row["id"], row["prev_hash"] = next_id, prev
        row["row_hash"] = prev = digest(prev, row)
        next_id += 1
    session.execute(insert(AuditEntry), rows)


@dataclass(frozen=True)
class Break:
    kind: str  # "changed", "missing", "relinked"
    row_id: int
    expected_id: int = 0


FIELDS = ("id", "at", "user", "action", "entity", "entity_id", "reason", "before", "after")


def verify(session: Session, chunk: int = 5000) -> Iterator[Break]:
    """Walks the chain in id order and reports every place where it does not hold."""
    prev, expected, after_id = GENESIS, 1, 0
    cols = [getattr(AuditEntry, f) for f in FIELDS] + [AuditEntry.prev_hash, AuditEntry.row_hash]
    while True:
        rows = session.execute(
            select(*cols).where(AuditEntry.id > after_id).order_by(AuditEntry.id).limit(chunk)
        ).all()
        if not rows:
            return
        for r in rows:
            row = dict(zip(FIELDS, r[: len(FIELDS)], strict=True))
            if r.id != expected:
                yield Break("missing", r.id, expected)
            if r.prev_hash != prev:
                yield Break("relinked", r.id)
            if digest(r.prev_hash, row) != r.row_hash:
                yield Break("changed", r.id)
            prev, expected = r.row_hash, r.id + 1
        after_id = rows[-1].id
