"""What the meeting screens and the minutes read: the list, and one meeting with its quorum and
the outcome of each item computed from the office's rules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from akimdesk.domain.assemblies import MeetingRules, Outcome, Quorum, at_vote, outcome
from akimdesk.models import (
    AgendaItem,
    AssemblyMember,
    Meeting,
    MeetingAddendum,
    MeetingAttendance,
    Office,
)
from akimdesk.services import office as office_service
from akimdesk.services.assemblies import meetings
from akimdesk.services.assemblies import members as member_service
from akimdesk.storage.database import Database


@dataclass(frozen=True)
class MeetingRow:
    id: uuid.UUID
    ref: str
    year: int
    number: int
    kind: str
    meeting_date: date
    place: str
    status: str
    items: int
    present: int
    entitled: int
    signed_rules: dict[str, Any] | None = None  # the rules it was signed under, if signed


def rows(session: Session, year: int | None = None, kind: str | None = None) -> list[MeetingRow]:
    """All meetings in one query; the counts come from correlated subqueries, not per-row loads."""
    items = (
        select(func.count())
        .where(AgendaItem.meeting_id == Meeting.id, AgendaItem.withdrawn.is_(False))
        .scalar_subquery()
    )
    ticked = (
        select(func.count())
        .select_from(MeetingAttendance)
        .join(AssemblyMember, AssemblyMember.id == MeetingAttendance.member_id)
        .where(
            MeetingAttendance.meeting_id == Meeting.id,
            MeetingAttendance.present.is_(True),
            _active_on(Meeting.meeting_date),
        )
        .scalar_subquery()
    )
    members = select(func.count()).where(_active_on(Meeting.meeting_date)).scalar_subquery()
    query = select(
        Meeting.id, Meeting.ref, Meeting.year, Meeting.number, Meeting.kind, Meeting.meeting_date,
        Meeting.place, Meeting.status, items, ticked, members, Meeting.residents_present,
        Meeting.residents_entitled, Meeting.signed_present, Meeting.signed_entitled,
        Meeting.signed_rules,
    ).order_by(Meeting.meeting_date.desc(), Meeting.number.desc())  # fmt: skip
    if year:
        query = query.where(Meeting.year == year)
    if kind:
        query = query.where(Meeting.kind == kind)
    out = []
    for r in session.execute(query):
        if r.signed_present is not None:
            present, entitled = r.signed_present, r.signed_entitled or 0
        elif r.kind == "assembly":
            present, entitled = r[9], r[10]
        else:
            present, entitled = r.residents_present, r.residents_entitled
        # r[:8]: id, ref, year, number, kind, date, place, status; r[8]: items
        out.append(MeetingRow(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], present, entitled,
            r.signed_rules,
        ))  # fmt: skip
    return out


def _active_on(day: Any) -> ColumnElement[bool]:
    """Members in office on `day` (a date or a column holding one)."""
    return and_(
        AssemblyMember.delegated_on <= day,
        AssemblyMember.term_until >= day,
        or_(AssemblyMember.ended_on.is_(None), AssemblyMember.ended_on > day),
    )


def years(session: Session) -> list[int]:
    return list(session.scalars(select(Meeting.year).distinct().order_by(Meeting.year.desc())))


@dataclass
class MeetingView:
    meeting: Meeting
    office: Office | None
    rules: MeetingRules
    quorum: Quorum
    members: list[tuple[AssemblyMember, bool]]  # active on the day, and present or not
    items: list[tuple[AgendaItem, Outcome]]
    addenda: list[MeetingAddendum]


def load(db: Database, key: uuid.UUID | str) -> MeetingView | None:
    """One meeting by id or by its "number/year"."""
    with db.read() as s:
        return view_of(s, key)


def view_of(session: Session, key: uuid.UUID | str) -> MeetingView | None:
    if isinstance(key, uuid.UUID):
        meeting = session.get(Meeting, key)
    else:
        meeting = session.scalars(select(Meeting).where(Meeting.ref == key.strip())).first()
    return None if meeting is None else view(session, meeting)


def view(session: Session, meeting: Meeting) -> MeetingView:
    rules = meetings.rules_of(session, meeting)
    q = meetings.quorum_of(session, meeting, rules)
    ticked = set(
        session.scalars(
            select(MeetingAttendance.member_id).where(
                MeetingAttendance.meeting_id == meeting.id, MeetingAttendance.present.is_(True)
            )
        )
    )
    people = (
        [(m, m.id in ticked) for m in member_service.active_on(session, meeting.meeting_date)]
        if meeting.kind == "assembly"
        else []
    )
    items = [(item, outcome(item.votes, at_vote(q, item.present_at_vote), rules))
             for item in meeting.items if not item.withdrawn]  # fmt: skip
    _ = meeting.settlement, meeting.addenda, [p.settlement for p, _here in people]
    return MeetingView(
        meeting, office_service.current(session), rules, q, people, items, list(meeting.addenda)
    )
