"""Considering a case: the decision, its delivery, the appeal and its outcome."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from akimdesk.domain.fines import DELIVERY_METHODS, FineRules, amount_tiyn
from akimdesk.i18n import N_
from akimdesk.models import FineCase, FineDelivery, Official, new_id
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.fines.common import event, load, mrp_on, rules_for
from akimdesk.services.fines.validation import REQUIRED, DecisionInput, Errors, validate_decision
from akimdesk.services.operation import Actor, Operation, operation
from akimdesk.storage.database import Database


def issue_decision(
    db: Database, actor: Actor, case_id: uuid.UUID, data: DecisionInput, today: date | None = None
) -> FineCase:
    today = today or date.today()
    with operation(db, actor, "fines.issue_decision") as op:
        case = decide(op, load(op, case_id), data, today)
    return case


def _check_consideration(
    op: Operation, case: FineCase, data: DecisionInput, errors: Errors
) -> None:
    if data.official_id is not None and op.session.get(Official, data.official_id) is None:
        errors["official_id"] = N_("Choose an official from the list.")
    if not data.present and data.decision_date is not None:
        notified = op.session.scalar(
            select(FineDelivery.id).where(
                FineDelivery.case_id == case.id,
                FineDelivery.document == "hearing_notice",
                FineDelivery.on_date <= data.decision_date,
            )
        )
        if notified is None:
            errors["present"] = N_(
                "The person did not take part: record first how the hearing notice reached them."
            )


def decide(op: Operation, case: FineCase, data: DecisionInput, today: date) -> FineCase:
    if case.stage != "protocol":
        raise fail("", N_("A decision has already been issued in this case."))
    errors, mrp = validate_decision(
        lambda day: mrp_on(op, day), case.article, case.offender_category, case.offence_date,
        case.protocol_date, case.limitation_date, data, today,
    )  # fmt: skip
    _check_consideration(op, case, data, errors)
    if errors:
        raise ValidationError(errors)
    assert data.decision_date is not None
    before = op.snapshot(case)
    case.stage = "decided"
    case.decision_date = data.decision_date
    case.penalty = data.penalty
    case.decided_by_id = data.official_id
    case.decision_place = data.place.strip() or case.hearing_place
    case.offender_present = data.present
    case.circumstances = data.circumstances.strip()
    case.evidence, case.mitigating = data.evidence.strip(), data.mitigating.strip()
    case.aggravating = data.aggravating.strip()
    if data.penalty == "fine":
        assert mrp is not None and data.mrp_count is not None
        case.mrp_count, case.mrp_value = data.mrp_count, mrp
        case.amount_tiyn = amount_tiyn(mrp, data.mrp_count)
    else:
        case.mrp_count = case.mrp_value = case.amount_tiyn = 0
        case.half_pay_until = None
    op.changed(case, before)
    event(
        op, case, "decision_issued", data.decision_date, penalty=data.penalty,
        mrp_count=case.mrp_count, mrp_value=case.mrp_value, amount_tiyn=case.amount_tiyn,
    )  # fmt: skip
    return case


def deliver_decision(
    db: Database,
    actor: Actor,
    case_id: uuid.UUID,
    delivered_on: date | None,
    today: date | None = None,
    method: str = "handed",
    note: str = "",
) -> FineCase:
    today = today or date.today()
    with operation(db, actor, "fines.deliver_decision") as op:
        case = deliver(op, load(op, case_id), delivered_on, today, method, note)
    return case


def deliver(
    op: Operation, case: FineCase, delivered_on: date | None, today: date,
    method: str = "handed", note: str = "",
) -> FineCase:  # fmt: skip
    if case.stage != "decided" or case.decision_date is None:
        raise fail("", N_("Only an issued decision can be delivered."))
    if case.delivery_date is not None:
        raise fail("delivery_date", N_("The delivery has already been recorded."))
    if delivered_on is None:
        raise fail("delivery_date", REQUIRED)
    if delivered_on > today:
        raise fail("delivery_date", N_("The date cannot be in the future."))
    if delivered_on < case.decision_date:
        raise fail("delivery_date", N_("Delivery cannot be before the decision."))
    if method not in DELIVERY_METHODS:
        raise fail("method", N_("Choose how the paper reached the person."))
    r = rules_for(op)
    before = op.snapshot(case)
    case.delivery_date = delivered_on
    case.appeal_until = r.appeal_until(delivered_on)
    set_in_force(case, r.in_force_after(case.appeal_until), r)
    op.changed(case, before)
    op.add(op.new(FineDelivery, final=True, id=new_id(), case_id=case.id, document="decision",
                  method=method, on_date=delivered_on, note=note.strip(),
                  author=op.actor.name))  # fmt: skip
    event(op, case, "decision_delivered", delivered_on, appeal_until=case.appeal_until,
          in_force=case.in_force_date, pay_by=case.pay_by, method=method)  # fmt: skip
    return case


def set_in_force(case: FineCase, in_force: date, r: FineRules) -> None:
    case.in_force_date = in_force
    if case.penalty == "fine":
        case.pay_by = r.pay_by(in_force)
        case.enforcement_by = r.enforcement_by(case.pay_by)
    else:
        case.pay_by = case.enforcement_by = None


def file_appeal(
    db: Database, actor: Actor, case_id: uuid.UUID, on: date, reason: str, today: date | None = None
) -> FineCase:
    today = today or date.today()
    with operation(db, actor, "fines.file_appeal", reason) as op:
        case = load(op, case_id)
        if case.stage != "decided":
            raise fail("", N_("Only an issued decision can be appealed."))
        if on > today:
            raise fail("on_date", N_("The date cannot be in the future."))
        if case.decision_date and on < case.decision_date:
            raise fail("on_date", N_("An appeal cannot be before the decision."))
        if case.appeal_until and on > case.appeal_until:
            raise fail("on_date", N_("The appeal period had already ended on that date."))
        before = op.snapshot(case)
        case.stage = "appealed"
        op.changed(case, before)
        event(op, case, "appeal_filed", on, reason)
    return case


def resolve_appeal(
    db: Database, actor: Actor, case_id: uuid.UUID, on: date, upheld: bool, reason: str,
    today: date | None = None,
) -> FineCase:  # fmt: skip
    """Upheld: the decision comes into force on the ruling's date. Otherwise it is cancelled."""
    today = today or date.today()
    with operation(db, actor, "fines.resolve_appeal", reason) as op:
        case = load(op, case_id)
        if case.stage != "appealed":
            raise fail("", N_("The case is not under appeal."))
        if on > today:
            raise fail("on_date", N_("The date cannot be in the future."))
        if not reason.strip():
            raise fail("reason", N_("Give the reference of the ruling on the appeal."))
        before = op.snapshot(case)
        if upheld:
            case.stage = "decided"
            set_in_force(case, on, rules_for(op))
        else:
            case.stage = "cancelled"
            case.closed_date = on
        op.changed(case, before)
        event(op, case, "appeal_upheld" if upheld else "appeal_granted", on, reason)
    return case
