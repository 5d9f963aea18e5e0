"""Cases brought in from an office's own journal, with the status their data supports.

An old case often lacks a date the app requires of a new one: a fine paid in full with no
decision date written down, a decision never marked as delivered, a protocol whose outcome the
journal does not say. Such a case goes in as far as its dates take it and is marked "dates to
check" for a person to compare with the paper file; no date is made up.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from akimdesk.domain.fines import half_tiyn
from akimdesk.i18n import N_, Msg, format_money, msg
from akimdesk.models import FineCase, FinePayment, new_id
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.fines import cases
from akimdesk.services.fines.common import event as _event
from akimdesk.services.fines.validation import REQUIRED, CaseInput, DecisionInput
from akimdesk.services.operation import Actor, Operation, operation
from akimdesk.storage.database import Database


@dataclass
class Past:
    """What the journal says happened after the protocol."""

    decision_date: date | None = None
    delivery_date: date | None = None
    paid_on: date | None = None
    paid_tiyn: int | None = None  # None with a payment date: the amount in full


def add_from_journal(
    op: Operation, data: CaseInput, past: Past, today: date, import_key: str
) -> FineCase:
    case = cases.add_case(op, data, today, import_key)
    check = False
    if past.decision_date is not None:
        cases.decide(op, case, DecisionInput(past.decision_date, data.penalty, data.mrp_count),
                     today)  # fmt: skip
        if past.delivery_date is not None:
            cases.deliver(op, case, past.delivery_date, today)
    elif past.delivery_date is not None:
        raise fail("delivery_date", N_("A delivery date needs the date of the decision."))
    if past.paid_on is not None or past.paid_tiyn:
        if past.paid_on is None:
            raise fail("paid_on", REQUIRED)
        amount = case.balance_tiyn if past.paid_tiyn is None else past.paid_tiyn
        if case.stage == "protocol" and not _half_payment(case, past.paid_on, amount):
            _paid_before_a_known_decision(op, case, past.paid_on, amount, today)
            check = True
        else:
            cases.pay(op, case, past.paid_on, amount, "", today)
    elif case.stage == "decided" and case.penalty == "fine" and case.delivery_date is None:
        check = True  # when it came into force, and so what is owed now, is unknown
    elif case.stage == "protocol" and case.limitation_date and case.limitation_date < today:
        check = True  # its outcome is not in the journal
    case.dates_to_check = check
    return case


def _half_payment(case: FineCase, on: date, amount: int) -> bool:
    """The 50% payment within its window needs no decision: the case closes by it."""
    return bool(case.admits_offence and case.half_pay_until and on <= case.half_pay_until
                and amount == half_tiyn(case.amount_tiyn))  # fmt: skip


def _paid_before_a_known_decision(op: Operation, case: FineCase, paid_on: date, amount: int,
                                  today: date) -> None:  # fmt: skip
    """The journal records a payment and no decision date: the payment is kept as it is; the
    case is closed when it was paid in full."""
    errors: dict[str, str | Msg] = {}
    if case.penalty != "fine":
        errors["penalty"] = N_("A warning is not paid.")
    elif paid_on > today:
        errors["paid_on"] = N_("The date cannot be in the future.")
    elif paid_on < case.protocol_date:
        errors["paid_on"] = N_("A payment cannot be before the protocol.")
    elif amount <= 0:
        errors["amount"] = N_("Enter an amount greater than zero.")
    elif amount > case.balance_tiyn:
        errors["amount"] = msg("The amount is more than the balance ({balance}).",
                               balance=format_money(case.balance_tiyn))  # fmt: skip
    if errors:
        raise ValidationError(errors)
    op.add(op.new(FinePayment, id=new_id(), case_id=case.id, paid_on=paid_on, amount_tiyn=amount,
                  document_no="", author=op.actor.name))  # fmt: skip
    case.paid_tiyn += amount
    _event(op, case, "payment", paid_on, amount_tiyn=amount, document_no="")
    if case.paid_tiyn >= case.amount_tiyn:
        case.stage, case.closed_date = "closed", paid_on
        _event(op, case, "paid_in_full", paid_on)


def confirm_dates(
    db: Database, actor: Actor, case_id: uuid.UUID, reason: str, today: date | None = None
) -> FineCase:
    """A person compared an imported case with the paper file: the mark goes, the check stays in
    the case's history with what she wrote."""
    today = today or date.today()
    if not reason.strip():
        raise fail("reason", N_("Write what was checked (e.g. the paper file's number)."))
    with operation(db, actor, "fines.correct_case", reason.strip()) as op:
        case = op.session.get(FineCase, case_id)
        if case is None or not case.dates_to_check:
            raise fail("", N_("The case has no dates to check."))
        before = op.snapshot(case)
        case.dates_to_check = False
        op.changed(case, before)
        _event(op, case, "dates_checked", today, reason.strip())
    return case
