"""The leases tab: every contract with rent due, received and owed; what needs action first."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout

from akimdesk.domain import property as rules
from akimdesk.i18n import N_, format_date, format_money, format_month, format_number
from akimdesk.i18n import _ as tr
from akimdesk.services.property import leases
from akimdesk.services.property.validation import RentInput
from akimdesk.ui.common.action_dialog import ActionDialog, Field
from akimdesk.ui.common.columns import CAP, offer_column_menu, size_register
from akimdesk.ui.context import AppContext
from akimdesk.ui.property.models import LeaseTableModel
from akimdesk.ui.property.screen import KINDS, LazyPanel, buttons, table


class LeasesPanel(LazyPanel):
    TEXTS = {"rent": N_("Record rent"), "end": N_("End early"), "income": N_("Income summary")}

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = LeaseTableModel(ctx.language.current)
        self.table = table("leases_table")
        self.table.setModel(self.model)
        # ИИН/БИН, the contract, the rent and what was due are on the asset's card and in the
        # income summary; without them the leases read at 1366 px (a right-click brings them
        # back).
        offer_column_menu(self.table, hidden=[2, 3, 5, 6])
        self.buttons = buttons(tuple(self.TEXTS), "leases")
        self.buttons["rent"].clicked.connect(self.record_rent)
        self.buttons["end"].clicked.connect(self.end_lease)
        self.buttons["income"].clicked.connect(self.print_income)
        self.buttons["rent"].setEnabled(ctx.actor.may("property.rent_add"))
        self.buttons["end"].setEnabled(ctx.actor.may("property.lease_end"))
        self.only_action = QCheckBox()
        self.only_action.setObjectName("leases_needs_action")
        self.only_action.toggled.connect(lambda _b: self.reload())
        self.summary = QLabel()
        top = QHBoxLayout()
        for b in self.buttons.values():
            top.addWidget(b)
        top.addStretch(1)
        top.addWidget(self.only_action)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.summary)
        ctx.language.changed.connect(self.retranslate_ui)
        ctx.bus.subscribe(self, KINDS, self.refresh)
        self.retranslate_ui()

    def reload(self) -> None:
        today = date.today()
        with self.ctx.db.read() as s:
            rows = (
                leases.needs_action(s, today)
                if self.only_action.isChecked()
                else leases.lines(s, today)
            )
            for x in rows:
                _ = x.lease.asset
        self.model.lang = self.ctx.language.current
        self.model.set_rows(rows)
        self._fit_columns(rows)
        lang = self.ctx.language.current
        self.summary.setText(tr("Leases: {n}. Due: {due}. Received: {got}.").format(
            n=len(rows), due=format_money(sum(x.due_tiyn for x in rows), lang),
            got=format_money(sum(x.received_tiyn for x in rows), lang)))  # fmt: skip

    def _fit_columns(self, rows: list[Any]) -> None:
        lang = self.ctx.language.current
        money = format_money(9_999_999_999, lang)
        words = [
            tr(N_("Ends soon: renew or take back")),
            tr(N_("Rent owed")),
            tr(N_("Ended early")),
        ]
        samples = {
            1: [x.lease.tenant_name for x in rows[:200]],
            2: ["000000000000"],
            3: [x.lease.contract_no for x in rows[:200]],
            4: [f"{format_date(date(2026, 12, 28), lang)} – {format_date(date(2026, 12, 28), lang)}"],
            5: [money], 6: [money], 7: [money], 8: [money],
            9: words,
        }  # fmt: skip
        size_register(self.table, samples, stretch=0)
        header = self.table.horizontalHeader()
        if header.sectionSize(1) > CAP:
            header.resizeSection(1, CAP)  # a long tenant's name is whole in its tooltip

    def _selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def record_rent(self) -> None:
        line = self._selected()
        if line is None:
            return
        lease = line.lease
        months = rules.months_of(lease.start_date, lease.effective_end)
        unpaid = [m for m in months if m <= rules.month_key(date.today())] or months
        fields = [
            Field("for_month", N_("For the month"), "choice",
                  [(format_month(m, self.ctx.language.current), m) for m in months]),
            Field("paid_on", N_("Paid on"), "date"),
            Field("amount", N_("Amount, ₸"), "text", limit="lease_payment.amount",
                  default=format_number(Decimal(lease.monthly_rent_tiyn) / 100, self.ctx.language.current)),
            Field("document_no", N_("Payment document No."), "text", limit="lease_payment.document_no"),
        ]  # fmt: skip

        def submit(v: dict[str, Any]) -> None:
            leases.record_rent(self.ctx.db, self.ctx.actor, lease.id, RentInput(**v))

        dialog = ActionDialog(self, tr("Rent received"), fields, submit)
        combo = dialog.widgets["for_month"]
        combo.setCurrentIndex(max(0, combo.findData(unpaid[-1])))  # type: ignore[attr-defined]
        dialog.exec()

    def end_lease(self) -> None:
        line = self._selected()
        if line is None:
            return
        fields = [Field("terminated_on", N_("Ended on"), "date"),
                  Field("reason", N_("Reason"), "reason", limit="lease.terminated_reason")]  # fmt: skip

        def submit(v: dict[str, Any]) -> None:
            leases.terminate_lease(self.ctx.db, self.ctx.actor, line.lease.id, v["terminated_on"],
                                   v["reason"])  # fmt: skip

        ActionDialog(self, tr("End the lease early"), fields, submit).exec()

    def print_income(self) -> None:
        from akimdesk.ui.common.preview import PreviewDialog

        PreviewDialog.for_report(self, self.ctx, "lease-income", {}).exec()

    def retranslate_ui(self, _lang: str | None = None) -> None:
        for name, b in self.buttons.items():
            b.setText(tr(self.TEXTS[name]))
        self.only_action.setText(tr("Only those needing action"))
        self.refresh()
