"""One case: its form, its state and deadlines with the next legal steps, and its history."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.fines import (
    DELIVERY_DOCUMENTS,
    DELIVERY_METHODS,
    ENFORCEMENT_RESULTS,
    EVENT_LABELS,
    STATUS_LABELS,
)
from akimdesk.i18n import N_, format_date, format_datetime, format_money
from akimdesk.i18n import _ as tr
from akimdesk.models import FineCase
from akimdesk.services import officials
from akimdesk.services.errors import ValidationError
from akimdesk.services.fines import cases, history
from akimdesk.services.fines.queries import status_of_case
from akimdesk.services.fines.validation import DecisionInput
from akimdesk.ui.common.action_dialog import ActionDialog, Field
from akimdesk.ui.common.columns import fit_columns
from akimdesk.ui.common.dialogs import EditDialog, fit_to_screen
from akimdesk.ui.common.forms import LABEL_WIDTH, FieldErrors, Labels, scrolled
from akimdesk.ui.context import AppContext
from akimdesk.ui.fines.case_form import PENALTIES, CaseForm

DEADLINES = [
    ("limitation_date", N_("Limitation runs out")),
    ("half_pay_until", N_("50% payment until")),
    ("decision_date", N_("Decision date")),
    ("delivery_date", N_("Delivered")),
    ("appeal_until", N_("Appeal until")),
    ("in_force_date", N_("In force from")),
    ("pay_by", N_("Pay by")),
    ("enforcement_by", N_("Send for enforcement by")),
]


class CaseDialog(EditDialog):
    def __init__(
        self, ctx: AppContext, case_id: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.case: FineCase | None = None
        self.labels = Labels(wrap_at=LABEL_WIDTH)
        self.errors = FieldErrors()
        self.form = CaseForm(ctx.db, ctx.language.current, self.labels, self.errors)
        scroll = scrolled(self.form)

        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "")
        self.state_tab = QWidget()
        self.tabs.addTab(self.state_tab, "")
        self.history = QTableWidget()
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tabs.addTab(self.history, "")
        self._build_state_tab()

        self.save_button = QPushButton()
        self.save_button.setObjectName("save_case")
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)  # asks first when something changed
        self.print_buttons = {
            kind: QPushButton() for kind in ("protocol", "hearing-notice", "decision", "notice",
                                             "enforcement-letter")
        }  # fmt: skip
        for kind, b in self.print_buttons.items():
            b.clicked.connect(lambda _c=False, k=kind: self.print_document(k))
        bottom = QHBoxLayout()
        for b in self.print_buttons.values():
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)

        lay = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setStyleSheet("font-size: 14pt; font-weight: bold;")
        lay.addWidget(self.header)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.errors.general)
        lay.addLayout(bottom)
        ctx.language.changed.connect(self.retranslate_ui)
        self.reload()
        self.retranslate_ui()
        fit_to_screen(self, 1340, 820)  # the form's two columns take the screen's width

    # --- state tab ----------------------------------------------------------------------
    def _build_state_tab(self) -> None:
        self.status_label = QLabel()
        self.status_label.setObjectName("status")
        self.status_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.amount_label = QLabel()
        self.amount_label.setWordWrap(True)
        self.deadline_values = {key: QLabel() for key, _ in DEADLINES}
        deadlines = QFormLayout()
        for key, label in DEADLINES:
            self.labels.row(deadlines, label, self.deadline_values[key])
        self.action_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, name in enumerate(ACTIONS):
            b = QPushButton()
            b.setObjectName(f"action_{name}")
            b.clicked.connect(lambda _c=False, n=name: self.run_action(n))
            self.action_buttons[name] = b
            grid.addWidget(b, i // 3, i % 3)
        self.payments = QTableWidget()
        self.payments.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.deliveries = QTableWidget()  # how the hearing notice and the decision reached them
        self.deliveries.setObjectName("deliveries")
        self.deliveries.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        tables = QHBoxLayout()
        tables.addWidget(self.payments, 1)
        tables.addWidget(self.deliveries, 1)
        lay = QVBoxLayout(self.state_tab)
        lay.addWidget(self.status_label)
        lay.addWidget(self.amount_label)
        lay.addLayout(deadlines)
        lay.addLayout(grid)
        lay.addLayout(tables, 1)

    def reload(self) -> None:
        self.case = cases.get_case(self.ctx.db, self.case_id) if self.case_id else None
        c = self.case
        self.form.case_id = c.id if c is not None else None
        if c is not None:
            self.form.set_value(cases.as_input(c))
            if c.stage != "protocol":
                self.form.lock_decided_fields()
        self.tabs.setTabEnabled(1, c is not None)
        self.tabs.setTabEnabled(2, c is not None)
        for b in self.print_buttons.values():
            b.setVisible(c is not None)
        self._fill_state()
        self.mark_clean()

    def _fill_state(self) -> None:
        c, lang = self.case, self.ctx.language.current
        if c is None:
            return
        status = status_of_case(c, date.today())
        self.status_label.setText(tr(STATUS_LABELS[status]))
        if c.dates_to_check:  # imported from a journal that did not give every date
            self.status_label.setText(tr(STATUS_LABELS[status]) + " · " + tr(
                "imported from a journal: check its dates against the paper file"))  # fmt: skip
        if c.penalty == "fine" and c.amount_tiyn:
            self.amount_label.setText(
                tr("Fine: {count} МРП × {mrp} = {amount}; paid {paid}; balance {balance}.").format(
                    count=c.mrp_count,
                    mrp=format_money(c.mrp_value * 100, lang),
                    amount=format_money(c.amount_tiyn, lang),
                    paid=format_money(c.paid_tiyn, lang),
                    balance=format_money(c.balance_tiyn, lang),
                )
            )
        else:
            self.amount_label.setText(tr(dict(PENALTIES)[c.penalty]) if c.decision_date else "")
        for key, label in self.deadline_values.items():
            label.setText(format_date(getattr(c, key), lang) or "—")
        allowed = allowed_actions(c, status)
        for name, b in self.action_buttons.items():
            # The stage decides what comes next; the role decides who may do it.
            b.setEnabled(name in allowed and self.ctx.actor.may(ACTION_PERMISSIONS[name]))
        self.print_buttons["decision"].setEnabled(c.decision_date is not None)
        self.print_buttons["notice"].setEnabled(c.penalty == "fine" and c.amount_tiyn > 0)
        self.print_buttons["hearing-notice"].setEnabled(c.hearing_date is not None)
        self.print_buttons["enforcement-letter"].setEnabled(c.enforcement_date is not None)
        self.deliveries.setColumnCount(4)
        self.deliveries.setRowCount(len(c.deliveries))
        for r, d in enumerate(c.deliveries):
            for col, v in enumerate((format_date(d.on_date, lang), tr(DELIVERY_DOCUMENTS[d.document]),
                                     tr(DELIVERY_METHODS[d.method]), d.note)):  # fmt: skip
                self.deliveries.setItem(r, col, QTableWidgetItem(v))
        self.payments.setColumnCount(3)
        self.payments.setRowCount(len(c.payments))
        for r, p in enumerate(c.payments):
            for col, v in enumerate(
                (format_date(p.paid_on, lang), format_money(p.amount_tiyn, lang), p.document_no)
            ):
                self.payments.setItem(r, col, QTableWidgetItem(v))
        self.history.setColumnCount(5)
        self.history.setRowCount(len(c.events))
        for r, e in enumerate(c.events):
            values = (format_date(e.on_date, lang), tr(EVENT_LABELS.get(e.kind, e.kind)), e.reason,
                      e.author, format_datetime(e.at, lang))  # fmt: skip
            for col, v in enumerate(values):
                self.history.setItem(r, col, QTableWidgetItem(v))
        fit_columns(self.history)

    # --- saving -------------------------------------------------------------------------
    def snapshot(self) -> Any:
        return self.form.value()

    def save_changes(self) -> bool:
        return self.save()

    def save(self) -> bool:
        if self.errors.refuse_unreadable():
            return False
        data = self.form.value()
        try:
            if self.case is None:
                created = cases.create_case(self.ctx.db, self.ctx.actor, data)
                self.case_id = created.id
            else:
                # A protocol is still a draft: corrected without a reason.
                reason = "" if self.case.stage == "protocol" else self._ask_reason()
                if reason is None:
                    return False
                cases.correct_case(self.ctx.db, self.ctx.actor, self.case.id, data, reason)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        self.errors.clear()
        self.reload()
        self.retranslate_ui()
        return True

    def _ask_reason(self) -> str | None:
        result: dict[str, Any] = {}

        def submit(values: dict[str, Any]) -> None:
            if not values["reason"].strip():
                raise ValidationError({"reason": N_("Give the reason for the correction.")})
            result.update(values)

        dlg = ActionDialog(
            self,
            tr("Correction"),
            [Field("reason", N_("Reason"), "reason", limit="fine_event.reason")],
            submit,
        )
        return result["reason"] if dlg.exec() == QDialog.DialogCode.Accepted else None

    def run_action(self, name: str) -> None:
        assert self.case is not None
        if name == "decision":
            with self.ctx.db.read() as s:
                signers = [(f"{o.full_name} · {o.position(self.ctx.language.current)}", o.id)
                           for o in officials.listing(s, active_only=True)]  # fmt: skip
            title, fields, call = _decision(self.case, signers or [(N_("Akim"), None)])
        else:
            title, fields, call = ACTIONS[name](self.case)
        db, actor, cid = self.ctx.db, self.ctx.actor, self.case.id
        dlg = ActionDialog(self, tr(title), fields, lambda v: call(db, actor, cid, v))
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.retranslate_ui()

    def print_document(self, kind: str) -> None:
        from akimdesk.ui.common.preview import PreviewDialog

        assert self.case is not None
        number, lang = self.case.number, self.case.language  # the language of proceedings
        PreviewDialog.for_report(self, self.ctx, f"fine-{kind}", {"number": number}, lang).exec()

    def retranslate_ui(self, _lang: str | None = None) -> None:
        lang = self.ctx.language.current
        c = self.case
        self.setWindowTitle(tr("Case {number}").format(number=c.number) if c else tr("New case"))
        name = c.offender_name if c else ""
        # A name is at most a line: one typed by mistake before the limits must not widen the
        # dialog past the screen.
        short = self.header.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, 640)
        self.header.setText(
            tr("Case {number}").format(number=c.number) + f" · {short}" if c else tr("New case")
        )
        self.header.setToolTip(name if short != name else "")
        for i, name in enumerate((N_("Case"), N_("Decision and payments"), N_("History"))):
            self.tabs.setTabText(i, tr(name))
        self.save_button.setText(
            tr("Save") if c is None or c.stage == "protocol" else tr("Save correction")
        )
        self.close_button.setText(tr("Close"))
        self.print_buttons["protocol"].setText(tr("Protocol"))
        self.print_buttons["hearing-notice"].setText(tr("Hearing notice"))
        self.print_buttons["decision"].setText(tr("Decision"))
        self.print_buttons["notice"].setText(tr("Payment notice"))
        self.print_buttons["enforcement-letter"].setText(tr("Enforcement letter"))
        for name, b in self.action_buttons.items():
            b.setText(tr(ACTION_TITLES[name]))
        self.payments.setHorizontalHeaderLabels([tr("Date"), tr("Amount"), tr("Document No.")])
        self.deliveries.setHorizontalHeaderLabels(
            [tr("Date"), tr("Document"), tr("How"), tr("Note")]
        )
        self.history.setHorizontalHeaderLabels(
            [tr("Date"), tr("Event"), tr("Reason"), tr("Author"), tr("Recorded")]
        )
        self.form.retranslate(lang)
        self.labels.retranslate()
        self.errors.retranslate()
        self._fill_state()


# --- lifecycle steps: title, fields, and the service call --------------------------------
Spec = tuple[str, list[Field], Callable[..., Any]]

ACTION_TITLES = {
    "decision": N_("Issue decision"),
    "deliver": N_("Record delivery"),
    "payment": N_("Record payment"),
    "appeal": N_("Record appeal"),
    "appeal_result": N_("Result of appeal"),
    "deferral": N_("Grant deferral"),
    "instalments": N_("Grant instalments"),
    "enforcement": N_("Send for enforcement"),
    "enforcement_result": N_("Result of enforcement"),
    "notice_delivery": N_("Hearing notice delivered"),
    "cancel": N_("Cancel case"),
    "dates_checked": N_("Dates checked"),
}


def allowed_actions(c: FineCase, status: str) -> set[str]:
    out: set[str] = set()
    if c.stage == "protocol":
        out |= {"decision", "cancel"}
        if c.hearing_date is not None:
            out.add("notice_delivery")
        if c.half_pay_until and c.admits_offence:
            out.add("payment")
    if c.stage == "decided":
        if c.delivery_date is None:
            out.add("deliver")
        if c.penalty == "fine" and c.balance_tiyn:
            out.add("payment")
        if c.appeal_until is None or date.today() <= c.appeal_until:
            out.add("appeal")
        if c.pay_by and c.penalty == "fine":
            out |= {"deferral", "instalments"}
        if c.paid_tiyn == 0:
            out.add("cancel")
    if c.stage == "appealed":
        out.add("appeal_result")
    if c.stage == "enforcement" and c.balance_tiyn:
        out |= {"payment", "enforcement_result"}
    if status == "overdue":
        out.add("enforcement")
    if c.dates_to_check:
        out.add("dates_checked")
    return out


PRESENCE = [(N_("The person took part"), True),
            (N_("The person did not take part (notified)"), False)]  # fmt: skip


def _decision(c: FineCase, signers: list[tuple[str, Any]]) -> Spec:
    fields = [
        Field("decision_date", N_("Decision date"), "date", default=date.today()),
        Field("official_id", N_("Case considered by"), "choice", choices=signers),
        Field("place", N_("Place of consideration"), "text", default=c.hearing_place),
        Field("present", N_("Participation"), "choice", choices=PRESENCE),
        Field("penalty", N_("Penalty"), "choice", choices=[(label, v) for v, label in PENALTIES]),
        Field("mrp_count", N_("Number of МРП"), "int", default=c.mrp_count),
        Field("circumstances", N_("Circumstances established"), "reason", default=c.description),
        Field("evidence", N_("Evidence"), "reason"),
        Field("mitigating", N_("Mitigating circumstances"), "text"),
        Field("aggravating", N_("Aggravating circumstances"), "text"),
    ]
    return (
        ACTION_TITLES["decision"],
        fields,
        lambda db, a, cid, v: cases.issue_decision(
            db, a, cid,
            DecisionInput(
                v["decision_date"], v["penalty"],
                v["mrp_count"] if v["penalty"] == "fine" else None,
                v["official_id"], v["place"], v["present"], v["circumstances"], v["evidence"],
                v["mitigating"], v["aggravating"],
            ),
        ),
    )  # fmt: skip


def _simple(
    title: str, fields: list[Field], call: Callable[..., Any]
) -> Callable[[FineCase], Spec]:
    return lambda c: (title, fields, call)


TODAY_FIELD = [Field("on_date", N_("Date"), "date")]
REASON = Field("reason", N_("Reason"), "reason", limit="fine_event.reason")

# The write each button makes (domain.roles checks it again in the service).
ACTION_PERMISSIONS = {
    "decision": "fines.issue_decision", "deliver": "fines.deliver_decision",
    "payment": "fines.add_payment", "appeal": "fines.file_appeal",
    "appeal_result": "fines.resolve_appeal", "deferral": "fines.grant_deferral",
    "instalments": "fines.grant_instalments", "enforcement": "fines.send_to_enforcement",
    "cancel": "fines.cancel_case", "dates_checked": "fines.correct_case",
    "enforcement_result": "fines.enforcement_result", "notice_delivery": "fines.record_delivery",
}  # fmt: skip
HOW = Field("method", N_("How"), "choice", choices=[(v, k) for k, v in DELIVERY_METHODS.items()])
RESULTS = [(v, k) for k, v in ENFORCEMENT_RESULTS.items()]

ACTIONS: dict[str, Callable[[FineCase], Spec]] = {
    "decision": lambda c: _decision(c, []),  # the dialog fills in the officials (run_action)
    "deliver": _simple(ACTION_TITLES["deliver"], [
        Field("delivery_date", N_("Delivered on"), "date"), HOW,
        Field("note", N_("Note (receipt or message No.)"), "text"),
    ], lambda db, a, cid, v: cases.deliver_decision(db, a, cid, v["delivery_date"],
                                                    method=v["method"], note=v["note"])),
    "notice_delivery": _simple(ACTION_TITLES["notice_delivery"], [
        *TODAY_FIELD, HOW, Field("note", N_("Note (receipt or message No.)"), "text"),
    ], lambda db, a, cid, v: cases.record_notice_delivery(db, a, cid, v["on_date"], v["method"],
                                                          v["note"])),
    "enforcement_result": lambda c: (ACTION_TITLES["enforcement_result"], [
        *TODAY_FIELD, Field("result", N_("Result"), "choice", choices=RESULTS),
        Field("recovered", N_("Amount recovered"), "money", default=c.balance_tiyn),
        Field("reason", N_("Note"), "reason"),
    ], lambda db, a, cid, v: cases.record_enforcement_result(
        db, a, cid, v["on_date"], v["result"], v["recovered"], v["reason"])),
    "payment": lambda c: (ACTION_TITLES["payment"], [
        Field("paid_on", N_("Paid on"), "date"),
        Field("amount", N_("Amount"), "money", default=c.balance_tiyn if c.stage != "protocol" else c.amount_tiyn // 2),
        Field("document_no", N_("Payment document No."), "text", limit="fine_payment.document_no"),
    ], lambda db, a, cid, v: cases.add_payment(db, a, cid, v["paid_on"], v["amount"], v["document_no"])),
    "appeal": _simple(ACTION_TITLES["appeal"], [*TODAY_FIELD, REASON],
                      lambda db, a, cid, v: cases.file_appeal(db, a, cid, v["on_date"], v["reason"])),
    "appeal_result": _simple(ACTION_TITLES["appeal_result"], [
        *TODAY_FIELD,
        Field("upheld", N_("Ruling"), "choice", choices=[(N_("Decision upheld"), True), (N_("Decision cancelled"), False)]),
        Field("reason", N_("Ruling reference"), "reason", limit="fine_event.reason"),
    ], lambda db, a, cid, v: cases.resolve_appeal(db, a, cid, v["on_date"], v["upheld"], v["reason"])),
    "deferral": _simple(ACTION_TITLES["deferral"], [Field("until", N_("Deferred until"), "date"), REASON],
                        lambda db, a, cid, v: cases.grant_deferral(db, a, cid, v["until"], v["reason"])),
    "instalments": _simple(ACTION_TITLES["instalments"], [Field("months", N_("Months"), "int", default=3), REASON],
                           lambda db, a, cid, v: cases.grant_instalments(db, a, cid, v["months"], v["reason"])),
    "enforcement": _simple(ACTION_TITLES["enforcement"], [
        *TODAY_FIELD, Field("recipient", N_("Sent to (the bailiff or body)"), "text", limit="fine_case.enforcement_to"),
        Field("letter_no", N_("Covering letter No."), "text", limit="fine_case.enforcement_letter_no"), Field("reason", N_("Note"), "reason", limit="fine_event.reason"),
    ], lambda db, a, cid, v: cases.send_to_enforcement(
        db, a, cid, v["on_date"], v["reason"], recipient=v["recipient"], letter_no=v["letter_no"])),
    "cancel": _simple(ACTION_TITLES["cancel"], [*TODAY_FIELD, REASON],
                      lambda db, a, cid, v: cases.cancel_case(db, a, cid, v["on_date"], v["reason"])),
    "dates_checked": _simple(ACTION_TITLES["dates_checked"], [Field("reason", N_("What was checked"), "reason")],
                             lambda db, a, cid, v: history.confirm_dates(db, a, cid, v["reason"])),
}  # fmt: skip
