"""Long work (import, demo data, big reports) runs off the UI thread with a progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from akimdesk import errorlog
from akimdesk.i18n import Msg, _, render

Work = Callable[[Callable[[int, int], None]], Any]


def failure_text(exc: Exception) -> str:
    """What to tell the person when long work failed: our own message, else a translated frame."""
    message = getattr(exc, "message", None)
    if isinstance(message, Msg | str):
        return render(message)
    errors = getattr(exc, "errors", None)  # a ValidationError from a service
    if isinstance(errors, dict):
        return "\n".join(render(m) for m in errors.values())
    return errorlog.report(exc)  # the traceback goes to the log file, its path to the person


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work(lambda i, n: self.signals.progress.emit(i, n))
        except Exception as exc:  # shown to the person; the service left the database as it was
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def run_task(
    parent: QWidget,
    title: str,
    work: Work,
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
) -> _Runnable:
    dialog = QProgressDialog(title, "", 0, 0, parent)
    dialog.setWindowTitle("AkimDesk")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setLabelText(title)
    runnable = _Runnable(work)
    runnable.setAutoDelete(False)

    def progress(i: int, n: int) -> None:
        dialog.setMaximum(max(n, 1))
        dialog.setValue(i)
        dialog.setLabelText(f"{title}\n{_('{done} of {total}').format(done=i, total=n)}")

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        dialog.reset()
        dialog.close()
        callback(value)

    runnable.signals.progress.connect(progress)
    runnable.signals.done.connect(lambda r: finish(on_done, r))
    runnable.signals.failed.connect(lambda e: finish(on_failed, e))
    QThreadPool.globalInstance().start(runnable)
    parent._akimdesk_task = runnable  # type: ignore[attr-defined]  # keep it alive until done
    return runnable
