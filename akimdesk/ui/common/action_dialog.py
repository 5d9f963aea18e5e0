"""A small dialog for one lifecycle step (decision, payment, appeal...): fields, reason, errors.

The dialog stays open with what was typed when the service refuses the input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from akimdesk.i18n import _ as tr
from akimdesk.services.errors import ValidationError
from akimdesk.ui.common.date_field import DateField
from akimdesk.ui.common.dialogs import EditDialog
from akimdesk.ui.common.forms import (
    LABEL_WIDTH,
    FieldErrors,
    FormLabel,
    date_edit,
    error,
    limit,
    read_date,
    save_cancel,
    set_combo_data,
)
from akimdesk.ui.common.tasks import failure_text, run_task


@dataclass
class Field:
    name: str
    label: str  # msgid
    kind: str  # date | money | int | text | reason | choice
    choices: list[tuple[str, Any]] | None = None  # (msgid, value)
    default: Any = None
    limit: str = ""  # "entity.field" of the catalogue (domain/fields.py): its longest text


class ActionDialog(EditDialog):
    def __init__(
        self,
        parent: QWidget,
        title: str,
        fields: list[Field],
        submit: Callable[[dict[str, Any]], None],
        note: str = "",
        background: str = "",
    ) -> None:
        """`background`: the submit can take seconds (thousands of rows); it then runs off the
        UI thread under a progress dialog with this title, and a refusal still lands here."""
        super().__init__(parent)
        self.background = background
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.errors = FieldErrors()
        self.submit = submit
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout()
        for f in fields:
            w = self._widget(f)
            w.setObjectName(f.name)
            if f.limit:
                limit(w, *f.limit.split("."))
            self.widgets[f.name] = w
            form.addRow(FormLabel(LABEL_WIDTH, tr(f.label)), self.errors.wrap(f.name, w))
        self.fields = fields
        buttons = save_cancel(self, self._accept)
        lay = QVBoxLayout(self)
        if note:
            n = QLabel(note)
            n.setWordWrap(True)
            lay.addWidget(n)
        lay.addLayout(form)
        lay.addWidget(self.errors.general)
        lay.addWidget(buttons)

    @staticmethod
    def _widget(f: Field) -> QWidget:
        if f.kind == "date":
            return date_edit(f.default)
        if f.kind == "money":
            money = QDoubleSpinBox()
            money.setRange(0, 1e9)
            money.setDecimals(2)
            money.setGroupSeparatorShown(True)
            money.setSuffix(" ₸")
            money.setValue((f.default or 0) / 100)
            return money
        if f.kind == "int":
            spin = QSpinBox()
            spin.setRange(0, 10000)
            spin.setValue(f.default or 0)
            return spin
        if f.kind == "choice":
            combo = QComboBox()
            for label, value in f.choices or []:
                combo.addItem(tr(label), value)
            if f.default is not None:  # a correction opens on what was recorded
                set_combo_data(combo, f.default)
            return combo
        if f.kind == "reason":
            box = QPlainTextEdit(f.default or "")
            box.setFixedHeight(70)
            return box
        return QLineEdit(f.default or "")

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            # Each kind has its own widget (_widget): read by what the widget is.
            w = self.widgets[f.name]
            if isinstance(w, DateField):
                out[f.name] = read_date(w)
            elif isinstance(w, QDoubleSpinBox):  # money, in tiyn
                out[f.name] = round(w.value() * 100)
            elif isinstance(w, QSpinBox):
                out[f.name] = w.value()
            elif isinstance(w, QComboBox):
                out[f.name] = w.currentData()
            elif isinstance(w, QPlainTextEdit):
                out[f.name] = w.toPlainText()
            elif isinstance(w, QLineEdit):
                out[f.name] = w.text()
        return out

    def snapshot(self) -> Any:
        return self.values()

    def save_changes(self) -> bool:
        self._accept()  # closes the dialog itself when the step is recorded
        return False

    def _accept(self) -> None:
        if self.errors.refuse_unreadable():
            return
        values = self.values()
        if self.background:
            run_task(self, self.background, lambda _progress: self.submit(values),
                     lambda _result: self.accept(), self._failed)  # fmt: skip
            return
        try:
            self.submit(values)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.accept()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self.errors.show(exc.errors)  # the dialog stays open with what was typed
        else:
            error(self, failure_text(exc))
