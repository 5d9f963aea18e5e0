"""Start-up: Qt application, bundled font, language, the data folder checks, the main window."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from akimdesk import i18n
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
    install_fonts()
    language = LanguageController(app)
    language.apply(remembered_language(data_dir))

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


def _run(
    app, db: Database, data_dir: Path, language, exit_after_start: bool, started: float
) -> int:  # type: ignore[no-untyped-def]
    from akimdesk.services import office as office_service
    from akimdesk.services import settings
    from akimdesk.services.operation import Actor
    from akimdesk.ui.context import AppContext, ChangeBus
    from akimdesk.ui.main_window import MainWindow

    actor = Actor.system_user()
    ctx = AppContext(db=db, actor=actor, data_dir=data_dir, language=language, bus=ChangeBus())
    language.changed.connect(lambda lang: remember_language(data_dir, lang))

    if not office_service.is_set_up(db):
        if exit_after_start:
            office_service.set_up(db, actor, _bench_office(), i18n.get_language())
        else:
            from akimdesk.ui.setup_dialog import SetupDialog

            dialog = SetupDialog(ctx)
            if dialog.exec() != SetupDialog.DialogCode.Accepted:
                return 1
    with db.read() as s:
        lang = settings.load(s)["ui.language"]
    if lang != language.current:
        language.apply(lang)

    window = MainWindow(ctx)
    window.show()
    if exit_after_start:
        app.processEvents()
        ms = (time.time() - started) * 1000
        print(f"main window shown in {ms:.0f} ms, peak memory {peak_memory_mb():.0f} MB")
        QTimer.singleShot(0, window.close)
        app.processEvents()
        return 0
    window.offer_demo_if_new()
    return app.exec()


def _bench_office():  # type: ignore[no-untyped-def]
    from akimdesk.services.demo import DEMO_OFFICE

    return DEMO_OFFICE
