"""F1 on every screen and dialog opens its page; the help window's contents, search, links and
live language; the Help menu; the main window's first steps until the office is ready."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QStackedWidget, QWidget

import akimdesk.ui
from akimdesk.help import contexts, guide
from akimdesk.i18n import _ as tr
from tests.conftest import ACTOR, TODAY


def ui_classes() -> dict[str, type]:
    """Every screen and dialog of the app: dialogs, and widgets named as screens, tabs, panels
    and windows (small widgets inside them, a form or a field, are not)."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(akimdesk.ui.__path__, "akimdesk.ui."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or name.startswith("_"):
                continue
            if issubclass(cls, QDialog) or (
                issubclass(cls, QWidget) and name.endswith(("Screen", "Tab", "Panel", "Window"))
            ):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def test_every_screen_and_dialog_has_a_page():
    classes = ui_classes()
    for name in classes:
        covered = contexts.page_of(name) or contexts.is_shared(name) or contexts.stack_of(name)
        assert covered, f"{name}: add its page to akimdesk/help/contexts.py"
    for short in (*contexts.PAGES, *contexts.TABS, *contexts.STACKS, *contexts.SHARED):
        assert contexts.UI + short in classes, f"{short}: no such screen or dialog any more"


# --- pressing F1 on each of them ------------------------------------------------------------


@pytest.fixture
def office(ctx):
    """An office with cases, meetings, property, an inventory and a second account."""
    from akimdesk.services import accounts, demo
    from akimdesk.services.assemblies.demo import generate_meetings
    from akimdesk.services.property import campaigns
    from akimdesk.services.property.demo import generate_assets

    demo.generate_fines(ctx.db, ACTOR, 40, today=TODAY)
    generate_meetings(ctx.db, ACTOR, 4, today=TODAY)
    generate_assets(ctx.db, ACTOR, 6, today=TODAY)
    campaigns.start_campaign(ctx.db, ACTOR, campaigns.CampaignInput(
        "7-ө", TODAY, TODAY, None, [{"name": "Серікбаев Е.", "position": "әкім", "chair": True},
                                    {"name": "Ким С.", "position": "бухгалтер", "chair": False}]))  # fmt: skip
    accounts.create(ctx.db, ACTOR, accounts.AccountInput(
        "dana", "Жұмабаева Дана", ["specialist"], "Dana-pass-2026", "Dana-pass-2026"))  # fmt: skip
    return ctx


def reveal(widget: QWidget) -> None:
    """Brings the tab (or screen) holding `widget` to the front, all the way up."""
    w = widget
    while w.parentWidget() is not None:
        parent = w.parentWidget()
        if isinstance(parent, QStackedWidget):
            parent.setCurrentWidget(w)
        w = parent


def focusable(widget: QWidget) -> QWidget:
    """A widget inside `widget` that can have the keyboard (the person clicked into it)."""
    for child in [widget, *widget.findChildren(QWidget)]:
        if child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.isVisible():
            return child
    return widget


def press_f1(qtbot, widget: QWidget) -> str:
    from akimdesk.ui.help.controller import HelpController

    reveal(widget)
    top = widget.window()
    top.show()
    QApplication.processEvents()
    target = focusable(widget)
    QTest.keyClick(target, Qt.Key.Key_F1)
    window = QApplication.instance().findChild(HelpController).window
    assert window.isVisible()
    return window.page_id


def test_f1_opens_the_page_of_every_screen_and_dialog(qtbot, office, monkeypatch):
    from akimdesk.services import accounts
    from akimdesk.services.assemblies import queries as meeting_queries
    from akimdesk.services.property import campaigns
    from akimdesk.ui.accounts.dialogs import ChangePasswordDialog, FirstAccountDialog, LoginDialog
    from akimdesk.ui.accounts.users_tab import AccountDialog, ResetDialog
    from akimdesk.ui.assemblies.meeting_dialog import MeetingDialog
    from akimdesk.ui.assemblies.members_panel import MemberDialog
    from akimdesk.ui.common.preview import PreviewDialog
    from akimdesk.ui.fines.case_dialog import CaseDialog
    from akimdesk.ui.help.controller import help_controller
    from akimdesk.ui.journal.wizard import ImportWizard
    from akimdesk.ui.main_window import MainWindow
    from akimdesk.ui.property.asset_dialog import AssetDialog
    from akimdesk.ui.property.campaigns import CampaignDialog, CampaignStartDialog
    from akimdesk.ui.setup_dialog import SetupDialog
    from akimdesk.ui.sync_screen import LinkDialog

    ctx = office
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    made: list[QWidget] = []
    for key in ("fines", "property", "assemblies", "sync", "audit", "settings"):
        made.append(win.show_screen(key))
    fines = win.screens["fines"]
    case_id = fines.model.case_id(0)
    panel = win.screens["property"].register
    with ctx.db.read() as s:
        meeting_id = next(r.id for r in meeting_queries.rows(s) if r.kind == "assembly")
        campaign_id = campaigns.campaigns(s)[0].id
        account_id = next(a.id for a in accounts.all_accounts(s) if a.login == "dana")
    dialogs = [
        SetupDialog(ctx), LoginDialog(ctx.db, ctx.language),
        FirstAccountDialog(ctx.db, ctx.language),
        ChangePasswordDialog(ctx.db, ctx.language, ACTOR),
        AccountDialog(ctx, None, win), ResetDialog(ctx, account_id, win),
        CaseDialog(ctx, case_id, win), ImportWizard(ctx, "fines", win),
        PreviewDialog(win, ctx, "fines-register",
                      {"date_from": date(2026, 1, 1), "date_to": TODAY}),
        AssetDialog(ctx, panel.model.row(0).id, win), CampaignStartDialog(ctx, win),
        CampaignDialog(ctx, campaign_id, win), MemberDialog(ctx, None, win),
        MeetingDialog(ctx, meeting_id, win), LinkDialog(win),
        help_controller(ctx.language).window,
    ]  # fmt: skip
    for d in dialogs:
        qtbot.addWidget(d)
    pressed: set[str] = set()
    for root in [win, *dialogs]:
        for w in [root, *root.findChildren(QWidget)]:
            names = [n for n in _names(w) if contexts.page_of(n)]
            if not names or names[0] in pressed:
                continue
            if contexts.tabs_of(names[0]):  # its other tabs have pages of their own
                w.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]
            assert press_f1(qtbot, w) == contexts.page_of(names[0]), names[0]
            pressed.add(names[0])
    missing = {contexts.UI + n for n in contexts.PAGES} - pressed
    assert missing == set(), "no F1 pressed on these"
    preview = next(d for d in dialogs if isinstance(d, PreviewDialog))
    qtbot.waitUntil(lambda: bool(preview.data), timeout=30_000)  # its printing thread ends


def _names(widget: QWidget) -> list[str]:
    from akimdesk.ui.help.controller import class_names

    return class_names(widget)


def test_f1_on_a_tab_a_step_and_the_list_of_screens(qtbot, office):
    from akimdesk.ui.common.action_dialog import ActionDialog, Field
    from akimdesk.ui.fines.case_dialog import CaseDialog
    from akimdesk.ui.main_window import MainWindow

    ctx = office
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.show_screen("property")
    assert press_f1(qtbot, win.nav) == "property-register"  # the screen on view
    win.screens["property"].tabs.setCurrentIndex(1)
    assert press_f1(qtbot, win.nav) == "property-register"
    assert press_f1(qtbot, win.screens["property"].tabs.tabBar()) == "property-register"
    assert press_f1(qtbot, win.screens["property"].leases.table) == "property-leases"
    assert press_f1(qtbot, win.user_label) == "property-register"  # the status bar

    dialog = CaseDialog(ctx, win.show_screen("fines").model.case_id(0), win)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.state_tab)
    assert press_f1(qtbot, dialog.state_tab) == "fine-decision"
    assert press_f1(qtbot, dialog.tabs.tabBar()) == "fine-decision"  # the tab on view decides
    step = ActionDialog(dialog, tr("Record payment"), [Field("x", "Amount", "text")], print)
    qtbot.addWidget(step)
    assert press_f1(qtbot, step) == "fine-payment"  # the step's own page, known by its title
    other = ActionDialog(dialog, "?", [Field("x", "Amount", "text")], print)
    qtbot.addWidget(other)
    assert press_f1(qtbot, other) == "fine-decision"  # else the page of what opened it
    ctx.language.apply("ru")
    step.setWindowTitle(tr("Grant deferral"))
    assert press_f1(qtbot, step) == "fine-payment"  # the title in the language on screen


def test_help_opens_over_a_dialog_that_waits_for_an_answer(qtbot, ctx):
    """A modal dialog blocks every other window: the help window becomes its child."""
    from akimdesk.ui.help.controller import help_controller
    from akimdesk.ui.sync_screen import LinkDialog

    controller = help_controller(ctx.language)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = LinkDialog(parent)
    seen: dict[str, object] = {}

    def inside() -> None:
        QTest.keyClick(dialog.url, Qt.Key.Key_F1)
        window = controller.window
        seen["modal"] = QApplication.activeModalWidget() is dialog
        seen["page"], seen["parent"] = window.page_id, window.parentWidget()
        seen["shown"] = window.isVisible() and window.isWindow()
        dialog.reject()

    QTimer.singleShot(0, inside)
    dialog.exec()
    assert seen == {"modal": True, "page": "sync", "parent": dialog, "shown": True}
    # Closing the dialog leaves the page open, on its own.
    assert controller.window.parentWidget() is None and controller.window.isVisible()
    dialog.deleteLater()
    QApplication.processEvents()
    assert controller.window.isVisible() and controller.window.page_id == "sync"


# --- the help window -------------------------------------------------------------------------


def test_help_window_contents_search_links_and_language(qtbot, ctx):
    from akimdesk.ui.help.controller import help_controller

    controller = help_controller(ctx.language)
    window = controller.show_page("fine-payment")
    qtbot.addWidget(window)
    kk = guide.load("kk")
    top = window.contents.topLevelItem(0)
    assert window.contents.topLevelItemCount() == 2 and top.text(0) == kk.parts[0].title
    assert [top.child(i).text(0) for i in range(top.childCount())] == [
        p.title for p in kk.parts[0].pages
    ]
    assert window.contents.currentItem().text(0) == kk.page("fine-payment").title
    assert kk.page("fine-payment").title in window.windowTitle()

    window.search.setText("флешка")
    window.run_search()
    assert window.left_stack.currentWidget() is window.results
    html = window.results.toHtml()
    assert kk.page("backups").title in html and "Табылған беттер" in window.found.text()
    window.results.anchorClicked.emit(QUrl("page:backups"))  # a result clicked
    assert window.page_id == "backups"
    assert window.browser.textCursor().selectedText().casefold() == "флешка"

    window.browser.anchorClicked.emit(QUrl("page:pc-died"))  # a link in the page
    assert window.page_id == "pc-died"
    window.back()
    assert window.page_id == "backups"

    ctx.language.apply("ru")  # the window follows the app
    ru = guide.load("ru")
    assert window.contents.topLevelItem(0).text(0) == ru.parts[0].title
    assert ru.page("backups").title in window.windowTitle()
    assert "Найдено страниц" in window.found.text()  # the search again, in Russian pages
    assert ru.page("backups").title in window.results.toHtml()
    window.search.clear()
    window.run_search()
    assert window.left_stack.currentWidget() is window.contents
    assert not window.print_button.isVisible()  # nobody signed in to print with


@pytest.mark.slow  # the whole guide is printed (5 s)
def test_help_menu_opens_the_screen_page_and_prints_the_guide(qtbot, ctx, monkeypatch):
    from akimdesk.ui.common.preview import PreviewDialog
    from akimdesk.ui.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.show_screen("sync")
    win.guide_action.trigger()
    assert win.help.window.page_id == "sync"
    assert win.guide_action.text() == "Нұсқаулық\tF1"
    opened: list[PreviewDialog] = []
    monkeypatch.setattr(PreviewDialog, "exec", lambda d: opened.append(d) or 0)
    win.print_guide_action.trigger()
    assert opened and opened[0].report == "user-guide"
    assert opened[0].lang.currentData() == "kk"
    qtbot.waitUntil(lambda: bool(opened[0].data), timeout=60_000)
    assert opened[0].data.startswith(b"%PDF")


# --- first steps ------------------------------------------------------------------------------


def test_first_steps_until_the_office_is_ready(qtbot, ctx, monkeypatch):
    from akimdesk.services import first_steps, officials
    from akimdesk.services.demo import generate_fines
    from akimdesk.services.fines import cases
    from akimdesk.sync import state
    from akimdesk.ui.main_window import MainWindow
    from tests.support.fines import case_input

    generate_fines(ctx.db, ACTOR, 20, today=TODAY)  # demo cases and officials count for nothing
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    panel = win.first_steps
    assert panel.isVisible()
    assert first_steps.status(ctx.db).done == {
        "officials": False, "first_case": False, "district": False}  # fmt: skip
    assert [panel.marks[s].text() for s in first_steps.STEPS] == ["○", "○", "○"]

    # Each line opens its place, with its page beside it.
    monkeypatch.setattr("akimdesk.ui.fines.register.FinesScreen.open_case", lambda *_a: None)
    panel.open_buttons["officials"].click()
    settings = win.screens["settings"]
    assert win.stack.currentWidget() is settings
    assert settings.tabs.currentWidget() is settings.officials
    qtbot.waitUntil(lambda: win.help.window.isVisible())
    assert win.help.window.page_id == "officials-accounts"

    officials.save(ctx.db, ACTOR, officials.OfficialInput(
        "Серікбаев Ерлан Қайратұлы", "Әкім", "Аким", True, True))  # fmt: skip
    assert panel.marks["officials"].text() == "✔"  # heard through the bus
    cases.create_case(ctx.db, ACTOR, case_input(ctx.db, 1))
    assert panel.marks["first_case"].text() == "✔" and panel.isVisible()
    with ctx.db.write() as s:
        state.put(s, state.SERVER_URL, "https://district.example")
        state.put(s, state.TOKEN, "akd_x")
    assert first_steps.status(ctx.db).shown is False
    assert not panel.isVisible()  # all done: gone


def test_first_steps_put_away_stay_away(qtbot, ctx, data_dir):
    from akimdesk.services import first_steps
    from akimdesk.services.operation import Actor
    from akimdesk.ui.main_window import MainWindow

    ctx.actor = Actor("Жұмабаева Дана", frozenset({"specialist"}), login="dana")  # not an admin
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    assert win.first_steps.isVisible()
    win.first_steps.hide_button.click()
    assert not win.first_steps.isVisible()
    assert first_steps.status(ctx.db).dismissed
    again = MainWindow(ctx)  # the next start
    qtbot.addWidget(again)
    again.show()
    assert not again.first_steps.isVisible()


def test_a_real_case_is_told_from_demo_data(db):
    from akimdesk.services import first_steps
    from akimdesk.services.demo import generate_fines
    from akimdesk.services.fines import cases
    from tests.support.fines import case_input

    cases.create_case(db, ACTOR, case_input(db, 1))
    assert first_steps.status(db).done["first_case"]  # no demo data: any case is real
    generate_fines(db, ACTOR, 5, today=TODAY)
    assert first_steps.status(db).done["first_case"]  # still: the real one has its outbox row
