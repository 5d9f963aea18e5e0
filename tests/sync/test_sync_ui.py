"""The Sync screen driving a real round against the real server, and settling a conflict."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from akimdesk.models import FineCase
from akimdesk.services.fines import cases
from akimdesk.services.fines.validation import DecisionInput
from akimdesk.storage.database import open_database
from akimdesk.sync import client
from akimdesk.sync.messages import rejection_text
from akimdesk.ui.sync_screen import LinkDialog, SyncScreen
from tests.conftest import ACTOR, TODAY
from tests.support.fines import make_cases
from tests.sync.conftest import held, sync_round


@pytest.fixture
def ctx(ctx, linked):
    """The shared screen context, on a database linked to the district server."""
    return ctx


def test_sync_now_sends_and_the_screen_follows(qtbot, ctx, server_db):
    make_cases(ctx.db, ACTOR, 40)
    screen = SyncScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.pending.text() == "81"  # the office itself and 40 cases with their events
    with qtbot.waitSignal(screen.controller.finished, timeout=60_000):
        screen.sync_button.click()
    assert screen.pending.text() == "0"
    assert "81" in screen.message.text()
    assert held(server_db)["fine_case"] == 40
    ctx.language.apply("ru")
    assert screen.sync_button.text() == "Синхронизировать сейчас"


def test_a_conflict_is_listed_and_settled_from_the_screen(qtbot, ctx, server, token, tmp_path):
    make_cases(ctx.db, ACTOR, 1)
    sync_round(ctx.db)
    other = open_database(tmp_path / "other")
    try:
        client.link(other, server.url, token)
        sync_round(other)
        with ctx.db.read() as s:
            cid = s.scalars(select(FineCase.id)).one()
        cases.issue_decision(
            other, ACTOR, cid, DecisionInput(TODAY - timedelta(days=5), "fine", 20), today=TODAY
        )
        sync_round(other)
        cases.issue_decision(
            ctx.db, ACTOR, cid, DecisionInput(TODAY - timedelta(days=4), "fine", 20), today=TODAY
        )
        screen = SyncScreen(ctx)
        qtbot.addWidget(screen)
        screen.show()
        with qtbot.waitSignal(screen.controller.finished, timeout=60_000):
            screen.sync_button.click()
        screen.refresh()
        assert screen.table.rowCount() == 1
        assert screen.table.item(0, 2).text() == rejection_text("conflict")
        screen.table.selectRow(0)
        assert screen.mine_button.isEnabled() and not screen.renumber_button.isEnabled()
        with qtbot.waitSignal(screen.controller.finished, timeout=60_000):
            screen.mine_button.click()
        screen.refresh()
        assert screen.table.rowCount() == 0
    finally:
        other.close()


def test_taking_the_districts_version_refreshes_the_register(qtbot, ctx, server, token, tmp_path):
    """Before, the Sync screen announced "fines" by hand while the register listened to
    "fine_case": the register kept showing this PC's decision after the district's was taken."""
    from akimdesk.ui.fines.register import FinesScreen

    make_cases(ctx.db, ACTOR, 1)
    sync_round(ctx.db)
    other = open_database(tmp_path / "other")
    try:
        client.link(other, server.url, token)
        sync_round(other)
        with ctx.db.read() as s:
            cid = s.scalars(select(FineCase.id)).one()
        theirs = DecisionInput(TODAY - timedelta(days=5), "fine", 20)
        cases.issue_decision(other, ACTOR, cid, theirs, today=TODAY)
        sync_round(other)
        mine = DecisionInput(TODAY - timedelta(days=4), "warning", None)
        cases.issue_decision(ctx.db, ACTOR, cid, mine, today=TODAY)
        register = FinesScreen(ctx)
        qtbot.addWidget(register)
        amount = register.model.COLUMNS.index("amount")
        assert not register.model.data(register.model.index(0, amount))  # a warning: no amount
        screen = SyncScreen(ctx)
        qtbot.addWidget(screen)
        screen.show()
        with qtbot.waitSignal(screen.controller.finished, timeout=60_000):
            screen.sync_button.click()
        screen.refresh()
        screen.table.selectRow(0)
        screen.theirs_button.click()
        qtbot.waitUntil(lambda: bool(register.model.data(register.model.index(0, amount))),
                        timeout=30_000)  # fmt: skip
    finally:
        other.close()


def test_link_dialog_shows_errors_by_the_fields(qtbot, ctx):
    dialog = LinkDialog(None, "")
    qtbot.addWidget(dialog)
    dialog.url.setText("district.local")
    dialog.token.setText("12345")
    dialog._check()
    errors = {
        w.objectName()[6:]: w.text()
        for w in dialog.findChildren(QLabel)
        if w.objectName().startswith("error_") and w.text()
    }
    assert set(errors) == {"url", "token"}
    assert dialog.url.text() == "district.local"  # what was typed stays
