"""The one date field of the app: typed as people type dates, a calendar on a button, and the
error under the field.

Qt's QDateEdit edits one section at a time: with the whole text selected, typing 28.11.2026 kept
only the month and year (a payment was saved on 01.11.2026), and typing after Home did nothing.
Here the text is the person's: a full date typed anywhere in the field (over a selection, after
Home, at the end) is taken as typed, a partial or impossible one is an error under the field, and
nothing is ever guessed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.calendar import TypedDateError, read_typed_date
from akimdesk.i18n import N_, Msg, format_date, msg
from akimdesk.i18n import _ as tr

ERROR_STYLE = "color: #b00020;"


def _calendar_icon() -> QIcon:
    """A small page of a wall calendar, drawn: no icon theme is there on Windows."""
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setPen(QColor("#444444"))
    p.setBrush(QColor("#ffffff"))
    p.drawRect(1, 2, 13, 12)
    p.fillRect(2, 3, 12, 3, QColor("#b00020"))
    for row in range(2):
        for col in range(3):
            p.fillRect(3 + col * 4, 8 + row * 3, 2, 2, QColor("#444444"))
    p.end()
    return QIcon(pix)


class _TypedEdit(QLineEdit):
    """Remembers what was typed since the field took the focus, so that a full date typed over
    part of the old one (after Home, at the end, over the day) is still read as typed."""

    def __init__(self) -> None:
        super().__init__()
        self.typed = ""

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.typed = ""
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.selectAll()  # reached by Tab: typing replaces the date, as in a spreadsheet

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Backspace:
            self.typed = self.typed[:-1]
        elif event.text() and event.text().isprintable():
            self.typed += event.text()
        super().keyPressEvent(event)


class DateField(QWidget):
    """`value()` is the date typed (None when empty or unreadable); `problem()` says why a text
    is not a date; `changed` fires when the value changes (typed and left, picked, set)."""

    changed = Signal()

    def __init__(self, value: date | None = None, optional: bool = False) -> None:
        super().__init__()
        self.optional = optional
        self.edit = _TypedEdit()
        self.edit.setObjectName("date_text")
        metrics = self.edit.fontMetrics()
        self.edit.setMinimumWidth(metrics.horizontalAdvance("00.00.00000") + 16)
        self.edit.setMaximumWidth(metrics.horizontalAdvance("00.00.0000") * 2)
        self.button = QToolButton()
        self.button.setObjectName("date_calendar")
        self.button.setIcon(_calendar_icon())
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field
        self.button.clicked.connect(self.open_calendar)
        self.error = QLabel()
        self.error.setObjectName("date_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit)
        row.addWidget(self.button)
        row.addStretch(1)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(1)
        col.addLayout(row)
        col.addWidget(self.error)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setFocusProxy(self.edit)
        self._value: date | None = None
        self.edit.editingFinished.connect(self.commit)
        self.edit.textEdited.connect(lambda _t: self.error.hide())
        self._popup: QFrame | None = None
        self.retranslate()
        self.set_value(value if value is not None or optional else date.today())

    # --- reading ----------------------------------------------------------------------------
    def _read(self) -> date | None:
        """The whole text if it is a date, else the run typed since the focus came."""
        today = date.today()
        try:
            return read_typed_date(self.edit.text(), today)
        except TypedDateError as whole:
            if self.edit.typed.strip() and self.edit.typed != self.edit.text():
                try:
                    return read_typed_date(self.edit.typed, today)
                except TypedDateError:
                    pass
            raise whole

    def value(self) -> date | None:
        try:
            return self._read()
        except TypedDateError:
            return None

    def problem(self) -> Msg | None:
        """The message for a text that is not a date, or None."""
        try:
            self._read()
        except TypedDateError as exc:
            return msg(exc.message, date=exc.text)
        return None

    def show_problem(self) -> bool:
        """Shows why the text is not a date, under the field; True when there is a problem."""
        problem = self.problem()
        if problem is None:
            self.error.hide()
            return False
        self.error.setText(problem.render())
        self.error.show()
        return True

    def show_message(self, text: str) -> None:
        """A problem of the field's date among others (a period that ends before it starts),
        shown where the field's own are; hidden again when the person edits the text."""
        self.error.setText(text)
        self.error.show()

    # --- writing ----------------------------------------------------------------------------
    def set_value(self, value: date | None) -> None:
        self.edit.typed = ""
        self.edit.setText(format_date(value) if value else "")
        self.error.hide()
        self._changed(value)

    def commit(self) -> None:
        """The person left the field: show the date in its usual form, or why it is not one
        (the field then holds no date: what listens, a register's filter, stops using the last)."""
        if self.show_problem():
            self._changed(None)
            return
        value = self.value()
        self.edit.typed = ""
        text = format_date(value) if value else ""
        if self.edit.text() != text:
            self.edit.setText(text)
        self._changed(value)

    def _changed(self, value: date | None) -> None:
        if value != self._value:
            self._value = value
            self.changed.emit()

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    # --- the calendar -----------------------------------------------------------------------
    def open_calendar(self) -> None:
        popup = QFrame(self, Qt.WindowType.Popup)
        popup.setObjectName("date_popup")
        popup.setFrameShape(QFrame.Shape.Box)
        calendar = QCalendarWidget(popup)
        calendar.setObjectName("calendar")
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setGridVisible(True)
        current = self.value() or date.today()
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        calendar.clicked.connect(lambda d: self._picked(d.toPython()))
        calendar.activated.connect(lambda d: self._picked(d.toPython()))
        lay = QVBoxLayout(popup)
        lay.setContentsMargins(1, 1, 1, 1)
        lay.addWidget(calendar)
        popup.adjustSize()
        where = self.edit.mapToGlobal(QPoint(0, self.edit.height()))
        screen = self.screen().availableGeometry()
        x = min(where.x(), screen.right() - popup.width())
        y = where.y() if where.y() + popup.height() <= screen.bottom() else (
            self.edit.mapToGlobal(QPoint(0, 0)).y() - popup.height()
        )  # fmt: skip
        popup.move(max(x, screen.left()), max(y, screen.top()))
        self._popup = popup
        popup.show()
        calendar.setFocus()

    def _picked(self, value: date) -> None:
        if self._popup is not None:
            self._popup.close()
            self._popup = None
        self.set_value(value)
        self.edit.setFocus()

    # --- language ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.edit.setPlaceholderText(tr(N_("DD.MM.YYYY")))
        self.button.setToolTip(tr("Choose on the calendar"))
        if self.error.isVisible():
            self.show_problem()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def is_date_field(widget: QObject | None) -> bool:
    return isinstance(widget, DateField)
