"""What the benchmarks share: a median timer and the process's resident memory."""

from __future__ import annotations

import statistics
import time


def rss_mb(field: str = "VmRSS") -> float:
    """The resident memory now, or with field "VmHWM" the most it has been."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def timed(fn, repeat: int = 1) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """Milliseconds (the median of `repeat` runs) and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def screen_context(db, actor=None):  # type: ignore[no-untyped-def]
    """The Qt application (offscreen) and what a screen is given, in Kazakh, as the app sets
    them up; `actor` defaults to one holding every role."""
    from PySide6.QtWidgets import QApplication

    from akimdesk.domain.roles import ROLES
    from akimdesk.services.operation import Actor
    from akimdesk.ui.app import install_fonts
    from akimdesk.ui.context import AppContext, ChangeBus
    from akimdesk.ui.language import LanguageController

    app = QApplication.instance() or QApplication([])
    install_fonts()
    lang = LanguageController(app)
    lang.apply("kk")
    actor = actor or Actor("bench", frozenset(ROLES))
    return app, AppContext(db, actor, db.path.parent, lang, ChangeBus(db.changes))
