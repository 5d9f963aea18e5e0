"""Table columns an office screen can read: as wide as their values up to a cap (one long reason
no longer pushes the others out of sight), the rest of a long text in the tooltip, and the
columns a register shows chosen from the header's own menu."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView, QTableWidget

from akimdesk.i18n import _ as tr

CAP = 320  # pixels: about forty characters, the widest a column starts


def fit_columns(view: QTableView, cap: int = CAP) -> None:
    """Each column as wide as its header and values, but not wider than `cap`; the last one
    fills what is left when the view's header stretches it."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for col in range(header.count()):
        if header.sectionSize(col) > cap:
            header.resizeSection(col, cap)
    if isinstance(view, QTableWidget):
        _tooltips(view, cap)


def _tooltips(table: QTableWidget, cap: int) -> None:
    """A cut value is read whole by pointing at it."""
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        for col in range(table.columnCount()):
            item = table.item(row, col)
            if item is None or item.toolTip():
                continue
            if metrics.horizontalAdvance(item.text()) > cap - 12 or "\n" in item.text():
                item.setToolTip(item.text())


def offer_column_menu(view: QTableView, hidden: Iterable[int] = ()) -> None:
    """Right-click on the header lists every column with a tick: the register opens with the
    columns that fit the screen, and the others are one click away."""
    header = view.horizontalHeader()
    for col in hidden:
        header.setSectionHidden(col, True)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(lambda at: _menu(view, header, at))
    header.setToolTip(tr("Right-click to choose the columns"))


def _menu(view: QTableView, header: QHeaderView, at: QPoint) -> None:
    menu = QMenu(view)
    menu.setObjectName("column_menu")
    model = view.model()
    for col in range(header.count()):
        title = str(model.headerData(col, Qt.Orientation.Horizontal))
        action = menu.addAction(title)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(col))
        # The last visible column stays: a table without columns shows nothing to click on.
        visible = sum(not header.isSectionHidden(c) for c in range(header.count()))
        action.setEnabled(header.isSectionHidden(col) or visible > 1)
        action.toggled.connect(lambda on, c=col: header.setSectionHidden(c, not on))
    menu.popup(header.mapToGlobal(at))


def size_register(view: QTableView, samples: dict[int, Iterable[str]], stretch: int) -> None:
    """A register's columns sized to read without scrolling sideways: each as wide as its header
    and the widest of its possible values (every status word whole, the largest amount), and one
    column (a name) taking what is left, its long values cut with the whole in the tooltip."""
    header = view.horizontalHeader()
    model = view.model()
    values, titles = view.fontMetrics(), header.fontMetrics()
    for col in range(header.count()):
        if col == stretch:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            continue
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        width = titles.horizontalAdvance(title) + 28  # the sort arrow beside it
        for text in samples.get(col, ()):
            width = max(width, values.horizontalAdvance(text) + 14)
        header.resizeSection(col, width)
