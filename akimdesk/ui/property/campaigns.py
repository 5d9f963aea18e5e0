"""Inventory campaigns: the list, starting one, and the walk (a laptop carried around the village:
large rows, one tap for found or not found, the condition as seen, objects found on the ground)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain import property as rules
from akimdesk.i18n import N_, format_date, render
from akimdesk.i18n import _ as tr
from akimdesk.models import InventoryItem
from akimdesk.services import refdata
from akimdesk.services.errors import ValidationError
from akimdesk.services.property import campaigns
from akimdesk.services.property.campaigns import CampaignInput
from akimdesk.ui.common.action_dialog import ActionDialog, Field
from akimdesk.ui.common.dialogs import EditDialog, fit_to_screen
from akimdesk.ui.common.forms import (
    FieldErrors,
    Labels,
    date_edit,
    error,
    limit,
    read_date,
    save_cancel,
)
from akimdesk.ui.common.tasks import failure_text, run_task
from akimdesk.ui.context import AppContext
from akimdesk.ui.property.models import ChecklistModel
from akimdesk.ui.property.screen import KINDS, LazyPanel, buttons

_MARK_KEYS = {"F": "found", "А": "found", "N": "not_found", "Т": "not_found"}


class CampaignsPanel(LazyPanel):
    TEXTS = {"new": N_("New inventory"), "open": N_("Open")}

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.list = QListWidget()
        self.list.setObjectName("campaigns_list")
        self.list.itemDoubleClicked.connect(lambda item: self.open(item.data(256)))
        self.buttons = buttons(tuple(self.TEXTS), "campaigns")
        self.buttons["new"].clicked.connect(self.new)
        self.buttons["open"].clicked.connect(
            lambda: (
                self.open(self.list.currentItem().data(256)) if self.list.currentItem() else None
            )
        )
        self.buttons["new"].setEnabled(ctx.actor.may("property.inventory_start"))
        top = QHBoxLayout()
        for b in self.buttons.values():
            top.addWidget(b)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.list, 1)
        ctx.language.changed.connect(self.retranslate_ui)
        ctx.bus.subscribe(self, KINDS, self.refresh)
        self.retranslate_ui()

    def reload(self) -> None:
        lang = self.ctx.language.current
        self.list.clear()
        with self.ctx.db.read() as s:
            for c in campaigns.campaigns(s):
                checked, total = campaigns.progress(s, c.id)
                state = tr("closed {date}").format(date=format_date(c.closed_on, lang)) if c.closed_on \
                    else tr("checked {checked} of {total}").format(checked=checked, total=total)  # fmt: skip
                text = tr("Order No. {number} of {date}").format(
                    number=c.order_no, date=format_date(c.order_date, lang)
                )
                item = QListWidgetItem(f"{text} — {state}")
                item.setData(256, c.id)
                self.list.addItem(item)

    def new(self) -> None:
        dialog = CampaignStartDialog(self.ctx, self)
        if dialog.exec() and dialog.campaign_id:
            self.open(dialog.campaign_id)

    def open(self, campaign_id: uuid.UUID) -> None:
        CampaignDialog(self.ctx, campaign_id, self).exec()
        self.reload()

    def retranslate_ui(self, _lang: str | None = None) -> None:
        for name, b in self.buttons.items():
            b.setText(tr(self.TEXTS[name]))
        self.refresh()


class CampaignStartDialog(EditDialog):
    """The akim's order and the commission: one member per line, the chair first."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.campaign_id = ctx, None
        self.setWindowTitle(tr("New inventory"))
        self.setMinimumWidth(560)
        self.errors, self.labels = FieldErrors(), Labels()
        self.order_no = QLineEdit()
        self.order_no.setObjectName("order_no")
        self.order_date, self.start_date = date_edit(), date_edit()
        self.settlement = QComboBox()
        self.settlement.addItem(tr("whole rural district"), None)
        with ctx.db.read() as s:
            for place in refdata.settlements(s):
                self.settlement.addItem(place.name(ctx.language.current), place.id)
        self.commission = QPlainTextEdit()
        self.commission.setObjectName("commission")
        limit(self.order_no, "inventory_campaign", "order_no")
        limit(self.commission, "inventory_campaign", "commission")
        self.commission.setPlaceholderText(
            tr("Surname, name, position: one per line, the chair first")
        )
        form = QFormLayout()
        for name, label, w in (("order_no", N_("Order No."), self.order_no),
                               ("order_date", N_("Order date"), self.order_date),
                               ("start_date", N_("Inventory begins"), self.start_date),
                               ("settlement_id", N_("Settlement"), self.settlement),
                               ("commission", N_("Commission"), self.commission)):  # fmt: skip
            self.labels.row(form, label, self.errors.wrap(name, w))
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.errors.general)
        lay.addWidget(save_cancel(self, self.save))

    def snapshot(self) -> Any:
        return (self.order_no.text(), read_date(self.order_date), read_date(self.start_date),
                self.settlement.currentData(), self.commission.toPlainText())  # fmt: skip

    def save_changes(self) -> bool:
        self.save()  # in the background: the dialog closes itself when the list is ready
        return False

    def save(self) -> None:
        if self.errors.refuse_unreadable():
            return
        people = []
        for line in self.commission.toPlainText().splitlines():
            name, _sep, position = line.partition(",")
            if name.strip():
                people.append(
                    {"name": name.strip(), "position": position.strip(), "chair": not people}
                )
        data = CampaignInput(self.order_no.text(), read_date(self.order_date),
                             read_date(self.start_date), self.settlement.currentData(), people)  # fmt: skip

        def done(campaign_id: uuid.UUID) -> None:
            self.campaign_id = campaign_id
            self.accept()

        def failed(exc: Exception) -> None:
            if isinstance(exc, ValidationError):
                self.errors.show(exc.errors)  # the order and the commission stay typed
            else:
                error(self, failure_text(exc))

        # Thousands of assets go on the list: off the UI thread.
        run_task(self, tr("Preparing the inventory list…"),
                 lambda _progress: campaigns.start_campaign(self.ctx.db, self.ctx.actor, data),
                 done, failed)  # fmt: skip


class CampaignDialog(QDialog):
    """The walk: the number from the plate is typed into the box, and only that exact number is
    marked, by Enter or F (found) or N (not found), without the mouse; the box is then empty for
    the next plate. A number not on the list says so at once and offers to enter the object as
    found on the ground. Clicking a row and F / N works too."""

    def __init__(self, ctx: AppContext, campaign_id: uuid.UUID, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.campaign_id = ctx, campaign_id
        self.model = ChecklistModel(ctx.language.current)
        self.table = QTableView()
        self.table.setObjectName("checklist")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(44)  # big enough for a finger
        font = QFont(self.table.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.table.setFont(font)
        head = self.table.horizontalHeader()
        head.setStretchLastSection(True)
        head.setMinimumSectionSize(60)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.progress = QLabel()
        self.search = QLineEdit()
        self.search.setObjectName("checklist_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._jump)
        self.search.returnPressed.connect(self._enter)
        self.search.installEventFilter(self)
        self.match: int | None = None  # the row whose number is typed in the box, exactly
        self.hint = QLabel()
        self.hint.setObjectName("walk_hint")
        self.hint.setWordWrap(True)
        self.not_listed = QPushButton()
        self.not_listed.setObjectName("found_not_listed")
        self.not_listed.clicked.connect(self.add_found)
        self.not_listed.hide()
        self.condition = QComboBox()
        self.condition.setObjectName("found_condition")
        self.condition.addItem("", "")
        for key, label in rules.CONDITIONS.items():
            self.condition.addItem(tr(label), key)
        self.marks = {name: QPushButton() for name in ("found", "not_found")}
        for name, b in self.marks.items():
            b.setObjectName(f"mark_{name}")
            b.setMinimumHeight(44)
            b.clicked.connect(lambda _c=False, n=name: self.mark(n))
        self.marks["found"].setStyleSheet("font-size: 13pt; background: #cdebd0;")
        self.marks["not_found"].setStyleSheet("font-size: 13pt; background: #f6cfcc;")
        QShortcut(QKeySequence("F"), self, activated=lambda: self.mark("found"))
        QShortcut(QKeySequence("N"), self, activated=lambda: self.mark("not_found"))
        self.actions = buttons(("add_found", "close", "list", "act"), "campaign")
        self.actions["add_found"].clicked.connect(self.add_found)
        self.actions["close"].clicked.connect(self.close_campaign)
        self.actions["list"].clicked.connect(lambda: self._print("inventory-list"))
        self.actions["act"].clicked.connect(lambda: self._print("inventory-act"))
        self.condition_label = QLabel()
        marks = QHBoxLayout()
        marks.addWidget(self.search, 2)
        marks.addWidget(self.condition_label)
        marks.addWidget(self.condition, 1)
        marks.addWidget(self.marks["found"], 1)
        marks.addWidget(self.marks["not_found"], 1)
        bottom = QHBoxLayout()
        for b in self.actions.values():
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(self.progress)
        hint_row = QHBoxLayout()
        hint_row.addWidget(self.hint, 1)
        hint_row.addWidget(self.not_listed)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addLayout(marks)
        lay.addLayout(hint_row)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)
        self.retranslate_ui()
        fit_to_screen(self, 1100, 700)
        self.reload()
        self.search.setFocus()  # the walk starts with the first plate's number

    def reload(self) -> None:
        lang = self.ctx.language.current
        with self.ctx.db.read() as s:
            c = campaigns.find(s, self.campaign_id)
            assert c is not None
            self.closed = c.status != "open"
            items = campaigns.items(s, self.campaign_id)
            for item in items:
                _ = item.asset.settlement
            checked, total = campaigns.progress(s, self.campaign_id)
            where = c.settlement.name(lang) if c.settlement else tr("whole rural district")
            self.header.setText(tr("Inventory: order No. {number} of {date}, {where}").format(
                number=c.order_no, date=format_date(c.order_date, lang), where=where))  # fmt: skip
        self.model.lang = lang
        self.model.set_rows(items)
        self._fit_columns()
        self.progress.setText(tr("Checked {checked} of {total}").format(checked=checked, total=total)
                              + (" · " + tr("closed") if self.closed else ""))  # fmt: skip
        may = self.ctx.actor.may
        for b in self.marks.values():
            b.setEnabled(not self.closed and may("property.inventory_mark"))
        self.actions["add_found"].setEnabled(
            not self.closed and may("property.inventory_add_found")
        )
        self.actions["close"].setEnabled(not self.closed and may("property.inventory_close"))

    def _fit_columns(self) -> None:
        """Number and name whole; the place may be cut (it is on the plate); what was found
        always in view."""
        width = max(self.width(), 900) - 60
        metrics = self.table.fontMetrics()
        self.table.setColumnWidth(0, metrics.horizontalAdvance("0000") + 16)
        head = str(self.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        self.table.setColumnWidth(1, metrics.horizontalAdvance(max(head, "000000000")) + 24)
        # What the books say is one word of a few: always whole (a cut one reads as another).
        words = [tr(x) for x in rules.CONDITIONS.values()] + [tr("not listed")]
        book = max(metrics.horizontalAdvance(w) for w in words) + 16
        self.table.setColumnWidth(4, book)
        for col, share in ((2, 0.32), (3, 0.22)):
            self.table.setColumnWidth(col, int((width - book) * share))

    def _jump(self, text: str) -> None:
        """Only the exact number selects its row; a number no object on the list has (nor
        begins with) is said at once, with the way to enter what was found."""
        number = text.strip()
        self.match = self.model.find(number) if number else None
        unknown = bool(number) and self.match is None and not self.model.begins(number)
        if self.match is not None:
            self.table.selectRow(self.match)
            self.table.scrollTo(self.model.index(self.match, 0))
            item = self.model.row(self.match)
            self.hint.setText(tr("{number}: {name}. F: found; N: not found.").format(
                number=item.asset.inventory_number, name=item.asset.name(self.model.lang)))  # fmt: skip
        elif number:
            self.table.clearSelection()  # never the nearest number: that would mark another
            self.hint.setText(
                tr("No. {number} is not on this inventory's list.").format(number=number)
                if unknown else tr("Type the whole number from the plate.")
            )  # fmt: skip
        else:
            self.hint.clear()
        self.hint.setStyleSheet("color: #b00020; font-weight: bold;" if unknown else "")
        self.not_listed.setVisible(unknown and self.actions["add_found"].isEnabled())

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        """F and N typed after a whole number mark it (on a Russian or Kazakh layout the same
        keys give А and Т); otherwise the letter is part of the number."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            finding = _MARK_KEYS.get(event.text().upper())
            if (
                finding
                and self.match is not None
                and not self.model.begins(self.search.text() + event.text())
            ):
                self.mark(finding)
                return True
        return super().eventFilter(watched, event)

    def _enter(self) -> None:
        if self.match is not None:
            self.mark("found")
        elif self.not_listed.isVisible():
            self.add_found()

    def mark(self, finding: str) -> None:
        if self.closed:
            return
        typed = self.match is not None
        rows = self.table.selectionModel().selectedRows()
        if not typed and not rows:
            return
        i = self.match if typed else rows[0].row()
        assert i is not None
        item = self.model.row(i)
        try:
            campaigns.mark(self.ctx.db, self.ctx.actor, item.id, finding,
                           self.condition.currentData() if finding == "found" else "")  # fmt: skip
        except ValidationError as exc:
            error(self, "\n".join(render(m) for m in exc.errors.values()))
            return
        with self.ctx.db.read() as s:
            fresh = s.get(InventoryItem, item.id)
            assert fresh is not None
            _ = fresh.asset.settlement
            checked, total = campaigns.progress(s, self.campaign_id)
        self.model._rows[i] = fresh
        self.model.refresh(i)
        self.progress.setText(
            tr("Checked {checked} of {total}").format(checked=checked, total=total)
        )
        self.condition.setCurrentIndex(0)
        if typed:  # the box is empty for the next plate; the marked row stays in view
            self.search.clear()
            self.search.setFocus()
            self.hint.setText(tr("{number}: marked.").format(number=item.asset.inventory_number))
        elif i + 1 < self.model.rowCount():  # on to the next object on the walk
            self.table.selectRow(i + 1)

    def add_found(self) -> None:
        from akimdesk.ui.property.asset_dialog import AssetDialog

        dialog = AssetDialog(self.ctx, None, self, found_in=self.campaign_id)
        typed = self.search.text().strip()
        if typed and self.match is None:  # the number read from the plate, if it has one
            dialog.w["inventory_number"].setText(typed)  # type: ignore[attr-defined]
        if dialog.exec():
            self.search.clear()
            self.reload()
            self.table.selectRow(self.model.rowCount() - 1)

    def close_campaign(self) -> None:
        fields = [Field("closed_on", N_("Closed on"), "date", default=date.today()),
                  Field("conclusion", N_("Proposals of the commission"), "reason", limit="inventory_campaign.conclusion")]  # fmt: skip

        def submit(v: dict[str, Any]) -> None:
            campaigns.close_campaign(self.ctx.db, self.ctx.actor, self.campaign_id, v["closed_on"],
                                     v["conclusion"])  # fmt: skip

        dialog = ActionDialog(self, tr("Close the inventory"), fields, submit,
                              background=tr("Closing the inventory…"))  # fmt: skip
        if dialog.exec():
            self.reload()

    def _print(self, report: str) -> None:
        from akimdesk.ui.common.preview import PreviewDialog

        PreviewDialog.for_report(self, self.ctx, report, {"campaign_id": self.campaign_id}).exec()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(tr("Inventory"))
        self.marks["found"].setText(tr("Found (F)"))
        self.marks["not_found"].setText(tr("Not found (N)"))
        self.condition_label.setText(tr("Condition seen:"))
        self.search.setPlaceholderText(tr("Inventory number from the plate"))
        self.not_listed.setText(tr("Found on the ground, not on the list…"))
        texts = {"add_found": N_("Found on site, not listed"), "close": N_("Close with the act"),
                 "list": N_("Print the list"), "act": N_("Print the act")}  # fmt: skip
        for name, b in self.actions.items():
            b.setText(tr(texts[name]))
