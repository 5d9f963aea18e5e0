"""A new audit epoch replaces anchored hashes only when the office's batches opened it; every
replacement is shown to the district again, and the hashes it replaced are kept."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid

import httpx
from sqlalchemy import func, select

from akimdesk.models import AuditEntry
from akimdesk.services import backup
from akimdesk.storage.database import open_database
from akimdesk.sync import protocol, state
from akimdesk.sync.client import SyncClient
from tests.conftest import ACTOR
from tests.support.fines import make_cases
from tests.sync.conftest import fast_client, sql, sync_round


def held_hashes(server_db: str) -> dict[int, str]:
    return dict(sql(server_db, "SELECT row_id, row_hash FROM audit_anchor"))  # type: ignore[arg-type]


def problem(server_db: str) -> tuple[str, bool]:
    """The office's audit problem, and whether the district has it unacknowledged."""
    text, at, ack = sql(server_db, "SELECT audit_problem, audit_problem_at, audit_ack_at "
                                   "FROM office_account")[0]  # fmt: skip
    return text, bool(text) and (ack is None or ack < at)


def acknowledge(server_db: str) -> None:
    """What the health page's acknowledge writes."""
    sql(server_db, "UPDATE office_account SET audit_ack_at = now(), audit_ack_by = 'district' "
                   "RETURNING 1")  # fmt: skip


def post_audit(url: str, token: str, stream: uuid.UUID, rows: list[tuple[int, str, str]]) -> dict:
    body = protocol.encode_audit(stream, rows, "zstd")
    headers = {"Authorization": f"Bearer {token}", "Content-Encoding": "zstd"}
    r = httpx.post(f"{url}/v1/audit", content=body, headers=headers, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def forged(start: int, count: int, prev: str, tag: str) -> list[tuple[int, str, str]]:
    rows = []
    for i in range(start, start + count):
        h = hashlib.sha256(f"{tag}{i}".encode()).hexdigest()
        rows.append((i, prev, h))
        prev = h
    return rows


def test_an_epoch_no_batch_opened_cannot_replace_anchors(linked, server, server_db, token):
    make_cases(linked, ACTOR, 3)
    sync_round(linked)
    before = held_hashes(server_db)
    assert len(before) >= 5
    # Before: {"accepted_to": 5, "problem": null}, rows 3..5 overwritten, nothing flagged.
    answer = post_audit(server.url, token, uuid.uuid4(), forged(3, 3, before[2], "x"))
    assert answer == {"accepted_to": 0, "problem": {"kind": "epoch", "row": 3}}
    answer = post_audit(server.url, token, uuid.uuid4(), forged(1, 5, "0" * 64, "y"))
    assert answer["problem"] == {"kind": "epoch", "row": 1}
    assert held_hashes(server_db) == before
    assert sql(server_db, "SELECT count(*) FROM audit_anchor_replaced")[0][0] == 0


def test_every_restore_is_shown_and_what_it_replaced_is_kept(linked, server_db, tmp_path):
    make_cases(linked, ACTOR, 5)
    sync_round(linked)
    copy = backup.backup_to(linked, tmp_path / "usb" / "copy.sqlite3")
    make_cases(linked, ACTOR, 5, start=100)
    sync_round(linked)
    first = held_hashes(server_db)

    with sqlite3.connect(copy) as con:
        in_backup = con.execute("SELECT max(id) FROM audit").fetchone()[0]
    backup.restore(tmp_path / "restored", copy)  # a new epoch
    restored = open_database(tmp_path / "restored")
    try:
        make_cases(restored, ACTOR, 2, start=200)
        # The hashes before any batch (the round sends them beside its batches): not taken
        # yet, and no problem for the PC; the round's own last pass gets them in.
        c: SyncClient = fast_client(restored)
        try:
            c.probe()
            c.push_audit(None)
        finally:
            c.close()
        with restored.read() as s:
            assert state.get(s, state.AUDIT_PROBLEM) is None
        assert held_hashes(server_db) == first
        sync_round(restored)
        with restored.read() as s:
            assert state.get(s, state.AUDIT_PROBLEM) is None
            local = s.scalar(select(func.max(AuditEntry.id)))
        assert problem(server_db) == (f"restored:{in_backup + 1}", True)
        second = held_hashes(server_db)
        replaced = range(in_backup + 1, min(local, max(first)) + 1)  # beyond: new rows
        kept = sql(server_db, "SELECT row_id, row_hash FROM audit_anchor_replaced ORDER BY id")
        assert kept == [(r, first[r]) for r in replaced]  # before: updated in place, lost

        # The district looked; the same backup is restored again and rewrites the same rows.
        acknowledge(server_db)
        assert problem(server_db)[1] is False
        restored.close()
        backup.restore(tmp_path / "again", copy)
        restored = open_database(tmp_path / "again")
        make_cases(restored, ACTOR, 2, start=300)
        sync_round(restored)
        with restored.read() as s:
            local = s.scalar(select(func.max(AuditEntry.id)))
        replaced = range(in_backup + 1, min(local, max(second)) + 1)
        # Before: the acknowledged problem stayed as it was, and this restore went unseen.
        assert problem(server_db) == (f"restored:{in_backup + 1}", True)
        again = sql(server_db, "SELECT row_id, row_hash FROM audit_anchor_replaced ORDER BY id")
        assert again == [*kept, *((r, second[r]) for r in replaced)]
    finally:
        restored.close()
