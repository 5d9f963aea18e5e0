"""Qt models of the property screens: the asset register, the leases, one campaign's list."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from akimdesk.domain import property as rules
from akimdesk.domain.legal_forms import in_language
from akimdesk.i18n import N_, format_date, format_money, format_number
from akimdesk.i18n import _ as tr
from akimdesk.models import InventoryItem
from akimdesk.services.property.leases import LeaseLine
from akimdesk.services.property.queries import AssetRow
from akimdesk.ui.common.list_model import Index, ListTableModel

# The register's column is narrow: the full words are in the filter, the card and the tooltip.
TITLE_SHORT = {
    "registered": N_("Registered"),
    "in_progress": N_("Registration in progress"),
    "none": N_("No documents"),
}
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class AssetTableModel(ListTableModel):
    """All matching rows in memory: 20,000 assets are a few MB and sort instantly."""

    HEADERS: ClassVar[list[str]] = [
        N_("Inv. No."), N_("Name"), N_("Category"), N_("Settlement"),
        N_("Quantity"), N_("Condition"), N_("Documents"), N_("Value, ₸"), N_("Depreciation, ₸"),
        N_("Residual, ₸"),
    ]  # fmt: skip
    MONEY = (7, 8, 9)

    def __init__(self, lang: str) -> None:
        super().__init__()
        self._rows: list[AssetRow] = []
        self.lang = lang
        self._sort = (0, False)

    def set_rows(self, rows: list[AssetRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._apply_sort()
        self.endResetModel()

    def row(self, i: int) -> AssetRow:
        return self._rows[i]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.MONEY:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.status != "in_use":
                return QColor("#eeeeee")
            if r.title_status == "none":
                return QColor("#fff4e0")
        if role == Qt.ItemDataRole.ToolTipRole and col in (1, 2, 5, 6):
            return tr(rules.TITLE_STATUSES[r.title_status]) if col == 6 else self._text(r, col)
        return None

    def _text(self, r: AssetRow, col: int) -> str:
        lang = self.lang
        match col:
            case 0:
                return r.inventory_number
            case 1:
                return r.name(lang)
            case 2:
                return r.category(lang)
            case 3:
                return r.settlement(lang)
            case 4:
                return f"{format_number(r.size, lang)} {tr(rules.UNITS[r.unit])}" if r.size else ""
            case 5:
                return tr(rules.CONDITIONS[r.condition])
            case 6:
                return tr(TITLE_SHORT[r.title_status])
            case 7:
                return format_money(r.book_value_tiyn, lang)
            case 8:
                return format_money(r.depreciation_tiyn, lang)
            case 9:
                return format_money(r.residual_tiyn, lang)
        return ""

    _KEYS = (
        lambda r: r.inventory_number, lambda r: r.name_kk.lower(), lambda r: r.category_kk,
        lambda r: r.settlement_kk, lambda r: r.size or 0, lambda r: r.condition,
        lambda r: r.title_status, lambda r: r.book_value_tiyn, lambda r: r.depreciation_tiyn,
        lambda r: r.residual_tiyn,
    )  # fmt: skip

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.beginResetModel()
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self._apply_sort()
        self.endResetModel()

    def _apply_sort(self) -> None:
        column, descending = self._sort
        self._rows.sort(key=self._KEYS[column], reverse=descending)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        self.layoutChanged.emit()


class LeaseTableModel(ListTableModel):
    HEADERS: ClassVar[list[str]] = [
        N_("Asset"), N_("Tenant"), N_("ИИН/БИН"), N_("Contract"), N_("Period"),
        N_("Monthly rent"), N_("Due"), N_("Received"), N_("Owed"), N_("Needs action"),
    ]  # fmt: skip

    def __init__(self, lang: str) -> None:
        super().__init__()
        self._rows: list[LeaseLine] = []
        self.lang = lang

    def set_rows(self, rows: list[LeaseLine]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, i: int) -> LeaseLine:
        return self._rows[i]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        x, col, lang = self._rows[index.row()], index.column(), self.lang
        lease = x.lease
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole and col not in (0, 1, 9):
                return None  # the names and what to do may be cut: read whole when pointed at
            end = format_date(lease.effective_end, lang)
            values = [
                f"{lease.asset.inventory_number} · {lease.asset.name(lang)}", in_language(lease.tenant_name, lang),
                lease.tenant_iin_bin, lease.contract_no,
                f"{format_date(lease.start_date, lang)} – {end}",
                format_money(lease.monthly_rent_tiyn, lang), format_money(x.due_tiyn, lang),
                format_money(x.received_tiyn, lang),
                format_money(x.debt_tiyn, lang) if x.debt_tiyn else "",
                self._action(x),
            ]  # fmt: skip
            return values[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and 5 <= col <= 8:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and (x.expiring or x.debt_tiyn):
            return QColor("#fde2e1")
        if role == Qt.ItemDataRole.BackgroundRole and lease.terminated_on:
            return QColor("#eeeeee")
        return None

    @staticmethod
    def _action(x: LeaseLine) -> str:
        words = []
        if x.expiring:
            words.append(tr("Ends soon: renew or take back"))
        if x.debt_tiyn:
            words.append(tr("Rent owed"))
        if x.lease.terminated_on:
            words.append(tr("Ended early"))
        return "; ".join(words)


class ChecklistModel(ListTableModel):
    """A campaign's list for the walk: big rows, what the books say and what was found."""

    HEADERS: ClassVar[list[str]] = [
        N_("No."), N_("Inv. No."), N_("Name"), N_("Location"), N_("In the books"),
        N_("Found"),
    ]  # fmt: skip
    COLORS: ClassVar[dict[str, str]] = {"found": "#e3f4e3", "not_found": "#fde2e1"}

    def __init__(self, lang: str) -> None:
        super().__init__()
        self._rows: list[InventoryItem] = []
        self._numbers: dict[str, int] = {}
        self.lang = lang

    def set_rows(self, rows: list[InventoryItem]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._numbers = {item.asset.inventory_number.casefold(): i for i, item in enumerate(rows)}
        self.endResetModel()

    def row(self, i: int) -> InventoryItem:
        return self._rows[i]

    def find(self, number: str) -> int | None:
        """The row of exactly this inventory number (as typed from the plate), or None."""
        return self._numbers.get(number.strip().casefold())

    def begins(self, text: str) -> bool:
        """Some number on the list starts so: the person may still be typing it."""
        text = text.strip().casefold()
        return any(n.startswith(text) for n in self._numbers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, col = self._rows[index.row()], index.column()
        a = item.asset
        if role == Qt.ItemDataRole.DisplayRole:
            book = (
                tr(rules.CONDITIONS[item.book_condition])
                if item.book_condition
                else tr("not listed")
            )
            found = tr(rules.FINDINGS[item.finding])
            if item.found_condition and item.finding == "found":
                found += ", " + tr(rules.CONDITIONS[item.found_condition])
            place = ", ".join(x for x in (a.settlement.name(self.lang) if a.settlement else "",
                                          a.address) if x)  # fmt: skip
            return [str(item.position), a.inventory_number, a.name(self.lang), place, book, found][
                col
            ]
        if role == Qt.ItemDataRole.BackgroundRole and item.finding in self.COLORS:
            return QColor(self.COLORS[item.finding])
        if role == Qt.ItemDataRole.FontRole and col == 2:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def refresh(self, i: int) -> None:
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.HEADERS) - 1))

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:  # type: ignore[override]
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
