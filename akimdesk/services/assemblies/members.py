"""Where assembly members are added, changed and leave; the size rule of DOMAIN.md §3."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.domain.assemblies import TERM_YEARS, size_range
from akimdesk.domain.calendar import add_months
from akimdesk.domain.fields import text_problem
from akimdesk.i18n import N_, Msg, msg
from akimdesk.models import AssemblyMember, Settlement
from akimdesk.services import settings
from akimdesk.services.assemblies.validation import MemberInput, validate_member
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.operation import Actor, Operation, operation
from akimdesk.storage.database import Database


def _apply(member: AssemblyMember, data: MemberInput) -> None:
    assert data.delegated_on is not None
    member.full_name = " ".join(data.full_name.split())
    member.settlement_id = data.settlement_id
    member.delegated_by = data.delegated_by.strip()
    member.delegated_on = data.delegated_on
    member.term_until = data.term_until or add_months(data.delegated_on, 12 * TERM_YEARS)
    member.position = data.position.strip()
    member.phone = data.phone.strip()


def add(op: Operation, data: MemberInput, today: date | None = None) -> AssemblyMember:
    errors = validate_member(data, today)
    if errors:
        raise ValidationError(errors)
    member = AssemblyMember()
    _apply(member, data)
    op.add(member)
    return member


def add_member(
    db: Database, actor: Actor, data: MemberInput, today: date | None = None
) -> uuid.UUID:
    with operation(db, actor, "assembly.member_add") as op:
        member = add(op, data, today)
        op.session.flush()
        return member.id


def _load(op: Operation, member_id: uuid.UUID) -> AssemblyMember:
    member = op.session.get(AssemblyMember, member_id)
    if member is None:
        raise fail("", N_("The member was not found."))
    return member


def update_member(
    db: Database, actor: Actor, member_id: uuid.UUID, data: MemberInput, today: date | None = None
) -> None:
    errors = validate_member(data, today)
    if errors:
        raise ValidationError(errors)
    with operation(db, actor, "assembly.member_update") as op:
        member = _load(op, member_id)
        before = op.snapshot(member)
        _apply(member, data)
        op.changed(member, before)


def end_membership(
    db: Database, actor: Actor, member_id: uuid.UUID, on: date | None, reason: str
) -> None:
    """A member leaves (resigned, recalled, moved away): kept, with the date and reason."""
    if on is None:
        raise fail("ended_on", N_("This field is required."))
    if not reason.strip():
        raise fail("end_reason", N_("Give the reason."))
    if problem := text_problem("assembly_member", "end_reason", reason):
        raise fail("end_reason", problem)
    with operation(db, actor, "assembly.member_end", reason.strip()) as op:
        member = _load(op, member_id)
        if on < member.delegated_on:
            raise fail("ended_on", N_("The date is before the member was delegated."))
        before = op.snapshot(member)
        member.ended_on, member.end_reason = on, reason.strip()
        op.changed(member, before)


def members(session: Session, include_ended: bool = True) -> list[AssemblyMember]:
    rows = session.scalars(select(AssemblyMember).order_by(AssemblyMember.full_name)).all()
    return [m for m in rows if include_ended or m.ended_on is None]


def active_on(session: Session, day: date) -> list[AssemblyMember]:
    query = (
        select(AssemblyMember)
        .where(AssemblyMember.delegated_on <= day, AssemblyMember.term_until >= day)
        .where((AssemblyMember.ended_on.is_(None)) | (AssemblyMember.ended_on > day))
        .order_by(AssemblyMember.full_name)
    )
    return list(session.scalars(query))


@dataclass
class Composition:
    population: int
    size_min: int
    size_max: int
    active: int
    without_member: list[Settlement] = field(default_factory=list)
    problems: list[Msg] = field(default_factory=list)


def composition(session: Session, day: date) -> Composition:
    """Checks the assembly against the size table and "at least one member per settlement"."""
    places = list(session.scalars(select(Settlement).order_by(Settlement.name_kk)))
    population = settings.load(session)["assembly.population"] or sum(
        s.population or 0 for s in places
    )
    active = active_on(session, day)
    lo, hi = size_range(population)
    covered = {m.settlement_id for m in active}
    result = Composition(population, lo, hi, len(active))
    result.without_member = [s for s in places if s.id not in covered]
    if population and not lo <= len(active) <= hi:
        result.problems.append(
            msg(
                "For a population of {population} the assembly has {lo} to {hi} members; "
                "it has {n}.",
                population=population,
                lo=lo,
                hi=hi,
                n=len(active),
            )
        )
    if not population:
        result.problems.append(
            msg("Enter the population in Settings to check the size of the assembly.")
        )
    for place in result.without_member:
        result.problems.append(
            msg("No member from {settlement}.", settlement=place.name_kk + " / " + place.name_ru)
        )
    return result
