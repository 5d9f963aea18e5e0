"""Screens hear what operations changed, by kind, and nothing reaches a window that is gone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from akimdesk.models import Setting
from akimdesk.services import settings
from akimdesk.services.fines import cases
from akimdesk.services.operation import operation
from akimdesk.services.property import assets
from akimdesk.storage.changes import Changes
from tests.conftest import ACTOR, TODAY
from tests.support.assemblies import make_members
from tests.support.fines import case_input
from tests.support.property import asset_input


def _flush_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def _open_every_screen(window) -> None:  # type: ignore[no-untyped-def]
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)


def test_sign_out_and_in_three_times_then_change_every_register(qtbot, ctx):
    """After "Sign out" the old window is gone; a change must not reach its slots (before: every
    later change raised "Internal C++ object (MainWindow) already deleted")."""
    from akimdesk.ui.main_window import MainWindow

    for _ in range(3):
        old = MainWindow(ctx)
        old.show()
        _open_every_screen(old)
        old.sign_out()
        old.deleteLater()
        _flush_deletes()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    _open_every_screen(window)

    fines = window.screens["fines"]
    before = fines.model.rowCount()
    cases.create_case(ctx.db, ACTOR, case_input(ctx.db, 1), today=TODAY)
    make_members(ctx.db, ACTOR, 6)
    assets.create_asset(ctx.db, ACTOR, asset_input(), today=TODAY)
    with ctx.db.read() as s:
        values = settings.load(s)
    settings.save(ctx.db, ACTOR, {"backup.warn_days": int(values["backup.warn_days"]) + 1})
    ctx.language.apply("ru")
    ctx.language.apply("kk")
    QApplication.processEvents()
    assert fines.model.rowCount() == before + 1  # the live window heard it
    assert window.screens["property"].register.model.rowCount() == 1


def test_screens_hear_kinds_not_strings(qtbot, ctx):
    """Every committed write announces the kinds it touched; a rolled-back one announces nothing."""
    heard: list[Changes] = []
    ctx.bus.subscribe(None, None, heard.append)
    cases.create_case(ctx.db, ACTOR, case_input(ctx.db, 2), today=TODAY)
    QApplication.processEvents()
    assert heard and "fine_case" in heard[-1] and "fine_event" in heard[-1]
    assert heard[-1].ids["fine_case"]
    count = len(heard)
    with pytest.raises(RuntimeError), operation(ctx.db, ACTOR, "settings.save") as op:
        op.add(Setting(key="backup.warn_days", value="9"))
        op.session.flush()
        raise RuntimeError("the write fails after it flushed: rolled back")
    QApplication.processEvents()
    assert len(heard) == count


def test_a_subscriber_that_is_gone_is_dropped(qtbot, ctx):
    from PySide6.QtWidgets import QWidget

    calls: list[str] = []

    class Screen(QWidget):
        def on_change(self, _changes: Changes) -> None:
            calls.append("heard")

    screen = Screen()
    ctx.bus.subscribe(screen, {"fine_case"}, screen.on_change)
    cases.create_case(ctx.db, ACTOR, case_input(ctx.db, 3), today=TODAY)
    QApplication.processEvents()
    assert calls == ["heard"]
    screen.deleteLater()
    _flush_deletes()
    cases.create_case(ctx.db, ACTOR, case_input(ctx.db, 4), today=TODAY)
    QApplication.processEvents()
    assert calls == ["heard"]


def test_every_table_belongs_to_a_group_screens_listen_to():
    """A new table outside every group would change things no screen hears about."""
    from akimdesk.models import Base, load_all
    from akimdesk.storage.changes import GROUPS

    load_all()
    grouped = frozenset().union(*GROUPS)
    assert set(Base.metadata.tables) - grouped == set()
