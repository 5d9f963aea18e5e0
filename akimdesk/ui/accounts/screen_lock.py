"""The inactivity lock: after `security.lock_minutes` without a key or mouse press, every open
window is covered and the person's password is asked. Open forms stay as they were under the
cover, so nothing typed is lost."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from akimdesk.services import settings
from akimdesk.ui.accounts.dialogs import LoginDialog
from akimdesk.ui.context import AppContext

_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
}  # fmt: skip


class ScreenLock(QObject):
    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.lock)
        self.covers: list[QWidget] = []
        self.dialog: LoginDialog | None = None
        if (app := QApplication.instance()) is not None:  # none: no events to watch
            app.installEventFilter(self)
        ctx.bus.subscribe(self, {"setting"}, self.restart)  # the idle time is a setting
        self.restart()

    def stop(self) -> None:
        self.timer.stop()
        if (app := QApplication.instance()) is not None:
            app.removeEventFilter(self)

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def minutes(self) -> int:
        with self.ctx.db.read() as s:
            return int(settings.load(s)["security.lock_minutes"])

    def restart(self) -> None:
        minutes = self.minutes()
        if minutes and self.ctx.actor.login:  # nobody to unlock for the PC's own user
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _ACTIVITY and not self.locked and self.timer.isActive():
            self.timer.start()  # same interval, from now
        elif (
            kind == QEvent.Type.Resize
            and isinstance(watched, QWidget)
            and watched in self._covered()
        ):
            self._fit(watched)
        return False

    def _covered(self) -> list[QObject | None]:
        return [c.parent() for c in self.covers]

    def _fit(self, window: QWidget) -> None:
        for cover in self.covers:
            if cover.parent() is window:
                cover.setGeometry(window.rect())

    def lock(self) -> None:
        if self.locked:
            return
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and not isinstance(window, LoginDialog):
                cover = QWidget(window)
                cover.setObjectName("lock_cover")
                cover.setAutoFillBackground(True)
                cover.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
                cover.setStyleSheet("#lock_cover { background: #3b4a5a; }")
                cover.setGeometry(window.rect())
                cover.show()
                cover.raise_()
                self.covers.append(cover)
        self.dialog = LoginDialog(self.ctx.db, self.ctx.language, only=self.ctx.actor.login)
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.finished.connect(self._finished)
        self.dialog.open()

    def _finished(self, result: int) -> None:
        self.dialog = None
        if result != QDialog.DialogCode.Accepted:
            # "Close AkimDesk": forms left open are not saved; the main window backs up.
            QApplication.closeAllWindows()
            return
        for cover in self.covers:
            cover.hide()
            cover.deleteLater()
        self.covers.clear()
        self.restart()
