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
            w = QDoubleSpinBox()
            w.setRange(0, 1e9)
            w.setDecimals(2)
            w.setGroupSeparatorShown(True)
            w.setSuffix(" ₸")
            w.setValue((f.default or 0) / 100)
            return w
        if f.kind == "int":
            w = QSpinBox()
            w.setRange(0, 10000)
            w.setValue(f.default or 0)
            return w
        if f.kind == "choice":
            w = QComboBox()
            for label, value in f.choices or []:
                w.addItem(tr(label), value)
            return w
        if f.kind == "reason":
            w = QPlainTextEdit(f.default or "")
            w.setFixedHeight(70)
            return w
        return QLineEdit(f.default or "")

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            w = self.widgets[f.name]
            if f.kind == "date":
                out[f.name] = read_date(w)  # type: ignore[arg-type]
            elif f.kind == "money":
                out[f.name] = round(w.value() * 100)  # type: ignore[attr-defined]
            elif f.kind == "int":
                out[f.name] = w.value()  # type: ignore[attr-defined]
            elif f.kind == "choice":
                out[f.name] = w.currentData()  # type: ignore[attr-defined]
            elif f.kind == "reason":
                out[f.name] = w.toPlainText()  # type: ignore[attr-defined]
            else:
                out[f.name] = w.text()  # type: ignore[attr-defined]
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
