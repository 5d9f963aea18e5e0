"""District -> office: reference data, restore of a PC, and the cases where PCs disagree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from akimdesk.models import FineCase, FineEvent, MrpValue, Office, SyncRejection
from akimdesk.services import refdata as refdata_service
from akimdesk.services.fines import cases, queries
from akimdesk.services.fines.validation import DecisionInput
from akimdesk.storage.database import open_database
from akimdesk.sync import client, outbox, protocol, resolve, state
from akimdesk.sync.client import SyncClient
from akimdesk.sync.refdata import local_digests
from akimdesk.sync.transport import SyncFailure, Transport
from tests.conftest import ACTOR, TODAY
from tests.support.fines import make_cases
from tests.support.server import server_cli
from tests.sync.conftest import held, sql, sync_round


def test_reference_edit_reaches_the_office(linked, server, server_db):
    sync_round(linked)
    server_cli(server_db, "refdata", "set-mrp", "--from", "2027-01-01", "--amount", "4500")
    result = sync_round(linked)
    assert result.refdata_rows == 1
    with linked.read() as s:
        assert refdata_service.mrp_on(s, date(2027, 3, 1)) == 4500
        assert refdata_service.mrp_on(s, date(2026, 3, 1)) == 4325
        # The office's seeded catalog and the district's are the same rows, not copies.
        assert s.scalar(select(func.count()).select_from(MrpValue)) == 23


def test_expired_cursor_means_a_fresh_snapshot(linked, server):
    sync_round(linked)
    with linked.write() as s:
        state.put(s, state.REF_CURSOR, 10**9)  # e.g. the server's database was replaced
    result = sync_round(linked)
    assert result.refdata_rows > 20
    with linked.read() as s:
        assert state.get(s, state.REF_CURSOR) != str(10**9)


KILL_SCRIPT = """
import os, sys
from akimdesk.storage.database import open_database
from akimdesk.sync import refdata
from akimdesk.sync.client import SyncClient
def die(s, cursor):
    os._exit(9)  # killed after the page's rows were written, before its cursor was saved
refdata._save_cursor = die
db = open_database(__import__("pathlib").Path(sys.argv[1]))
SyncClient(db).pull_refdata(lambda *a: None, None)
"""


def test_killed_between_a_reference_page_and_its_cursor(linked, server, data_dir):
    linked.close()
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(data_dir)], timeout=60)
    assert proc.returncode == 9
    db = open_database(data_dir)
    try:
        with db.read() as s:
            assert state.get(s, state.REF_CURSOR) is None
            assert local_digests(s)["mrp"]["count"] == 0  # the page went with its cursor
        result = sync_round(db)
        assert result.refdata_rows > 20
        with db.read() as s:
            assert local_digests(s)["article"]["count"] == 7
    finally:
        db.close()


def test_a_new_pc_restores_the_office_from_the_server(linked, server, token, tmp_path):
    make_cases(linked, ACTOR, 25)
    with linked.read() as s:
        case = s.scalars(select(FineCase).order_by(FineCase.seq_no)).first()
    cases.issue_decision(
        linked, ACTOR, case.id, DecisionInput(TODAY - timedelta(days=5), "fine", 20), today=TODAY
    )
    sync_round(linked)

    fresh = open_database(tmp_path / "new-pc")
    try:
        client.link(fresh, server.url, token)
        result = sync_round(fresh)
        assert result.records_applied > 50
        with fresh.read() as s:
            assert s.scalar(select(func.count()).select_from(FineCase)) == 25
            assert s.scalar(select(func.count()).select_from(Office)) == 1
            restored = s.get(FineCase, case.id)
            assert restored.stage == "decided" and restored.version == 2
            assert s.scalar(select(func.count()).select_from(FineEvent)) == 26
            # Restored records are not sent back, and the name search index was filled.
            assert outbox.pending_count(s) == 0
            found = queries.register_rowids(s, queries.CaseFilter(search="сейітова"), today=TODAY)
            assert len(found) > 0
    finally:
        fresh.close()


def test_restored_from_an_older_backup_starts_a_new_epoch(
    linked, server, server_db, data_dir, tmp_path
):
    make_cases(linked, ACTOR, 10)
    sync_round(linked)
    backup = tmp_path / "backup.sqlite3"
    import sqlite3

    src, dst = sqlite3.connect(linked.path), sqlite3.connect(backup)
    src.backup(dst)
    src.close(), dst.close()
    make_cases(linked, ACTOR, 5, start=10)  # made after the backup, and synced
    sync_round(linked)
    make_cases(linked, ACTOR, 3, start=15)  # made after the backup, never synced: lost with the PC
    linked.close()

    shutil.copy(backup, data_dir / "akimdesk.sqlite3")
    for extra in ("-wal", "-shm"):
        Path(str(data_dir / "akimdesk.sqlite3") + extra).unlink(missing_ok=True)
    db = open_database(data_dir)
    try:
        with db.write() as s:
            old = state.get(s, state.EPOCH)
            state.start_new_epoch(s)
            assert state.get(s, state.EPOCH) != old
        make_cases(db, ACTOR, 2, start=30)
        result = sync_round(db)
        assert result.rejected == 0
        with db.read() as s:
            # The two new cases took numbers the lost cases had: those wait for the clerk.
            taken = [r for r in outbox.open_rejections(s) if r.reason == "number_taken"]
            assert sorted(r.detail for r in taken) == ["2026-00011", "2026-00012"]
            assert s.scalar(select(func.count()).select_from(FineCase)) == 15
        for r in taken:
            resolve.renumber_mine(db, ACTOR, r.id, "Нөмір екі рет берілген")
        sync_round(db)
        with db.read() as s:
            # What the server had comes back; what the dead PC never sent cannot.
            assert s.scalar(select(func.count()).select_from(FineCase)) == 17
            numbers = s.scalars(select(FineCase.number)).all()
            assert len(set(numbers)) == 17 and outbox.open_rejections(s) == []
        counts = held(server_db)
        assert counts["fine_case"] == 17
        assert sql(server_db, "SELECT count(*) FROM stream")[0][0] == 2
        assert sql(server_db, "SELECT epoch_changes FROM office_account")[0][0] == 1
    finally:
        db.close()


def test_an_upgrade_with_a_full_outbox_sends_it_all(tmp_path, server, server_db, token):
    fixture = Path(__file__).parents[1] / "fixtures" / "v0.1.0.sqlite3"
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(fixture, folder / "akimdesk.sqlite3")
    db = open_database(folder)  # 0.1.0 had no sync: its outbox holds everything ever recorded
    try:
        with db.read() as s:
            waiting = outbox.pending_count(s)
        assert waiting == 21
        client.link(db, server.url, token)
        result = sync_round(db)
        assert result.sent == waiting and result.rejected == 0
        assert held(server_db) == {"office": 1, "fine_case": 6, "fine_event": 10}
    finally:
        db.close()


def test_one_office_cannot_see_or_change_another(linked, server, server_db):
    make_cases(linked, ACTOR, 3)
    sync_round(linked)
    other = server_cli(server_db, "add-office", "--name", "Көктал", "--bin", "080140000380")
    t = Transport(server.url, other)
    try:
        assert t.get("/v1/records")["records"] == []
        with linked.read() as s:
            case = s.scalars(select(FineCase)).first()
            payload = {**case.to_dict(), "version": 2, "surname": "Басқа"}
        ops = [(1, uuid.uuid4(), "fine_case", 1, 2, payload)]
        body, digest = protocol.encode_batch(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), ops)
        ack = t.post_batch(body, digest)
        assert ack["rejected"][0]["reason"] == "not_yours"
        with pytest.raises(SyncFailure) as err:
            t.get(f"/v1/records/fine_case/{case.id}")
        assert err.value.code == "not_found"
        # Reference data of one office (its settlements) is not served to the other.
        names = [r["data"].get("name_ru") for r in t.get("/v1/refdata")["rows"]]
        assert "Аксу" not in names
    finally:
        t.close()
    stored = sql(server_db, "SELECT payload->>'surname' FROM record WHERE id=%s", case.id)
    assert stored[0][0] != "Басқа"


def conflicting_decisions(linked, server, token, tmp_path, mine_days_ago: int):  # type: ignore[no-untyped-def]
    """A second PC of the office decides a case first; this PC decides it too and syncs."""
    make_cases(linked, ACTOR, 2)
    sync_round(linked)
    second = open_database(tmp_path / "second-pc")
    client.link(second, server.url, token)
    sync_round(second)
    with linked.read() as s:
        case = s.scalars(select(FineCase).order_by(FineCase.seq_no)).first()
    theirs = DecisionInput(TODAY - timedelta(days=5), "fine", 20)
    cases.issue_decision(second, ACTOR, case.id, theirs, today=TODAY)
    sync_round(second)
    second.close()
    mine = DecisionInput(TODAY - timedelta(days=mine_days_ago), "fine", 20)
    cases.issue_decision(linked, ACTOR, case.id, mine, today=TODAY)
    result = sync_round(linked)
    with linked.read() as s:
        conflict = next(r for r in outbox.open_rejections(s) if r.entity == "fine_case")
    return case, result, conflict


def test_two_pcs_editing_one_case_is_a_conflict_a_person_resolves(
    linked, server, token, server_db, tmp_path
):
    case, result, conflict = conflicting_decisions(linked, server, token, tmp_path, 5)
    assert result.rejected >= 1
    assert conflict.reason == "conflict" and conflict.server_version == 2
    # The clerk keeps this PC's version: it goes again, based on the district's version.
    resolve.keep_mine(linked, ACTOR, conflict.id)
    sync_round(linked)
    with linked.read() as s:
        assert not [r for r in outbox.open_rejections(s) if r.entity == "fine_case"]
        assert s.get(FineCase, case.id).version == 3
    stored = sql(server_db, "SELECT version FROM record WHERE id=%s", case.id)[0][0]
    assert stored == 3


def test_take_the_districts_version(linked, server, token, tmp_path):
    case, _result, conflict = conflicting_decisions(linked, server, token, tmp_path, 4)
    resolve.take_theirs(linked, ACTOR, conflict.id)
    with linked.read() as s:
        assert s.get(FineCase, case.id).decision_date == TODAY - timedelta(days=5)
        assert s.get(SyncRejection, conflict.id).resolution == "theirs"


def test_clock_off_by_more_than_five_minutes_is_reported(linked, server):
    c = SyncClient(linked)
    c.clock = lambda: datetime.now(UTC) - timedelta(minutes=12)
    try:
        result = c.round()
    finally:
        c.close()
    assert result.clock_warning and -800 < result.clock_skew_s < -600


def test_headless_sync_command_exit_codes(linked, server, token, data_dir, tmp_path):
    linked.close()
    env = {**os.environ, "AKIMDESK_DATA_DIR": str(data_dir)}
    ok = subprocess.run(
        [sys.executable, "-m", "akimdesk", "sync"], env=env, capture_output=True, timeout=120
    )
    assert ok.returncode == 0, ok.stderr.decode()
    fresh = tmp_path / "fresh"
    reg = subprocess.run(
        [sys.executable, "-m", "akimdesk", "sync", "--data-dir", str(fresh), "--register", server.url, token],
        capture_output=True, timeout=120,
    )  # fmt: skip
    assert reg.returncode == 0, reg.stderr.decode()
    server.stop()
    down = subprocess.run(
        [sys.executable, "-m", "akimdesk", "sync"], env=env, capture_output=True, timeout=300
    )
    assert down.returncode == 1
    assert "сервер" in down.stderr.decode().lower()
