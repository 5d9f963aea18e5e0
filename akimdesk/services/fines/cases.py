"""Where a fine case is changed: each function is one user action, one transaction, with an event
(the legal history), and the outbox and audit rows written by the operation."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from akimdesk.domain.calendar import add_months
from akimdesk.domain.fields import text_problem
from akimdesk.domain.fines import FineRules, amount_tiyn, half_tiyn, status_of
from akimdesk.domain.identity import iin_birth_date
from akimdesk.i18n import N_, Msg, msg
from akimdesk.models import FineCase, FineEvent, FinePayment, OffenceArticle, new_id
from akimdesk.services import refdata, settings
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.fines.validation import (
    REQUIRED,
    CaseInput,
    DecisionInput,
    validate_case,
    validate_decision,
)
from akimdesk.services.operation import Actor, Operation, operation
from akimdesk.storage.database import Database

# Fields a correction may change once the decision is issued: who and where, never the sanction.
_CORRECTABLE_AFTER_DECISION = {
    "offence_time", "settlement_id", "offence_address", "description", "surname", "first_name",
    "patronymic", "birth_date", "org_name", "representative", "offender_address", "phone",
    "protocol_number", "protocol_author", "witnesses", "explanation", "refused_to_sign",
}  # fmt: skip


def rules(session: Session) -> FineRules:
    return FineRules.from_settings(settings.load(session))


def rules_for(op: Operation) -> FineRules:
    """The rules once per operation: an import of 10,000 rows reads the settings once."""
    if "rules" not in op.scratch:
        op.scratch["rules"] = rules(op.session)
    return op.scratch["rules"]


def display_name(data: CaseInput | FineCase) -> str:
    if data.offender_kind == "organisation":
        return data.org_name.strip()
    parts = (data.surname, data.first_name, data.patronymic)
    return " ".join(p.strip() for p in parts if p and p.strip())


def next_number(
    session: Session, year: int, scratch: dict[str, Any] | None = None
) -> tuple[str, int]:
    """The next free number of the year. `scratch` (an operation's) remembers it across rows."""
    scratch = {} if scratch is None else scratch
    pattern = scratch.get("pattern") or settings.load(session)["fines.number_pattern"]
    scratch["pattern"] = pattern
    last: dict[int, int] = scratch.setdefault("last_seq", {})
    with session.no_autoflush:  # the numbers this operation gave are in `last` already
        if year not in last:
            last[year] = (
                session.scalar(select(func.max(FineCase.seq_no)).where(FineCase.year == year)) or 0
            )
        seq = last[year] + 1
        while True:
            number = pattern.format(year=year, seq=seq)
            if session.scalar(select(FineCase.id).where(FineCase.number == number)) is None:
                last[year] = seq
                return number, seq
            seq += 1  # a number taken by an import in another pattern: skip it, never reuse


def mrp_on(op: Operation, day: date) -> int | None:
    """The МРП of a day, looked up once per operation (an import asks for the same days often)."""
    cache: dict[date, int | None] = op.scratch.setdefault("mrp", {})
    if day not in cache:
        with op.session.no_autoflush:
            cache[day] = refdata.mrp_on(op.session, day)
    return cache[day]


def _event(
    op: Operation, case: FineCase, kind: str, on: date, reason: str = "", **data: Any
) -> None:
    if problem := text_problem("fine_event", "reason", reason):
        raise ValidationError({"reason": problem})  # the operation rolls back what it did
    seqs: dict[uuid.UUID, int] = op.scratch.setdefault("event_seq", {})
    if case.id not in seqs:
        query = select(func.max(FineEvent.seq)).where(FineEvent.case_id == case.id)
        seqs[case.id] = op.session.scalar(query) or 0
    seqs[case.id] += 1
    seq = seqs[case.id]
    event = FineEvent(
        id=new_id(),
        case_id=case.id,
        seq=seq,
        kind=kind,
        on_date=on,
        author=op.actor.name,
        reason=reason,
        data={k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()},
    )
    op.add(event)


def _load(op: Operation, case_id: uuid.UUID) -> FineCase:
    case = op.session.get(FineCase, case_id)
    if case is None:
        raise fail("", N_("The case was not found."))
    return case


def _apply_input(case: FineCase, data: CaseInput, fields: set[str] | None = None) -> None:
    for key in CaseInput.__dataclass_fields__:
        value = getattr(data, key)
        if fields is not None and key not in fields:
            continue
        if key in ("mrp_count",):
            continue
        setattr(case, key, value.strip() if isinstance(value, str) else value)
    if data.offender_kind == "person" and case.birth_date is None and len(data.iin_bin) == 12:
        case.birth_date = iin_birth_date(data.iin_bin)
    case.offender_name = display_name(case)


def _protocol_terms(op: Operation, case: FineCase, article: OffenceArticle, r: FineRules) -> None:
    """Limitation and the 50% window; a provisional amount at the МРП of the protocol date."""
    case.limitation_date = r.limitation_date(case.offence_date)
    case.half_pay_until = None
    if case.penalty == "fine" and case.mrp_count:
        mrp = mrp_on(op, case.protocol_date) or 0
        case.mrp_value = mrp
        case.amount_tiyn = amount_tiyn(mrp, case.mrp_count)
        if case.admits_offence:
            case.half_pay_until = r.half_pay_until(case.protocol_date)
    else:
        case.mrp_value = case.amount_tiyn = 0


def create_case(
    db: Database,
    actor: Actor,
    data: CaseInput,
    today: date | None = None,
    import_key: str | None = None,
) -> FineCase:
    today = today or date.today()
    with operation(db, actor, "fines.create_case") as op:
        case = add_case(op, data, today, import_key)
    return case


def add_case(
    op: Operation, data: CaseInput, today: date, import_key: str | None = None
) -> FineCase:
    """The body of create_case, usable inside a larger operation (an import)."""
    s = op.session
    errors, article = validate_case(s, data, today)
    if errors:
        raise ValidationError(errors)
    assert article is not None and data.protocol_date is not None
    number, seq = next_number(s, data.protocol_date.year, op.scratch)
    case = FineCase(
        id=new_id(),
        version=1,
        number=number,
        year=data.protocol_date.year,
        seq_no=seq,
        paid_tiyn=0,
        reduced=False,
        instalment_months=0,
        mrp_value=0,
        amount_tiyn=0,
    )  # fmt: skip  (set now: column defaults apply only at INSERT, and later steps read them)
    _apply_input(case, data)
    case.mrp_count = data.mrp_count or 0 if data.penalty == "fine" else 0
    case.protocol_number = case.protocol_number or number
    case.import_key = import_key
    case.stage = "protocol"
    case.article = article  # a new case's relationship is not loaded until it is flushed
    _protocol_terms(op, case, article, rules_for(op))
    op.add(case)
    op.scratch.setdefault("event_seq", {})[case.id] = 0  # a new case has no events yet
    _event(op, case, "protocol_drawn", case.protocol_date)
    return case


def correct_case(
    db: Database,
    actor: Actor,
    case_id: uuid.UUID,
    data: CaseInput,
    reason: str,
    today: date | None = None,
) -> FineCase:
    """Edits the protocol's data. After a decision only who/where may change, with a reason."""
    today = today or date.today()
    with operation(db, actor, "fines.correct_case", reason) as op:
        case = _load(op, case_id)
        s = op.session
        if case.stage == "cancelled":
            raise fail("", N_("A cancelled case cannot be changed."))
        decided = case.stage != "protocol"
        if decided and not reason.strip():
            raise fail("reason", N_("Give the reason for the correction."))
        if decided:
            # The sanction and the legal dates stay as decided; the rest is validated as a whole.
            for key in ("offence_date", "article_id", "offender_kind", "offender_category",
                        "iin_bin", "protocol_date", "penalty", "admits_offence"):  # fmt: skip
                setattr(data, key, getattr(case, key))
            data.mrp_count = case.mrp_count if case.penalty == "fine" else None
        errors, article = validate_case(s, data, today)
        if errors:
            raise ValidationError(errors)
        assert article is not None
        before = op.snapshot(case)
        _apply_input(case, data, _CORRECTABLE_AFTER_DECISION if decided else None)
        if not decided:
            case.mrp_count = data.mrp_count or 0 if data.penalty == "fine" else 0
            _protocol_terms(op, case, article, rules_for(op))
        skip = ("updated_at", "version")
        after = case.to_dict()
        changed = [k for k, v in after.items() if k not in skip and before.get(k) != v]
        if not changed:
            return case
        op.changed(case, before)
        _event(op, case, "corrected", today, reason, fields=changed)
    return case


def issue_decision(
    db: Database, actor: Actor, case_id: uuid.UUID, data: DecisionInput, today: date | None = None
) -> FineCase:
    today = today or date.today()
    with operation(db, actor, "fines.issue_decision") as op:
        case = decide(op, _load(op, case_id), data, today)
    return case


def decide(op: Operation, case: FineCase, data: DecisionInput, today: date) -> FineCase:
    if case.stage != "protocol":
        raise fail("", N_("A decision has already been issued in this case."))
    errors, mrp = validate_decision(
        lambda day: mrp_on(op, day), case.article, case.offender_category, case.offence_date,
        case.protocol_date, case.limitation_date, data, today,
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    assert data.decision_date is not None
    before = op.snapshot(case)
    case.stage = "decided"
    case.decision_date = data.decision_date
    case.penalty = data.penalty
    if data.penalty == "fine":
        assert mrp is not None and data.mrp_count is not None
        case.mrp_count, case.mrp_value = data.mrp_count, mrp
        case.amount_tiyn = amount_tiyn(mrp, data.mrp_count)
    else:
        case.mrp_count = case.mrp_value = case.amount_tiyn = 0
        case.half_pay_until = None
    op.changed(case, before)
    _event(
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
) -> FineCase:
    today = today or date.today()
    with operation(db, actor, "fines.deliver_decision") as op:
        case = deliver(op, _load(op, case_id), delivered_on, today)
    return case


def deliver(op: Operation, case: FineCase, delivered_on: date | None, today: date) -> FineCase:
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
    r = rules_for(op)
    before = op.snapshot(case)
    case.delivery_date = delivered_on
    case.appeal_until = r.appeal_until(delivered_on)
    _set_in_force(case, r.in_force_after(case.appeal_until), r)
    op.changed(case, before)
    _event(op, case, "decision_delivered", delivered_on, appeal_until=case.appeal_until,
           in_force=case.in_force_date, pay_by=case.pay_by)  # fmt: skip
    return case


def _set_in_force(case: FineCase, in_force: date, r: FineRules) -> None:
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
        case = _load(op, case_id)
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
        _event(op, case, "appeal_filed", on, reason)
    return case


def resolve_appeal(
    db: Database, actor: Actor, case_id: uuid.UUID, on: date, upheld: bool, reason: str,
    today: date | None = None,
) -> FineCase:  # fmt: skip
    """Upheld: the decision comes into force on the ruling's date. Otherwise it is cancelled."""
    today = today or date.today()
    with operation(db, actor, "fines.resolve_appeal", reason) as op:
        case = _load(op, case_id)
        if case.stage != "appealed":
            raise fail("", N_("The case is not under appeal."))
        if on > today:
            raise fail("on_date", N_("The date cannot be in the future."))
        if not reason.strip():
            raise fail("reason", N_("Give the reference of the ruling on the appeal."))
        before = op.snapshot(case)
        if upheld:
            case.stage = "decided"
            _set_in_force(case, on, rules_for(op))
        else:
            case.stage = "cancelled"
            case.closed_date = on
        op.changed(case, before)
        _event(op, case, "appeal_upheld" if upheld else "appeal_granted", on, reason)
    return case


def add_payment(
    db: Database, actor: Actor, case_id: uuid.UUID, paid_on: date | None, amount: int | None,
    document_no: str, today: date | None = None,
) -> FineCase:  # fmt: skip
    """`amount` in tiyn. The 50% payment inside its window closes the case."""
    today = today or date.today()
    with operation(db, actor, "fines.add_payment") as op:
        case = pay(op, _load(op, case_id), paid_on, amount, document_no, today)
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
                               balance=_money(case.balance_tiyn))  # fmt: skip
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
    op.add(FinePayment(id=new_id(), case_id=case.id, paid_on=paid_on, amount_tiyn=amount,
                       document_no=document_no.strip(), author=op.actor.name))  # fmt: skip
    case.paid_tiyn += amount
    if _is_half_payment(case, paid_on):
        case.stage, case.reduced, case.closed_date = "closed", True, paid_on
    elif case.paid_tiyn >= case.amount_tiyn:
        case.stage, case.closed_date = "closed", paid_on
    op.changed(case, before)
    _event(op, case, "payment", paid_on, amount_tiyn=amount, document_no=document_no.strip())
    if case.stage == "closed":
        _event(op, case, "paid_half" if case.reduced else "paid_in_full", paid_on)
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


def _money(tiyn: int) -> str:
    from akimdesk.i18n import format_money

    return format_money(tiyn)


def grant_deferral(
    db: Database, actor: Actor, case_id: uuid.UUID, until: date | None, reason: str,
    today: date | None = None,
) -> FineCase:  # fmt: skip
    today = today or date.today()
    with operation(db, actor, "fines.grant_deferral", reason) as op:
        case = _load(op, case_id)
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
        _event(op, case, "deferral_granted", today, reason, until=until)
    return case


def grant_instalments(
    db: Database, actor: Actor, case_id: uuid.UUID, months: int | None, reason: str,
    today: date | None = None,
) -> FineCase:  # fmt: skip
    today = today or date.today()
    with operation(db, actor, "fines.grant_instalments", reason) as op:
        case = _load(op, case_id)
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
        _event(op, case, "instalments_granted", today, reason, months=months, pay_by=case.pay_by)
    return case


def _require_payable_decision(case: FineCase) -> None:
    if case.stage != "decided" or case.penalty != "fine" or case.pay_by is None:
        raise fail("", N_("Only a fine decision that has come into force can be deferred."))


def send_to_enforcement(
    db: Database, actor: Actor, case_id: uuid.UUID, on: date | None, reason: str,
    today: date | None = None,
) -> FineCase:  # fmt: skip
    today = today or date.today()
    with operation(db, actor, "fines.send_to_enforcement", reason) as op:
        case = _load(op, case_id)
        if on is None:
            raise fail("on_date", REQUIRED)
        status = status_of(case.stage, case.penalty, case.reduced, case.in_force_date,
                           case.pay_by, case.paid_tiyn, on)  # fmt: skip
        if status != "overdue":
            raise fail("", N_("Only an overdue fine can be sent for enforcement."))
        if on > today:
            raise fail("on_date", N_("The date cannot be in the future."))
        before = op.snapshot(case)
        case.stage = "enforcement"
        case.enforcement_date = on
        op.changed(case, before)
        _event(op, case, "sent_to_enforcement", on, reason, balance_tiyn=case.balance_tiyn)
    return case


def cancel_case(
    db: Database, actor: Actor, case_id: uuid.UUID, on: date | None, reason: str,
    today: date | None = None,
) -> FineCase:  # fmt: skip
    """Ends a case without penalty (e.g. limitation, no offence). The record stays."""
    today = today or date.today()
    with operation(db, actor, "fines.cancel_case", reason) as op:
        case = _load(op, case_id)
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
        _event(op, case, "cancelled", on, reason)
    return case


def renumber_case(
    db: Database, actor: Actor, case_id: uuid.UUID, reason: str, today: date | None = None
) -> FineCase:
    """Gives the case the next free number, when its number turned out to be used twice
    (two PCs, or a PC restored from an old backup). The old number stays in the history."""
    today = today or date.today()
    if not reason.strip():
        raise fail("reason", N_("Give the reason for the change."))
    with operation(db, actor, "fines.renumber_case", reason) as op:
        case = _load(op, case_id)
        before = op.snapshot(case)
        old = case.number
        case.number, case.seq_no = next_number(op.session, case.year, op.scratch)
        if case.protocol_number == old:
            case.protocol_number = case.number
        op.changed(case, before)
        _event(op, case, "renumbered", today, reason, old_number=old, new_number=case.number)
    return case


def get_case(db: Database, case_id: uuid.UUID) -> FineCase | None:
    with db.read() as s:
        case = s.get(FineCase, case_id)
        if case is not None:
            _ = case.events, case.payments  # loaded while the session is open
        return case


def find_by_number(db: Database, number: str) -> FineCase | None:
    with db.read() as s:
        case = s.scalars(select(FineCase).where(FineCase.number == number)).first()
        if case is not None:
            _ = case.events, case.payments
        return case


def as_input(case: FineCase) -> CaseInput:
    values = {k: getattr(case, k) for k in CaseInput.__dataclass_fields__ if k != "mrp_count"}
    return CaseInput(**values, mrp_count=case.mrp_count or None)
