"""Backups: compressed copies that restore (command line and the Backups tab), copies on closing
only when the last one is old, and the restore the window runs after it closes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from akimdesk.models import FineCase, Meta
from akimdesk.services import backup, check, settings
from akimdesk.storage.database import open_database
from akimdesk.ui.backup_tab import BackupTab
from tests.conftest import ACTOR
from tests.support.fines import make_cases
from tests.test_cli import run


def test_a_compressed_copy_is_small_and_restores(db, tmp_path):
    make_cases(db, ACTOR, 60)
    copy = backup.automatic(db, tmp_path / "usb")
    assert copy.name.endswith(".sqlite3.zst")
    assert copy.stat().st_size < db.path.stat().st_size / 3
    assert not list((tmp_path / "usb").glob("*.partial"))
    assert not list(db.path.parent.glob(".backup-*"))  # the local snapshot is gone
    backup.check_file(copy)
    other = tmp_path / "other-pc"
    backup.restore(other, copy)
    restored = open_database(other)
    try:
        with restored.read() as s:
            assert s.scalar(select(func.count()).select_from(FineCase)) == 60
        assert check.run(restored).ok
    finally:
        restored.close()


def test_a_cut_compressed_copy_is_refused_and_nothing_is_replaced(db, tmp_path):
    make_cases(db, ACTOR, 20)
    copy = backup.automatic(db, tmp_path / "usb")
    cut = tmp_path / "cut.sqlite3.zst"
    cut.write_bytes(copy.read_bytes()[: copy.stat().st_size // 2])
    target = tmp_path / "target"
    with pytest.raises(backup.BackupError) as err:
        backup.restore(target, cut)
    assert err.value.message.render("ru") == "Файл копии повреждён."
    assert not (target / "akimdesk.sqlite3").exists()
    assert not list(target.glob("*.restoring"))


def test_the_command_line_restores_a_compressed_copy(db, data_dir, tmp_path):
    make_cases(db, ACTOR, 7)
    copy = backup.automatic(db, tmp_path / "usb")
    res = run("restore", str(copy), "--yes", data_dir=tmp_path / "new-pc")
    assert res.returncode == 0, res.stderr
    fresh = open_database(tmp_path / "new-pc")
    try:
        with fresh.read() as s:
            assert s.scalar(select(func.count()).select_from(FineCase)) == 7
    finally:
        fresh.close()


def test_rotation_counts_both_kinds_of_copy(tmp_path):
    start = datetime(2026, 11, 23, 18, 0)
    for days in range(60):
        suffix = ".sqlite3.zst" if days % 2 else ".sqlite3"
        (tmp_path / f"akimdesk-{start - timedelta(days=days):%Y%m%d-%H%M%S}{suffix}").write_bytes(
            b""
        )
    backup.rotate(tmp_path)
    assert len(backup.copies(tmp_path)) == 11


def test_closing_backs_up_only_when_the_last_copy_is_old(db):
    now = datetime.now(UTC).replace(tzinfo=None)
    assert backup.due_on_exit(db, 8, now)  # never backed up
    with db.write() as s:
        s.add(Meta(key=backup.LAST_BACKUP, value=(now - timedelta(hours=2)).isoformat()))
    assert not backup.due_on_exit(db, 8, now)
    assert backup.due_on_exit(db, 1, now)
    assert backup.due_on_exit(db, 0, now)  # 0: every time


def test_the_window_closes_without_a_copy_when_one_is_recent(qtbot, ctx):
    from akimdesk.ui.main_window import MainWindow

    folder = ctx.data_dir / "backups"
    window = MainWindow(ctx)
    window.show()
    window.close()  # never backed up: a copy is made on closing
    first = backup.copies(folder)
    assert len(first) == 1
    again = MainWindow(ctx)
    again.show()
    again.close()  # a copy from a moment ago: none
    assert backup.copies(folder) == first
    settings.save(ctx.db, ACTOR, {"backup.exit_hours": 0})
    third = MainWindow(ctx)
    third.show()
    qtbot.wait(1100)  # copies are named by the second
    third.close()
    assert backup.copies(folder) != first  # a new copy (the day keeps its newest)


def test_the_backups_tab_restores_after_the_window_closes(qtbot, ctx, tmp_path, monkeypatch):
    from akimdesk.ui import app
    from akimdesk.ui.main_window import MainWindow

    make_cases(ctx.db, ACTOR, 4)
    copy = backup.automatic(ctx.db, tmp_path / "usb")
    make_cases(ctx.db, ACTOR, 3)  # after the copy
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(5)
    tab = window.screens["settings"].findChild(BackupTab)
    assert tab.restore_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.confirm_restore(copy)
    assert window.restore_from == copy and not window.isVisible()
    monkeypatch.setattr("akimdesk.ui.common.forms.info", lambda *a, **k: None)
    restored = app._restore(ctx, ctx.data_dir, Path(copy))
    assert restored is not None
    try:
        with restored.read() as s:
            assert s.scalar(select(func.count()).select_from(FineCase)) == 4
        assert list(ctx.data_dir.glob("akimdesk.replaced-*.sqlite3"))
    finally:
        restored.close()
