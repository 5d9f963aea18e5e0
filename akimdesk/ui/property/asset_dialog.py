"""The asset card: the form (refusals next to each field, what was typed kept), the computed
values, and for a saved asset its history, leases and files, with the movements."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain import property as rules
from akimdesk.domain.legal_forms import in_language
from akimdesk.i18n import N_, format_date, format_money, render
from akimdesk.i18n import _ as tr
from akimdesk.services import refdata
from akimdesk.services.errors import ValidationError
from akimdesk.services.property import assets, leases, queries
from akimdesk.services.property.validation import (
    AssetInput,
    LeaseInput,
    MovementInput,
    parse_commission,
)
from akimdesk.ui.common.action_dialog import ActionDialog, Field
from akimdesk.ui.common.columns import fit_columns
from akimdesk.ui.common.dialogs import EditDialog, fit_to_screen
from akimdesk.ui.common.forms import (
    FieldErrors,
    Labels,
    date_edit,
    error,
    limit,
    read_date,
    set_combo_data,
)
from akimdesk.ui.context import AppContext


def _combo(name: str, items: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for label, value in items:
        # Ids as text: Qt cannot find a Python UUID stored in a combo again.
        combo.addItem(label, str(value) if isinstance(value, uuid.UUID) else value)
    return combo


def _uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def _tenge(tiyn: int) -> str:
    return f"{tiyn / 100:,.2f}".replace(",", " ").replace(".", ",")


WORN_HINT = N_("From the transfer act: the depreciation of the asset up to the day it was "
               "received. Depreciation continues from it. Empty: none.")  # fmt: skip


def _coded(name: str, labels: dict[str, str]) -> QComboBox:
    return _combo(name, [(tr(v), k) for k, v in labels.items()])


class AssetDialog(EditDialog):
    """`found_in`: the campaign an object found on the ground is being entered for."""

    def __init__(self, ctx: AppContext, asset_id: uuid.UUID | None, parent: QWidget | None = None,
                 found_in: uuid.UUID | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.asset_id, self.found_in = ctx, asset_id, found_in
        self.saved_number = ""
        self.errors = FieldErrors()
        self.labels = Labels()
        lang = ctx.language.current
        with ctx.db.read() as s:
            cats = [(c.name(lang), c.id) for c in queries.categories(s)]
            places = [(p.name(lang), p.id) for p in refdata.settlements(s)]
        w: dict[str, QWidget] = {}
        for name in ("inventory_number", "name_kk", "name_ru", "address", "size", "year_built",
                     "acquisition_doc_no", "received_from", "book_value",
                     "accumulated_depreciation", "title_number", "responsible"):  # fmt: skip
            w[name] = QLineEdit()
        w["category_id"] = _combo("category_id", [("", None), *cats])
        w["settlement_id"] = _combo("settlement_id", [("", None), *places])
        w["unit"] = _coded("unit", rules.UNITS)
        w["acquisition"] = _coded("acquisition", rules.ACQUISITIONS)
        w["condition"] = _coded("condition", rules.CONDITIONS)
        w["title_status"] = _coded("title_status", rules.TITLE_STATUSES)
        w["received_on"] = date_edit()
        w["acquisition_doc_date"] = date_edit(optional=True)
        w["title_date"] = date_edit(optional=True)
        w["notes"] = QPlainTextEdit()
        w["notes"].setFixedHeight(54)
        for name, widget in w.items():
            widget.setObjectName(name)
            limit(widget, "asset", name)
        self.w = w
        set_combo_data(w["title_status"], "none")  # what most objects have (DOMAIN.md §2)
        if found_in:
            set_combo_data(w["acquisition"], "found")
        w["inventory_number"].setPlaceholderText(tr("given from the pattern when saved"))  # type: ignore[attr-defined]
        size_row = QWidget()
        size_lay = QHBoxLayout(size_row)
        size_lay.setContentsMargins(0, 0, 0, 0)
        size_lay.addWidget(self.errors.wrap("size", w["size"]), 2)
        size_lay.addWidget(w["unit"], 1)

        left, right = QFormLayout(), QFormLayout()
        rows_left = [
            ("inventory_number", N_("Inventory number")), ("name_kk", N_("Name in Kazakh")),
            ("name_ru", N_("Name in Russian")), ("category_id", N_("Category")),
            ("settlement_id", N_("Settlement")), ("address", N_("Address")),
            ("size", N_("Quantity, area or length")), ("year_built", N_("Year built")),
            ("responsible", N_("Responsible person")), ("notes", N_("Notes")),
        ]  # fmt: skip
        rows_right = [
            ("acquisition", N_("How received")), ("acquisition_doc_no", N_("Decision No.")),
            ("acquisition_doc_date", N_("Decision date (property)")),
            ("received_from", N_("Received from")), ("received_on", N_("Received on")),
            ("book_value", N_("Book value, ₸")),
            ("accumulated_depreciation", N_("Depreciation when received, ₸")),
            ("condition", N_("Technical condition")),
            ("title_status", N_("Title documents")), ("title_number", N_("Title document No.")),
            ("title_date", N_("Title document date")),
        ]  # fmt: skip
        for form, rows in ((left, rows_left), (right, rows_right)):
            for name, label in rows:
                field = size_row if name == "size" else self.errors.wrap(name, w[name])
                self.labels.row(form, label, field)
        self.right_form = right
        w["accumulated_depreciation"].setToolTip(tr(WORN_HINT))  # type: ignore[attr-defined]
        self.values = QLabel()
        self.values.setObjectName("computed_values")
        self.values.setWordWrap(True)
        right.addRow(self.values)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)

        self.save_button = QPushButton()
        self.save_button.setObjectName("save_asset")
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        self.actions = {name: QPushButton() for name in (
            "print", "act", "transfer", "revalue", "write_off", "lease", "attach")}  # fmt: skip
        for name, b in self.actions.items():
            b.setObjectName(f"asset_{name}")
        self.actions["print"].clicked.connect(self._print)
        self.actions["act"].clicked.connect(self._print_act)
        for kind in ("transfer", "revalue", "write_off"):
            self.actions[kind].clicked.connect(lambda _c=False, k=kind: self.move(k))
        self.actions["lease"].clicked.connect(self.add_lease)
        self.actions["attach"].clicked.connect(self.attach)

        self.history = QTableWidget(0, 5)
        self.history.setObjectName("asset_history")
        self.leases = QTableWidget(0, 5)
        self.leases.setObjectName("asset_leases")
        for t in (self.history, self.leases):
            t.verticalHeader().hide()
            t.horizontalHeader().setStretchLastSection(True)
            t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.files = QListWidget()
        self.files.setObjectName("asset_files")
        self.files.itemDoubleClicked.connect(self._open_file)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history, "")
        self.tabs.addTab(self.leases, "")
        self.tabs.addTab(self.files, "")
        self.tabs.setMinimumHeight(150)

        bottom = QHBoxLayout()
        for b in self.actions.values():
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addLayout(columns)
        lay.addWidget(self.errors.general)
        lay.addWidget(self.tabs, 1)
        lay.addLayout(bottom)
        self.retranslate_ui()
        ctx.language.changed.connect(self.retranslate_ui)
        if asset_id is not None:
            self.load()
        self._enable()
        fit_to_screen(self, 1180, 720)  # room for refusals under the fields

    # --- data ---------------------------------------------------------------------------
    def load(self) -> None:
        with self.ctx.db.read() as s:
            card = queries.card(s, self.asset_id, date.today())  # type: ignore[arg-type]
            assert card is not None
            a = card.asset
            w = self.w
            for name in ("inventory_number", "name_kk", "name_ru", "address", "acquisition_doc_no",
                         "received_from", "title_number", "responsible"):  # fmt: skip
                w[name].setText(getattr(a, name))  # type: ignore[attr-defined]
            w["size"].setText("" if a.size is None else f"{a.size:g}".replace(".", ","))  # type: ignore[attr-defined]
            w["year_built"].setText(str(a.year_built or ""))  # type: ignore[attr-defined]
            w["book_value"].setText(_tenge(a.book_value_tiyn))  # type: ignore[attr-defined]
            w["accumulated_depreciation"].setText(_tenge(a.accumulated_depreciation_tiyn))  # type: ignore[attr-defined]
            w["notes"].setPlainText(a.notes)  # type: ignore[attr-defined]
            for name in ("category_id", "settlement_id", "unit", "acquisition", "condition",
                         "title_status"):  # fmt: skip
                value = getattr(a, name)
                set_combo_data(w[name], str(value) if isinstance(value, uuid.UUID) else value)  # type: ignore[arg-type]
            w["received_on"].set_value(a.received_on)  # type: ignore[attr-defined]
            for name in ("acquisition_doc_date", "title_date"):
                if getattr(a, name):
                    w[name].set_value(getattr(a, name))  # type: ignore[attr-defined]
            self.card = card
        self._show_card()
        self.mark_clean()

    def _show_card(self) -> None:
        card, lang = self.card, self.ctx.language.current
        a = card.asset
        self.setWindowTitle(tr("Asset {number}").format(number=a.inventory_number))
        status = tr(rules.ASSET_STATUSES[a.status])
        if a.disposed_on:
            status += " " + format_date(a.disposed_on, lang)
        text = tr("Depreciation: {dep}. Residual value: {residual}. Status: {status}.").format(
            dep=format_money(card.depreciation_tiyn, lang),
            residual=format_money(card.residual_tiyn, lang), status=status)  # fmt: skip
        revalued = a.revalued
        if revalued:  # the value fields hold the revaluation's; the initial cost is in the history
            text = (
                tr("Revalued on {date}.").format(date=format_date(a.valued_on, lang)) + " " + text
            )
        # What came with the asset no longer applies once it was revalued: the row goes.
        self.right_form.setRowVisible(
            self.w["accumulated_depreciation"].parentWidget(), not revalued
        )
        self.values.setText(text)
        self.history.setRowCount(len(card.history))
        for i, h in enumerate(card.history):
            cells = [format_date(h.on_date, lang), tr(rules.MOVEMENTS[h.kind]),
                     " ".join(x for x in (h.decision_no, format_date(h.decision_date, lang)) if x),
                     format_money(h.value_after_tiyn, lang) if h.value_after_tiyn is not None else "",
                     h.counterparty or h.reason]  # fmt: skip
            for j, text in enumerate(cells):
                self.history.setItem(i, j, QTableWidgetItem(text))
        self.leases.setRowCount(len(card.leases))
        for i, x in enumerate(card.leases):
            cells = [in_language(x.lease.tenant_name, lang), x.lease.contract_no,
                     f"{format_date(x.lease.start_date, lang)} – {format_date(x.lease.effective_end, lang)}",
                     format_money(x.lease.monthly_rent_tiyn, lang),
                     tr("Owed: {amount}").format(amount=format_money(x.debt_tiyn, lang)) if x.debt_tiyn else ""]  # fmt: skip
            for j, text in enumerate(cells):
                self.leases.setItem(i, j, QTableWidgetItem(text))
        self.files.clear()
        for f in card.attachments:
            item = QListWidgetItem(f"{f.file_name} — {tr(rules.ATTACHMENT_KINDS[f.kind])} "
                                   f"({format_date(f.added_at.date(), lang)}, {f.added_by})")  # fmt: skip
            item.setData(256, str(assets.attachment_path(self.ctx.db, f)))
            self.files.addItem(item)
        fit_columns(self.history)
        fit_columns(self.leases)

    def _enable(self) -> None:
        saved = self.asset_id is not None
        on_balance = saved and self.card.asset.status == "in_use"
        may = self.ctx.actor.may
        self.save_button.setEnabled(may("property.asset_update" if saved else "property.asset_add"))
        self.actions["print"].setEnabled(saved)
        self.actions["act"].setEnabled(saved)
        for kind, action in (("transfer", "property.transfer"), ("revalue", "property.revalue"),
                             ("write_off", "property.write_off")):  # fmt: skip
            self.actions[kind].setEnabled(on_balance and may(action))
        self.actions["lease"].setEnabled(on_balance and may("property.lease_add"))
        self.actions["attach"].setEnabled(saved and may("property.attach"))
        self.tabs.setEnabled(saved)

    def form_input(self) -> AssetInput:
        w = self.w
        return AssetInput(
            name_kk=w["name_kk"].text(),
            name_ru=w["name_ru"].text(),  # type: ignore[attr-defined]
            category_id=_uuid(w["category_id"].currentData()),  # type: ignore[attr-defined]
            settlement_id=_uuid(w["settlement_id"].currentData()),  # type: ignore[attr-defined]
            address=w["address"].text(),
            size=w["size"].text(),  # type: ignore[attr-defined]
            unit=w["unit"].currentData(),
            year_built=w["year_built"].text(),  # type: ignore[attr-defined]
            acquisition=w["acquisition"].currentData(),  # type: ignore[attr-defined]
            acquisition_doc_no=w["acquisition_doc_no"].text(),  # type: ignore[attr-defined]
            acquisition_doc_date=read_date(w["acquisition_doc_date"]),  # type: ignore[arg-type]
            received_from=w["received_from"].text(),  # type: ignore[attr-defined]
            received_on=read_date(w["received_on"]),  # type: ignore[arg-type]
            book_value=w["book_value"].text(),  # type: ignore[attr-defined]
            accumulated_depreciation=w["accumulated_depreciation"].text(),  # type: ignore[attr-defined]
            condition=w["condition"].currentData(),  # type: ignore[attr-defined]
            title_status=w["title_status"].currentData(),  # type: ignore[attr-defined]
            title_number=w["title_number"].text(),  # type: ignore[attr-defined]
            title_date=read_date(w["title_date"]),  # type: ignore[arg-type]
            responsible=w["responsible"].text(),
            notes=w["notes"].toPlainText(),  # type: ignore[attr-defined]
            inventory_number=w["inventory_number"].text(),  # type: ignore[attr-defined]
        )

    def snapshot(self) -> Any:
        return self.form_input()

    def save_changes(self) -> bool:
        self.save()
        return self.result() == QDialog.DialogCode.Accepted

    def save(self) -> None:
        from akimdesk.services.property import campaigns

        if self.errors.refuse_unreadable():
            return
        data = self.form_input()
        try:
            if self.asset_id is not None:
                assets.update_asset(self.ctx.db, self.ctx.actor, self.asset_id, data)
                self.saved_number = self.card.asset.inventory_number
            elif self.found_in is not None:
                self.saved_number = campaigns.add_found(
                    self.ctx.db, self.ctx.actor, self.found_in, data
                )
            else:
                self.saved_number = assets.create_asset(self.ctx.db, self.ctx.actor, data)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.errors.clear()
        self.accept()

    # --- commands -----------------------------------------------------------------------
    def _after(self, kind: str) -> None:
        self.load()
        self._enable()

    def move(self, kind: str) -> None:
        assert self.asset_id is not None
        movement = {"transfer": "transferred", "revalue": "revalued", "write_off": "written_off"}[
            kind
        ]
        titles = {"transfer": N_("Transfer the asset"), "revalue": N_("Revalue the asset"),
                  "write_off": N_("Write off the asset")}  # fmt: skip
        fields = [Field("on_date", N_("Date"), "date"),
                  Field("decision_no", N_("Decision No."), "text", limit="asset_movement.decision_no"),
                  Field("decision_date", N_("Decision date (property)"), "date")]  # fmt: skip
        if movement == "transferred":
            fields.append(
                Field("counterparty", N_("To whom"), "text", limit="asset_movement.counterparty")
            )
        if movement == "revalued":
            fields.append(
                Field("new_value", N_("New value, ₸"), "text", limit="asset_movement.new_value")
            )
        fields.append(Field("reason", N_("Reason"), "reason", limit="asset_movement.reason"))
        if movement != "revalued":  # printed as the act of the transfer or of the write-off
            fields += [Field("act_no", N_("Act No."), "text", limit="asset_movement.act_no"),
                       Field("commission", N_("Commission: one a line, «name, position»; the chair "
                                              "first"), "reason")]  # fmt: skip

        def submit(v: dict[str, Any]) -> None:
            assets.move(self.ctx.db, self.ctx.actor, self.asset_id, MovementInput(  # type: ignore[arg-type]
                kind=movement, on_date=v["on_date"], decision_no=v["decision_no"],
                decision_date=v["decision_date"], counterparty=v.get("counterparty", ""),
                reason=v["reason"], new_value=v.get("new_value", ""), act_no=v.get("act_no", ""),
                commission=parse_commission(v.get("commission", ""))))  # fmt: skip

        if ActionDialog(self, tr(titles[kind]), fields, submit).exec():
            self._after("asset_movement")

    def add_lease(self) -> None:
        fields = [Field("tenant_name", N_("Tenant"), "text", limit="lease.tenant_name"),
                  Field("tenant_iin_bin", N_("Tenant's ИИН/БИН"), "text", limit="lease.tenant_iin_bin"),
                  Field("contract_no", N_("Contract No."), "text", limit="lease.contract_no"),
                  Field("contract_date", N_("Contract date"), "date"),
                  Field("start_date", N_("From"), "date"), Field("end_date", N_("To"), "date"),
                  Field("monthly_rent", N_("Monthly rent, ₸"), "text", limit="lease.monthly_rent"),
                  Field("purpose", N_("Purpose"), "text", limit="lease.purpose")]  # fmt: skip

        def submit(v: dict[str, Any]) -> None:
            leases.add_lease(self.ctx.db, self.ctx.actor, self.asset_id, LeaseInput(**v))  # type: ignore[arg-type]

        if ActionDialog(self, tr("New lease"), fields, submit).exec():
            self._after("lease")

    def attach(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self, tr("Attach a scan or photo"), "",
            tr("Scans and photos") + " (*.jpg *.jpeg *.png *.pdf *.tif *.tiff *.bmp)",
        )  # fmt: skip
        if not path:
            return
        kind = "photo" if path.lower().endswith((".jpg", ".jpeg", ".png", ".bmp")) else "scan"
        try:
            assets.attach(self.ctx.db, self.ctx.actor, self.asset_id, path, kind)  # type: ignore[arg-type]
        except ValidationError as exc:
            error(self, "\n".join(render(m) for m in exc.errors.values()))
            return
        self._after("asset")

    def _open_file(self, item: QListWidgetItem) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(256)))

    def _print(self) -> None:
        from akimdesk.ui.common.preview import PreviewDialog

        PreviewDialog.for_report(
            self, self.ctx, "asset-card", {"number": self.card.asset.inventory_number}
        ).exec()

    ACTS = {"received": "asset-transfer-act", "transferred": "asset-transfer-act",
            "written_off": "asset-writeoff-act"}  # fmt: skip

    def _print_act(self) -> None:
        """The act of the history line chosen (the receipt when none is)."""
        from akimdesk.ui.common.preview import PreviewDialog

        line = max(self.history.currentRow(), 0)
        kind = self.card.history[line].kind
        if kind not in self.ACTS:
            error(self, tr("A revaluation has no act to print: choose a receipt, a transfer or "
                           "a write-off in the history."))  # fmt: skip
            return
        key = f"{self.card.asset.inventory_number}:{line + 1}"
        PreviewDialog.for_report(self, self.ctx, self.ACTS[kind], {"movement": key}).exec()

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.labels.retranslate()
        self.errors.retranslate()
        if self.asset_id is None:
            self.setWindowTitle(tr("Asset found on site") if self.found_in else tr("New asset"))
        self.save_button.setText(tr("Save"))
        self.close_button.setText(tr("Close"))
        texts = {"print": N_("Print card"), "act": N_("Print act"), "transfer": N_("Transfer"),
                 "revalue": N_("Revalue"),
                 "write_off": N_("Write off"), "lease": N_("New lease"),
                 "attach": N_("Attach a file")}  # fmt: skip
        for name, b in self.actions.items():
            b.setText(tr(texts[name]))
        for i, text in enumerate((N_("History"), N_("Leases"), N_("Files"))):
            self.tabs.setTabText(i, tr(text))
        self.history.setHorizontalHeaderLabels([tr(x) for x in (
            N_("Date"), N_("Movement"), N_("Decision"), N_("Cost"), N_("From or to whom, reason"))])  # fmt: skip
        self.leases.setHorizontalHeaderLabels([tr(x) for x in (
            N_("Tenant"), N_("Contract"), N_("Period"), N_("Monthly rent"), N_("Owed"))])  # fmt: skip
        if self.asset_id is not None and hasattr(self, "card"):
            self._show_card()
