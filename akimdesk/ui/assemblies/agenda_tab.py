"""The Agenda tab: the items with their outcome marks, moving and withdrawing them, and the
editor of the chosen item."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.assemblies import MeetingRules, Outcome, Quorum
from akimdesk.i18n import N_
from akimdesk.i18n import _ as tr
from akimdesk.models import AgendaItem
from akimdesk.ui.assemblies.agenda_editor import AgendaEditor
from akimdesk.ui.assemblies.attendance_tab import MEMBER_ROLE, expanding
from akimdesk.ui.common.forms import FieldErrors


def mark(o: Outcome) -> str:
    return "✓" if o.adopted else ("!" if o.without_quorum else ("✗" if o.voted else "·"))


class AgendaTab(QWidget):
    def __init__(self, errors: FieldErrors, quorum: Callable[[], Quorum],
                 rules: MeetingRules) -> None:  # fmt: skip
        super().__init__()
        self.item_id: uuid.UUID | None = None
        self.rows: list[tuple[AgendaItem, Outcome]] = []
        self.read_only = False
        self.items = QListWidget()
        self.items.setObjectName("agenda_list")
        self.items.setWordWrap(True)
        self.items.currentRowChanged.connect(self._selected)
        self.buttons = {name: QPushButton() for name in ("new", "up", "down", "withdraw")}
        for name, b in self.buttons.items():
            b.setObjectName(f"item_{name}")
        self.buttons["new"].clicked.connect(self.new_item)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(expanding(errors.wrap("items", self.items)), 1)
        row = QHBoxLayout()
        for b in self.buttons.values():
            row.addWidget(b)
        ll.addLayout(row)
        self.editor = AgendaEditor(quorum, rules)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        self.hint = QLabel()
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(scroll)
        split.setSizes([280, 850])
        lay = QVBoxLayout(self)
        lay.addWidget(self.hint)
        lay.addWidget(split, 1)

    def fill(self, rows: list[tuple[AgendaItem, Outcome]], lang: str) -> None:
        """The items of the meeting; the one chosen before stays chosen."""
        self.rows = rows
        current = self.item_id
        self.items.blockSignals(True)
        self.items.clear()
        for item, o in rows:
            row = QListWidgetItem(f"{item.position}. {item.title(lang)}  {mark(o)}")
            row.setData(MEMBER_ROLE, str(item.id))
            self.items.addItem(row)
        self.items.blockSignals(False)
        ids = [str(item.id) for item, _ in rows]
        if current and str(current) in ids:
            self.items.setCurrentRow(ids.index(str(current)))
        elif ids:
            self.items.setCurrentRow(0)
        else:
            self.new_item()

    def _selected(self, row: int) -> None:
        if row < 0 or row >= len(self.rows):
            return
        item = self.rows[row][0]
        self.item_id = item.id
        self.editor.load(item)
        self.editor.set_read_only(self.read_only)

    def new_item(self) -> None:
        self.item_id = None
        self.items.clearSelection()
        self.editor.clear()
        self.editor.set_read_only(self.read_only)

    def set_state(self, saved: bool, signed: bool) -> None:
        self.read_only = signed or not saved
        for b in self.buttons.values():
            b.setEnabled(saved and not signed)
        self.editor.setEnabled(saved)
        self.editor.set_read_only(self.read_only)
        self.hint.setVisible(not saved)

    def retranslate_ui(self) -> None:
        self.editor.retranslate_ui()
        for name, msgid in (("new", N_("New item")), ("up", N_("Up")), ("down", N_("Down")),
                            ("withdraw", N_("Withdraw"))):  # fmt: skip
            self.buttons[name].setText(tr(msgid))
        self.hint.setText(tr("Save the meeting first, then add its agenda items."))
