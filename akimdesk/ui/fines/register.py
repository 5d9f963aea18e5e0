"""The fines register screen: filters, search, "needs action today", the table, commands."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.fines import ACTION_LABELS, STATUS_LABELS
from akimdesk.i18n import N_, format_date, format_money
from akimdesk.i18n import _ as tr
from akimdesk.services import refdata
from akimdesk.services.fines import queries
from akimdesk.services.fines.queries import CaseFilter
from akimdesk.storage.changes import FINES, REFDATA, SETTINGS, Changes
from akimdesk.ui.common.columns import offer_column_menu, size_register
from akimdesk.ui.common.forms import date_edit, error, info, narrow_combo, read_date
from akimdesk.ui.common.tasks import failure_text, run_task
from akimdesk.ui.context import AppContext
from akimdesk.ui.fines.table_model import FineTableModel


def _uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


COLUMNS = queries.COLUMNS
HIDDEN = ("iin_bin", "settlement", "paid", "pay_by")


class FinesScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.buttons = {
            name: QPushButton()
            for name in ("new", "open", "import", "export", "register", "summary")
        }
        for name, b in self.buttons.items():
            b.setObjectName(f"fines_{name}")
        self.buttons["new"].clicked.connect(lambda: self.open_case(None))
        self.buttons["open"].clicked.connect(self.open_selected)
        self.buttons["import"].clicked.connect(self.import_file)
        self.buttons["export"].clicked.connect(self.export_file)
        self.buttons["register"].clicked.connect(lambda: self.print_period("fines-register"))
        self.buttons["summary"].clicked.connect(lambda: self.print_period("fines-summary"))

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        self.article = QComboBox()
        self.settlement = QComboBox()
        self.date_from = date_edit(optional=True)
        self.date_to = date_edit(optional=True)
        for combo in (self.status, self.article, self.settlement):
            narrow_combo(combo)  # article titles are long
        self.erap = QComboBox()  # by the ЕРАП registration number
        self.erap.setObjectName("erap_filter")
        for value in (None, "missing", "present"):
            self.erap.addItem("", value)
        self.needs_action = QCheckBox()
        self.needs_action.setObjectName("needs_action")
        self.dates_to_check = QCheckBox()
        self.dates_to_check.setObjectName("dates_to_check")
        self.count_label = QLabel()
        self.filter_labels = [QLabel() for _ in range(3)]

        self._actions: int | None = None
        self.model = FineTableModel(ctx.db, ctx.language.current)
        self.table = QTableView()
        self.table.setObjectName("fines_table")
        self.table.setModel(self.model)
        # The order first, then sorting on: the view's first sort() then loads nothing (the
        # filter below reads the rowids, once).
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # What reads at 1366 px in both languages; the rest is a right-click on the header away
        # (ИИН/БИН and the settlement are also searched and filtered above, what was paid and
        # by when are on the case's own page).
        offer_column_menu(self.table, [COLUMNS.index(c) for c in HIDDEN])
        self.table.doubleClicked.connect(lambda idx: self.open_case(self.model.case_id(idx.row())))

        top = QHBoxLayout()
        for b in self.buttons.values():
            top.addWidget(b)
        top.addStretch(1)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.needs_action)
        search_row.addWidget(self.dates_to_check)
        filters = QHBoxLayout()
        filters.addWidget(self.status, 1)
        filters.addWidget(self.article, 1)
        filters.addWidget(self.settlement, 1)
        filters.addWidget(self.erap)
        self.filters = filters  # the period's words go before or after its dates: _order_period
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(top)
        lay.addLayout(search_row)
        lay.addLayout(filters)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count_label)

        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.status, self.article, self.settlement, self.erap):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for d in (self.date_from, self.date_to):
            d.changed.connect(lambda: self.apply_filter())
        self.needs_action.toggled.connect(lambda _b: self.apply_filter())
        self.dates_to_check.toggled.connect(lambda _b: self.apply_filter())
        ctx.language.changed.connect(self.retranslate_ui)
        ctx.bus.subscribe(self, FINES | SETTINGS | REFDATA, self._on_changed)
        self._fill_filters()
        self.retranslate_ui()
        self.apply_filter()

    def _fill_filters(self) -> None:
        lang = self.ctx.language.current
        for combo in (self.status, self.article, self.settlement):
            combo.blockSignals(True)
            current = combo.currentData()
            combo.clear()
        self.status.addItem("", None)
        for key, label in STATUS_LABELS.items():
            self.status.addItem(tr(label), key)
        self.article.addItem("", None)
        self.settlement.addItem("", None)
        with self.ctx.db.read() as s:
            for a in refdata.all_articles(s):
                self.article.addItem(
                    f"{a.code} · {a.title_kk if lang == 'kk' else a.title_ru}", a.id
                )
            for st in refdata.settlements(s):
                self.settlement.addItem(st.name(lang), str(st.id))
        for combo in (self.status, self.article, self.settlement):
            i = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(i, 0))
            combo.blockSignals(False)
        self.status.setItemText(0, tr("All statuses"))
        self.article.setItemText(0, tr("All articles"))
        self.settlement.setItemText(0, tr("All settlements"))

    def current_filter(self) -> CaseFilter:
        return CaseFilter(
            status=self.status.currentData(),
            article_id=_uuid(self.article.currentData()),
            settlement_id=_uuid(self.settlement.currentData()),
            date_from=read_date(self.date_from),
            date_to=read_date(self.date_to),
            search=self.search.text(),
            needs_action=self.needs_action.isChecked(),
            dates_to_check=self.dates_to_check.isChecked(),
            erap=self.erap.currentData(),
        )

    def apply_filter(self) -> None:
        f = self.current_filter()
        if f.date_from and f.date_to and f.date_from > f.date_to:
            self._period_backwards()  # else an empty list and no word why
        self.model.set_filter(f)
        self._update_count()

    def _count_actions(self) -> None:
        """Done when data changes, not on every keystroke."""
        with self.ctx.db.read() as s:
            self._actions = queries.action_total(s, self.model.today)

    def _update_count(self) -> None:
        if self._actions is None:
            self._count_actions()
        self.count_label.setText(
            tr("Cases shown: {n}. Need action today: {a}.").format(
                n=self.model.rowCount(), a=self._actions
            )
        )

    def _on_changed(self, _changes: Changes) -> None:
        self._actions = None
        self.model.reload()
        self._update_count()

    # --- commands -----------------------------------------------------------------------
    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_case(self.model.case_id(rows[0].row()))

    def open_case(self, case_id: uuid.UUID | None) -> None:
        from akimdesk.ui.fines.case_dialog import CaseDialog

        CaseDialog(self.ctx, case_id, self).exec()

    def import_file(self) -> None:
        from akimdesk.ui.journal.wizard import ImportWizard

        ImportWizard(self.ctx, "fines", self).exec()

    def export_file(self) -> None:
        from akimdesk.services.fines import import_export

        path, _chosen = QFileDialog.getSaveFileName(
            self, tr("Export cases"), "fines.xlsx", "Excel (*.xlsx);;CSV (*.csv);;JSON (*.json)"
        )
        if not path:
            return
        fmt = path.rsplit(".", 1)[-1].lower()
        if fmt not in ("xlsx", "csv", "json"):
            fmt = "xlsx"
        # The whole register can take a while: off the UI thread, with progress.
        run_task(
            self,
            tr("Exporting cases…"),
            lambda progress: import_export.export(self.ctx.db, path, fmt, progress=progress),
            lambda n: info(self, tr("Exported {n} cases.").format(n=n)),
            lambda exc: error(self, failure_text(exc)),
        )

    def print_period(self, report: str) -> None:
        from akimdesk.ui.common.preview import PreviewDialog

        # The period on screen, as the screen filters it (by the offence's date); a date that is
        # not one is shown under its field rather than printed as some other period.
        if self.date_from.show_problem() | self.date_to.show_problem():
            return
        d_from = read_date(self.date_from) or date.today().replace(day=1)
        d_to = read_date(self.date_to) or date.today()
        if d_from > d_to:
            self._period_backwards()
            return
        params = {"date_from": d_from, "date_to": d_to, "basis": "offence"}
        PreviewDialog.for_report(self, self.ctx, report, params).exec()

    def _period_backwards(self) -> None:
        self.date_to.show_message(tr("The period ends before it starts."))

    def _fit_columns(self) -> None:
        """Each column as wide as its header and every value it can hold in the current language
        (every status whole, the largest amount); the offender's name takes the rest."""
        lang = self.ctx.language.current
        money = format_money(99_999_999, lang)  # a million tenge
        shown = [self.model.index(r, 0).data() for r in range(min(self.model.rowCount(), 50))]
        articles = [self.model.index(r, COLUMNS.index("article")).data() for r in range(len(shown))]
        samples = {
            COLUMNS.index("number"): [x for x in shown if x] or ["2026-00000"],
            COLUMNS.index("offence_date"): [format_date(date(2026, 12, 28), lang)],
            COLUMNS.index("iin_bin"): ["000000000000"],
            COLUMNS.index("article"): [x for x in articles if x] + ["434-2"],
            COLUMNS.index("status"): [tr(x) for x in STATUS_LABELS.values()],
            COLUMNS.index("amount"): [money],
            COLUMNS.index("paid"): [money],
            COLUMNS.index("pay_by"): [format_date(date(2026, 12, 28), lang)],
            COLUMNS.index("action"): [tr(x) for x in ACTION_LABELS.values()],
        }
        size_register(self.table, samples, stretch=COLUMNS.index("offender"))

    def _order_period(self) -> None:
        """«с [date] по [date]» in Russian; in Kazakh the words follow their dates, «[date]
        бастап [date] дейін»."""
        after = self.ctx.language.current == "kk"
        words = self.filter_labels
        row = [self.date_from, words[0], self.date_to, words[1]] if after else [
            words[0], self.date_from, words[1], self.date_to]  # fmt: skip
        for w in row:
            self.filters.removeWidget(w)
        for w in row:
            self.filters.addWidget(w)

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.model.retranslate(self.ctx.language.current)
        self.title.setText(tr("Administrative fines"))
        texts = {
            "new": N_("New case"),
            "open": N_("Open"),
            "import": N_("Import"),
            "export": N_("Export"),
            "register": N_("Print register"),
            "summary": N_("Monthly summary"),
        }
        for name, b in self.buttons.items():
            b.setText(tr(texts[name]))
        self.search.setPlaceholderText(tr("Search: name, ИИН/БИН or case number"))
        self.filter_labels[0].setText(tr("from"))
        self.filter_labels[1].setText(tr("to"))
        self._order_period()
        self.needs_action.setText(tr("Needs action today"))
        self.dates_to_check.setText(tr("Imported: dates to check"))
        for i, label in enumerate((N_("ЕРАП: all"), N_("Without ЕРАП number"),
                                   N_("With ЕРАП number"))):  # fmt: skip
            self.erap.setItemText(i, tr(label))
        self._fit_columns()
        self._fill_filters()
        self._update_count()
