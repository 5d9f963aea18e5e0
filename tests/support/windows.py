"""Every window and dialog of the app, opened as a person would meet it, for the layout test and
for `scripts/screenshots.py`: an office with demo data, then one opener per screen, tab, dialog
and refusal state. `layout_problems` says what a person at a 1366×768 screen could not read or
reach.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTabBar,
    QWidget,
)
from sqlalchemy import select

from akimdesk.domain.roles import ROLES
from akimdesk.services.operation import Actor
from akimdesk.storage.database import Database, open_database

ADMIN = Actor("Қасымова Әсел Ерланқызы", frozenset(ROLES), login="admin")
PASSWORD = "ақсу-2026-құпия"
TODAY = date.today()


# --- the office ----------------------------------------------------------------------------
def make_office(data_dir: Path) -> Database:
    """An office as after a few months of work: cases in every state, meetings signed and
    draft, assets with leases and an open inventory, two accounts."""
    from akimdesk.services import accounts
    from akimdesk.services.accounts import AccountInput
    from akimdesk.services.assemblies.demo import generate_meetings
    from akimdesk.services.demo import ensure_office, generate_fines
    from akimdesk.services.property import campaigns
    from akimdesk.services.property.demo import generate_assets
    from akimdesk.services.property.validation import CampaignInput

    db = open_database(data_dir)
    ensure_office(db, ADMIN)
    accounts.create(db, Actor.system_user(), AccountInput(
        "admin", ADMIN.name, list(ROLES), PASSWORD, PASSWORD))  # fmt: skip
    accounts.create(db, ADMIN, AccountInput(
        "marat", "Серікбаев Мұрат Асқарұлы", ["specialist", "accountant"], PASSWORD, PASSWORD))  # fmt: skip
    generate_fines(db, ADMIN, 400, today=TODAY)
    generate_meetings(db, ADMIN, 12, today=TODAY)
    generate_assets(db, ADMIN, 60, today=TODAY)
    from akimdesk.services.assemblies import meetings
    from tests.support.assemblies import item_input, meeting_input

    draft, _ref = meetings.create_meeting(db, ADMIN, meeting_input(meeting_date=TODAY))
    for n in (1, 2):
        meetings.save_item(db, ADMIN, draft, None, item_input(n, votes_for=None,
                           votes_against=None, votes_abstained=None))  # fmt: skip
    campaigns.start_campaign(db, ADMIN, CampaignInput(
        "15-ө", TODAY - timedelta(days=20), TODAY - timedelta(days=14), None,
        [{"name": "Серікбаев Ерлан Қайратұлы", "position": "әкім", "chair": True},
         {"name": "Омаров Бауыржан", "position": "бас маман"}]))  # fmt: skip
    return db


@dataclass
class Env:
    """What the openers share: the context, and the windows already open in this language."""

    ctx: Any
    main: Any = None
    opened: list[QWidget] = field(default_factory=list)

    @property
    def db(self) -> Database:
        return self.ctx.db

    def first(self, model: Any, *where: Any) -> Any:
        with self.db.read() as s:
            return s.scalars(select(model).where(*where).limit(1)).first()

    def keep(self, widget: QWidget) -> QWidget:
        self.opened.append(widget)
        return widget

    def close_all(self) -> None:
        for w in reversed(self.opened):
            try:
                if isinstance(w, QDialog):
                    w.done(0)  # no question: what was typed here was the test's
                w.hide()
                w.deleteLater()
            except RuntimeError:  # deleted with its parent already
                pass
        self.opened.clear()
        self.main = None
        # Without a running event loop, deleteLater() waits for ever: the windows of every
        # earlier test would stay alive and retranslate themselves at each language switch.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        settle()


def settle(rounds: int = 3) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def wait_for(check: Callable[[], bool], seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            raise TimeoutError("the window did not finish its work")
        QApplication.processEvents()
        time.sleep(0.01)


@contextmanager
def captured(*classes: type[QDialog]) -> Iterator[list[QDialog]]:
    """Dialogs a screen opens with exec() are shown instead and kept, for looking at."""
    got: list[QDialog] = []
    saved = {cls: cls.__dict__.get("exec") for cls in classes}

    def show(self):  # type: ignore[no-untyped-def]
        self.show()
        got.append(self)
        return 0

    for cls in classes:
        cls.exec = show  # type: ignore[method-assign]
    try:
        yield got
    finally:
        for cls, original in saved.items():
            if original is None:
                del cls.exec  # type: ignore[attr-defined]
            else:
                cls.exec = original  # type: ignore[method-assign]


# --- openers -----------------------------------------------------------------------------------
def _main(env: Env, row: int, tab: int | None = None) -> QWidget:
    from akimdesk.ui.main_window import MainWindow

    if env.main is None:
        env.main = env.keep(MainWindow(env.ctx))
        env.main.show()
    env.main.nav.setCurrentRow(row)
    screen = env.main.stack.currentWidget()
    if tab is not None:
        screen.tabs.setCurrentIndex(tab)
    return env.main


def _case(env: Env, stage: str | None = None) -> uuid.UUID:
    from akimdesk.models import FineCase

    where = [FineCase.stage == stage] if stage else []
    return env.first(FineCase, *where).id


def _case_dialog(env: Env, case_id: uuid.UUID | None, tab: int = 0, errors: bool = False):
    from akimdesk.ui.fines.case_dialog import CaseDialog

    dlg = env.keep(CaseDialog(env.ctx, case_id, env.main))
    dlg.show()
    dlg.tabs.setCurrentIndex(tab)
    if errors:
        dlg.form.iin_bin.setText("123456789012")
        dlg.save()
    return dlg


def _case_action(env: Env, name: str, stage: str, errors: bool = True) -> QWidget:
    from akimdesk.ui.common.action_dialog import ActionDialog

    dlg = _case_dialog(env, _case(env, stage), tab=1)
    with captured(ActionDialog) as got:
        dlg.run_action(name)
    action = env.keep(got[0])
    if errors:
        action._accept()  # as sent: the refusals show under their fields
    return action


def _preview(env: Env) -> QWidget:
    from akimdesk.ui.common.preview import PreviewDialog

    case_dialog = _case_dialog(env, _case(env, "decided"), tab=1)
    with captured(PreviewDialog) as got:
        case_dialog.print_document("decision")
    dlg = env.keep(got[0])
    wait_for(lambda: bool(dlg.data))
    return dlg


def _meeting_dialog(env: Env, signed: bool | None, tab: int = 0, errors: bool = False,
                    kind: str = "assembly") -> QWidget:  # fmt: skip
    from akimdesk.models import Meeting
    from akimdesk.ui.assemblies.meeting_dialog import MeetingDialog

    meeting = None
    if signed is not None:
        meeting = env.first(Meeting, Meeting.status == ("signed" if signed else "draft"),
                            Meeting.kind == kind).id  # fmt: skip
    dlg = env.keep(MeetingDialog(env.ctx, meeting, env.main))
    dlg.show()
    if meeting is None and kind != "assembly":
        dlg.details.kind.setCurrentIndex(dlg.details.kind.findData(kind))
    dlg.tabs.setCurrentIndex(tab)
    if errors:
        dlg.details.start_time.setText("25:70")
        dlg.details.texts["place"].clear()
        dlg.save()
    return dlg


def _agenda_errors(env: Env) -> QWidget:
    dlg = _meeting_dialog(env, False, tab=2)
    ed = dlg.editor
    ed.voted.setChecked(True)
    ed.votes["votes_for"].setValue(80)
    ed.votes["votes_against"].setValue(50)
    dlg.agenda.save_item()
    return dlg


def _follow_up(env: Env, method: str) -> QWidget:
    from akimdesk.ui.common.action_dialog import ActionDialog

    dlg = _meeting_dialog(env, True, tab=3)
    with captured(ActionDialog) as got:
        getattr(dlg.follow_up, method)()
    action = env.keep(got[0])
    action._accept()  # as sent: the refusals show under their fields
    return action


def _members_action(env: Env, method: str, errors: bool) -> QWidget:
    from akimdesk.ui.assemblies.members_panel import MemberDialog
    from akimdesk.ui.common.action_dialog import ActionDialog

    main = _main(env, 2, 1)
    panel = main.screens["assemblies"].members
    panel.table.selectRow(0)
    with captured(MemberDialog, ActionDialog) as got:
        panel.edit(panel.selected()) if method == "edit" else panel.end_selected()
    dlg = env.keep(got[0])
    if errors:
        if isinstance(dlg, MemberDialog):
            dlg.delegated_on.set_value(TODAY + timedelta(days=3))
            dlg.full_name.clear()
            dlg.delegated_by.clear()
            dlg.save()
        else:
            dlg._accept()
    return dlg


def _member_new(env: Env, errors: bool) -> QWidget:
    from akimdesk.ui.assemblies.members_panel import MemberDialog

    main = _main(env, 2, 1)
    with captured(MemberDialog) as got:
        main.screens["assemblies"].members.edit(None)
    dlg = env.keep(got[0])
    if errors:
        dlg.delegated_on.set_value(TODAY + timedelta(days=3))
        dlg.save()
    return dlg


def _addendum(env: Env) -> QWidget:
    from akimdesk.ui.common.action_dialog import ActionDialog

    dlg = _meeting_dialog(env, True, tab=4)
    with captured(ActionDialog) as got:
        dlg._add_addendum()
    add = env.keep(got[0])
    add._accept()
    return add


def _asset_dialog(env: Env, existing: bool, errors: bool = False, found: bool = False):
    from akimdesk.models import Asset, InventoryCampaign
    from akimdesk.ui.property.asset_dialog import AssetDialog

    asset = env.first(Asset, Asset.status == "in_use").id if existing else None
    campaign = env.first(InventoryCampaign).id if found else None
    dlg = env.keep(AssetDialog(env.ctx, asset, env.main, found_in=campaign))
    dlg.show()
    if errors:
        dlg.w["book_value"].setText("abc")
        dlg.w["year_built"].setText("3000")
        dlg.w["title_status"].setCurrentIndex(dlg.w["title_status"].findData("registered"))
        dlg.save()
    return dlg


def _asset_action(env: Env, method: str, *args: Any) -> QWidget:
    from akimdesk.ui.common.action_dialog import ActionDialog

    dlg = _asset_dialog(env, True)
    with captured(ActionDialog) as got:
        getattr(dlg, method)(*args)
    action = env.keep(got[0])
    action._accept()
    return action


def _category(env: Env) -> QWidget:
    from akimdesk.ui.common.action_dialog import ActionDialog

    main = _main(env, 1, 0)
    with captured(ActionDialog) as got:
        main.screens["property"].register.add_category()
    dlg = env.keep(got[0])
    dlg._accept()
    return dlg


def _lease_action(env: Env, method: str) -> QWidget:
    from akimdesk.ui.common.action_dialog import ActionDialog

    main = _main(env, 1, 1)
    panel = main.screens["property"].leases
    panel.reload()
    panel.table.selectRow(0)
    with captured(ActionDialog) as got:
        getattr(panel, method)()
    dlg = env.keep(got[0])
    dlg._accept()
    return dlg


def _campaign_start(env: Env, errors: bool) -> QWidget:
    from akimdesk.ui.property.campaigns import CampaignStartDialog

    main = _main(env, 1, 2)
    with captured(CampaignStartDialog) as got:
        main.screens["property"].campaigns.new()
    dlg = env.keep(got[0])
    if errors:
        dlg.order_date.set_value(TODAY + timedelta(days=2))
        dlg.commission.setPlainText("Серікбаев Ерлан, әкім")
        dlg.save()
        wait_for(lambda: any(label.isVisible() for label in dlg.errors.labels.values()))
    return dlg


def _campaign_walk(env: Env, unknown: bool = False) -> QWidget:
    from akimdesk.models import InventoryCampaign
    from akimdesk.ui.property.campaigns import CampaignDialog

    dlg = env.keep(CampaignDialog(env.ctx, env.first(InventoryCampaign).id, env.main))
    dlg.show()
    if unknown:
        dlg.search.setText("999999")
    return dlg


def _campaign_close(env: Env) -> QWidget:
    from akimdesk.ui.common.action_dialog import ActionDialog

    walk = _campaign_walk(env)
    with captured(ActionDialog) as got:
        walk.close_campaign()
    dlg = env.keep(got[0])
    dlg._accept()
    wait_for(lambda: dlg.errors.general.isVisible() or any(
        label.isVisible() for label in dlg.errors.labels.values()))  # fmt: skip
    return dlg


def _link(env: Env, errors: bool) -> QWidget:
    from akimdesk.ui.sync_screen import LinkDialog

    dlg = env.keep(LinkDialog(_main(env, 3)))
    dlg.show()
    if errors:
        dlg.url.setText("ftp://district")
        dlg._check()
    return dlg


def _account(env: Env, new: bool, errors: bool = False) -> QWidget:
    from akimdesk.models import UserAccount
    from akimdesk.ui.accounts.users_tab import AccountDialog

    account = None if new else env.first(UserAccount, UserAccount.login == "marat").id
    dlg = env.keep(AccountDialog(env.ctx, account, _main(env, 5, 5)))
    dlg.show()
    if errors:
        dlg.fields.password.setText("12")
        dlg.save()
    return dlg


def _reset(env: Env) -> QWidget:
    from akimdesk.models import UserAccount
    from akimdesk.ui.accounts.users_tab import ResetDialog

    account = env.first(UserAccount, UserAccount.login == "marat").id
    dlg = env.keep(ResetDialog(env.ctx, account, _main(env, 5, 5)))
    dlg.show()
    dlg.save()
    return dlg


def _setup(env: Env, errors: str = "") -> QWidget:
    from akimdesk.ui.setup_dialog import SetupDialog

    dlg = env.keep(SetupDialog(env.ctx))
    dlg.show()
    if errors == "account":
        dlg.account.login.setText("two words")
        dlg.account.password.setText("1")
        dlg.save()
    elif errors == "office":  # the account is right: the office's own refusals show
        dlg.office.edits["bin"].setText("123456789012")
        dlg.office.edits["kbk"].setText("12")
        dlg.office.edits["iik"].setText("KZ12")
        dlg.account.login.setText("aigerim")
        dlg.account.full_name.setText("Сейітова Айгерім")
        dlg.account.password.setText(PASSWORD)
        dlg.account.password_again.setText(PASSWORD)
        dlg.save()
    return dlg


def _login(env: Env, only: str = "", errors: bool = False) -> QWidget:
    from akimdesk.ui.accounts.dialogs import LoginDialog

    dlg = env.keep(LoginDialog(env.db, env.ctx.language, only))
    dlg.show()
    if errors:
        dlg.login.setText(only or "admin")
        dlg.password.setText("wrong")
        dlg.submit()
    return dlg


def _password(env: Env, forced: bool, errors: bool = False) -> QWidget:
    from akimdesk.ui.accounts.dialogs import ChangePasswordDialog

    dlg = env.keep(ChangePasswordDialog(env.db, env.ctx.language, ADMIN, forced))
    dlg.show()
    if errors:
        dlg.new.setText("1")
        dlg.submit()
    return dlg


def _first_account(env: Env, errors: bool = False) -> QWidget:
    from akimdesk.ui.accounts.dialogs import FirstAccountDialog

    dlg = env.keep(FirstAccountDialog(env.db, env.ctx.language))
    dlg.show()
    if errors:
        dlg.fields.login.setText("two words")
        dlg.submit()
    return dlg


OPENERS: dict[str, Callable[[Env], QWidget]] = {
    # The main window and each screen and tab
    "fines": lambda e: _main(e, 0),
    "property-register": lambda e: _main(e, 1, 0),
    "property-leases": lambda e: _main(e, 1, 1),
    "property-inventory": lambda e: _main(e, 1, 2),
    "assemblies-meetings": lambda e: _main(e, 2, 0),
    "assemblies-members": lambda e: _main(e, 2, 1),
    "sync": lambda e: _main(e, 3),
    "audit": lambda e: _main(e, 4),
    "settings-office": lambda e: _main(e, 5, 0),
    "settings-deadlines": lambda e: _main(e, 5, 1),
    "settings-reference": lambda e: _main(e, 5, 2),
    "settings-assemblies": lambda e: _main(e, 5, 3),
    "settings-backups": lambda e: _main(e, 5, 4),
    "settings-users": lambda e: _main(e, 5, 5),
    # Starting and signing in
    "setup": lambda e: _setup(e),
    "setup-account-errors": lambda e: _setup(e, "account"),
    "setup-office-errors": lambda e: _setup(e, "office"),
    "login": lambda e: _login(e),
    "login-errors": lambda e: _login(e, errors=True),
    "lock": lambda e: _login(e, "admin", errors=True),
    "first-account": lambda e: _first_account(e, errors=True),
    "password": lambda e: _password(e, False, errors=True),
    "password-forced": lambda e: _password(e, True),
    # Fines
    "case-new": lambda e: _case_dialog(e, None),
    "case-new-errors": lambda e: _case_dialog(e, None, errors=True),
    "case": lambda e: _case_dialog(e, _case(e, "decided")),
    "case-state": lambda e: _case_dialog(e, _case(e, "decided"), tab=1),
    "case-history": lambda e: _case_dialog(e, _case(e, "closed"), tab=2),
    "case-decision": lambda e: _case_action(e, "decision", "protocol"),
    "case-deliver": lambda e: _case_action(e, "deliver", "decided"),
    "case-payment": lambda e: _case_action(e, "payment", "decided"),
    "case-appeal": lambda e: _case_action(e, "appeal", "decided"),
    "case-appeal-result": lambda e: _case_action(e, "appeal_result", "decided"),
    "case-deferral": lambda e: _case_action(e, "deferral", "decided"),
    "case-instalments": lambda e: _case_action(e, "instalments", "decided"),
    "case-enforcement": lambda e: _case_action(e, "enforcement", "decided"),
    "case-enforcement-result": lambda e: _case_action(e, "enforcement_result", "enforcement"),
    "case-notice-delivery": lambda e: _case_action(e, "notice_delivery", "protocol"),
    "case-cancel": lambda e: _case_action(e, "cancel", "closed"),
    "preview": _preview,
    # Assemblies
    "meeting-new": lambda e: _meeting_dialog(e, None),
    "meeting-new-errors": lambda e: _meeting_dialog(e, None, errors=True),
    "meeting-gathering": lambda e: _meeting_dialog(e, None, tab=1, kind="gathering"),
    "meeting": lambda e: _meeting_dialog(e, False),
    "meeting-attendance": lambda e: _meeting_dialog(e, False, tab=1),
    "meeting-agenda": lambda e: _meeting_dialog(e, False, tab=2),
    "meeting-agenda-errors": _agenda_errors,
    "meeting-signed": lambda e: _meeting_dialog(e, True, tab=2),
    "meeting-follow-up": lambda e: _meeting_dialog(e, True, tab=3),
    "meeting-publication": lambda e: _follow_up(e, "record_publication"),
    "meeting-consideration": lambda e: _follow_up(e, "record_consideration"),
    "meeting-addenda": lambda e: _meeting_dialog(e, True, tab=4),
    "addendum": _addendum,
    "member-new": lambda e: _member_new(e, False),
    "member-errors": lambda e: _member_new(e, True),
    "member-edit-errors": lambda e: _members_action(e, "edit", True),
    "member-leaves": lambda e: _members_action(e, "end_selected", True),
    # Property
    "asset-new": lambda e: _asset_dialog(e, False),
    "asset-new-errors": lambda e: _asset_dialog(e, False, errors=True),
    "asset": lambda e: _asset_dialog(e, True),
    "asset-found": lambda e: _asset_dialog(e, False, found=True),
    "asset-transfer": lambda e: _asset_action(e, "move", "transfer"),
    "asset-revalue": lambda e: _asset_action(e, "move", "revalue"),
    "asset-write-off": lambda e: _asset_action(e, "move", "write_off"),
    "asset-lease": lambda e: _asset_action(e, "add_lease"),
    "category": _category,
    "rent": lambda e: _lease_action(e, "record_rent"),
    "lease-end": lambda e: _lease_action(e, "end_lease"),
    "inventory-start": lambda e: _campaign_start(e, False),
    "inventory-start-errors": lambda e: _campaign_start(e, True),
    "inventory-walk": lambda e: _campaign_walk(e),
    "inventory-walk-unknown": lambda e: _campaign_walk(e, unknown=True),
    "inventory-close": _campaign_close,
    # Sync and accounts
    "link": lambda e: _link(e, False),
    "link-errors": lambda e: _link(e, True),
    "account-new-errors": lambda e: _account(e, True, errors=True),
    "account": lambda e: _account(e, False),
    "password-reset": _reset,
}


def open_window(env: Env, name: str) -> QWidget:
    widget = OPENERS[name](env)
    settle()
    return widget.window()


# --- what a person could not read or reach ---------------------------------------------------
FRAME = (8, 31, 8, 8)  # left, top, right, bottom: a Windows title bar and borders
SLACK = 2  # pixels of rounding


def _global_rect(w: QWidget) -> QRect:
    return QRect(w.mapToGlobal(w.rect().topLeft()), w.size())


def _inside_scroll(w: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, QAbstractScrollArea) and not isinstance(p, QPlainTextEdit):
            return True
        p = p.parentWidget()
    return False


def _clipped_by_parents(w: QWidget) -> bool:
    """Part of the widget outside an ancestor's rectangle is never painted."""
    rect = _global_rect(w)
    p = w.parentWidget()
    while p is not None:
        outer = _global_rect(p).adjusted(-SLACK, -SLACK, SLACK, SLACK)
        if not outer.contains(rect):
            return True
        if p.isWindow():
            break
        p = p.parentWidget()
    return False


def _shown(w: QWidget, window: QWidget) -> bool:
    return w.isVisibleTo(window) and w.isVisible() and w.width() > 0 and w.height() > 0


def _needed_width(w: QWidget) -> int:
    """What the text needs: a button's or box's own size hint, a label's longest line."""
    if isinstance(w, QLabel):
        margins = w.contentsMargins()
        lines = w.text().split("\n")
        return (max(w.fontMetrics().horizontalAdvance(x) for x in lines) + margins.left()
                + margins.right() + 2 * max(w.margin(), 0) + max(w.indent(), 0))  # fmt: skip
    return w.sizeHint().width()


def layout_problems(window: QWidget) -> list[str]:
    problems: list[str] = []
    screen = window.screen().availableGeometry()
    # Where a window is moved is where its frame goes; this platform draws none, so the frame
    # of a real PC (title bar, borders) is added below and to the right of that point.
    left, top, right, bottom = FRAME
    framed = QRect(window.pos(), window.size() + QSize(left + right, top + bottom))
    if not screen.contains(framed):
        problems.append(f"the window ({framed.width()}×{framed.height()} with its frame at "
                        f"{framed.x()},{framed.y()}) does not fit the screen {screen.width()}×"
                        f"{screen.height()}")  # fmt: skip
    for w in window.findChildren(QWidget):
        if _shown(w, window):
            problems += _widget_problems(w, screen, type(window).__name__)
    return problems


def _widget_problems(w: QWidget, screen: QRect, window_name: str) -> list[str]:
    out: list[str] = []
    what = f"{type(w).__name__} «{_text(w)}»"
    text = w.text() if isinstance(w, QLabel | QAbstractButton) else ""
    reachable = isinstance(w, QAbstractButton | QLineEdit | QComboBox | QPlainTextEdit)
    if (
        reachable
        and not _inside_scroll(w)
        and (not screen.contains(_global_rect(w)) or _clipped_by_parents(w))
    ):
        out.append(f"{what} lies outside the window or the screen")
    if isinstance(w, QLabel) and text and w.pixmap().isNull() and not _rich(w):
        if w.wordWrap() and w.heightForWidth(w.width()) > w.height() + SLACK:
            out.append(f"{what} is cut: it needs {w.heightForWidth(w.width())} px of height "
                       f"and has {w.height()}")  # fmt: skip
        elif not w.wordWrap() and _needed_width(w) > w.width() + SLACK:
            out.append(f"{what} is cut: it needs {_needed_width(w)} px and has {w.width()}; "
                       "it does not wrap")  # fmt: skip
    buttons = QPushButton | QCheckBox | QRadioButton
    if isinstance(w, buttons) and text and _needed_width(w) > w.width() + SLACK:
        out.append(f"{what} is cut: it needs {_needed_width(w)} px and has {w.width()}")
    if (
        isinstance(w, QLabel | QPushButton | QCheckBox)
        and text
        and not _inside_scroll(w)
        and (_clipped_by_parents(w))
    ):
        out.append(f"{what} is cut by its container")
    if isinstance(w, QTabBar) and w.count():
        needed = sum(w.tabSizeHint(i).width() for i in range(w.count()) if w.isTabVisible(i))
        if needed > w.width() + SLACK:
            out.append(f"the tabs {[w.tabText(i) for i in range(w.count())]} need {needed} px "
                       f"and have {w.width()}")  # fmt: skip
    if isinstance(w, QScrollArea) and w.widgetResizable() and w.horizontalScrollBar().maximum():
        out.append(f"a form in {window_name} scrolls sideways by "
                   f"{w.horizontalScrollBar().maximum()} px")  # fmt: skip
    return out


def _rich(label: QLabel) -> bool:
    return label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(label.text())
    )


def _text(w: QWidget) -> str:
    # Only Qt's own text(): a widget of the app may have a text(key) of its own.
    value = w.text() if isinstance(w, QLabel | QAbstractButton | QLineEdit) else ""
    return (value[:60] + "…") if len(value) > 60 else value or w.objectName()
