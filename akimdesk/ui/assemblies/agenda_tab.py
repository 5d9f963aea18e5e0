"""The Agenda tab: the items with their outcome marks, saving, moving and withdrawing them, and
the editor of the chosen item. An item typed and not saved is asked about before the editor
shows another one, a new one, or the list changes under it."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.assemblies import MeetingRules, Outcome, Quorum
from akimdesk.i18n import N_
from akimdesk.i18n import _ as tr
from akimdesk.models import AgendaItem
from akimdesk.services.assemblies import meetings
from akimdesk.services.errors import ValidationError
from akimdesk.ui.assemblies.agenda_editor import AgendaEditor
from akimdesk.ui.assemblies.attendance_tab import MEMBER_ROLE, expanding
from akimdesk.ui.common import dialogs
from akimdesk.ui.common.forms import FieldErrors, scrolled
from akimdesk.ui.context import AppContext


def mark(o: Outcome) -> str:
    return "✓" if o.adopted else ("!" if o.without_quorum else ("✗" if o.voted else "·"))


class AgendaTab(QWidget):
    """`meeting_id`: the saved meeting's id (None before its first save); `saved`: called after
    an item was saved, moved or withdrawn, for the dialog to read the items again."""

    def __init__(self, ctx: AppContext, errors: FieldErrors, quorum: Callable[[], Quorum],
                 rules: MeetingRules, meeting_id: Callable[[], uuid.UUID | None],
                 saved: Callable[[], None]) -> None:  # fmt: skip
        super().__init__()
        self.ctx, self.meeting_id, self.saved = ctx, meeting_id, saved
        self.item_id: uuid.UUID | None = None
        self.rows: list[tuple[AgendaItem, Outcome]] = []
        self.read_only = False
        self._filling = False  # the list refilled from the database: nothing to ask
        self.items = QListWidget()
        self.items.setObjectName("agenda_list")
        self.items.setWordWrap(True)
        self.items.currentRowChanged.connect(self._selected)
        self.buttons = {name: QPushButton() for name in ("new", "up", "down", "withdraw")}
        for name, b in self.buttons.items():
            b.setObjectName(f"item_{name}")
        self.buttons["new"].clicked.connect(self.new_item)
        self.buttons["up"].clicked.connect(lambda: self.move_item(-1))
        self.buttons["down"].clicked.connect(lambda: self.move_item(1))
        self.buttons["withdraw"].clicked.connect(self.withdraw)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(expanding(errors.wrap("items", self.items)), 1)
        row = QHBoxLayout()
        for b in self.buttons.values():
            row.addWidget(b)
        ll.addLayout(row)
        self.editor = AgendaEditor(quorum, rules)
        self.editor.save_requested.connect(self.save_item)
        scroll = scrolled(self.editor)
        self.hint = QLabel()
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(scroll)
        split.setSizes([280, 850])
        lay = QVBoxLayout(self)
        lay.addWidget(self.hint)
        lay.addWidget(split, 1)

    def fill(self, rows: list[tuple[AgendaItem, Outcome]], lang: str) -> None:
        """The items of the meeting as saved; the one chosen before stays chosen."""
        self.rows = rows
        current = self.item_id
        self._filling = True
        try:
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
        finally:
            self._filling = False

    def _selected(self, row: int) -> None:
        if row < 0 or row >= len(self.rows):
            return
        item = self.rows[row][0]
        typed = self.editor.is_dirty()
        if item.id != self.item_id and not self._filling and not self.leave_item():
            self._show_chosen()  # back to the item being typed, as typed
            return
        stored = typed and not self.editor.is_dirty()  # "Save" was the answer
        self.item_id = item.id
        self.editor.load(item)
        self.editor.set_read_only(self.read_only)
        if stored:  # the list shows the saved item's words and mark once this click is over
            QTimer.singleShot(0, self.saved)

    def _show_chosen(self) -> None:
        ids = [item.id for item, _ in self.rows]
        self.items.blockSignals(True)
        if self.item_id in ids:
            self.items.setCurrentRow(ids.index(self.item_id))
        else:
            self.items.clearSelection()
            self.items.setCurrentRow(-1)
        self.items.blockSignals(False)

    def _ask(self) -> str:
        # Save / Discard / Cancel, as on closing, but nothing is being closed
        return dialogs.ask_unsaved(self.window(), N_("Save the changes to this agenda item first?"))

    def leave_item(self) -> bool:
        """Before the item on screen gives way (another item, a new one, a move): True when
        nothing typed is lost: saved (its refusal shown under its field otherwise) or discarded."""
        if not self.editor.is_dirty():
            return True
        answer = self._ask()
        return answer == "discard" or (answer == "save" and self.store_item())

    def new_item(self) -> None:
        if not self._filling and not self.leave_item():
            return
        self.item_id = None
        self._show_chosen()  # none: a click on any item, the last one too, chooses it
        self.editor.clear()
        self.editor.set_read_only(self.read_only)

    # --- writing ------------------------------------------------------------------------
    def store_item(self) -> bool:
        """Saves the item typed in the editor, if anything was, without reading the list again
        (what is typed on the other tabs stays on screen). False when it was refused."""
        if not self.editor.is_dirty() or self.meeting_id() is None:
            return True
        return self._write()

    def save_item(self) -> None:
        """The editor's "Save item": saved even when unchanged (a new item is added)."""
        if self.meeting_id() is not None and self._write():
            self.saved()

    def _write(self) -> bool:
        meeting_id = self.meeting_id()
        assert meeting_id is not None
        try:
            self.item_id = meetings.save_item(self.ctx.db, self.ctx.actor, meeting_id,
                                              self.item_id, self.editor.data())  # fmt: skip
        except ValidationError as exc:
            self.editor.errors.show(exc.errors)
            return False
        self.editor.errors.clear()
        self.editor.mark_clean()
        return True

    def move_item(self, delta: int) -> None:
        if self.item_id and self.leave_item():
            meetings.move_item(self.ctx.db, self.ctx.actor, self.item_id, delta)
            self.saved()

    def withdraw(self) -> None:
        if not self.item_id:
            return
        answer = QMessageBox.question(
            self, "AkimDesk", tr("Take this item off the draft agenda? It stays in the history.")
        )
        if answer == QMessageBox.StandardButton.Yes:
            meetings.withdraw_item(self.ctx.db, self.ctx.actor, self.item_id)
            self.item_id = None  # what was typed in it goes off the agenda with it
            self.saved()

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
