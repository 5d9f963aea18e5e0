"""Trust: the audit hash chain and `akimdesk check`, backups and restore, a full disk, and
property-based tests of the validators and importers."""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select, text

from akimdesk.domain.identity import make_bin, make_iin, validate_bin, validate_iin
from akimdesk.i18n import render
from akimdesk.models import AuditEntry, FineCase, Meeting
from akimdesk.services import audit, backup, check
from akimdesk.services.errors import ValidationError
from akimdesk.services.fines import import_export
from akimdesk.storage.database import open_database
from akimdesk.sync import state
from tests.conftest import ACTOR, TODAY
from tests.support.assemblies import make_meeting, make_members
from tests.support.fines import make_cases
from tests.test_cli import run


def tamper(db, *sql: str) -> None:
    """What someone with an SQLite tool could do: drop the guards and edit the log."""
    raw = sqlite3.connect(db.path)
    try:
        raw.execute("DROP TRIGGER IF EXISTS audit_no_update")
        raw.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        for statement in sql:
            raw.execute(statement)
        raw.commit()
    finally:
        raw.close()


def test_every_change_is_chained_and_check_finds_tampering(db):
    make_cases(db, ACTOR, 5)
    report = check.run(db)
    assert report.ok and report.audit_rows > 10
    with db.read() as s:
        rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert rows[0].prev_hash == audit.GENESIS
        assert all(b.prev_hash == a.row_hash for a, b in itertools.pairwise(rows))
    tamper(db, "UPDATE audit SET user = 'someone' WHERE id = 4",
           "DELETE FROM audit WHERE id IN (7, 8)")  # fmt: skip
    problems = [p.render("ru") for p in check.run(db).problems]
    assert any("4" in p and "изменена" in p for p in problems)
    assert any("7" in p and "8" in p and "удалены" in p for p in problems)


def test_check_command_says_plainly_what_is_wrong(tmp_path):
    data = tmp_path / "data"
    run("demo", "--fines", "20", data_dir=data)
    ok = run("check", data_dir=data)
    assert "өзгертілмеген" in ok.stdout
    db = open_database(data)
    try:
        tamper(db, "UPDATE audit SET after = '{}' WHERE id = 2")
    finally:
        db.close()
    bad = run("check", data_dir=data, check=False)
    assert bad.returncode == 1 and "2" in bad.stderr and "өзгертілген" in bad.stderr


def test_backup_taken_while_writing_restores_elsewhere(db, tmp_path):
    ids = make_members(db, ACTOR, 10)
    make_meeting(db, ACTOR, ids, present=8, items=3)
    make_cases(db, ACTOR, 30)
    with db.write() as s:
        state.put(s, state.EPOCH, "0191f0c4-0000-7000-8000-000000000001")
    copy = backup.backup_to(db, tmp_path / "usb" / "copy.sqlite3")
    make_cases(db, ACTOR, 5)  # after the backup: not in it
    other = tmp_path / "other-pc"
    done = backup.restore(other, copy)
    assert done.replaced is None
    restored = open_database(other)
    try:
        with restored.read() as s:
            assert s.scalar(select(func.count()).select_from(FineCase)) == 30
            assert s.scalar(select(func.count()).select_from(Meeting)) == 1
            assert state.get(s, state.EPOCH) != "0191f0c4-0000-7000-8000-000000000001"
        assert check.run(restored).ok
    finally:
        restored.close()
    # Restoring over an existing database keeps the replaced file
    second = backup.restore(other, copy)
    assert second.replaced is not None and second.replaced.exists()
    assert backup.last_backup(db) is not None


def test_a_broken_file_is_not_restored(db, tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 2000)
    with pytest.raises(backup.BackupError):
        backup.restore(tmp_path / "target", bad)
    assert not (tmp_path / "target" / "akimdesk.sqlite3").exists()


def test_rotation_keeps_seven_daily_and_four_weekly(tmp_path):
    start = datetime(2026, 11, 23, 18, 0)
    for days in range(60):
        for hour in (9, 17):
            stamp = start - timedelta(days=days, hours=18 - hour)
            (tmp_path / f"akimdesk-{stamp:%Y%m%d-%H%M%S}.sqlite3").write_bytes(b"x")
    (tmp_path / "my-own-copy.sqlite3").write_bytes(b"x")
    backup.rotate(tmp_path)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert "my-own-copy.sqlite3" in kept
    stamps = [backup._stamp(tmp_path / n) for n in kept if n.startswith("akimdesk-")]
    assert len(stamps) == 11
    days = sorted({s.date() for s in stamps}, reverse=True)
    assert days[:7] == [date(2026, 11, 23) - timedelta(days=i) for i in range(7)]
    assert all(s.hour == 17 for s in stamps)  # the newest of each day


def test_disk_full_is_a_clear_message_and_nothing_is_corrupted(db):
    make_cases(db, ACTOR, 5)
    with db.read() as s:
        pages = s.execute(text("PRAGMA page_count")).scalar_one()

    @event.listens_for(db.engine, "connect")
    def limit(conn, _record):  # type: ignore[no-untyped-def]
        conn.execute(f"PRAGMA max_page_count = {pages + 3}")

    db.engine.dispose()  # new connections get the limit
    with pytest.raises(ValidationError) as err:
        make_cases(db, ACTOR, 400)
    assert "Диск толы" in render(err.value.errors[""], "kk")
    assert "Диск заполнен" in render(err.value.errors[""], "ru")
    event.remove(db.engine, "connect", limit)
    db.engine.dispose()
    with db.read() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert s.scalar(select(func.count()).select_from(FineCase)) == 5
    assert check.run(db).ok
    make_cases(db, ACTOR, 3)  # space again: writing works
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(FineCase)) == 8


@given(st.text(max_size=20))
def test_identity_validators_take_any_text(value):
    for validate in (validate_iin, validate_bin):
        result = validate(value, today=TODAY)
        assert result is None or isinstance(result, str)


@given(
    st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31)),
    st.booleans(),
    st.integers(0, 9999),
    st.integers(0, 9),
)
def test_a_valid_iin_passes_and_a_wrong_check_digit_fails(birth, male, serial, digit):
    iin = make_iin(birth, male, serial)
    if iin is None:  # no check digit exists for this serial
        return
    assert validate_iin(iin, today=TODAY) is None
    if iin[11] != str(digit):
        assert validate_iin(iin[:11] + str(digit), today=TODAY) is not None


@given(st.integers(2000, 2025), st.integers(1, 12), st.integers(0, 9999))
def test_a_valid_bin_passes(year, month, serial):
    bin_ = make_bin(year, month, 4, serial)
    if bin_ is not None:
        assert validate_bin(bin_, today=TODAY) is None


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_importer_takes_any_bytes(db, tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    try:
        report = import_export.import_file(db, ACTOR, path, today=TODAY)
    except import_export.FileError as exc:
        assert exc.message.render("kk")
    else:
        assert report.errors or report.added == 0  # random bytes never make a valid case


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(st.text(max_size=30), max_size=12), max_size=8))
def test_importer_takes_any_csv_rows(db, tmp_path, rows):
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(";".join(r) for r in rows), encoding="utf-8")
    with contextlib.suppress(import_export.FileError):
        import_export.import_file(db, ACTOR, path, today=TODAY)
    with db.read() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
