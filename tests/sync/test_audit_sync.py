"""The district anchors each office's audit log: a log rewritten on the PC, even with every later
hash recomputed so the PC's own check passes, is found at the next sync; a restored backup is
not mistaken for tampering."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import datetime

from sqlalchemy import func, select

from akimdesk.models import AuditEntry
from akimdesk.services import audit, backup, check
from akimdesk.storage.database import DB_FILENAME, open_database
from akimdesk.sync import state
from tests.conftest import ACTOR
from tests.support.fines import make_cases
from tests.sync.conftest import sql, sync_round


def anchors(server_db: str) -> int:
    return sql(server_db, "SELECT count(*) FROM audit_anchor")[0][0]


def rewrite_history(path, row_id: int) -> None:
    """What someone with a SQLite tool and this source code could do: change a row's reason and
    recompute every hash after it, so the chain on the PC is sound again."""
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER IF EXISTS audit_no_update")
    con.execute("UPDATE audit SET reason = 'nothing happened' WHERE id = ?", (row_id,))
    cols = "id, at, user, action, entity, entity_id, reason, before, after"
    prev = con.execute("SELECT row_hash FROM audit WHERE id = ?", (row_id - 1,)).fetchone()[0]
    for r in con.execute(
        f"SELECT {cols} FROM audit WHERE id >= ? ORDER BY id", (row_id,)
    ).fetchall():
        row = dict(zip(audit.FIELDS, r, strict=True))
        row["before"] = json.loads(row["before"]) if row["before"] else None
        row["after"] = json.loads(row["after"]) if row["after"] else None
        row["at"] = datetime.fromisoformat(row["at"])
        new = audit.digest(prev, row)
        con.execute("UPDATE audit SET prev_hash = ?, row_hash = ? WHERE id = ?", (prev, new, r[0]))
        prev = new
    con.commit()
    con.close()


@contextlib.contextmanager
def copy_db_rows(path):
    con = sqlite3.connect(path)
    try:
        yield con.execute("SELECT max(id) FROM audit").fetchone()[0]
    finally:
        con.close()


def test_the_district_finds_a_rewritten_audit_log(linked, server_db, data_dir):
    make_cases(linked, ACTOR, 20)
    sync_round(linked)
    with linked.read() as s:
        local = s.scalar(select(func.count()).select_from(AuditEntry))
        assert state.get(s, state.AUDIT_CURSOR) == str(local)
    assert anchors(server_db) == local
    assert check.run(linked).ok

    rewrite_history(data_dir / DB_FILENAME, 5)
    # The chain on the PC is sound again, but its last row is not the one the district
    # acknowledged (sync keeps that row's hash).
    found = [p.render("ru") for p in check.run(linked).problems]
    assert found == [f"Журнал аудита: строка {local} не та, которую подтвердил сервер района."]
    make_cases(linked, ACTOR, 1, start=100)
    sync_round(linked)  # the sync itself goes on: the records are not held back
    report = check.run(linked)
    assert not report.ok
    text = " ".join(p.render("ru") for p in report.problems)
    assert "сервере района" in text and "строки 5" in text
    assert sql(server_db, "SELECT audit_problem FROM office_account")[0][0].startswith("changed:5")
    assert anchors(server_db) == local  # nothing after the break was anchored


def test_a_restored_backup_is_not_taken_for_tampering(linked, server_db, tmp_path):
    make_cases(linked, ACTOR, 10)
    sync_round(linked)
    copy = backup.backup_to(linked, tmp_path / "usb" / "copy.sqlite3")
    make_cases(linked, ACTOR, 10, start=100)  # sent, then lost with the PC's disk
    sync_round(linked)
    sent_before = anchors(server_db)

    backup.restore(tmp_path / "restored", copy)  # a new epoch
    restored = open_database(tmp_path / "restored")
    try:
        make_cases(restored, ACTOR, 3, start=200)  # the audit ids of the lost rows are reused
        sync_round(restored)
        with restored.read() as s:
            assert state.get(s, state.AUDIT_PROBLEM) is None
            local = s.scalar(select(func.count()).select_from(AuditEntry))
        assert check.run(restored).ok
        # Not tampering for the PC, but the district sees that rows it had were dropped.
        restored_at = sql(server_db, "SELECT audit_problem FROM office_account")[0][0]
        with copy_db_rows(copy) as in_backup:
            assert restored_at == f"restored:{in_backup + 1}"
        assert anchors(server_db) == max(local, sent_before)
    finally:
        restored.close()


def test_random_audit_bodies_get_4xx(server, token):
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    stream, h = "0191f0c4-0000-7000-8000-000000000001", "0" * 64
    for body in (b"", b"[]", b'{"stream": "x", "first": 1, "prev": "' + h.encode() + b'", "hashes": []}',
                 f'{{"stream": "{stream}", "first": 1, "prev": "{h}", "hashes": ["ab"]}}'.encode(),
                 f'{{"stream": "{stream}", "first": 0, "prev": "{h}", "hashes": ["{h}"]}}'.encode(),
                 f'{{"stream": "{stream}", "first": 1, "prev": 5, "hashes": ["{h}"]}}'.encode()):  # fmt: skip
        r = httpx.post(f"{server.url}/v1/audit", content=body, headers=headers)
        assert 400 <= r.status_code < 500, (body, r.status_code)


def test_a_log_cut_short_is_found_by_check_and_flagged_by_the_district(linked, server_db, data_dir):
    make_cases(linked, ACTOR, 5)
    sync_round(linked)
    with linked.read() as s:
        last = s.scalar(select(func.max(AuditEntry.id)))
    con = sqlite3.connect(data_dir / DB_FILENAME)
    con.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    con.execute("DELETE FROM audit WHERE id > ?", (last - 3,))
    con.commit()
    con.close()
    # What is left of the chain is sound; the row the district acknowledged is gone.
    text = " ".join(p.render("ru") for p in check.run(linked).problems)
    assert f"с {last - 2} по {last}" in text and "подтвердил" in text, text
    # The next changes take the deleted rows' numbers; the district holds the old ones.
    make_cases(linked, ACTOR, 3, start=50)
    sync_round(linked)
    assert sql(server_db, "SELECT audit_problem FROM office_account")[0][0] == f"changed:{last - 2}"
    text = " ".join(p.render("ru") for p in check.run(linked).problems)
    assert "сервере района" in text and f"строки {last - 2}" in text, text
