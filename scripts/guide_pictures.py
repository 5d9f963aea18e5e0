"""Makes every picture the guide uses, from demo data, in Kazakh and in Russian, in one run:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/guide_pictures.py [--out resources/help]

The pictures go to OUT/kk/img/ and OUT/ru/img/ under the names the guide's pages give them
(tests/test_help.py checks that each named picture exists). Run it again whenever a screen
changes. `--only NAME` remakes one picture; `--keep DIR` leaves the demo data folder in DIR.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from akimdesk.domain.roles import ROLES  # noqa: E402
from akimdesk.services import accounts, settings  # noqa: E402
from akimdesk.services.operation import Actor  # noqa: E402
from akimdesk.storage.database import Database, open_database  # noqa: E402
from akimdesk.ui.app import install_fonts  # noqa: E402
from akimdesk.ui.context import AppContext, ChangeBus  # noqa: E402
from akimdesk.ui.language import LanguageController  # noqa: E402

SCREEN = (1366, 768)  # the usual office screen
CLERK = ("asemk", "Қасымова Әсем Нұрланқызы", "Demo-2026-pass")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(ROOT / "resources" / "help"))
    ap.add_argument("--only", action="append", default=[], help="a picture's name, e.g. sync")
    ap.add_argument("--keep", help="make the demo data folder here and leave it")
    args = ap.parse_args()
    app = QApplication([])
    install_fonts()
    lang = LanguageController(app)
    lang.apply("kk")
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="akimdesk-shots-"))
    db = demo_database(folder)
    with db.read() as s:
        names = {a.login: a.full_name for a in accounts.all_accounts(s)}
    actor = Actor(names[CLERK[0]], frozenset(ROLES), login=CLERK[0])
    ctx = AppContext(db, actor, folder, lang, ChangeBus(db.changes))
    shots = Shots(app, ctx, folder)
    chosen = [s for s in SHOTS if not args.only or s in args.only]
    for code in ("kk", "ru"):
        lang.apply(code)
        out = Path(args.out) / code / "img"
        out.mkdir(parents=True, exist_ok=True)
        for name in chosen:
            widget = getattr(shots, SHOTS[name])()
            save(app, widget, out / f"{name}.png")
            shots.close_all()
        print(f"{code}: {len(chosen)} pictures in {out}")
    db.close()


def demo_database(folder: Path) -> Database:
    """An office set up by its first account, with demo cases, meetings and property."""
    from akimdesk.services import demo
    from akimdesk.services.assemblies.demo import generate_meetings
    from akimdesk.services.property.demo import generate_assets

    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(folder)
    with db.read() as s:
        ready = accounts.has_accounts(s)
    if ready:
        return db
    system = Actor.system_user()
    demo.ensure_office(db, system)
    login, name, password = CLERK
    accounts.create(db, system, accounts.AccountInput(login, name, list(ROLES), password, password))
    actor = accounts.authenticate(db, login, password)
    demo.generate_fines(db, actor, 300)
    generate_meetings(db, actor, 12)
    generate_assets(db, actor, 80)
    return db


def save(app: QApplication, widget: QWidget, path: Path) -> None:
    """The widget as shown, in at most 256 colours (a screen has few; the file is 3× smaller)."""
    for _ in range(3):
        app.processEvents()
    widget.grab().save(str(path))
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


class Shots:
    """Each method shows one picture's widget and returns it."""

    def __init__(self, app: QApplication, ctx: AppContext, folder: Path) -> None:
        self.app, self.ctx, self.folder = app, ctx, folder
        self.opened: list[QWidget] = []
        self._window = None

    def close_all(self) -> None:
        for w in reversed(self.opened):
            w.close()
            w.deleteLater()
        self.opened.clear()
        self.app.processEvents()

    def keep(self, widget: QWidget, size: tuple[int, int] | None = None) -> QWidget:
        if size:
            widget.resize(*size)
        widget.show()
        self.opened.append(widget)
        self.app.processEvents()
        return widget

    @property
    def window(self):  # type: ignore[no-untyped-def]
        """The main window, kept between pictures (its screens are built once)."""
        from akimdesk.ui.main_window import MainWindow

        if self._window is None:
            self._window = MainWindow(self.ctx)
            self._window.resize(*SCREEN)
            self._window.show()
            settings.dismiss_first_steps(self.ctx.db, self.ctx.actor)
        return self._window

    def screen(self, key: str):  # type: ignore[no-untyped-def]
        screen = self.window.show_screen(key)
        if key == "settings":  # built in the other language's pass: its own choice shown
            screen.language.blockSignals(True)
            screen.language.setCurrentIndex(screen.language.findData(self.ctx.language.current))
            screen.language.blockSignals(False)
        self.app.processEvents()
        return screen

    # --- the first start ---------------------------------------------------------------
    def setup(self) -> QWidget:
        from akimdesk.ui.setup_dialog import SetupDialog

        return self.keep(SetupDialog(self.ctx), (720, 740))

    def login(self) -> QWidget:
        from akimdesk.ui.accounts.dialogs import LoginDialog

        dialog = LoginDialog(self.ctx.db, self.ctx.language)
        dialog.login.setText(CLERK[0])
        return self.keep(dialog)

    def first_steps(self) -> QWidget:
        window = self.window
        settings.save(self.ctx.db, self.ctx.actor, {"help.first_steps_dismissed": False})
        window.show_screen("fines")
        self.app.processEvents()
        window.first_steps.refresh()
        self.app.processEvents()
        window.grab()  # laid out with the list shown
        picture = _Snapshot(window)
        settings.dismiss_first_steps(self.ctx.db, self.ctx.actor)
        return picture

    def help_window(self) -> QWidget:
        from akimdesk.ui.help.controller import help_controller

        controller = help_controller(self.ctx.language)
        controller.ctx = self.ctx
        window = controller.show_page("fine-payment")
        window.resize(1120, 700)
        window.search.setText("50%")
        window.run_search()
        self.opened.append(window)
        return window

    # --- accounts, settings ----------------------------------------------------------------
    def _tab(self, key: str, attr: str) -> QWidget:
        """The main window with a screen's tab (held by the screen's `attr`) in front."""
        screen = self.screen(key)
        screen.tabs.setCurrentWidget(getattr(screen, attr))
        return self.window

    def settings_officials(self) -> QWidget:
        return self._tab("settings", "officials")

    def settings_users(self) -> QWidget:
        return self._tab("settings", "users")

    def settings_backups(self) -> QWidget:
        return self._tab("settings", "backups")

    def settings_deadlines(self) -> QWidget:
        screen = self.screen("settings")
        screen.tabs.setCurrentIndex(1)
        return self.window

    # --- fines ---------------------------------------------------------------------------
    def fines_register(self) -> QWidget:
        screen = self.screen("fines")
        screen.search.clear()
        screen.needs_action.setChecked(False)
        screen.apply_filter()
        screen.table.selectRow(2)
        return self.window

    def _case(self, status: str | None):  # type: ignore[no-untyped-def]
        """A demo case in the given state (as the register shows it), opened."""
        from akimdesk.ui.fines.case_dialog import CaseDialog

        screen = self.screen("fines")
        case_id = None
        if status is not None:
            screen.status.setCurrentIndex(screen.status.findData(status))
            screen.apply_filter()
            case_id = screen.model.case_id(0)
            screen.status.setCurrentIndex(0)
            screen.apply_filter()
        dialog = CaseDialog(self.ctx, case_id, self.window)
        return self.keep(dialog, (1180, 740))

    def case_form(self) -> QWidget:
        return self._case("decided")

    def case_errors(self) -> QWidget:
        dialog = self._case(None)
        dialog.save()  # an empty form: every required field says what it needs
        return dialog

    def case_state(self) -> QWidget:
        dialog = self._case("in_force")
        dialog.tabs.setCurrentIndex(1)
        return dialog

    def _action(self, status: str, name: str) -> QWidget:
        from akimdesk.ui.common.action_dialog import ActionDialog

        dialog = self._case(status)
        dialog.tabs.setCurrentIndex(1)
        shown: list[QWidget] = []
        original = ActionDialog.exec

        def show_instead(d: ActionDialog) -> int:
            shown.append(d)
            return QDialog.DialogCode.Rejected

        ActionDialog.exec = show_instead  # type: ignore[method-assign]
        try:
            dialog.run_action(name)
        finally:
            ActionDialog.exec = original  # type: ignore[method-assign]
        return self.keep(shown[0])

    def decision_dialog(self) -> QWidget:
        return self._action("protocol", "decision")

    def payment_dialog(self) -> QWidget:
        return self._action("in_force", "payment")

    def enforcement_dialog(self) -> QWidget:
        return self._action("overdue", "enforcement")

    def preview(self) -> QWidget:
        from akimdesk.ui.common.preview import PreviewDialog

        screen = self.screen("fines")
        screen.status.setCurrentIndex(screen.status.findData("in_force"))
        screen.apply_filter()
        number = screen.model.data(screen.model.index(0, 0))
        screen.status.setCurrentIndex(0)
        screen.apply_filter()
        dialog = PreviewDialog(self.window, self.ctx, "fine-decision", {"number": number})
        self.keep(dialog, (900, 740))
        _wait(self.app, lambda: bool(dialog.data))
        return dialog

    def _import(self, step: int) -> QWidget:
        from akimdesk.ui.journal.wizard import ImportWizard
        from tests.support import journals

        write = journals.fines_kk if self.ctx.language.current == "kk" else journals.fines_ru
        path = write(self.folder / f"journal-{self.ctx.language.current}.xlsx")
        wizard = ImportWizard(self.ctx, "fines", self.window)
        self.keep(wizard, (1280, 720))
        wizard.open_file(str(path))
        _wait(self.app, lambda: wizard.plan is not None)
        for i in range(step):
            wizard.pages.setCurrentIndex(i)
            wizard.next()
            _wait(self.app, lambda i=i: wizard.pages.currentIndex() == i + 1)
        return wizard

    def import_file(self) -> QWidget:
        return self._import(0)

    def import_columns(self) -> QWidget:
        return self._import(1)

    def import_preview(self) -> QWidget:
        return self._import(2)

    # --- property --------------------------------------------------------------------------
    def property_register(self) -> QWidget:
        return self._tab("property", "register")

    def asset_dialog(self) -> QWidget:
        from akimdesk.ui.property.asset_dialog import AssetDialog

        screen = self.screen("property")
        panel = screen.register
        panel.apply_filter()
        row = next(i for i in range(panel.model.rowCount()) if panel.model.row(i).residual_tiyn > 0)
        dialog = AssetDialog(self.ctx, panel.model.row(row).id, self.window)
        return self.keep(dialog, (1180, 720))

    def property_leases(self) -> QWidget:
        return self._tab("property", "leases")

    def inventory_walk(self) -> QWidget:
        from akimdesk.services.property import campaigns
        from akimdesk.services.property.campaigns import CampaignInput
        from akimdesk.ui.property.campaigns import CampaignDialog

        with self.ctx.db.read() as s:
            existing = [c.id for c in campaigns.campaigns(s) if c.status == "open"]
        if existing:
            cid = existing[0]
        else:
            commission = [
                {"name": "Серікбаев Е.Қ.", "position": "әкім", "chair": True},
                {"name": "Жұмабаева Г.С.", "position": "бас маман", "chair": False},
                {"name": "Ким С.А.", "position": "бухгалтер", "chair": False},
            ]
            today = date.today()
            cid = campaigns.start_campaign(
                self.ctx.db, self.ctx.actor,
                CampaignInput("12-ө", today - timedelta(days=7), today - timedelta(days=2), None,
                              commission),
            )  # fmt: skip
        dialog = CampaignDialog(self.ctx, cid, self.window)
        self.keep(dialog, (1180, 720))
        for i in range(3):
            dialog.table.selectRow(i)
            dialog.mark("found" if i != 1 else "not_found")
        dialog.search.setText(dialog.model.row(4).asset.inventory_number)
        return dialog

    # --- assemblies --------------------------------------------------------------------------
    def assembly_members(self) -> QWidget:
        return self._tab("assemblies", "members")

    def meetings(self) -> QWidget:
        return self._tab("assemblies", "meetings")

    def _meeting(self, tab: int, signed: bool = True) -> QWidget:
        from akimdesk.ui.assemblies.meeting_dialog import MeetingDialog

        panel = self.screen("assemblies").meetings
        rows = [panel.model.meeting_id(i) for i in range(panel.model.rowCount())]
        from akimdesk.services.assemblies import queries

        chosen = next(
            mid for mid in rows
            if (v := queries.load(self.ctx.db, mid)) is not None
            and v.meeting.kind == "assembly" and bool(v.meeting.signed) == signed and v.items
        )  # fmt: skip
        dialog = MeetingDialog(self.ctx, chosen, self.window)
        self.keep(dialog, (1180, 740))
        dialog.tabs.setCurrentIndex(tab)
        if tab == 2 and dialog.agenda.items.count():
            dialog.agenda.items.setCurrentRow(0)
        return dialog

    def meeting_details(self) -> QWidget:
        return self._meeting(0, signed=False)

    def meeting_attendance(self) -> QWidget:
        return self._meeting(1, signed=False)

    def meeting_agenda(self) -> QWidget:
        return self._meeting(2)

    def meeting_publication(self) -> QWidget:
        return self._meeting(3)

    # --- sync, the audit log -------------------------------------------------------------------
    def sync(self) -> QWidget:
        self._sync_examples()
        screen = self.screen("sync")
        screen.refresh()
        screen.table.selectRow(0)
        return self.window

    def _sync_examples(self) -> None:
        """What the Sync screen shows once linked: a refusal (a case changed at the district
        meanwhile) and a payment set aside. Written into the picture's own demo folder only;
        the window's sync never runs (it starts only if the PC was linked when it opened)."""
        import uuid

        from sqlalchemy import select

        from akimdesk.models import FineCase, InboxRecord, SyncRejection
        from akimdesk.models.core import utcnow
        from akimdesk.sync import state

        with self.ctx.db.write() as s:
            if state.get(s, state.SERVER_URL):
                return
            state.put(s, state.SERVER_URL, "https://akimdesk.sarkan-audany.kz")
            state.put(s, state.OFFICE_NAME, "Ақсу ауылдық округі әкімінің аппараты")
            case = s.scalars(select(FineCase).order_by(FineCase.seq_no)).first()
            assert case is not None
            s.add(SyncRejection(seq=1, op_id=uuid.uuid4(), entity="fine_case",
                                entity_id=case.id, reason="conflict",
                                server_version=case.version + 1))  # fmt: skip
            s.add(InboxRecord(entity="fine_payment", id=uuid.uuid4(), version=1,
                              payload={"case_id": str(uuid.uuid4())}, reason="missing_parent",
                              detail="case_id", set_aside_at=utcnow()))  # fmt: skip

    def sync_link(self) -> QWidget:
        from akimdesk.ui.sync_screen import LinkDialog

        dialog = LinkDialog(self.window, "https://akimdesk.sarkan-audany.kz")
        return self.keep(dialog)

    def audit(self) -> QWidget:
        screen = self.screen("audit")
        screen.table.selectRow(0)
        return self.window


class _Snapshot(QWidget):
    """A picture taken at once (the window changes right after)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.pixmap = widget.grab()

    def grab(self, *_args):  # type: ignore[no-untyped-def]
        return self.pixmap


def _wait(app: QApplication, done: Callable[[], bool], seconds: float = 30) -> None:
    import time

    end = time.time() + seconds
    while not done() and time.time() < end:
        app.processEvents()
        time.sleep(0.02)


# picture -> the method that shows it (pages name the pictures: img/NAME.png)
SHOTS = {
    "setup": "setup", "login": "login", "first-steps": "first_steps", "help": "help_window",
    "settings-officials": "settings_officials", "settings-users": "settings_users",
    "settings-backups": "settings_backups", "settings-deadlines": "settings_deadlines",
    "fines-register": "fines_register", "case-form": "case_form", "case-errors": "case_errors",
    "case-state": "case_state", "decision-dialog": "decision_dialog",
    "payment-dialog": "payment_dialog", "enforcement-dialog": "enforcement_dialog",
    "preview": "preview", "import-file": "import_file", "import-columns": "import_columns",
    "import-preview": "import_preview", "property-register": "property_register",
    "asset-dialog": "asset_dialog", "property-leases": "property_leases",
    "inventory-walk": "inventory_walk", "assembly-members": "assembly_members",
    "meetings": "meetings", "meeting-details": "meeting_details",
    "meeting-attendance": "meeting_attendance", "meeting-agenda": "meeting_agenda",
    "meeting-publication": "meeting_publication", "sync": "sync", "sync-link": "sync_link",
    "audit": "audit",
}  # fmt: skip

if __name__ == "__main__":
    main()
