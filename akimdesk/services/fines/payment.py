"""Money in a case: payments (the 50% payment inside its window closes it), deferral and
instalments granted by the official who decided it."""

from __future__ import annotations

import uuid
from datetime import date

from akimdesk.domain.calendar import add_months
from akimdesk.domain.fields import text_problem
from akimdesk.domain.fines import half_tiyn
from akimdesk.i18n import N_, Msg, msg
from akimdesk.models import FineCase, FinePayment, new_id
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.fines.common import event, load, money, rules_for
from akimdesk.services.fines.validation import REQUIRED
from akimdesk.services.operation import Actor, Operation, operation
from akimdesk.storage.database import Database


def add_payment(
    db: Database, actor: Actor, case_id: uuid.UUID, paid_on: date | None, amount: int | None,
    document_no: str, today: date | None = None,
) -> FineCase:  # fmt: skip
    """`amount` in tiyn. The 50% payment inside its window closes the case."""
    today = today or date.today()
    with operation(db, actor, "fines.add_payment") as op:
        case = pay(op, load(op, case_id), paid_on, amount, document_no, today)
    return case


def pay(
    op: Operation, case: FineCase, paid_on: date | None, amount: int | None, document_no: str,
    today: date,
) -> FineCase:  # fmt: skip
    errors: dict[str, str | Msg] = {}
    if paid_on is None:
        errors["paid_on"] = REQUIRED
    elif paid_on > today:
        errors["paid_on"] = N_("The date cannot be in the future.")
    elif paid_on < case.protocol_date:
        errors["paid_on"] = N_("A payment cannot be before the protocol.")
    if amount is None:
        errors["amount"] = REQUIRED
    elif amount <= 0:
        errors["amount"] = N_("Enter an amount greater than zero.")
    elif amount > case.balance_tiyn:
        errors["amount"] = msg("The amount is more than the balance ({balance}).",
                               balance=money(case.balance_tiyn))  # fmt: skip
    if problem := text_problem("fine_payment", "document_no", document_no):
        errors["document_no"] = problem
    if not errors and not _payable(case, paid_on, amount):  # type: ignore[arg-type]
        errors["amount"] = N_(
            "Before the decision only the 50% payment is accepted, within its window."
        )
    if errors:
        raise ValidationError(errors)
    assert paid_on is not None and amount is not None
    before = op.snapshot(case)
    op.add(op.new(FinePayment, id=new_id(), case_id=case.id, paid_on=paid_on, amount_tiyn=amount,
                  document_no=document_no.strip(), author=op.actor.name))  # fmt: skip
    case.paid_tiyn += amount
    if _is_half_payment(case, paid_on):
        case.stage, case.reduced, case.closed_date = "closed", True, paid_on
    elif case.paid_tiyn >= case.amount_tiyn:
        case.stage, case.closed_date = "closed", paid_on
    op.changed(case, before)
    event(op, case, "payment", paid_on, amount_tiyn=amount, document_no=document_no.strip())
    if case.stage == "closed":
        event(op, case, "paid_half" if case.reduced else "paid_in_full", paid_on)
    return case


def _half_window_open(case: FineCase, on: date) -> bool:
    return bool(
        case.admits_offence and case.penalty == "fine" and case.half_pay_until
        and on <= case.half_pay_until and case.stage in ("protocol", "decided")
    )  # fmt: skip


def _payable(case: FineCase, on: date, amount: int) -> bool:
    if case.stage in ("decided", "enforcement") and case.penalty == "fine":
        return True
    return (
        case.stage == "protocol"
        and _half_window_open(case, on)
        and (case.paid_tiyn + amount == half_tiyn(case.amount_tiyn))
    )


def _is_half_payment(case: FineCase, on: date) -> bool:
    return _half_window_open(case, on) and case.paid_tiyn == half_tiyn(case.amount_tiyn)


def grant_deferral(
    db: Database, actor: Actor, case_id: uuid.UUID, until: date | None, reason: str,
    today: date | None = None,
) -> FineCase:  # fmt: skip
    today = today or date.today()
    with operation(db, actor, "fines.grant_deferral", reason) as op:
        case = load(op, case_id)
        r = rules_for(op)
        _require_payable_decision(case)
        assert case.pay_by is not None
        if until is None:
            raise fail("until", REQUIRED)
        if until <= case.pay_by or until < today:
            raise fail("until", N_("A deferral must end after the current payment deadline."))
        if until > add_months(case.pay_by, r.max_deferral_months):
            raise fail(
                "until", msg("A deferral may be at most {n} month(s).", n=r.max_deferral_months)
            )
        if not reason.strip():
            raise fail("reason", REQUIRED)
        before = op.snapshot(case)
        case.deferral_until = until
        case.pay_by = until
        case.enforcement_by = r.enforcement_by(until)
        op.changed(case, before)
        event(op, case, "deferral_granted", today, reason, until=until)
    return case


def grant_instalments(
    db: Database, actor: Actor, case_id: uuid.UUID, months: int | None, reason: str,
    today: date | None = None,
) -> FineCase:  # fmt: skip
    today = today or date.today()
    with operation(db, actor, "fines.grant_instalments", reason) as op:
        case = load(op, case_id)
        r = rules_for(op)
        _require_payable_decision(case)
        assert case.pay_by is not None
        if months is None:
            raise fail("months", REQUIRED)
        if not 1 <= months <= r.max_instalment_months:
            raise fail("months", msg("Instalments may run from 1 to {n} months.",
                                     n=r.max_instalment_months))  # fmt: skip
        if not reason.strip():
            raise fail("reason", REQUIRED)
        before = op.snapshot(case)
        case.instalment_months = months
        case.pay_by = add_months(case.pay_by, months)
        case.enforcement_by = r.enforcement_by(case.pay_by)
        op.changed(case, before)
        event(op, case, "instalments_granted", today, reason, months=months, pay_by=case.pay_by)
    return case


def _require_payable_decision(case: FineCase) -> None:
    if case.stage != "decided" or case.penalty != "fine" or case.pay_by is None:
        raise fail("", N_("Only a fine decision that has come into force can be deferred."))
