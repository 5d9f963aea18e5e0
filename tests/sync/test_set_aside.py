"""A record the PC cannot apply is set aside, not fatal: a pulled payment whose case is missing,
or a record the district stored before its values were checked, waits in the inbox with its
reason; the rest of the round completes, and `akimdesk sync` says nothing in Python."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import psycopg
from sqlalchemy import func, select

from akimdesk.models import FineCase, FineEvent, FinePayment, InboxRecord
from akimdesk.sync import records
from tests.support.district import fill_office
from tests.sync.conftest import sync_round
from tests.sync.ops import Stream, fresh, templates


def orphans(linked, server, token):  # type: ignore[no-untyped-def]
    """What another PC of the office sent: a good new case with its event, a payment and an
    event of a case the server never received (it was refused)."""
    shapes = templates(linked)
    stream = Stream(server.url, token)
    case = fresh(shapes["fine_case"], number="2026-00900", seq_no=900)
    lost = str(uuid.uuid4())
    ops = [
        stream.op("fine_case", case),
        stream.op("fine_event", fresh(shapes["fine_event"], case_id=case["id"])),
        stream.op("fine_payment", fresh(shapes["fine_payment"], case_id=lost)),
        stream.op("fine_event", fresh(shapes["fine_event"], case_id=lost)),
    ]
    assert stream.send(ops).json()["applied"] == 4
    return case, lost


def counts(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(m))
            for m in (FineCase, FineEvent, FinePayment)
        )  # type: ignore[return-value]


def test_a_pulled_record_without_its_parent_waits_and_the_rest_applies(linked, server, token):
    fill_office(linked)
    sync_round(linked)
    before = counts(linked)
    case, _lost = orphans(linked, server, token)
    result = sync_round(linked)
    assert result.records_applied == 2  # the new case and its event
    assert counts(linked) == (before[0] + 1, before[1] + 1, before[2])
    with linked.read() as s:
        waiting = {(r.entity, r.reason, r.detail) for r in records.set_aside(s)}
        assert s.get(FineCase, uuid.UUID(case["id"])) is not None
    assert waiting == {
        ("fine_payment", "missing_parent", "case_id"),
        ("fine_event", "missing_parent", "case_id"),
    }
    # Next round: still waiting, once, and the round is as clean as ever.
    again = sync_round(linked)
    assert again.records_applied == 0
    with linked.read() as s:
        assert s.scalar(select(func.count()).select_from(InboxRecord)) == 2


def test_a_record_stored_before_values_were_checked_waits_too(linked, server, token, server_db):
    fill_office(linked)
    sync_round(linked)
    shapes = templates(linked)
    bad = fresh(shapes["assembly_member"], term_until="31.12.2030")
    # Written straight into the server's table, as a server of the previous version could.
    with psycopg.connect(server_db.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute("UPDATE office_account SET record_rev = record_rev + 1 RETURNING record_rev")
        conn.execute(
            "INSERT INTO record (entity, id, office_id, version, payload, rev, origin_stream, "
            "updated_at) SELECT 'assembly_member', %s, id, 1, %s, record_rev, %s, now() "
            "FROM office_account",
            (bad["id"], json.dumps(bad), str(uuid.uuid4())),
        )
    result = sync_round(linked)
    assert result.records_applied == 0
    with linked.read() as s:
        assert [(r.reason, r.detail) for r in records.set_aside(s)] == [("bad_date", "term_until")]


def test_the_sync_command_prints_no_traceback(linked, server, token, data_dir):
    fill_office(linked)
    sync_round(linked)
    orphans(linked, server, token)
    linked.close()
    env = {**os.environ, "AKIMDESK_DATA_DIR": str(data_dir)}
    for _round in range(2):
        done = subprocess.run([sys.executable, "-m", "akimdesk", "sync"], env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        log = data_dir / "logs" / "akimdesk-errors.log"
        assert done.returncode == 0, done.stderr + (log.read_text("utf-8") if log.exists() else "")
        assert "Traceback" not in done.stdout + done.stderr
        assert "Error" not in done.stdout + done.stderr


def test_records_restored_from_the_district_match_their_trail(linked, server, token, tmp_path):
    """A restored PC logs each record as the district sent it; check compares it the way it was
    applied, so a sound restore passes and an edit after it does not."""
    import sqlite3

    from akimdesk.services import check
    from akimdesk.storage.database import open_database
    from akimdesk.sync import client

    fill_office(linked)
    sync_round(linked)
    fresh_pc = open_database(tmp_path / "new-pc")
    try:
        client.link(fresh_pc, server.url, token)
        assert sync_round(fresh_pc).records_applied > 20
        assert check.run(fresh_pc).ok, [p.render("ru") for p in check.run(fresh_pc).problems]
        raw = sqlite3.connect(fresh_pc.path)
        raw.execute("UPDATE asset SET book_value_tiyn = 1")
        raw.commit()
        raw.close()
        found = [p.render("ru") for p in check.run(fresh_pc).problems]
        assert found and all("Балансовая стоимость" in p for p in found), found
    finally:
        fresh_pc.close()
