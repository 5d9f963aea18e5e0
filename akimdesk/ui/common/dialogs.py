"""What every window of the app shares: it fits the screen it opens on, its buttons keep their own
words when the language changes, and an editing dialog never drops what was typed unasked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMargins
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton, QWidget

from akimdesk.i18n import N_
from akimdesk.i18n import _ as tr

# A Windows title bar and borders: before a window is shown the platform does not know its frame.
FRAME = QMargins(8, 31, 8, 8)


def frame_of(window: QWidget) -> QMargins:
    frame, inner = window.frameGeometry(), window.geometry()
    margins = QMargins(
        inner.left() - frame.left(), inner.top() - frame.top(),
        frame.right() - inner.right(), frame.bottom() - inner.bottom(),
    )  # fmt: skip
    return margins if window.isVisible() and margins.top() > 0 else FRAME


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Opens a window at `width`×`height`, or smaller to fit the available area of its screen
    (1366×768 less the taskbar on an office PC), centred on it. Long forms scroll inside; their
    buttons stay at the bottom of what fits."""
    parent = window.parentWidget()
    screen = (parent or window).screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    frame = frame_of(window)
    w = min(width, area.width() - frame.left() - frame.right())
    h = min(height, area.height() - frame.top() - frame.bottom())
    window.resize(w, h)
    w, h = window.width(), window.height()  # a minimum size may have kept it larger
    QWidget.move(  # (a dialog may have its own move(), as the asset card's movements)
        window,
        area.x() + max(0, (area.width() - w - frame.left() - frame.right()) // 2),
        area.y() + max(0, (area.height() - h - frame.top() - frame.bottom()) // 2),
    )


# --- buttons --------------------------------------------------------------------------------
def dialog_buttons(
    parent: QDialog, buttons: list[tuple[str, QDialogButtonBox.ButtonRole, Callable[[], Any]]]
) -> QDialogButtonBox:
    """Buttons with the app's own words (msgids). Qt's standard buttons put back Qt's words
    ("OK", "Отмена") when the language changes; these keep ours, retranslated by `retranslate_buttons`."""
    box = QDialogButtonBox()
    for msgid, role, slot in buttons:
        button = box.addButton(tr(msgid), role)
        button.setProperty("msgid", msgid)
        button.clicked.connect(slot)
    return box


def retranslate_buttons(box: QDialogButtonBox) -> None:
    for button in box.buttons():
        msgid = button.property("msgid")
        if msgid:
            button.setText(tr(msgid))


def button(box: QDialogButtonBox, msgid: str) -> QPushButton:
    return next(b for b in box.buttons() if b.property("msgid") == msgid)  # type: ignore[return-value]


SAVE, CANCEL = N_("Save"), N_("Cancel")
ACCEPT = QDialogButtonBox.ButtonRole.AcceptRole
REJECT = QDialogButtonBox.ButtonRole.RejectRole


# --- asking before edits are lost -----------------------------------------------------------
def ask_unsaved(parent: QWidget) -> str:
    """ "save", "discard" or "cancel": what to do with edits when the dialog is closed."""
    box = QMessageBox(parent)
    box.setObjectName("unsaved_changes")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("AkimDesk")
    box.setText(tr("Save the changes before closing?"))
    save = box.addButton(tr("Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "discard" if clicked is discard else "cancel"


class EditDialog(QDialog):
    """An editing dialog that asks Save / Discard / Cancel when it is closed with changes (its
    Close or Cancel button, the window's ×, Esc). A dialog opts in by giving `snapshot()` (what
    its form holds now, comparable) and `save_changes()` (True when saved), and calls
    `mark_clean()` once its form is filled or saved."""

    _clean: Any = None
    _asking = False

    def snapshot(self) -> Any:
        return None

    def save_changes(self) -> bool:
        return True

    def mark_clean(self) -> None:
        self._clean = self.snapshot()

    def is_dirty(self) -> bool:
        return self._clean is not None and self.snapshot() != self._clean

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._clean is None:  # filled by whoever opened it: that is the starting point
            self.mark_clean()
        super().showEvent(event)

    def reject(self) -> None:
        if self._asking:
            return
        if self.is_dirty():
            self._asking = True
            try:
                answer = ask_unsaved(self)
            finally:
                self._asking = False
            if answer == "cancel" or (answer == "save" and not self.save_changes()):
                return  # stays open with what was typed (and a refusal under its field)
            if answer == "save" and self.result() == QDialog.DialogCode.Accepted:
                return  # saving closed it already
        super().reject()
