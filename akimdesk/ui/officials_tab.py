"""Settings → Officials: who draws up protocols and considers cases, with positions in Kazakh
and Russian (a Russian document prints no Kazakh position). Nobody is deleted: one who left
is marked inactive and stays on the cases that name them."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from akimdesk.i18n import N_
from akimdesk.i18n import _ as tr
from akimdesk.services import officials
from akimdesk.services.officials import OfficialInput
from akimdesk.ui.common.action_dialog import ActionDialog, Field
from akimdesk.ui.context import AppContext

YES_NO = [(N_("yes"), True), (N_("no"), False)]


class OfficialsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.ids: list[uuid.UUID] = []
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("officials")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.add_button, self.edit_button = QPushButton(), QPushButton()
        self.add_button.setObjectName("official_add")
        self.edit_button.setObjectName("official_edit")
        self.add_button.clicked.connect(lambda: self.edit(new=True))
        self.edit_button.clicked.connect(lambda: self.edit())
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self.load()

    def load(self) -> None:
        lang = self.ctx.language.current
        with self.ctx.db.read() as s:
            rows = officials.listing(s)
            values = [(o.full_name, o.position(lang), o.is_akim, o.active) for o in rows]
            self.ids = [o.id for o in rows]
        self.table.setColumnCount(4)
        self.table.setRowCount(len(values))
        for r, (name, position, akim, active) in enumerate(values):
            cells = (name, position, tr("yes") if akim else "", tr("yes") if active else tr("no"))
            for c, v in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def edit(self, new: bool = False) -> None:
        row = self.table.currentRow()
        official_id = None if new or row < 0 else self.ids[row]
        current = OfficialInput()
        if official_id is not None:
            with self.ctx.db.read() as s:
                found = next(o for o in officials.listing(s) if o.id == official_id)
                current = officials.as_input(found)
        fields = [
            Field("full_name", N_("Surname, first name, patronymic"), "text", default=current.full_name),
            Field("position_kk", N_("Position in Kazakh"), "text", default=current.position_kk),
            Field("position_ru", N_("Position in Russian"), "text", default=current.position_ru),
            Field("is_akim", N_("Considers cases as the akim"), "choice",
                  choices=YES_NO, default=current.is_akim),
            Field("active", N_("Works in the office"), "choice",
                  choices=YES_NO, default=current.active),
        ]  # fmt: skip

        def submit(v: dict[str, Any]) -> None:
            officials.save(self.ctx.db, self.ctx.actor, OfficialInput(**v), official_id)

        title = tr("New official") if official_id is None else tr("Official")
        if ActionDialog(self, title, fields, submit).exec() == QDialog.DialogCode.Accepted:
            self.load()

    def retranslate_ui(self) -> None:
        self.note.setText(tr(
            "The officials who draw up protocols and consider cases. Positions are kept in both "
            "languages for documents in either. Nobody is deleted: mark one who left as not "
            "working in the office."
        ))  # fmt: skip
        self.add_button.setText(tr("Add official"))
        self.edit_button.setText(tr("Change"))
        self.table.setHorizontalHeaderLabels(
            [tr("Full name"), tr("Position"), tr("Akim"), tr("Works in the office")]
        )
        self.load()
