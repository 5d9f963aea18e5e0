"""The property screen: the asset register (filters, search, totals), the leases with what
needs action, and the inventory campaigns."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain import property as rules
from akimdesk.domain.alphabet import sort_key
from akimdesk.i18n import N_, format_money
from akimdesk.i18n import _ as tr
from akimdesk.services import refdata
from akimdesk.services.property import queries
from akimdesk.services.property.queries import AssetFilter
from akimdesk.storage.changes import PROPERTY, REFDATA, SETTINGS
from akimdesk.ui.common.columns import offer_column_menu, size_register
from akimdesk.ui.common.forms import error, info, narrow_combo
from akimdesk.ui.common.tasks import failure_text, run_task
from akimdesk.ui.context import AppContext
from akimdesk.ui.property.models import TITLE_SHORT, AssetTableModel

KINDS = PROPERTY | SETTINGS | REFDATA


class LazyPanel(QWidget):
    """A tab that reads its data when shown, and again on a change only if shown: the property
    screen opens with the register alone."""

    _stale = True

    def reload(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        self._stale = True
        if self.isVisible():
            self._stale = False
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.reload()
        super().showEvent(event)


def _uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def buttons(names: tuple[str, ...], prefix: str) -> dict[str, QPushButton]:
    out = {name: QPushButton() for name in names}
    for name, b in out.items():
        b.setObjectName(f"{prefix}_{name}")
    return out


class RegisterPanel(QWidget):
    TEXTS = {
        "new": N_("New asset"), "open": N_("Open"), "import": N_("Import"),
        "export": N_("Export"), "register": N_("Print register"),
        "untitled": N_("Without title documents"), "category": N_("New category"),
    }  # fmt: skip

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.buttons = buttons(tuple(self.TEXTS), "assets")
        self.buttons["new"].clicked.connect(lambda: self.open_asset(None))
        self.buttons["open"].clicked.connect(self.open_selected)
        self.buttons["import"].clicked.connect(self.import_file)
        self.buttons["export"].clicked.connect(self.export_file)
        self.buttons["register"].clicked.connect(lambda: self._print("assets-register"))
        self.buttons["untitled"].clicked.connect(lambda: self._print("assets-untitled"))
        self.buttons["category"].clicked.connect(self.add_category)
        self.buttons["category"].setEnabled(ctx.actor.may("property.category_add"))
        self.buttons["new"].setEnabled(ctx.actor.may("property.asset_add"))
        self.buttons["import"].setEnabled(ctx.actor.may("property.import"))
        self.search = QLineEdit()
        self.search.setObjectName("asset_search")
        self.search.setClearButtonEnabled(True)
        self.combos = {
            name: QComboBox() for name in ("category", "settlement", "title", "condition")
        }
        for name, combo in self.combos.items():
            combo.setObjectName(f"filter_{name}")
            narrow_combo(combo, chars=22, popup=320)
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.show_all = QCheckBox()
        self.show_all.setObjectName("show_disposed")
        self.show_all.toggled.connect(lambda _b: self.apply_filter())
        self.totals = QLabel()
        self.totals.setObjectName("asset_totals")
        self.model = AssetTableModel(ctx.language.current)
        self.table = table("assets_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda i: self.open_asset(self.model.row(i.row()).id))
        # The settlement is filtered above, the quantity is on the card and the depreciation is
        # the value less the residual (and in the totals below): a right-click on the header
        # brings them back; without them the register reads at 1366 px, names included.
        offer_column_menu(self.table, hidden=[3, 4, 8])

        top = QHBoxLayout()
        for b in self.buttons.values():
            top.addWidget(b)
        top.addStretch(1)
        search = QHBoxLayout()
        search.addWidget(self.search, 1)
        search.addWidget(self.show_all)
        filters = QHBoxLayout()
        for combo in self.combos.values():
            filters.addWidget(combo, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(search)
        lay.addLayout(filters)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.totals)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        ctx.language.changed.connect(self.retranslate_ui)
        ctx.bus.subscribe(self, KINDS, self.reload)
        self._all: list[queries.AssetRow] | None = None
        self.retranslate_ui()

    def _fill_filters(self) -> None:
        lang = self.ctx.language.current
        with self.ctx.db.read() as s:
            # Ids as text: Qt cannot find a Python UUID stored in a combo again.
            cats = [(c.name(lang), str(c.id)) for c in queries.categories(s)]
            places = [(p.name(lang), str(p.id)) for p in refdata.settlements(s)]
        choices = {
            "category": (N_("All categories"), cats),
            "settlement": (N_("All settlements"), places),
            "title": (N_("Any title documents"),
                      [(tr(v), k) for k, v in rules.TITLE_STATUSES.items()]),
            "condition": (N_("Any condition"), [(tr(v), k) for k, v in rules.CONDITIONS.items()]),
        }  # fmt: skip
        for name, (first, items) in choices.items():
            combo = self.combos[name]
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr(first), None)
            for label, value in sorted(items, key=lambda x: sort_key(x[0], lang)):
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            combo.blockSignals(False)

    def _fit_columns(self) -> None:
        """Every condition and document word whole, a billion tenge, the longest category; the
        name takes the rest."""
        combo = self.combos["category"]
        money = format_money(99_999_999_999, self.ctx.language.current)
        samples = {
            0: ["000000"],
            2: [combo.itemText(i) for i in range(1, combo.count())],
            3: [
                self.combos["settlement"].itemText(i)
                for i in range(1, self.combos["settlement"].count())
            ],
            4: ["9 999 м²"],
            5: [tr(x) for x in rules.CONDITIONS.values()],
            6: [tr(x) for x in TITLE_SHORT.values()],
            7: [money],
            8: [money],
            9: [money],
        }
        size_register(self.table, samples, stretch=1)

    def current_filter(self) -> AssetFilter:
        c = self.combos
        return AssetFilter(
            category_id=_uuid(c["category"].currentData()),
            settlement_id=_uuid(c["settlement"].currentData()),
            title_status=c["title"].currentData(), condition=c["condition"].currentData(),
            status=None if self.show_all.isChecked() else "in_use", search=self.search.text(),
        )  # fmt: skip

    def reload(self) -> None:
        """Reads the whole register once; filters then work on it in memory."""
        with self.ctx.db.read() as s:
            self._all = queries.load_register(s, date.today())
        self.apply_filter()

    def apply_filter(self) -> None:
        if self._all is None:
            self.reload()
            return
        rows = queries.select_rows(self._all, self.current_filter())
        self.model.set_rows(rows)
        total = queries.totals(rows)
        lang = self.ctx.language.current
        self.totals.setText(tr(
            "Assets: {n}. Book value: {book}. Depreciation: {dep}. Residual value: {residual}."
        ).format(n=total.count, book=format_money(total.book_tiyn, lang),
                 dep=format_money(total.depreciation_tiyn, lang),
                 residual=format_money(total.residual_tiyn, lang)))  # fmt: skip

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.open_asset(self.model.row(rows[0].row()).id)

    def open_asset(self, asset_id: uuid.UUID | None) -> None:
        from akimdesk.ui.property.asset_dialog import AssetDialog

        AssetDialog(self.ctx, asset_id, self).exec()

    def add_category(self) -> None:
        """The category list is the office's to extend (the district's seeds stay)."""
        if new_category(self, self.ctx):
            self._fill_filters()

    def _print(self, report: str) -> None:
        from akimdesk.ui.common.preview import PreviewDialog

        params = {"filter": self.current_filter()} if report == "assets-register" else {}
        PreviewDialog.for_report(self, self.ctx, report, params).exec()

    def import_file(self) -> None:
        from akimdesk.ui.journal.wizard import ImportWizard

        ImportWizard(self.ctx, "assets", self).exec()

    def export_file(self) -> None:
        from akimdesk.services.property import import_export

        path, _chosen = QFileDialog.getSaveFileName(
            self, tr("Export assets"), "assets.xlsx", "Excel (*.xlsx);;CSV (*.csv);;JSON (*.json)"
        )
        if not path:
            return
        fmt = path.rsplit(".", 1)[-1].lower()
        fmt = fmt if fmt in ("xlsx", "csv", "json") else "xlsx"
        run_task(
            self, tr("Exporting assets…"),
            lambda progress: import_export.export(self.ctx.db, path, fmt, progress=progress),
            lambda n: info(self, tr("Exported {n} assets.").format(n=n)),
            lambda exc: error(self, failure_text(exc)),
        )  # fmt: skip

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.model.retranslate(self.ctx.language.current)
        for name, b in self.buttons.items():
            b.setText(tr(self.TEXTS[name]))
        self.search.setPlaceholderText(tr("Search: inventory number, name or address"))
        self.show_all.setText(tr("Also written off and transferred"))
        self._fill_filters()
        self._fit_columns()
        self.apply_filter()


class PropertyScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        from akimdesk.ui.property.campaigns import CampaignsPanel
        from akimdesk.ui.property.leases import LeasesPanel

        self.ctx = ctx
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.register = RegisterPanel(ctx)
        self.leases = LeasesPanel(ctx)
        self.campaigns = CampaignsPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("property_tabs")
        self.tabs.addTab(self.register, "")
        self.tabs.addTab(self.leases, "")
        self.tabs.addTab(self.campaigns, "")
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.tabs, 1)
        ctx.language.changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.title.setText(tr("Communal property"))
        for i, text in enumerate((N_("Register"), N_("Leases"), N_("Inventory"))):
            self.tabs.setTabText(i, tr(text))


def new_category(parent: QWidget, ctx: AppContext, name: str = "") -> bool:
    """Asks for a new category (`name`: what a journal calls it, to start from)."""
    from akimdesk.services.journal.text import is_kazakh
    from akimdesk.services.property import assets
    from akimdesk.ui.common.action_dialog import ActionDialog, Field

    kk, ru = (name, "") if is_kazakh(name) else ("", name)
    fields = [Field("code", N_("Code"), "text", limit="asset_category.code"),
              Field("name_kk", N_("Name in Kazakh"), "text", default=kk,
                    limit="asset_category.name_kk"),
              Field("name_ru", N_("Name in Russian"), "text", default=ru,
                    limit="asset_category.name_ru"),
              Field("life_years", N_("Useful life, years"), "int")]  # fmt: skip

    def submit(v: dict[str, Any]) -> None:  # the fields' values, by the service's names
        assets.add_category(ctx.db, ctx.actor, **v)

    return bool(ActionDialog(parent, tr("New category"), fields, submit).exec())
