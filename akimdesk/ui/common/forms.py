"""Form helpers: an error label under each field, in the person's language, input kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from akimdesk.i18n import Msg, render
from akimdesk.i18n import _ as tr
from akimdesk.ui.common.date_field import ERROR_STYLE as ERROR_STYLE  # the forms' too: re-exported
from akimdesk.ui.common.date_field import DateField

if TYPE_CHECKING:
    from akimdesk.ui.context import AppContext


def scrolled(widget: QWidget, framed: bool = True) -> QScrollArea:
    """`widget` in a scroll area that gives it the whole width: a form taller than the office
    PC's 768 pixels scrolls instead of pushing the window off the screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    if not framed:
        area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class FieldErrors:
    """Maps service field names to error labels placed right under the inputs."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.general = QLabel()
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        self.general.hide()
        self._last: dict[str, str | Msg] = {}

    def wrap(self, name: str, field: QWidget) -> QWidget:
        """A column of the field and its (hidden) error label."""
        box = QWidget()
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(field)
        label = QLabel()
        label.setObjectName(f"error_{name}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        lay.addWidget(label)
        self.labels[name] = label
        self.fields[name] = field
        return box

    def refuse_unreadable(self) -> bool:
        """Before saving: a date field whose text is not a date says so under itself, and
        nothing is saved (an unreadable optional date must not be saved as empty)."""
        bad = [f for f in self.fields.values()
               if isinstance(f, DateField) and f.isEnabled() and f.problem() is not None]  # fmt: skip
        if not bad:
            return False
        self.clear()
        for field in bad:
            field.show_problem()
        bad[0].setFocus()
        return True

    def show(self, errors: dict[str, str | Msg]) -> None:
        self.clear()
        self._last = dict(errors)
        unplaced = []
        for name, message in errors.items():
            label = self.labels.get(name)
            if label is None:
                unplaced.append(render(message))
            else:
                label.setText(render(message))
                label.show()
        if unplaced:
            self.general.setText("\n".join(unplaced))
            self.general.show()
        shown = [label for label in (*self.labels.values(), self.general) if label.isVisibleTo(
            label.window())]  # fmt: skip
        first = next((self.labels[n] for n in errors if n in self.labels), None)
        # The field wrapped with that label (a label may serve two names: see CaseForm).
        field = next((f for n, f in self.fields.items() if self.labels.get(n) is first), None)
        if first is not None and field is not None:
            field.setFocus()
        if shown:
            hold_wrapped_height(shown)

    def retranslate(self) -> None:
        if self._last:
            self.show(self._last)

    def clear(self) -> None:
        self._last = {}
        for label in (*self.labels.values(), self.general):
            label.clear()
            label.hide()
            label.setMinimumHeight(0)


def hold_wrapped_height(labels: list[QLabel]) -> None:
    """A refusal of two lines under a field keeps both: nested form layouts give a wrapped label
    the height of one line at its final width. Each label holds the height its text needs at the
    width it got, and the window grows for them."""
    window = labels[0].window()
    if (lay := window.layout()) is not None:
        lay.activate()
    for label in labels:
        label.setMinimumHeight(label.heightForWidth(max(label.width(), 1)))
    grow_to_fit(window)


def grow_to_fit(window: QWidget) -> None:
    """A refusal of two lines under a field needs the height for them: a window's minimum size
    does not count text that wraps, so it would be squeezed to one line and cut. The window
    grows (within its screen) to what its layout needs at its width."""
    lay = window.layout()
    if lay is None:
        return
    lay.activate()
    needed = lay.totalHeightForWidth(window.width()) if lay.hasHeightForWidth() else -1
    needed = max(needed, lay.totalMinimumSize().height())
    if needed > window.height():
        from akimdesk.ui.common.dialogs import FRAME

        room = window.screen().availableGeometry().height() - FRAME.top() - FRAME.bottom()
        window.resize(window.width(), min(needed, room))


LABEL_WIDTH = 240  # pixels: the widest a form's label goes before it wraps


class FormLabel(QLabel):
    """A field's label on one line up to `wrap_at` pixels and on as many lines as it needs past
    that. It tells the layout the width and height it takes: QFormLayout sizes a plain wrapped
    label from a guess, which cut long Kazakh labels to one line."""

    def __init__(self, wrap_at: int, text: str = "") -> None:
        super().__init__(text)
        self.wrap_at = wrap_at
        self.setWordWrap(True)

    def _width(self) -> int:
        m = self.contentsMargins()
        words = max((self.fontMetrics().horizontalAdvance(x) for x in self.text().split("\n")),
                    default=0)  # fmt: skip
        return min(words + m.left() + m.right() + 2 * max(self.margin(), 0) + 4, self.wrap_at)

    def sizeHint(self) -> QSize:
        width = self._width()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class Labels:
    """Form row labels that follow the language: (label widget, msgid) pairs. `wrap_at`: the
    widest a label goes before it wraps (0: never; the label column takes the words' width)."""

    def __init__(self, wrap_at: int = 0) -> None:
        self._items: list[tuple[Callable[[str], None], str]] = []
        self.wrap_at = wrap_at

    def add(self, setter: Callable[[str], None], msgid: str) -> None:
        setter(tr(msgid))
        self._items.append((setter, msgid))

    def label(self, msgid: str) -> QLabel:
        w = FormLabel(self.wrap_at) if self.wrap_at else QLabel()
        self.add(w.setText, msgid)
        return w

    def row(self, form: QFormLayout, msgid: str, field: QWidget) -> None:
        form.addRow(self.label(msgid), field)

    def retranslate(self) -> None:
        for setter, msgid in self._items:
            setter(tr(msgid))


def date_edit(value: date | None = None, optional: bool = False) -> DateField:
    """Every date field of the app: a required one starts at today, an optional one empty."""
    return DateField(value, optional)


def read_date(w: DateField) -> date | None:
    return w.value()


def narrow_combo(combo: QComboBox, chars: int = 14, popup: int = 420) -> QComboBox:
    """A choice among long texts (article titles, officials with their positions) as wide as
    its place in the form, not as its longest item: the form would otherwise ask for more
    than a 1366-pixel screen. The open list shows the items whole."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    combo.view().setMinimumWidth(popup)
    return combo


def set_combo_data(combo: QComboBox, value: object) -> None:
    i = combo.findData(value)
    combo.setCurrentIndex(max(i, 0))


def limit(widget: QWidget, entity: str, name: str) -> None:
    """The field's longest text from the catalogue (domain/fields.py), held by the widget: a line
    stops taking characters, a box of several lines keeps the first ones (as a line does with a
    paste). The domain refuses longer texts anyway (imports, sync)."""
    from akimdesk.domain.fields import CATALOGUE

    spec = next((f for f in CATALOGUE.get(entity, ()) if f.name == name), None)
    if spec is None or not spec.max_len:
        return
    target = widget.lineEdit() if isinstance(widget, QComboBox) and widget.isEditable() else widget
    if isinstance(target, QLineEdit):
        target.setMaxLength(spec.max_len)
    elif isinstance(target, QPlainTextEdit):
        _hold_length(target, spec.max_len)


def _hold_length(box: QPlainTextEdit, max_len: int) -> None:
    def trim() -> None:
        text = box.toPlainText()
        if len(text) > max_len:
            cursor = box.textCursor()
            at = min(cursor.position(), max_len)
            box.blockSignals(True)
            box.setPlainText(text[:max_len])
            box.blockSignals(False)
            cursor = box.textCursor()
            cursor.setPosition(at)
            box.setTextCursor(cursor)

    box.textChanged.connect(trim)
    box.setToolTip(tr("At most {n} characters.").format(n=max_len))


def line(text: str = "", max_len: int = 0) -> QLineEdit:
    w = QLineEdit(text)
    if max_len:
        w.setMaxLength(max_len)
    return w


def save_settings(widget: QWidget, ctx: AppContext, errors: FieldErrors, values: dict[str, object],
                  done: str) -> bool:  # fmt: skip
    """Saves settings through the service: refusals next to their fields, else `done` is shown
    and every screen hears that the settings changed."""
    from akimdesk.services import settings
    from akimdesk.services.errors import ValidationError

    try:
        settings.save(ctx.db, ctx.actor, values)
    except ValidationError as exc:
        errors.show(exc.errors)
        return False
    errors.clear()
    info(widget, done)
    return True


def save_cancel(dialog: QDialog, on_save: Callable[[], None]) -> QDialogButtonBox:
    """Save / Cancel buttons; Save runs `on_save`, which closes the dialog only if it accepts."""
    from akimdesk.ui.common.dialogs import ACCEPT, CANCEL, REJECT, SAVE, dialog_buttons

    return dialog_buttons(dialog, [(SAVE, ACCEPT, on_save), (CANCEL, REJECT, dialog.reject)])


def info(parent: QWidget | None, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, "AkimDesk", text, parent=parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


def error(parent: QWidget | None, text: str) -> None:
    QMessageBox.critical(parent, "AkimDesk", text)
