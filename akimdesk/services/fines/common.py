"""What every step of a fine case shares: the rules of the day, numbering, the МРП look-up, the
event written with each change, and loading the case an operation works on."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from akimdesk.domain.fields import text_problem
from akimdesk.domain.fines import FineRules
from akimdesk.i18n import N_, format_money
from akimdesk.models import FineCase, FineEvent, new_id
from akimdesk.models.fines import event_id
from akimdesk.services import refdata, settings
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.fines.validation import CaseInput
from akimdesk.services.operation import Operation
from akimdesk.sync import state


def rules(session: Session) -> FineRules:
    """The office's periods and the district's days off."""
    return FineRules.from_settings(settings.load(session), refdata.holiday_years(session))


def rules_for(op: Operation) -> FineRules:
    """The rules once per operation: an import of 10,000 rows reads the settings once."""
    if "rules" not in op.scratch:
        op.scratch["rules"] = rules(op.session)
    found: FineRules = op.scratch["rules"]
    return found


def display_name(data: CaseInput | FineCase) -> str:
    if data.offender_kind == "organisation":
        return data.org_name.strip()
    parts = (data.surname, data.first_name, data.patronymic)
    return " ".join(p.strip() for p in parts if p and p.strip())


MANY = 20  # numbers one operation gives before it reads those taken at once


def next_number(
    session: Session, year: int, scratch: dict[str, Any] | None = None
) -> tuple[str, int]:
    """The next free number of the year. `scratch` (an operation's) remembers it across rows;
    an operation that numbers many cases (an import) reads the numbers already taken once
    instead of asking for each."""
    scratch = {} if scratch is None else scratch
    pattern = scratch.get("pattern") or settings.load(session)["fines.number_pattern"]
    scratch["pattern"] = pattern
    last: dict[int, int] = scratch.setdefault("last_seq", {})
    scratch["numbered"] = scratch.get("numbered", 0) + 1
    with session.no_autoflush:  # the numbers this operation gave are in `last` already
        if scratch["numbered"] > MANY and "numbers_taken" not in scratch:
            scratch["numbers_taken"] = set(session.scalars(select(FineCase.number)))
        taken: set[str] | None = scratch.get("numbers_taken")
        if year not in last:
            last[year] = (
                session.scalar(select(func.max(FineCase.seq_no)).where(FineCase.year == year)) or 0
            )
        seq = last[year] + 1
        while True:
            number = pattern.format(year=year, seq=seq)
            if taken is None:
                free = session.scalar(select(FineCase.id).where(FineCase.number == number)) is None
            else:
                free = number not in taken
            if free:
                last[year] = seq
                return number, seq
            seq += 1  # a number taken by an import in another pattern: skip it, never reuse


def mrp_on(op: Operation, day: date) -> int | None:
    """The МРП of a day, looked up once per operation (an import asks for the same days often)."""
    if "mrp" not in op.scratch:
        with op.session.no_autoflush:
            op.scratch["mrp"] = refdata.mrp_table(op.session)
    table: refdata.MrpTable = op.scratch["mrp"]
    return table.on(day)


def event(
    op: Operation, case: FineCase, kind: str, on: date, reason: str = "", **data: Any
) -> None:
    if reason and (problem := text_problem("fine_event", "reason", reason)):
        raise ValidationError({"reason": problem})  # the operation rolls back what it did
    seqs: dict[uuid.UUID, int] = op.scratch.setdefault("event_seq", {})
    case_id = case.id
    if case_id not in seqs:
        query = select(func.max(FineEvent.seq)).where(FineEvent.case_id == case_id)
        seqs[case_id] = op.session.scalar(query) or 0
    seq = seqs[case_id] = seqs[case_id] + 1
    if "epoch" not in op.scratch:  # as text: formatted once, not for every event
        current = state.epoch(op.session)
        op.scratch["epoch"] = str(current) if current else None
    epoch = op.scratch["epoch"]
    op.add(
        op.new(
            FineEvent,
            final=True,
            id=event_id(case_id, seq, epoch) if epoch else new_id(),
            case_id=case_id,
            seq=seq,
            kind=kind,
            on_date=on,
            author=op.actor.name,
            reason=reason,
            data={k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()},
        )
    )


def load(op: Operation, case_id: uuid.UUID) -> FineCase:
    case = op.session.get(FineCase, case_id)
    if case is None:
        raise fail("", N_("The case was not found."))
    return case


def money(tiyn: int) -> str:
    return format_money(tiyn)
