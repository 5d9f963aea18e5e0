"""The assemblies screen: the meetings list with its filters, and the members of the assembly."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.assemblies import MEETING_KINDS
from akimdesk.i18n import _ as tr
from akimdesk.services.assemblies import publish, queries
from akimdesk.storage.changes import ASSEMBLIES, SETTINGS
from akimdesk.ui.assemblies.meetings_model import MeetingTableModel
from akimdesk.ui.assemblies.members_panel import MembersPanel
from akimdesk.ui.common.columns import fit_columns
from akimdesk.ui.common.forms import error, info, set_combo_data
from akimdesk.ui.common.tasks import failure_text, run_task
from akimdesk.ui.context import AppContext


class MeetingsPanel(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = MeetingTableModel(ctx.db, ctx.language.current)
        self.table = QTableView()
        self.table.setObjectName("meetings_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # Column widths from the first rows only: measuring 2,000 rows took most of the open.
        self.table.horizontalHeader().setResizeContentsPrecision(100)
        self.table.doubleClicked.connect(
            lambda i: self.open_meeting(self.model.meeting_id(i.row()))
        )
        self.year, self.kind = QComboBox(), QComboBox()
        self.year.setObjectName("year_filter")
        self.kind.setObjectName("kind_filter")
        self.year.currentIndexChanged.connect(lambda _i: self._filter())
        self.kind.currentIndexChanged.connect(lambda _i: self._filter())
        self.needs_action = QCheckBox()
        self.needs_action.setObjectName("meetings_needs_action")
        self.needs_action.toggled.connect(lambda _b: self._filter())
        self.buttons = {name: QPushButton() for name in ("new", "open", "export")}
        for name, b in self.buttons.items():
            b.setObjectName(f"meetings_{name}")
        self.buttons["new"].clicked.connect(lambda: self.open_meeting(None))
        self.buttons["open"].clicked.connect(self.open_selected)
        self.buttons["export"].clicked.connect(self.export)
        self.count = QLabel()
        self.year_label, self.kind_label = QLabel(), QLabel()
        top = QHBoxLayout()
        for b in self.buttons.values():
            top.addWidget(b)
        top.addStretch(1)
        for w in (self.needs_action, self.year_label, self.year, self.kind_label, self.kind):
            top.addWidget(w)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)
        ctx.language.changed.connect(self.retranslate_ui)
        ctx.bus.subscribe(self, ASSEMBLIES | SETTINGS, self.reload)
        self.retranslate_ui()

    def reload(self) -> None:
        self.model.language = self.ctx.language.current
        with self.ctx.db.read() as s:
            years = queries.years(s)
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem(tr("all years"), None)
        for y in years:
            self.year.addItem(str(y), y)
        set_combo_data(self.year, current)
        self.year.blockSignals(False)
        self.model.reload()
        fit_columns(self.table)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        total, signed = self.model.totals()
        self.count.setText(tr("Meetings: {n}, signed: {signed}.").format(n=total, signed=signed))

    def _filter(self) -> None:
        self.model.year, self.model.kind = self.year.currentData(), self.kind.currentData()
        self.model.needs_action_only = self.needs_action.isChecked()
        self.reload()

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_meeting(self.model.meeting_id(rows[0].row()))

    def open_meeting(self, meeting_id: uuid.UUID | None) -> None:
        from akimdesk.ui.assemblies.meeting_dialog import MeetingDialog

        MeetingDialog(self.ctx, meeting_id, self).exec()
        self.reload()

    def export(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self, tr("Export meetings"), "meetings.json", "JSON (*.json);;CSV (*.csv)"
        )
        if not path:
            return
        fmt = "csv" if path.lower().endswith(".csv") or "CSV" in chosen else "json"
        db, lang = self.ctx.db, self.ctx.language.current
        run_task(
            self, tr("Exporting meetings…"),
            lambda progress: publish.export(db, path, fmt, lang, progress=progress),
            lambda n: info(self, tr("Exported {n} meetings.").format(n=n)),
            lambda exc: error(self, failure_text(exc)),
        )  # fmt: skip

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.buttons["new"].setText(tr("New meeting"))
        self.buttons["open"].setText(tr("Open"))
        self.buttons["export"].setText(tr("Export…"))
        self.year_label.setText(tr("Year"))
        self.kind_label.setText(tr("Kind"))
        self.needs_action.setText(tr("Needs action"))
        self.needs_action.setToolTip(tr("Signed minutes not published, or decisions the akim has "
                                        "not considered, past the days in Settings → Assemblies"))  # fmt: skip
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(tr("all kinds"), None)
        for key, label in MEETING_KINDS.items():
            self.kind.addItem(tr(label), key)
        set_combo_data(self.kind, current)
        self.kind.blockSignals(False)
        self.reload()


class AssembliesScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.tabs = QTabWidget()
        self.meetings = MeetingsPanel(ctx)
        self.members = MembersPanel(ctx)
        self.tabs.addTab(self.meetings, "")
        self.tabs.addTab(self.members, "")
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.tabs, 1)
        ctx.language.changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.title.setText(tr("Gatherings and assemblies of the local community"))
        self.tabs.setTabText(0, tr("Meetings"))
        self.tabs.setTabText(1, tr("Members of the assembly"))
