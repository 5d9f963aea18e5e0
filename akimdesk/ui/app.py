"""Start-up: Qt application, bundled font, language, the data folder checks, the main window."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from akimdesk import errorlog, i18n
from akimdesk.paths import asset_path
from akimdesk.preferences import remember_language, remembered_language
from akimdesk.storage.database import Database, StartupError, open_database
from akimdesk.storage.lock import AlreadyRunning, InstanceLock

FONT_FAMILY = "DejaVu Sans"


def install_fonts() -> None:
    """The app brings its own font with every Kazakh letter, № and ₸; PCs' fonts vary."""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        QFontDatabase.addApplicationFont(str(asset_path("fonts", name)))
    font = QFont(FONT_FAMILY, 10)
    QApplication.setFont(font)


def peak_memory_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_gui(data_dir: Path, exit_after_start: bool, started: float) -> int:
    from akimdesk.ui.common.forms import error
    from akimdesk.ui.language import LanguageController

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("AkimDesk")
    # An exception escaping a slot goes to the log file, not as a traceback to the console.
    sys.excepthook = lambda _t, exc, _tb: print(errorlog.report(exc), file=sys.stderr)
    install_fonts()
    language = LanguageController(app)
    language.apply(remembered_language(data_dir))
    from akimdesk.ui.help.controller import help_controller

    help_controller(language)  # F1 from the first dialog on (signing in, setting up)

    lock = InstanceLock(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire()
        db = open_database(data_dir)
    except AlreadyRunning:
        error(None, StartupError("locked", data_dir).message())
        return 3
    except StartupError as exc:
        error(None, exc.message())
        return 2
    except OSError as exc:
        error(None, StartupError("not_writable", data_dir, str(exc)).message())
        return 2
    try:
        return _run(app, db, data_dir, language, exit_after_start, started)
    finally:
        db.close()
        lock.release()
        # Whatever is left is freed by the interpreter's exit; the collector need not walk it
        # first (that walk was a sixth of a start-and-close).
        gc.freeze()


def collector_on() -> None:
    """Start-up's objects (modules, classes, mappers, widgets) live as long as the app: they
    are set aside from the collector's walks, which stay short from then on, and collection
    (paused by `akimdesk.cli` while starting) resumes."""
    gc.freeze()
    gc.enable()


def _run(
    app, db: Database, data_dir: Path, language, exit_after_start: bool, started: float
) -> int:  # type: ignore[no-untyped-def]
    from akimdesk.services import office as office_service
    from akimdesk.services.operation import Actor
    from akimdesk.ui.context import AppContext, ChangeBus
    from akimdesk.ui.main_window import MainWindow

    ctx = AppContext(
        db=db,
        actor=Actor.system_user(),
        data_dir=data_dir,
        language=language,
        bus=ChangeBus(db.changes),
    )
    language.changed.connect(lambda lang: remember_language(data_dir, lang))

    if exit_after_start:  # a measurement: no dialogs, and no roles, so nothing can be changed
        if not office_service.is_set_up(db):
            office_service.set_up(db, ctx.actor, _bench_office(), i18n.get_language())
        ctx.actor = Actor(ctx.actor.name, frozenset())
        window = MainWindow(ctx)
        window.show()
        app.processEvents()
        collector_on()
        ms = (time.time() - started) * 1000
        print(f"main window shown in {ms:.0f} ms, peak memory {peak_memory_mb():.0f} MB")
        QTimer.singleShot(0, window.close)
        app.processEvents()
        return 0

    collector_on()  # a person is asked something now
    if not office_service.is_set_up(db):
        from akimdesk.ui.setup_dialog import SetupDialog

        dialog = SetupDialog(ctx)  # the office and its first account; signs that person in
        if dialog.exec() != SetupDialog.DialogCode.Accepted:
            return 1
    else:
        actor = sign_in(db, language)
        if actor is None:
            return 1
        ctx.actor = actor
    try:
        return _windows(app, ctx, data_dir, language)
    finally:
        if ctx.db is not db:  # a restored database, opened by this loop
            ctx.db.close()


def _windows(app, ctx, data_dir: Path, language) -> int:  # type: ignore[no-untyped-def]
    from akimdesk.ui.context import ChangeBus
    from akimdesk.ui.main_window import MainWindow

    db = ctx.db
    while True:  # "Sign out" (or a restore) closes the window and asks for the next person
        gc.disable()  # as at start-up: the window and its first screen are built at one go
        window = MainWindow(ctx)
        window.show()
        collector_on()
        window.offer_demo_if_new()
        code = app.exec()
        window.deleteLater()
        if window.restore_from is not None:
            restored = _restore(ctx, data_dir, window.restore_from)
            if restored is None:
                return 2
            ctx.db = db = restored
            ctx.bus = ChangeBus(db.changes)
        elif not window.signed_out:
            return code
        actor = sign_in(db, language)
        if actor is None:
            return code
        ctx.actor = actor


def _restore(ctx, data_dir: Path, source: Path) -> Database | None:  # type: ignore[no-untyped-def]
    """Replaces the database with a checked backup while this process holds the instance lock,
    then opens it; on failure the old file is given back and opened again."""
    from akimdesk.i18n import _, render
    from akimdesk.services import backup
    from akimdesk.ui.common.forms import error, info

    ctx.db.close()
    try:
        done = backup.restore(data_dir, source)
    except backup.BackupError as exc:
        error(None, render(exc.message))
    except StartupError as exc:
        error(None, exc.message())
    else:
        text = _("Restored from {file}.").format(file=source)
        if done.replaced:
            text += "\n" + _("The replaced database was kept as {path}.").format(path=done.replaced)
        info(None, text)
    try:
        return open_database(data_dir)
    except StartupError as exc:
        error(None, exc.message())
        return None


def sign_in(db: Database, language):  # type: ignore[no-untyped-def]
    """The signed-in actor, or None when the person chose to exit. A database from before
    accounts first gets its first account (every role) from the person at the PC."""
    from akimdesk.services import accounts
    from akimdesk.ui.accounts.dialogs import FirstAccountDialog, LoginDialog

    with db.read() as s:
        has_accounts = accounts.has_accounts(s)
    if not has_accounts and FirstAccountDialog(db, language).exec() != 1:
        return None
    dialog = LoginDialog(db, language)
    return dialog.actor if dialog.exec() == LoginDialog.DialogCode.Accepted else None


def _bench_office():  # type: ignore[no-untyped-def]
    from akimdesk.services.demo import DEMO_OFFICE

    return DEMO_OFFICE
