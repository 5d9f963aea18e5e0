"""Signing in, the screen lock, the Users tab and the audit log screen, with real widgets."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from akimdesk.domain import roles
from akimdesk.services import accounts, settings
from akimdesk.services.fines import cases
from akimdesk.ui.accounts.dialogs import FirstAccountDialog, LoginDialog
from akimdesk.ui.context import AppContext, ChangeBus
from tests.conftest import ACTOR, TODAY
from tests.support.fines import case_input
from tests.support.shots import shot
from tests.test_accounts import PASSWORD, account
from tests.test_ui import visible_errors


@pytest.fixture
def office(ctx):
    accounts.create(ctx.db, ACTOR, account("admin"))
    admin = accounts.authenticate(ctx.db, "admin", PASSWORD)
    accounts.create(ctx.db, admin, account("aigerim", roles.SPECIALIST))
    return ctx


def as_user(ctx: AppContext, login: str) -> AppContext:
    actor = accounts.authenticate(ctx.db, login, PASSWORD)
    return AppContext(ctx.db, actor, ctx.data_dir, ctx.language, ChangeBus(ctx.db.changes))


def test_login_refuses_next_to_the_field_and_keeps_the_login(qtbot, office):
    dialog = LoginDialog(office.db, office.language)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login.setText("aigerim")
    dialog.password.setText("wrong-password")
    dialog.submit()
    assert visible_errors(dialog)["password"] == "Логин немесе құпиясөз қате."
    assert dialog.login.text() == "aigerim" and dialog.password.text() == ""
    shot(dialog, "login-refused-kk")
    dialog.lang.setCurrentIndex(1)  # the person switches to Russian at the sign-in window
    assert visible_errors(dialog)["password"] == "Неверный логин или пароль."
    assert dialog.windowTitle() == "AkimDesk: вход"
    shot(dialog, "login-refused-ru")
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        dialog.submit()
    assert dialog.actor.login == "aigerim" and dialog.actor.roles == {roles.SPECIALIST}


def test_first_account_after_an_upgrade(qtbot, ctx):
    dialog = FirstAccountDialog(ctx.db, ctx.language)
    qtbot.addWidget(dialog)
    dialog.fields.login.setText("admin")
    dialog.fields.full_name.setText("Серікбаев Е.")
    dialog.fields.password.setText("qysqa")
    dialog.submit()
    assert set(visible_errors(dialog)) == {"password"}
    assert dialog.fields.full_name.text() == "Серікбаев Е."  # what was typed stays
    shot(dialog, "first-account-kk")
    dialog.fields.password.setText(PASSWORD)
    dialog.fields.password_again.setText(PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        dialog.submit()
    actor = accounts.authenticate(ctx.db, "admin", PASSWORD)
    assert actor.roles == set(roles.ROLES)


def test_specialist_sees_no_audit_log_users_or_decision_button(qtbot, office):
    from akimdesk.ui.fines.case_dialog import CaseDialog
    from akimdesk.ui.main_window import MainWindow
    from akimdesk.ui.settings_screen import SettingsScreen

    ctx = as_user(office, "aigerim")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    keys = [window.nav.item(r).data(256) for r in range(window.nav.count())]
    hidden = {k for r, k in enumerate(keys) if window.nav.item(r).isHidden()}
    assert hidden == {"audit"}
    assert "Маман" in window.user_label.toolTip()  # the roles: in the tooltip, for room
    screen = SettingsScreen(ctx)
    qtbot.addWidget(screen)
    assert screen.users is None and not screen.save_office.isEnabled()
    case = cases.create_case(ctx.db, ctx.actor, case_input(ctx.db, 1), today=TODAY)
    dialog = CaseDialog(ctx, case.id)
    qtbot.addWidget(dialog)
    assert not dialog.actions["decision"].isEnabled()  # the akim's
    assert dialog.actions["cancel"].isEnabled() is False
    from akimdesk.services.errors import PermissionDenied
    from akimdesk.ui.audit.audit_model import AuditTableModel

    with pytest.raises(PermissionDenied):  # not only hidden: the log refuses a specialist
        AuditTableModel(ctx.db, ctx.actor)
    window.screen_lock.stop()


def test_screen_lock_covers_every_window_and_keeps_what_was_typed(qtbot, office):
    from akimdesk.ui.fines.case_dialog import CaseDialog
    from akimdesk.ui.main_window import MainWindow

    ctx = as_user(office, "aigerim")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    lock = window.screen_lock
    assert lock.timer.isActive() and lock.timer.interval() == 10 * 60_000  # the setting
    dialog = CaseDialog(ctx, None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.offence_address.setText("Абай көшесі, 5")
    lock.lock()
    covers = [w for w in QApplication.allWidgets() if w.objectName() == "lock_cover"]
    assert {c.parent() for c in covers} >= {window, dialog}
    assert all(c.isVisible() for c in covers)
    unlock = lock.dialog
    assert unlock.login.text() == "aigerim" and unlock.login.isReadOnly()
    unlock.password.setText("wrong-password")
    unlock.submit()
    assert lock.locked and "password" in visible_errors(unlock)
    shot(window, "screen-locked-kk")
    unlock.password.setText(PASSWORD)
    unlock.submit()
    qtbot.waitUntil(lambda: not lock.locked, timeout=3000)
    QApplication.processEvents()
    assert not [w for w in QApplication.allWidgets() if w.objectName() == "lock_cover"
                and isinstance(w, QWidget) and w.isVisible()]  # fmt: skip
    assert dialog.form.offence_address.text() == "Абай көшесі, 5"
    assert lock.timer.isActive()
    # The setting turns it off.
    settings.save(ctx.db, accounts.authenticate(ctx.db, "admin", PASSWORD),
                  {"security.lock_minutes": 0})  # fmt: skip
    assert not lock.timer.isActive()  # the lock heard the setting from the write itself
    lock.stop()


def test_users_tab_adds_an_account_with_errors_by_fields(qtbot, office, monkeypatch):
    from akimdesk.ui.accounts.users_tab import AccountDialog, UsersTab

    ctx = as_user(office, "admin")
    tab = UsersTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1000, 600)
    tab.show()
    assert tab.table.rowCount() == 2
    dialog = AccountDialog(ctx, None, tab)
    qtbot.addWidget(dialog)
    dialog.fields.login.setText("admin")
    dialog.fields.full_name.setText("Қасымова Әйгерім")
    dialog.fields.password.setText(PASSWORD)
    dialog.fields.password_again.setText(PASSWORD)
    dialog.save()
    assert set(visible_errors(dialog)) == {"login", "roles"}
    assert visible_errors(dialog)["login"] == "Бұл логин бос емес."
    shot(dialog, "account-errors-kk")
    dialog.fields.login.setText("aselle")
    dialog.fields.role_boxes[roles.SECRETARY].setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        dialog.save()
    tab.reload()
    assert tab.table.rowCount() == 3
    texts = [tab.table.item(r, 2).text() for r in range(3)]
    assert "Хатшы" in texts
    shot(tab, "users-tab-kk")
    ctx.language.apply("ru")
    tab.retranslate_ui()
    assert tab.table.horizontalHeaderItem(0).text() == "Логин"
    assert "Секретарь" in [tab.table.item(r, 2).text() for r in range(3)]
    shot(tab, "users-tab-ru")


def test_audit_log_screen_filters_and_shows_changes_in_words(qtbot, office):
    from akimdesk.ui.audit.screen import AuditScreen

    ctx = as_user(office, "admin")
    specialist = accounts.authenticate(ctx.db, "aigerim", PASSWORD)
    case = cases.create_case(ctx.db, specialist, case_input(ctx.db, 1), today=TODAY)
    data = cases.as_input(case)
    data.offence_address = "Төле би көшесі, 3"
    cases.correct_case(ctx.db, specialist, case.id, data, "")
    screen = AuditScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    model = screen.model
    assert model.rowCount() > 3
    screen.user.setCurrentIndex(screen.user.findData(specialist.label))
    users = {model.data(model.index(r, 2)) for r in range(model.rowCount())}
    assert users == {specialist.label}
    actions = [model.data(model.index(r, 3)) for r in range(model.rowCount())]
    assert actions[0] == "Іс түзетілді" and "Іс құрылды" in actions
    screen.table.selectRow(next(r for r in range(model.rowCount())
                                if model.row(r).entity == "fine_case"))  # fmt: skip
    rows = {screen.details.item(r, 0).text(): (screen.details.item(r, 1).text(),
            screen.details.item(r, 2).text()) for r in range(screen.details.rowCount())}  # fmt: skip
    assert rows["Құқық бұзушылық орны"][1] == "Төле би көшесі, 3"
    for r in range(screen.details.rowCount()):  # no column names leak
        assert not re.search(r"[A-Za-z]{3,}", screen.details.item(r, 0).text())
    shot(screen, "audit-log-kk")
    screen.search.setText("Төле би")
    screen.apply()
    assert 1 <= model.rowCount() <= 2
    ctx.language.apply("ru")
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Действие"
    assert model.data(model.index(0, 3)) == "Дело исправлено"
    shot(screen, "audit-log-ru")
