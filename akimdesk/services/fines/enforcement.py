"""The end of a case that is not paid: the covering letter sending the decision for
enforcement, the record of what came back, or the case cancelled without a penalty."""

from __future__ import annotations

import uuid
from datetime import date

from akimdesk.domain.fines import ENFORCEMENT_RESULTS, status_of
from akimdesk.i18n import N_, msg
from akimdesk.models import FineCase, FinePayment, new_id
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.fines.common import event, load, money
from akimdesk.services.fines.validation import REQUIRED, Errors
from akimdesk.services.operation import Actor, operation
from akimdesk.storage.database import Database


def send_to_enforcement(
    db: Database, actor: Actor, case_id: uuid.UUID, on: date | None, reason: str,
    today: date | None = None, recipient: str = "", letter_no: str = "",
) -> FineCase:  # fmt: skip
    """`recipient`: the private bailiff or body the covering letter is addressed to."""
    today = today or date.today()
    with operation(db, actor, "fines.send_to_enforcement", reason) as op:
        case = load(op, case_id)
        if on is None:
            raise fail("on_date", REQUIRED)
        status = status_of(case.stage, case.penalty, case.reduced, case.in_force_date,
                           case.pay_by, case.paid_tiyn, on)  # fmt: skip
        if status != "overdue":
            raise fail("", N_("Only an overdue fine can be sent for enforcement."))
        if on > today:
            raise fail("on_date", N_("The date cannot be in the future."))
        if not recipient.strip():
            raise fail("recipient", REQUIRED)
        before = op.snapshot(case)
        case.stage = "enforcement"
        case.enforcement_date = on
        case.enforcement_to = recipient.strip()
        case.enforcement_letter_no = letter_no.strip()
        op.changed(case, before)
        event(op, case, "sent_to_enforcement", on, reason, balance_tiyn=case.balance_tiyn,
              recipient=case.enforcement_to, letter_no=case.enforcement_letter_no)  # fmt: skip
    return case


def record_enforcement_result(
    db: Database, actor: Actor, case_id: uuid.UUID, on: date | None, result: str,
    recovered_tiyn: int | None, note: str, today: date | None = None,
) -> FineCase:  # fmt: skip
    """What came back: executed (the balance recovered, the case closes) or returned without
    execution (with what was recovered, if anything). Recovered money is a payment."""
    today = today or date.today()
    with operation(db, actor, "fines.enforcement_result", note) as op:
        case = load(op, case_id)
        if case.stage != "enforcement" or case.enforcement_result == "executed":
            raise fail("", N_("The case is not with enforcement."))
        errors: Errors = {}
        if on is None:
            errors["on_date"] = REQUIRED
        elif on > today:
            errors["on_date"] = N_("The date cannot be in the future.")
        elif case.enforcement_date and on < case.enforcement_date:
            errors["on_date"] = N_("The answer cannot be dated before the letter.")
        if result not in ENFORCEMENT_RESULTS:
            errors["result"] = N_("Choose executed or returned.")
        recovered = recovered_tiyn or 0
        if recovered < 0 or recovered > case.balance_tiyn:
            errors["recovered"] = msg("Enter an amount from 0 to the balance ({balance}).",
                                      balance=money(case.balance_tiyn))  # fmt: skip
        elif result == "executed" and recovered != case.balance_tiyn:
            errors["recovered"] = msg(
                "An executed decision recovers the whole balance ({balance}); otherwise it was "
                "returned.", balance=money(case.balance_tiyn),
            )  # fmt: skip
        if errors:
            raise ValidationError(errors)
        assert on is not None
        before = op.snapshot(case)
        if recovered:
            op.add(FinePayment(id=new_id(), case_id=case.id, paid_on=on, amount_tiyn=recovered,
                               document_no=note.strip()[:60], author=op.actor.name))  # fmt: skip
            case.paid_tiyn += recovered
            event(op, case, "payment", on, amount_tiyn=recovered, document_no=note.strip()[:60])
        case.enforcement_result, case.enforcement_result_date = result, on
        case.recovered_tiyn += recovered
        if case.paid_tiyn >= case.amount_tiyn:
            case.stage, case.closed_date = "closed", on
        op.changed(case, before)
        event(op, case, "enforcement_result", on, note, result=result, recovered_tiyn=recovered)
        if case.stage == "closed":
            event(op, case, "paid_in_full", on)
    return case


def cancel_case(
    db: Database, actor: Actor, case_id: uuid.UUID, on: date | None, reason: str,
    today: date | None = None,
) -> FineCase:  # fmt: skip
    """Ends a case without penalty (e.g. limitation, no offence). The record stays."""
    today = today or date.today()
    with operation(db, actor, "fines.cancel_case", reason) as op:
        case = load(op, case_id)
        if case.stage in ("cancelled", "closed"):
            raise fail("", N_("The case is already closed."))
        if case.paid_tiyn:
            raise fail("", N_("Money has been paid in this case; it cannot be cancelled."))
        if on is None:
            raise fail("on_date", REQUIRED)
        if on > today:
            raise fail("on_date", N_("The date cannot be in the future."))
        if not reason.strip():
            raise fail("reason", N_("Give the reason for cancelling."))
        before = op.snapshot(case)
        case.stage = "cancelled"
        case.closed_date = on
        op.changed(case, before)
        event(op, case, "cancelled", on, reason)
    return case
