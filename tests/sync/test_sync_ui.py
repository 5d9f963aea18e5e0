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


def test_refusals_and_set_aside_records_are_shown_with_their_field(qtbot, ctx, server, token):
    """A value the district refused names its field in words; a record received without its
    parent is listed as set aside; the round itself finishes."""
    import uuid

    from akimdesk.services.operation import operation
    from tests.support.district import fill_office
    from tests.support.shots import shot
    from tests.sync.ops import Stream, fresh, templates

    fill_office(ctx.db)
    sync_round(ctx.db)
    stream = Stream(server.url, token)  # another PC of the office sent a payment without its case
    orphan = fresh(templates(ctx.db)["fine_payment"], case_id=str(uuid.uuid4()))
    assert stream.send([stream.op("fine_payment", orphan)]).json()["applied"] == 1
    with ctx.db.read() as s:
        case = s.scalars(select(FineCase)).first()
    # A surname the district cannot store, as an older version of this app let through.
    with operation(ctx.db, ACTOR, "fines.correct_case", "тест") as op:
        obj = op.session.get(FineCase, case.id)
        before = op.snapshot(obj)
        obj.surname = "x" * 150  # longer than the 100 characters the field holds
        op.changed(obj, before)
    screen = SyncScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    with qtbot.waitSignal(screen.controller.finished, timeout=60_000):
        screen.sync_button.click()
    screen.refresh()
    assert screen.table.rowCount() == 1
    assert screen.table.item(0, 2).text() == "Мәтін тым ұзын: «Тегі»"
    assert screen.aside.isVisible() and screen.aside.rowCount() == 1
    assert screen.aside.item(0, 2).text() == "Ол тиесілі жазба бұл компьютерде жоқ: «Іс»"
    shot(screen, "sync-set-aside-kk")
    ctx.language.apply("ru")
    assert screen.aside.item(0, 2).text().startswith("Записи, к которой она относится, нет")
    assert "Фамилия" in screen.table.item(0, 2).text()
    shot(screen, "sync-set-aside-ru")
