"""The main window: navigation to the registers, Sync and Settings, and a status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from akimdesk import __version__
from akimdesk.domain.roles import ROLE_LABELS, ROLES, VIEW_AUDIT
from akimdesk.i18n import N_, format_datetime
from akimdesk.i18n import _ as tr
from akimdesk.services import backup, settings, sync_status
from akimdesk.services import office as office_service
from akimdesk.storage.changes import ACCOUNTS, SETTINGS, SYNC
from akimdesk.ui.common.dialogs import fit_to_screen
from akimdesk.ui.context import AppContext
from akimdesk.ui.sync_controller import SyncController

SCREENS = [
    ("fines", N_("Fines")),
    ("property", N_("Property")),
    ("assemblies", N_("Assemblies")),
    ("sync", N_("Sync")),
    ("audit", N_("Audit log")),
    ("settings", N_("Settings")),
]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        self.screens: dict[str, QWidget] = {}
        for key, _label in SCREENS:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            # The audit log holds every before and after (personal data): akim and administrator.
            item.setHidden(key == "audit" and not (VIEW_AUDIT & ctx.actor.roles))
            placeholder = QWidget()
            self.stack.addWidget(placeholder)
            self.screens[key] = placeholder
        self.nav.currentRowChanged.connect(self._show_screen)
        from akimdesk.ui.help.first_steps import FirstStepsPanel

        self.first_steps = FirstStepsPanel(ctx, self)  # until the office is ready to work
        right = QVBoxLayout()
        right.addWidget(self.first_steps)
        right.addWidget(self.stack, 1)
        body = QWidget()
        lay = QHBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.nav)
        lay.addLayout(right, 1)
        self.setCentralWidget(body)

        # The office's name (long in both languages) goes in the title bar; the status bar keeps
        # what changes: the user and the sync state.
        self.office_name = ""
        self.user_label, self.sync_label = QLabel(), QLabel()
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.sync_label)

        self.signed_out = False
        self.restore_from: Path | None = None  # a backup to restore once the window is closed
        self.account_menu = self.menuBar().addMenu("")
        self.account_menu.setObjectName("account_menu")
        self.password_action = self.account_menu.addAction("")
        self.password_action.triggered.connect(self.change_password)
        self.lock_action = self.account_menu.addAction("")
        self.lock_action.triggered.connect(self.lock_now)
        self.sign_out_action = self.account_menu.addAction("")
        self.sign_out_action.triggered.connect(self.sign_out)
        has_account = bool(ctx.actor.login)  # not the PC's own user of a measurement run
        for action in (self.password_action, self.lock_action, self.sign_out_action):
            action.setEnabled(has_account)
        self.screen_lock = None
        if has_account:
            from akimdesk.ui.accounts.screen_lock import ScreenLock

            self.screen_lock = ScreenLock(ctx, self)
        from akimdesk.ui.help.controller import help_controller

        self.help = help_controller(ctx.language)  # F1 on every screen and dialog
        self.help.ctx = ctx
        self.help_menu = self.menuBar().addMenu("")
        self.guide_action = self.help_menu.addAction("")
        self.guide_action.triggered.connect(self.show_help)
        self.print_guide_action = self.help_menu.addAction("")
        self.print_guide_action.triggered.connect(lambda: self.help.print_guide(self))
        self.help_menu.addSeparator()
        self.about_action = self.help_menu.addAction("")
        self.about_action.triggered.connect(self.show_about)

        # Sync runs in the background while the window is open; the Sync screen shows it.
        self.sync = SyncController(ctx.db, self)
        self.sync.failed.connect(self.refresh_status)
        if sync_status.status(ctx.db).linked:
            self.sync.start()

        ctx.language.changed.connect(self.retranslate_ui)
        # The title (office), the user and the sync state: settings, accounts and sync's own rows.
        ctx.bus.subscribe(self, SETTINGS | ACCOUNTS | SYNC, self.refresh_status)
        self.nav.setCurrentRow(0)
        self.retranslate_ui()
        self._status_timer = QTimer(self, interval=60_000, timeout=self.refresh_status)
        self._status_timer.start()
        self._closing = False
        self._backup_timer = QTimer(self, interval=3_600_000, timeout=self.daily_backup)
        self._backup_timer.start()
        fit_to_screen(self, 1366, 800)  # the status bar stays in view on a 1366×768 screen

    def _build(self, key: str) -> QWidget:
        """Screens are built when first shown, so start-up stays fast."""
        if key == "fines":
            from akimdesk.ui.fines.register import FinesScreen

            return FinesScreen(self.ctx)
        if key == "assemblies":
            from akimdesk.ui.assemblies.screen import AssembliesScreen

            return AssembliesScreen(self.ctx)
        if key == "audit":
            from akimdesk.ui.audit.screen import AuditScreen

            return AuditScreen(self.ctx)
        if key == "settings":
            from akimdesk.ui.settings_screen import SettingsScreen

            return SettingsScreen(self.ctx)
        if key == "sync":
            from akimdesk.ui.sync_screen import SyncScreen

            return SyncScreen(self.ctx, self.sync)
        if key == "property":
            from akimdesk.ui.property.screen import PropertyScreen

            return PropertyScreen(self.ctx)
        raise KeyError(key)

    def show_screen(self, key: str) -> QWidget:
        """Brings a screen to the front (built if it was not yet) and returns it."""
        self.nav.setCurrentRow([k for k, _label in SCREENS].index(key))
        return self.screens[key]

    def show_help(self) -> None:
        from akimdesk.ui.help.controller import page_for

        self.help.show_page(page_for(self.stack.currentWidget()))

    def _show_screen(self, row: int) -> None:
        key = SCREENS[row][0]
        screen = self.screens[key]
        if type(screen) is QWidget:
            built = self._build(key)
            self.stack.insertWidget(row, built)
            self.stack.removeWidget(screen)
            screen.deleteLater()
            self.screens[key] = screen = built
        self.stack.setCurrentWidget(screen)

    def retranslate_ui(self, _lang: str | None = None) -> None:
        for row, (_key, label) in enumerate(SCREENS):
            self.nav.item(row).setText(tr(label))
        # As wide as its longest word in this language: the rest goes to the registers.
        metrics = self.nav.fontMetrics()
        words = max(metrics.horizontalAdvance(tr(label)) for _key, label in SCREENS)
        self.nav.setFixedWidth(words + 32)
        self.account_menu.setTitle(tr("Account"))
        self.password_action.setText(tr("Change password…"))
        self.lock_action.setText(tr("Lock the window"))
        self.sign_out_action.setText(tr("Sign out"))
        self.help_menu.setTitle(tr("Help"))
        self.guide_action.setText(tr("Guide") + "\tF1")  # F1 itself is heard everywhere
        self.print_guide_action.setText(tr("Print the guide…"))
        self.about_action.setText(tr("About AkimDesk"))
        self.refresh_status()

    def refresh_status(self) -> None:
        db, lang = self.ctx.db, self.ctx.language.current
        with db.read() as s:
            office = office_service.current(s)
        sync = sync_status.status(db)
        name = (office.name_kk if lang == "kk" else office.name_ru) if office else ""
        self.office_name = name
        self.setWindowTitle(
            f"{name} — AkimDesk {__version__}" if name else f"AkimDesk {__version__}"
        )
        roles = ", ".join(tr(ROLE_LABELS[r]) for r in ROLES if r in self.ctx.actor.roles)
        # The roles are in the tooltip: with all five, the line no longer fits beside the sync.
        self.user_label.setText(tr("User: {name}").format(name=self.ctx.actor.name))
        self.user_label.setToolTip(roles)
        when = format_datetime(sync.last_success) if sync.last_success else tr("never")
        text = tr("Pending changes: {n} · Last sync: {when}").format(n=sync.pending, when=when)
        warnings = []
        if sync.open_rejections:
            warnings.append(tr("refused: {n}").format(n=sync.open_rejections))
        if sync.clock_warning:
            warnings.append(tr("check the PC clock"))
        if backup.is_stale(db, self._backup_warn_days()):
            warnings.append(tr("no recent backup"))
        if sync.audit_problem:
            warnings.append(tr("the audit log differs from the district's copy"))
        self.sync_label.setText(" · ".join([text, *warnings]))
        self.sync_label.setStyleSheet("color: #b00020;" if warnings else "")

    def change_password(self) -> None:
        from akimdesk.ui.accounts.dialogs import ChangePasswordDialog
        from akimdesk.ui.common.forms import info

        dialog = ChangePasswordDialog(self.ctx.db, self.ctx.language, self.ctx.actor)
        if dialog.exec() == ChangePasswordDialog.DialogCode.Accepted:
            info(self, tr("The password has been changed."))

    def lock_now(self) -> None:
        if self.screen_lock is not None:
            self.screen_lock.lock()

    def sign_out(self) -> None:
        self.signed_out = True
        self.close()

    def show_about(self) -> None:
        """The version comes from the package metadata, i.e. pyproject (stamped into a bundle)."""
        text = "<b>AkimDesk {v}</b><br><br>{what}<br><br>{folder}".format(
            v=__version__,
            what=tr("Registers of a rural akim's office: fines, communal property, assemblies."),
            folder=tr("Data folder: {path}").format(path=self.ctx.data_dir),
        )
        QMessageBox.about(self, tr("About AkimDesk"), text)

    def _backup_warn_days(self) -> int:
        with self.ctx.db.read() as s:
            return int(settings.load(s)["backup.warn_days"])

    def _backup_folder(self) -> str | None:
        with self.ctx.db.read() as s:
            return settings.load(s)["backup.folder"] or None

    def daily_backup(self) -> None:
        """Once a day while the window is open, in the background (the copy takes seconds)."""
        if not backup.is_stale(self.ctx.db, 1):
            return
        from PySide6.QtCore import QThreadPool

        db, folder = self.ctx.db, self._backup_folder()
        QThreadPool.globalInstance().start(lambda: _quiet_backup(db, folder))

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._closing:
            event.ignore()  # the backup below is still running
            return
        self._closing = True
        if self.screen_lock is not None:
            self.screen_lock.stop()
        self.sync.stop()  # a running round stops between batches; what was acked stays acked
        with self.ctx.db.read() as s:
            hours = int(settings.load(s)["backup.exit_hours"])
        if self.restore_from is None and backup.due_on_exit(self.ctx.db, hours):
            self._backup_before_closing()
        super().closeEvent(event)

    def _backup_before_closing(self) -> None:
        """The copy runs in a worker thread while a progress dialog paints; the window closes
        when it is done. A failure never keeps the window open: it shows as "no recent backup"."""
        from PySide6.QtCore import QEventLoop

        from akimdesk.ui.common.tasks import run_task

        db, folder, loop = self.ctx.db, self._backup_folder(), QEventLoop()

        def finished(_result: object) -> None:
            loop.quit()

        run_task(
            self,
            tr("Backing up…"),
            lambda progress: _quiet_backup(db, folder, progress),
            finished,
            finished,
        )
        loop.exec()

    def restore_on_close(self, path: Path) -> None:
        """Closes the window; the application then replaces the database with `path` (a checked
        copy), opens it and asks who signs in (ui/app.py)."""
        self.restore_from = path
        self.close()

    def offer_demo_if_new(self) -> None:
        if self.ctx.offer_demo:
            self.ctx.offer_demo = False
            self.fill_demo()

    def fill_demo(self) -> None:
        from akimdesk.services.demo import generate_fines
        from akimdesk.ui.common.forms import error
        from akimdesk.ui.common.tasks import failure_text, run_task

        run_task(
            self,
            tr("Creating demo data…"),
            lambda progress: generate_fines(
                self.ctx.db, self.ctx.actor, 500, progress=progress, lang=self.ctx.language.current
            ),
            lambda _n: None,  # the register hears the new cases from the write itself
            lambda exc: error(self, failure_text(exc)),
        )


def _quiet_backup(db, folder: str | None, progress=None) -> None:  # type: ignore[no-untyped-def]
    """An automatic backup must never stop the app; a failure shows as the stale-backup warning."""
    import logging

    try:
        backup.automatic(db, folder, progress=progress)
    except Exception:
        logging.getLogger(__name__).exception("automatic backup failed")
