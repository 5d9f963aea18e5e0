"""The audit log screen: filter by person, kind of record, action, dates and text; the changes of
the selected row field by field; and the hash-chain check."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.alphabet import sort_key
from akimdesk.i18n import N_, format_date, format_datetime, format_money, get_language
from akimdesk.i18n import _ as tr
from akimdesk.services import audit_log, check
from akimdesk.services.audit_labels import ENTITIES, HIDDEN, KINDS, VALUES, field_label
from akimdesk.services.audit_log import AuditFilter
from akimdesk.ui.audit.audit_model import AuditTableModel, action_text, entity_text
from akimdesk.ui.common.columns import fit_columns
from akimdesk.ui.common.forms import Labels, date_edit, error, info, read_date
from akimdesk.ui.common.tasks import failure_text, run_task
from akimdesk.ui.context import AppContext

MONEY = {
    "amount_tiyn",
    "paid_tiyn",
    "amount",
    "book_value_tiyn",
    "initial_value_tiyn",
    "accumulated_depreciation_tiyn",
    "value_before_tiyn",
    "value_after_tiyn",
    "monthly_rent_tiyn",
}


class AuditScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.labels = Labels()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.labels.add(self.title.setText, N_("Audit log"))

        self.user, self.entity, self.action = QComboBox(), QComboBox(), QComboBox()
        for name, combo in (("user", self.user), ("entity", self.entity),
                            ("action", self.action)):  # fmt: skip
            combo.setObjectName(f"filter_{name}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(self.apply)
        self.date_from, self.date_to = date_edit(optional=True), date_edit(optional=True)
        for w in (self.date_from, self.date_to):
            w.changed.connect(self.apply)
        self.search = QLineEdit()
        self.search.setObjectName("filter_text")
        self.search.setClearButtonEnabled(True)
        self._typing = QTimer(self, singleShot=True, interval=300)
        self._typing.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self._typing.start())
        self.check_button = QPushButton()
        self.check_button.setObjectName("check_chain")
        self.labels.add(self.check_button.setText, N_("Check the log"))
        self.check_button.clicked.connect(self.run_check)

        # Two rows: Kazakh labels and names are long, and an office PC's screen is not wide.
        top, bottom = QHBoxLayout(), QHBoxLayout()
        for row, msgid, field in ((top, N_("Who"), self.user), (top, N_("Record"), self.entity),
                                  (top, N_("Action"), self.action),
                                  (bottom, N_("From"), self.date_from),
                                  (bottom, N_("To"), self.date_to),
                                  (bottom, N_("Search"), self.search)):  # fmt: skip
            row.addWidget(self.labels.label(msgid))
            row.addWidget(field, 1 if field is self.search else 0)
        top.addStretch(1)
        bottom.addWidget(self.check_button)

        self.model = AuditTableModel(ctx.db, ctx.actor)
        self.table = QTableView()
        self.table.setObjectName("audit")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _p: self.show_row(cur.row())
        )
        self.details = QTableWidget(0, 3)
        self.details.setObjectName("changes")
        self.details.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.details.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.details.verticalHeader().hide()
        self.details.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([500, 220])

        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(top)
        lay.addLayout(bottom)
        lay.addWidget(split, 1)
        self._loading = False
        ctx.language.changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    # --- filters ------------------------------------------------------------------------
    def fill_choices(self) -> None:
        with self.ctx.db.read() as s:
            users, entities, actions = audit_log.choices(s)
        self._loading = True
        lang = get_language()
        for combo, values, text in ((self.user, users, str), (self.entity, entities, entity_text),
                                    (self.action, actions, action_text)):  # fmt: skip
            current = combo.currentData()
            combo.clear()
            combo.addItem(tr("all"), "")
            items = sorted(((text(v), v) for v in values), key=lambda p: sort_key(p[0], lang))
            for label, value in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        self._loading = False

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            user=self.user.currentData() or "", entity=self.entity.currentData() or "",
            action=self.action.currentData() or "", date_from=read_date(self.date_from),
            date_to=read_date(self.date_to), text=self.search.text(),
        )  # fmt: skip

    def apply(self) -> None:
        if self._loading:
            return
        self.model.reload(self.current_filter())
        self.details.setRowCount(0)
        fit_columns(self.table)

    # --- one row ------------------------------------------------------------------------
    def show_row(self, i: int) -> None:
        if i < 0:
            self.details.setRowCount(0)
            return
        row = self.model.row(i)
        with self.ctx.db.read() as s:
            found = audit_log.changes(s, row.id, HIDDEN)
        self.details.setRowCount(len(found))
        for r, ch in enumerate(found):
            cells = (field_text(row.entity, ch.field), value_text(row.entity, ch.field, ch.before),
                     value_text(row.entity, ch.field, ch.after))  # fmt: skip
            for c, text in enumerate(cells):
                self.details.setItem(r, c, QTableWidgetItem(text))
        self.details.resizeRowsToContents()

    def run_check(self) -> None:
        def done(report: check.CheckReport) -> None:
            if report.ok:
                info(self, tr("The database is sound; the audit log ({n} rows) has not been "
                              "changed.").format(n=report.audit_rows))  # fmt: skip
            else:
                error(self, "\n".join(p.render() for p in report.problems))

        run_task(self, tr("Checking the audit log…"), lambda _p: check.run(self.ctx.db), done,
                 lambda exc: error(self, failure_text(exc)))  # fmt: skip

    def showEvent(self, event: QShowEvent) -> None:
        self.fill_choices()
        self.apply()
        super().showEvent(event)

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.labels.retranslate()
        self.details.setHorizontalHeaderLabels([tr("Field"), tr("Before"), tr("After")])
        if self.isVisible():
            self.fill_choices()
            self.apply()


def field_text(entity: str, field: str) -> str:
    label = field_label(entity, field)
    return tr(label) if label else field


def value_text(entity: str, field: str, value: Any) -> str:
    """A stored value as a person reads it: dates, money, yes/no, coded values in words."""
    if value is None or value == "":
        return "—"
    if entity == "journal_import" and isinstance(value, dict):
        return _journal_value(field, value)
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if field == "kind" and entity in KINDS:
        return tr(KINDS[entity].get(value, value))
    if field == "kind" and entity == "fine_event":
        from akimdesk.domain.fines import EVENT_LABELS

        return tr(EVENT_LABELS.get(value, value))
    if field in VALUES:
        words = VALUES[field]
        if isinstance(value, list):
            return ", ".join(tr(words.get(v, str(v))) for v in value)
        return tr(words.get(value, value))
    if field in MONEY and isinstance(value, int):
        return format_money(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and len(value) == 19 and value[10] == "T":
        from datetime import datetime

        try:
            return format_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _journal_value(field: str, value: dict[str, Any]) -> str:
    """An import's columns, values for every row and records written, in words."""
    from akimdesk.services.fines.import_export import REGISTER as FINES
    from akimdesk.services.property.import_export import REGISTER as ASSETS

    def label(name: str | None) -> str:
        if not name:
            return tr("not imported")
        return (FINES if name in FINES.labels else ASSETS).label(name)

    if field == "records":
        return ", ".join(f"{tr(ENTITIES.get(k, k))}: {n}" for k, n in value.items())
    if field == "columns":
        return "; ".join(f"«{header}» → {label(name)}" for header, name in value.items())
    return "; ".join(f"{label(name)} = «{v}»" for name, v in value.items())
