"""The steps of the import window: the file and its sheet, the columns and their fields, the
first rows as they will be stored, the report."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.alphabet import sort_key
from akimdesk.i18n import N_, get_language, render
from akimdesk.i18n import _ as tr
from akimdesk.services.journal import Column, ImportReport, Register
from akimdesk.services.journal.mapping import column_letter
from akimdesk.ui.common.forms import ERROR_STYLE

ERROR_CELL = QColor("#f8d7da")
SKIPPED_CELL = QColor("#e9ecef")


def _note() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label


def _table(headers: int = 0) -> QTableWidget:
    t = QTableWidget(0, headers)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.verticalHeader().hide()
    return t


class FilePage(QWidget):
    def __init__(self, choose: Callable[[], None], reread: Callable[[], None]) -> None:
        super().__init__()
        self.intro = _note()
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setObjectName("journal_path")
        self.choose = QPushButton()
        self.choose.setObjectName("journal_choose")
        self.choose.clicked.connect(choose)
        self.sheet = QComboBox()
        self.sheet.setObjectName("journal_sheet")
        self.header_row = QSpinBox()
        self.header_row.setRange(0, 1000)
        self.header_row.setObjectName("journal_header_row")
        self.header_row.setMaximumWidth(260)
        self.found = _note()
        self.found.setObjectName("journal_found")
        self.labels = [QLabel() for _ in range(3)]
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        form = QFormLayout()
        form.addRow(self.labels[0], row)
        form.addRow(self.labels[1], self.sheet)
        form.addRow(self.labels[2], self.header_row)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(form)
        lay.addWidget(self.found)
        lay.addStretch(1)
        self.sheet.activated.connect(lambda _i: reread())
        self.header_row.editingFinished.connect(reread)

    def retranslate(self) -> None:
        self.intro.setText(tr(
            "Choose the journal's file (XLSX or CSV) as the office keeps it. The table is found "
            "under its titles; headers may be in Kazakh or Russian, in the office's own words."))  # fmt: skip
        for label, text in zip(
            self.labels, (N_("File"), N_("Sheet"), N_("Header row")), strict=True
        ):
            label.setText(tr(text))
        self.choose.setText(tr("Choose…"))
        self.header_row.setSpecialValueText(tr("found by itself"))

    def fill(self, report: ImportReport | None, rows: int) -> None:
        self.sheet.blockSignals(True)
        self.sheet.clear()
        if report is not None:
            self.sheet.addItems(report.sheets)
            self.sheet.setCurrentText(report.sheet)
        self.sheet.blockSignals(False)
        if report is None:
            self.found.clear()
        elif report.header_row is None:
            self.found.setStyleSheet(ERROR_STYLE)
            self.found.setText(render(report.problem) if report.problem else "")
        else:
            self.found.setStyleSheet("")
            self.found.setText(tr("The table is on sheet «{sheet}», with its headers on row {row}: "
                                  "{n} rows below them.").format(
                sheet=report.sheet, row=report.header_row, n=rows))  # fmt: skip


class ColumnsPage(QWidget):
    """Each column with sample values and the field it goes to; values for every row."""

    COLUMNS = (N_("Column"), N_("Header in the file"), N_("Sample values"), N_("Field"))

    def __init__(self, changed: Callable[[], None]) -> None:
        super().__init__()
        self.changed = changed
        self.intro = _note()
        self.table = _table(len(self.COLUMNS))
        self.table.setObjectName("journal_columns")
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.combos: dict[str, QComboBox] = {}
        self.values_box = QGroupBox()
        self.values_form = QFormLayout(self.values_box)
        self.values: dict[str, QLineEdit] = {}
        self.problem = _note()
        self.problem.setStyleSheet(ERROR_STYLE)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.values_box)
        lay.addWidget(self.problem)

    def retranslate(self) -> None:
        self.intro.setText(tr(
            "Each column of the file and the field it goes to. Change a field where it is wrong "
            "(«not imported» leaves the column out); the choice is remembered for files with the "
            "same headers."))  # fmt: skip
        self.table.setHorizontalHeaderLabels([tr(h) for h in self.COLUMNS])
        self.values_box.setTitle(tr("The same value for every row (the file has no column)"))

    def fill(self, register: Register, columns: list[Column], values: dict[str, str],
             needed: list[str]) -> None:  # fmt: skip
        self.table.setRowCount(len(columns))
        self.combos = {}
        lang = get_language()
        fields = sorted(register.labels, key=lambda f: sort_key(register.label(f), lang))
        for r, c in enumerate(columns):
            self.table.setItem(r, 0, QTableWidgetItem(column_letter(c.index)))
            self.table.setItem(r, 1, QTableWidgetItem(c.header))
            self.table.setItem(r, 2, QTableWidgetItem(" · ".join(c.samples)))
            combo = QComboBox()
            combo.setObjectName(f"field_{c.index}")
            combo.addItem("— " + tr("not imported") + " —", "")
            for f in fields:
                reason = register.not_stored.get(f)
                combo.addItem(register.label(f) + (f" ({render(reason)})" if reason else ""), f)
            combo.setCurrentIndex(max(combo.findData(c.field or ""), 0))
            combo.activated.connect(lambda _i: self.changed())
            self.table.setCellWidget(r, 3, combo)
            self.combos[c.header or column_letter(c.index)] = combo
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, 220)
        self.table.setColumnWidth(3, 430)
        while self.values_form.rowCount():
            self.values_form.removeRow(0)
        self.values = {}
        for name in dict.fromkeys([*needed, *values]):
            edit = QLineEdit(values.get(name, ""))
            edit.setObjectName(f"value_{name}")
            edit.editingFinished.connect(self.changed)
            self.values_form.addRow(register.label(name), edit)
            self.values[name] = edit
        self.values_box.setVisible(bool(self.values))

    def choices(self) -> dict[str, str]:
        return {header: combo.currentData() or "" for header, combo in self.combos.items()}

    def typed(self) -> dict[str, str]:
        return {name: e.text().strip() for name, e in self.values.items() if e.text().strip()}


class PreviewPage(QWidget):
    """The first rows as they will be stored, refused values marked in their cell."""

    def __init__(self, new_category: Callable[[str], None], changed: Callable[[], None]) -> None:
        super().__init__()
        self.summary = _note()
        self.summary.setObjectName("journal_summary")
        self.table = _table()
        self.table.setObjectName("journal_preview")
        self.unknown_box = QGroupBox()
        self.unknown = _table(3)
        self.unknown.setObjectName("journal_unknown")
        self.unknown.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.unknown_note = _note()
        box = QVBoxLayout(self.unknown_box)
        box.addWidget(self.unknown_note)
        box.addWidget(self.unknown)
        self.new_category, self.changed = new_category, changed
        self.combos: dict[str, QComboBox] = {}
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 3)
        lay.addWidget(self.unknown_box, 1)
        self.unknown_box.hide()

    def retranslate(self) -> None:
        self.unknown_box.setTitle(tr("Categories the list does not have"))
        self.unknown_note.setText(tr("Choose the category each name stands for, or add it to the "
                                     "list; the choice is remembered."))  # fmt: skip
        self.unknown.setHorizontalHeaderLabels([tr("In the file"), tr("Rows"), tr("Category")])

    def fill(self, report: ImportReport, categories: list[tuple[str, str]],
             chosen: dict[str, str]) -> None:  # fmt: skip
        self.summary.setText(
            tr("The first {n} rows as they will be stored; a refused value is marked in its cell "
               "(point at it to read why). For the whole file: added {added}, already in the "
               "register {skipped}, rows with errors {bad}.").format(
                n=len(report.preview), added=report.added, skipped=report.skipped,
                bad=report.bad_rows))  # fmt: skip
        fields: list[str] = []
        for row in report.preview:
            fields += [f for f in [*row.values, *row.errors] if f and f not in fields]
        self.table.clear()
        self.table.setColumnCount(len(fields) + 1)
        self.table.setRowCount(len(report.preview))
        self.table.setHorizontalHeaderLabels([tr("Row"), *(report.label(f) for f in fields)])
        for r, row in enumerate(report.preview):
            first = QTableWidgetItem(str(row.line))
            if row.skipped:
                first.setText(f"{row.line} · {tr('already in the register')}")
                first.setBackground(SKIPPED_CELL)
            elif row.errors:  # refused: seen at once, whichever column holds the reason
                first.setText(f"{row.line} ✗")
                first.setBackground(ERROR_CELL)
                first.setToolTip("\n".join(render(m) for m in row.errors.values()))
            self.table.setItem(r, 0, first)
            for col, f in enumerate(fields, start=1):
                item = QTableWidgetItem(row.values.get(f, ""))
                if f in row.errors:
                    item.setBackground(ERROR_CELL)
                    item.setToolTip(render(row.errors[f]))
                    if not item.text():
                        item.setText("✗")
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        for col in range(self.table.columnCount()):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 260))
        self._unknown(report, categories, chosen)

    def _unknown(self, report: ImportReport, categories: list[tuple[str, str]],
                 chosen: dict[str, str]) -> None:  # fmt: skip
        names = report.unknown.get("category", {})
        self.unknown_box.setVisible(bool(names))
        self.unknown.setRowCount(len(names))
        self.combos = {}
        for r, (name, lines) in enumerate(names.items()):
            self.unknown.setItem(r, 0, QTableWidgetItem(name))
            self.unknown.setItem(r, 1, QTableWidgetItem(", ".join(map(str, lines[:8]))))
            cell = QWidget()
            row = QHBoxLayout(cell)
            row.setContentsMargins(0, 0, 0, 0)
            combo = QComboBox()
            combo.addItem("—", "")
            for label, code in categories:
                combo.addItem(label, code)
            combo.setCurrentIndex(max(combo.findData(chosen.get(name, "")), 0))
            combo.activated.connect(lambda _i: self.changed())
            add = QPushButton(tr("New category…"))
            add.clicked.connect(lambda _c=False, n=name: self.new_category(n))
            row.addWidget(combo, 1)
            row.addWidget(add)
            self.unknown.setCellWidget(r, 2, cell)
            self.combos[name] = combo
        self.unknown.setColumnWidth(2, 420)
        self.unknown.resizeRowsToContents()

    def choices(self) -> dict[str, str]:
        return {n: c.currentData() for n, c in self.combos.items() if c.currentData()}


class ReportPage(QWidget):
    def __init__(self, save_errors: Callable[[], None]) -> None:
        super().__init__()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setObjectName("journal_report")
        self.save = QPushButton()
        self.save.setObjectName("journal_save_errors")
        self.save.clicked.connect(save_errors)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text, 1)
        row = QHBoxLayout()
        row.addWidget(self.save)
        row.addStretch(1)
        lay.addLayout(row)

    def retranslate(self) -> None:
        self.save.setText(tr("Save the rows with errors…"))

    def fill(self, text: str, refused: int) -> None:
        self.text.setPlainText(text)
        self.save.setEnabled(refused > 0)
