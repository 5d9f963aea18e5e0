"""Saves a PNG of every window and dialog of the app in Kazakh and Russian, on the office PC's
1366×768 screen, to look at them; prints what the layout test would refuse in each.

.venv/bin/python scripts/screenshots.py OUT_DIR [NAME ...]

An office with demo data is made in a temporary folder (tests/support/windows.py lists the
windows and how each is opened, with its refusals shown where it has a form).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = (
    f"offscreen:configfile={ROOT / 'tests' / 'support' / 'office_screen.json'}"
)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from akimdesk.ui.app import install_fonts
    from akimdesk.ui.context import AppContext, ChangeBus
    from akimdesk.ui.language import LanguageController
    from tests.support.windows import (
        ADMIN,
        OPENERS,
        Env,
        layout_problems,
        make_office,
        open_window,
    )

    out = Path(sys.argv[1])
    wanted = sys.argv[2:] or list(OPENERS)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    install_fonts()
    language = LanguageController(app)
    with tempfile.TemporaryDirectory() as folder:
        db = make_office(Path(folder) / "data")
        ctx = AppContext(db, ADMIN, Path(folder) / "data", language, ChangeBus(db.changes))
        try:
            for lang in ("kk", "ru"):
                language.apply(lang)
                for name in wanted:
                    env = Env(ctx)
                    try:
                        window = open_window(env, name)
                        window.grab().save(str(out / f"{name}-{lang}.png"))
                        for problem in layout_problems(window):
                            print(f"{name}-{lang}: {problem}")
                    finally:
                        env.close_all()
        finally:
            db.close()
    print(f"{len(wanted) * 2} screenshots in {out}")


if __name__ == "__main__":
    main()
