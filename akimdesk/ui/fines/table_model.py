"""FineTableModel: holds only the rowids of matching cases and fetches visible rows in pages."""

from __future__ import annotations

from array import array
from collections import OrderedDict
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from akimdesk.domain.fines import ACTION_DETAILS, ACTION_LABELS, STATUS_LABELS
from akimdesk.i18n import N_, format_date, format_money
from akimdesk.i18n import _ as tr
from akimdesk.services.fines import queries
from akimdesk.services.fines.queries import CaseFilter, RegisterRow
from akimdesk.storage.database import Database

HEADERS = {
    "number": N_("No."),
    "offence_date": N_("Offence date"),
    "offender": N_("Offender"),
    "iin_bin": N_("ИИН/БИН"),
    "article": N_("Article"),
    "settlement": N_("Settlement"),
    "status": N_("Status"),
    "amount": N_("Amount"),
    "paid": N_("Paid"),
    "pay_by": N_("Pay by"),
    "action": N_("Needs action"),
}
STATUS_COLORS = {
    "overdue": "#fde2e1",
    "enforcement": "#f4e1f7",
    "paid": "#e3f4e3",
    "paid_half": "#e3f4e3",
    "cancelled": "#eeeeee",
}
PAGE = 200
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class FineTableModel(QAbstractTableModel):
    COLUMNS = queries.COLUMNS

    def __init__(self, db: Database, language: str = "kk") -> None:
        super().__init__()
        self.db = db
        self.language = language
        self.filter = CaseFilter()
        self.sort_key, self.descending = "number", True
        self.today = date.today()
        self._rowids: array[int] = array("q")
        self._pages: OrderedDict[int, dict[int, RegisterRow]] = OrderedDict()

    # --- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        self.beginResetModel()
        self.today = date.today()
        with self.db.read() as s:
            self._rowids = queries.register_rowids(
                s, self.filter, self.sort_key, self.descending, self.today
            )
        self._pages.clear()
        self.endResetModel()

    def set_filter(self, f: CaseFilter) -> None:
        self.filter = f
        self.reload()

    def _row(self, row: int) -> RegisterRow | None:
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            ids = self._rowids[page * PAGE : (page + 1) * PAGE]
            with self.db.read() as s:
                rows = queries.rows_by_rowid(s, ids, self.today)
            self._pages[page] = rows
            if len(self._pages) > 50:  # a bounded cache: memory stays flat while scrolling
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows.get(self._rowids[row])

    def case_id(self, row: int):  # type: ignore[no-untyped-def]
        r = self._row(row)
        return r.id if r else None

    # --- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rowids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(HEADERS[self.COLUMNS[section]])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        r = self._row(index.row())
        if r is None:
            return None
        key = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, key)
        if role == Qt.ItemDataRole.ToolTipRole and key == "action" and r.action in ACTION_DETAILS:
            return tr(ACTION_DETAILS[r.action])
        if role == Qt.ItemDataRole.ToolTipRole and key in ("offender", "status", "action"):
            return self._display(r, key) or None
        if role == Qt.ItemDataRole.BackgroundRole and r.status in STATUS_COLORS:
            return QColor(STATUS_COLORS[r.status])
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("amount", "paid"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CASE_ID_ROLE:
            return str(r.id)
        return None

    def _display(self, r: RegisterRow, key: str) -> str:
        lang = self.language
        match key:
            case "number":
                return r.number
            case "offence_date":
                return format_date(r.offence_date, lang)
            case "offender":
                return r.offender
            case "iin_bin":
                return r.iin_bin
            case "article":
                return r.article
            case "settlement":
                return r.settlement_kk if lang == "kk" else r.settlement_ru
            case "status":
                return tr(STATUS_LABELS[r.status])
            case "amount":
                return format_money(r.amount_tiyn, lang) if r.amount_tiyn else ""
            case "paid":
                return format_money(r.paid_tiyn, lang) if r.paid_tiyn else ""
            case "pay_by":
                return format_date(r.pay_by, lang)
            case "action":
                return tr(ACTION_LABELS[r.action]) if r.action else ""
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key, descending = self.COLUMNS[column], order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending):
            # The view announcing the order it starts with (the filter loads the rows), or Qt's
            # sortByColumn() asking a second time: the rows are in this order already.
            return
        self.sort_key, self.descending = key, descending
        self.reload()

    def retranslate(self, lang: str) -> None:
        self.language = lang
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self._rowids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rowids) - 1, len(self.COLUMNS) - 1)
            )
