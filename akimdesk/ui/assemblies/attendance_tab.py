"""The Attendance tab: members of the assembly ticked present (the quorum follows live), or the
residents entitled and present at a gathering, counted from its registration sheet."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from akimdesk.i18n import N_
from akimdesk.i18n import _ as tr
from akimdesk.models import AssemblyMember, Meeting
from akimdesk.ui.common.forms import FieldErrors, Labels

MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1


def expanding(box: QWidget) -> QWidget:
    """A list with its error label under it takes the height of the tab."""
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
    return box


class AttendanceTab(QStackedWidget):
    def __init__(self, errors: FieldErrors, labels: Labels, changed: Callable[[], None]) -> None:
        super().__init__()
        self.changed = changed
        self.attendance = QListWidget()
        self.attendance.setObjectName("attendance_list")
        self.attendance.setStyleSheet("QListWidget::item { padding: 5px; }")  # easy to tick
        self.attendance.itemChanged.connect(lambda _i: changed())
        self.all_present, self.none_present = QPushButton(), QPushButton()
        self.all_present.setObjectName("all_present")
        self.all_present.clicked.connect(lambda: self.mark_all(True))
        self.none_present.clicked.connect(lambda: self.mark_all(False))
        assembly = QWidget()
        a = QVBoxLayout(assembly)
        row = QHBoxLayout()
        row.addWidget(self.all_present)
        row.addWidget(self.none_present)
        row.addStretch(1)
        a.addLayout(row)
        a.addWidget(expanding(errors.wrap("attendance", self.attendance)), 1)
        self.entitled, self.present = QSpinBox(), QSpinBox()
        for name, box in (
            ("residents_entitled", self.entitled),
            ("residents_present", self.present),
        ):
            box.setObjectName(name)
            box.setRange(0, 1_000_000)
            box.setGroupSeparatorShown(True)
            box.valueChanged.connect(lambda _v: changed())
        gathering = QWidget()
        g = QFormLayout(gathering)
        labels.row(g, N_("Residents entitled to take part"),
                   errors.wrap("residents_entitled", self.entitled))  # fmt: skip
        labels.row(g, N_("Residents present, by the registration sheet"),
                   errors.wrap("residents_present", self.present))  # fmt: skip
        self.addWidget(assembly)
        self.addWidget(gathering)

    def load(self, m: Meeting | None) -> None:
        self.entitled.setValue(m.residents_entitled if m else 0)
        self.present.setValue(m.residents_present if m else 0)

    def set_members(self, people: list[AssemblyMember], saved: dict[str, bool]) -> None:
        """The members active on the meeting day, ticked as saved (or as ticked just now)."""
        ticked = {
            self.attendance.item(i).data(MEMBER_ROLE): self.attendance.item(i).checkState()
            for i in range(self.attendance.count())
        }
        self.attendance.blockSignals(True)
        self.attendance.clear()
        for person in people:
            item = QListWidgetItem(person.full_name)
            item.setData(MEMBER_ROLE, str(person.id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = ticked.get(str(person.id))
            if state is None:
                here = saved.get(str(person.id))
                state = Qt.CheckState.Checked if here else Qt.CheckState.Unchecked
            item.setCheckState(state)
            self.attendance.addItem(item)
        self.attendance.blockSignals(False)

    def ticks(self) -> tuple[int, int]:
        """(present, members) as ticked."""
        states = [self.attendance.item(i).checkState() for i in range(self.attendance.count())]
        return sum(1 for s in states if s == Qt.CheckState.Checked), len(states)

    def marks(self) -> dict[uuid.UUID, bool]:
        return {
            uuid.UUID(self.attendance.item(i).data(MEMBER_ROLE)):
                self.attendance.item(i).checkState() == Qt.CheckState.Checked
            for i in range(self.attendance.count())
        }  # fmt: skip

    def mark_all(self, present: bool) -> None:
        state = Qt.CheckState.Checked if present else Qt.CheckState.Unchecked
        self.attendance.blockSignals(True)
        for i in range(self.attendance.count()):
            self.attendance.item(i).setCheckState(state)
        self.attendance.blockSignals(False)
        self.changed()

    def show_kind(self, kind: str) -> None:
        self.setCurrentIndex(0 if kind == "assembly" else 1)

    def set_read_only(self, signed: bool) -> None:
        for w in (self.all_present, self.none_present, self.entitled, self.present,
                  self.attendance):  # fmt: skip
            w.setEnabled(not signed)

    def retranslate_ui(self) -> None:
        self.all_present.setText(tr("All present"))
        self.none_present.setText(tr("Nobody present"))
