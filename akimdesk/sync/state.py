"""This PC's sync facts, kept in the database's `meta` table so a backup carries them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from akimdesk.models import Meta, OutboxEntry, new_id
from akimdesk.models.core import op_id_for

SERVER_URL = "server_url"
TOKEN = "server_token"
OFFICE_NAME = "server_office"
PC_ID = "pc_id"
EPOCH = "epoch"
REF_CURSOR = "ref_cursor"
RECORDS_CURSOR = "records_cursor"
LAST_SYNC = "last_sync_at"
CLOCK_SKEW = "clock_skew_s"
BATCH_OPS = "sync_batch_ops"
LAST_ERROR = "sync_last_error"
AUDIT_CURSOR = "audit_cursor"  # the last audit row the district has the hash of
AUDIT_ACK_HASH = "audit_ack_hash"  # that row's hash, for `check` to compare with the log
AUDIT_PROBLEM = "audit_problem"  # "kind:row" when the district found the log changed


def get(s: Session, key: str, default: str | None = None) -> str | None:
    row = s.get(Meta, key)
    return row.value if row is not None else default


def put(s: Session, key: str, value: str | int | float | None) -> None:
    row = s.get(Meta, key)
    if value is None:
        if row is not None:
            s.delete(row)
        return
    if row is None:
        s.add(Meta(key=key, value=str(value)))
    else:
        row.value = str(value)


def ensure_id(s: Session, key: str) -> uuid.UUID:
    value = get(s, key)
    if value is None:
        value = str(new_id())
        put(s, key, value)
    return uuid.UUID(value)


@dataclass(frozen=True)
class Link:
    url: str
    token: str
    pc: uuid.UUID
    stream: uuid.UUID  # the epoch: a restored database starts a new stream


def link_of(s: Session) -> Link | None:
    url, token = get(s, SERVER_URL), get(s, TOKEN)
    pc, epoch = get(s, PC_ID), get(s, EPOCH)
    if not (url and token and pc and epoch):
        return None
    return Link(url, token, uuid.UUID(pc), uuid.UUID(epoch))


def start_new_epoch(s: Session) -> uuid.UUID:
    """After a restore from a backup: this file's outbox becomes a new stream for the server, so
    ops it already has are recognised by op id and the rest are not taken for a gap."""
    epoch = new_id()
    put(s, EPOCH, str(epoch))
    return epoch


def epoch(s: Session) -> uuid.UUID | None:
    """The stream this file's changes go in; None before the PC is first linked."""
    value = get(s, EPOCH)
    return uuid.UUID(value) if value else None


def number_ops(s: Session, count: int) -> list[tuple[int, uuid.UUID]]:
    """The seq and op id of `count` new outbox rows, to be written with them. The op id is derived
    from the epoch and the seq, so protocol 2 sends neither (the district derives both); a PC
    not linked yet has no epoch, and its ops keep a random id, which then travels."""
    current = epoch(s)
    last = max(
        s.scalar(text("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")) or 0,
        s.scalar(select(func.max(OutboxEntry.seq))) or 0,
    )  # AUTOINCREMENT's counter: a seq is never handed out twice, even after rows went
    return [
        (i, op_id_for(current, i) if current else new_id())
        for i in range(last + 1, last + 1 + count)
    ]
