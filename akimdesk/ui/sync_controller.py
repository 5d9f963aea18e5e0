"""Background sync: a cheap probe on a timer and "Sync now", off the UI thread.

One round at a time. After a failure the next try waits longer (with jitter), so a dead link
costs nothing; a success brings the normal interval back.
"""

from __future__ import annotations

import random
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from akimdesk import errorlog
from akimdesk.storage.database import Database

if TYPE_CHECKING:  # the client (and httpx) are imported when a round runs, not at start-up
    from akimdesk.sync.client import RoundResult

INTERVAL_S = 120
MAX_INTERVAL_S = 30 * 60


class _Signals(QObject):
    progress = Signal(str, int, int)
    done = Signal(object)
    failed = Signal(str)


class _Round(QRunnable):
    def __init__(self, db: Database, cancel: threading.Event) -> None:
        super().__init__()
        self.db, self.cancel = db, cancel
        self.signals = _Signals()

    def run(self) -> None:
        from akimdesk.sync.client import Backoff, SyncClient
        from akimdesk.sync.transport import SyncFailure

        try:
            client = SyncClient(self.db, backoff=Backoff(base=2.0, cap=30.0, attempts=4))
        except SyncFailure as exc:
            self.signals.failed.emit(exc.code)
            return
        try:
            result = client.round(
                progress=lambda stage, i, n: self.signals.progress.emit(stage, i, n),
                cancel=self.cancel,
            )
        except SyncFailure as exc:
            self.signals.failed.emit(exc.code)
        except Exception as exc:  # a bug must not kill the thread pool; the round is retried
            errorlog.record(exc)
            self.signals.failed.emit("unexpected")
        else:
            self.signals.done.emit(result)
        finally:
            client.close()


class SyncController(QObject):
    started = Signal()
    progress = Signal(str, int, int)
    finished = Signal(object)  # RoundResult
    failed = Signal(str)  # a failure code, see akimdesk.sync.messages

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.running = False
        self._cancel = threading.Event()
        self._failures = 0
        self._job: _Round | None = None
        self.timer = QTimer(self, singleShot=True, timeout=self.sync_now)

    def start(self, first_delay_s: float = 5) -> None:
        self.timer.start(int(first_delay_s * 1000))

    def stop(self) -> None:
        self.timer.stop()
        self._cancel.set()

    def sync_now(self) -> bool:
        if self.running:
            return False
        self.running = True
        self._cancel.clear()
        job = _Round(self.db, self._cancel)
        job.setAutoDelete(False)
        job.signals.progress.connect(self.progress)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self._job = job
        self.started.emit()
        QThreadPool.globalInstance().start(job)
        return True

    def _done(self, result: RoundResult) -> None:
        self.running = False
        self._failures = 0
        self.timer.start(INTERVAL_S * 1000)
        self.finished.emit(result)

    def _failed(self, code: str) -> None:
        self.running = False
        if code != "not_linked":
            self._failures += 1
            delay = min(MAX_INTERVAL_S, INTERVAL_S * 2 ** min(self._failures, 5))
            self.timer.start(int(random.uniform(delay / 2, delay) * 1000))
        self.failed.emit(code)
