"""The Addenda tab: corrections to signed minutes, each with its reason and author."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from akimdesk.i18n import _ as tr
from akimdesk.i18n import format_date
from akimdesk.models import MeetingAddendum


class AddendaTab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.addenda = QTableWidget(0, 5)
        self.addenda.setObjectName("addenda")
        self.addenda.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.addenda.verticalHeader().hide()
        self.addenda.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton()
        self.add_button.setObjectName("add_addendum")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.hint)
        lay.addWidget(self.addenda, 1)
        lay.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def fill(self, rows: list[MeetingAddendum], lang: str) -> None:
        self.addenda.setRowCount(len(rows))
        for r, a in enumerate(rows):
            values = (str(a.seq), format_date(a.on_date, lang), a.author, a.reason, a.text)
            for c, value in enumerate(values):
                self.addenda.setItem(r, c, QTableWidgetItem(value))
        self.addenda.resizeColumnsToContents()

    def retranslate_ui(self) -> None:
        self.addenda.setHorizontalHeaderLabels(
            [tr("No."), tr("Date"), tr("Author"), tr("Reason"), tr("Text")]
        )
        self.hint.setText(tr("Signed minutes are not changed. A correction is added here, with its "
                             "reason and author, and printed with the minutes."))  # fmt: skip
        self.add_button.setText(tr("Add addendum…"))
