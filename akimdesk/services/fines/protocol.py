"""The first step of a case: the protocol is drawn up, corrected, or renumbered."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from akimdesk.domain.fines import FineRules, amount_tiyn
from akimdesk.domain.identity import iin_birth_date
from akimdesk.i18n import N_
from akimdesk.models import FineCase, OffenceArticle, Official, new_id
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.fines import repeat
from akimdesk.services.fines.common import (
    display_name,
    event,
    load,
    mrp_on,
    next_number,
    rules_for,
)
from akimdesk.services.fines.validation import CaseInput, validate_case
from akimdesk.services.operation import Actor, Operation, operation
from akimdesk.storage.database import Database

# Fields a correction may change once the decision is issued: who and where, never the sanction
# or the language the decision was written in.
CORRECTABLE_AFTER_DECISION = {
    "offence_time", "settlement_id", "offence_address", "description", "surname", "first_name",
    "patronymic", "birth_date", "org_name", "representative", "offender_address", "phone",
    "protocol_number", "protocol_author", "witnesses", "explanation", "refused_to_sign",
    "author_id", "protocol_time", "protocol_place", "interpreter", "id_doc_kind",
    "id_doc_number", "id_doc_issuer", "id_doc_date", "workplace", "representative_position",
    "representative_authority", "erap_number", "erap_date", "note",
}  # fmt: skip
# What a decided case keeps as it was decided, whatever the form sends.
_FIXED_AFTER_DECISION = (
    "offence_date", "article_id", "offender_kind", "offender_category", "iin_bin",
    "protocol_date", "penalty", "admits_offence", "language", "hearing_date", "hearing_time",
    "hearing_place",
)  # fmt: skip


def _input_values(data: CaseInput, fields: set[str] | None = None) -> dict[str, Any]:
    """The form's fields as the case stores them (`fields`: only those)."""
    return {
        key: value.strip() if isinstance(value, str) else value
        for key, value in vars(data).items()  # a dataclass's fields, in their order
        if key != "mrp_count" and (fields is None or key in fields)
    }


def _apply_input(
    op: Operation, case: FineCase, data: CaseInput, fields: set[str] | None = None
) -> None:
    for key, value in _input_values(data, fields).items():
        setattr(case, key, value)
    _derived(op, case, data, fields)


def _derived(op: Operation, case: FineCase, data: CaseInput, fields: set[str] | None) -> None:
    """What the case works out from its fields: the birth date an ИИН holds, the author's name,
    the offender's name as the register shows it."""
    if data.offender_kind == "person" and case.birth_date is None and len(data.iin_bin) == 12:
        case.birth_date = iin_birth_date(data.iin_bin)
    if case.author_id is not None and (fields is None or "author_id" in fields):
        # The author's words as printed today, for the register and an export.
        official = op.session.get(Official, case.author_id)
        if official is not None:
            case.protocol_author = official.full_name
    case.offender_name = display_name(case)


def _protocol_terms(op: Operation, case: FineCase, r: FineRules) -> None:
    """Limitation and the 50% window; the amount at the МРП of the protocol date, which the
    decision keeps (art. 44 p.1)."""
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


def _repeat(
    op: Operation, data: CaseInput, article: OffenceArticle, exclude: uuid.UUID | None
) -> uuid.UUID | None:
    """Refuses a part that needs a prior penalty without one; returns that penalty's case."""
    assert data.offence_date is not None
    error, prior = repeat.check(op.session, data.iin_bin, article, data.offence_date, exclude)
    if error is not None:
        raise ValidationError({"article_id": error})
    return prior.case_id if prior is not None else None


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
    prior = _repeat(op, data, article, None)
    number, seq = next_number(s, data.protocol_date.year, op.scratch)
    values = _input_values(data)
    values["protocol_number"] = values["protocol_number"] or number
    case = op.new(
        FineCase,
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
        recovered_tiyn=0,
        **values,
        prior_case_id=prior,
        mrp_count=data.mrp_count or 0 if data.penalty == "fine" else 0,
        import_key=import_key,
        stage="protocol",
        article=article,  # a new case's relationship is not loaded until it is flushed
    )  # fmt: skip  (set now: column defaults apply only at INSERT, and later steps read them)
    _derived(op, case, data, None)
    _protocol_terms(op, case, rules_for(op))
    op.add(case)
    op.scratch.setdefault("event_seq", {})[case.id] = 0  # a new case has no events yet
    event(op, case, "protocol_drawn", case.protocol_date)
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
        case = load(op, case_id)
        s = op.session
        if case.stage == "cancelled":
            raise fail("", N_("A cancelled case cannot be changed."))
        decided = case.stage != "protocol"
        if decided and not reason.strip():
            raise fail("reason", N_("Give the reason for the correction."))
        if decided:
            # The sanction and the legal dates stay as decided; the rest is validated as a whole.
            for key in _FIXED_AFTER_DECISION:
                setattr(data, key, getattr(case, key))
            data.mrp_count = case.mrp_count if case.penalty == "fine" else None
        errors, article = validate_case(s, data, today)
        if errors:
            raise ValidationError(errors)
        assert article is not None
        before = op.snapshot(case)
        _apply_input(op, case, data, CORRECTABLE_AFTER_DECISION if decided else None)
        if not decided:
            case.prior_case_id = _repeat(op, data, article, case.id)
            case.mrp_count = data.mrp_count or 0 if data.penalty == "fine" else 0
            _protocol_terms(op, case, rules_for(op))
        skip = ("updated_at", "version")
        after = case.to_dict()
        changed = [k for k, v in after.items() if k not in skip and before.get(k) != v]
        if not changed:
            return case
        op.changed(case, before)
        event(op, case, "corrected", today, reason, fields=changed)
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
        case = load(op, case_id)
        before = op.snapshot(case)
        old = case.number
        case.number, case.seq_no = next_number(op.session, case.year, op.scratch)
        if case.protocol_number == old:
            case.protocol_number = case.number
        op.changed(case, before)
        event(op, case, "renumbered", today, reason, old_number=old, new_number=case.number)
    return case
