"""This PC's memory of how a person mapped a journal: columns by the file's set of headers,
names (a category as the journal calls it) by register. Written inside the import's own
operation, and only when it changed, so a re-import that adds nothing writes nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.models import JournalMapping
from akimdesk.services.operation import Operation


def load(session: Session, key: str) -> Any:
    return session.scalar(select(JournalMapping.value).where(JournalMapping.key == key))


def load_prefix(session: Session, prefix: str) -> dict[str, Any]:
    rows = session.execute(
        select(JournalMapping.key, JournalMapping.value).where(
            JournalMapping.key.startswith(prefix)
        )
    )
    return {k[len(prefix) :]: v for k, v in rows}


def save(op: Operation, key: str, value: Any) -> None:
    row = op.session.get(JournalMapping, key)
    if row is None:
        op.add(JournalMapping(key=key, value=value))
    elif row.value != value:
        before = op.snapshot(row)
        row.value = value
        op.changed(row, before)
