"""Saves PNG screenshots of the main screens in Kazakh and Russian, to look at them.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py DATA_DIR OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from akimdesk.domain.roles import ROLES
from akimdesk.services.operation import Actor
from akimdesk.storage.database import open_database
from akimdesk.ui.app import install_fonts
from akimdesk.ui.context import AppContext, ChangeBus
from akimdesk.ui.language import LanguageController


def main() -> None:
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    install_fonts()
    lang = LanguageController(app)
    lang.apply("kk")
    db = open_database(data)
    ctx = AppContext(db, Actor("Қасымова Ә.", frozenset(ROLES)), data, lang, ChangeBus(db.changes))
    from akimdesk.ui.fines.case_dialog import CaseDialog
    from akimdesk.ui.main_window import MainWindow
    from akimdesk.ui.setup_dialog import SetupDialog

    win = MainWindow(ctx)
    win.resize(1366, 768)
    win.show()
    for code in ("kk", "ru"):
        lang.apply(code)
        for row, name in ((0, "fines"), (4, "settings")):
            win.nav.setCurrentRow(row)
            app.processEvents()
            win.grab().save(str(out / f"{name}-{code}.png"))
        win.nav.setCurrentRow(0)
        screen = win.screens["fines"]
        case_id = screen.model.case_id(3)
        dlg = CaseDialog(ctx, case_id)
        dlg.show()
        app.processEvents()
        dlg.grab().save(str(out / f"case-{code}.png"))
        dlg.tabs.setCurrentIndex(1)
        app.processEvents()
        dlg.grab().save(str(out / f"case-state-{code}.png"))
        dlg.close()
        new = CaseDialog(ctx, None)
        new.show()
        new.save()
        app.processEvents()
        new.grab().save(str(out / f"case-errors-{code}.png"))
        new.close()
        setup = SetupDialog(ctx)
        setup.show()
        app.processEvents()
        setup.grab().save(str(out / f"setup-{code}.png"))
        setup.close()
    db.close()


if __name__ == "__main__":
    main()
