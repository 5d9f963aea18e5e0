"""Where a meeting and its minutes are changed: each function is one user action, one
transaction, with its audit and outbox rows written by the operation.

Draft minutes can be edited; signed minutes are read-only and are corrected by addenda.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from akimdesk.domain.assemblies import MeetingRules, Quorum, quorum
from akimdesk.domain.fields import check_texts
from akimdesk.i18n import N_, Msg, Msgs, msg
from akimdesk.models import AgendaItem, Meeting, MeetingAddendum, MeetingAttendance, utcnow
from akimdesk.services import settings
from akimdesk.services.assemblies import members as member_service
from akimdesk.services.assemblies.validation import (
    REQUIRED,
    ItemInput,
    MeetingInput,
    validate_item,
    validate_meeting,
)
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.operation import Actor, Operation, operation
from akimdesk.storage.database import Database

_MEETING_FIELDS = tuple(MeetingInput.__dataclass_fields__)
_ITEM_FIELDS = tuple(ItemInput.__dataclass_fields__)


def rules(session: Session) -> MeetingRules:
    return MeetingRules.from_settings(settings.load(session))


def make_ref(number: int, year: int) -> str:
    return f"{number}/{year}"


def next_number(session: Session, year: int) -> int:
    with session.no_autoflush:
        last = session.scalar(select(func.max(Meeting.number)).where(Meeting.year == year))
    return (last or 0) + 1


def _load(op: Operation, meeting_id: uuid.UUID, *, draft: bool = True) -> Meeting:
    meeting = op.session.get(Meeting, meeting_id)
    if meeting is None:
        raise fail("", N_("The meeting was not found."))
    if draft and meeting.signed:
        raise fail("", N_("The minutes are signed and can no longer be edited; add an addendum."))
    return meeting


def _apply(meeting: Meeting, data: MeetingInput) -> None:
    for key in _MEETING_FIELDS:
        value = getattr(data, key)
        setattr(meeting, key, value.strip() if isinstance(value, str) else value)
    if data.kind == "assembly":
        meeting.residents_entitled = meeting.residents_present = 0
        meeting.settlement_id, meeting.scope, meeting.scope_other = None, "", ""


def create(op: Operation, data: MeetingInput) -> Meeting:
    errors = validate_meeting(data)
    if errors:
        raise ValidationError(errors)
    assert data.meeting_date is not None
    year = data.meeting_date.year
    number = next_number(op.session, year)
    meeting = Meeting(year=year, number=number, ref=make_ref(number, year))
    _apply(meeting, data)
    op.add(meeting)
    return meeting


def create_meeting(db: Database, actor: Actor, data: MeetingInput) -> tuple[uuid.UUID, str]:
    with operation(db, actor, "meeting.create") as op:
        meeting = create(op, data)
        op.session.flush()
        return meeting.id, meeting.ref


def update_meeting(db: Database, actor: Actor, meeting_id: uuid.UUID, data: MeetingInput) -> None:
    errors = validate_meeting(data)
    if errors:
        raise ValidationError(errors)
    assert data.meeting_date is not None
    with operation(db, actor, "meeting.update") as op:
        meeting = _load(op, meeting_id)
        if data.meeting_date.year != meeting.year:
            raise fail("meeting_date", N_("The meeting is numbered in its year; keep the year."))
        before = op.snapshot(meeting)
        _apply(meeting, data)
        op.changed(meeting, before)


def present_count(session: Session, meeting: Meeting) -> tuple[int, int]:
    """(present, entitled): members ticked among those active on the day, or the residents."""
    if meeting.kind != "assembly":
        return meeting.residents_present, meeting.residents_entitled
    active = {m.id for m in member_service.active_on(session, meeting.meeting_date)}
    ticked = session.scalars(
        select(MeetingAttendance.member_id).where(
            MeetingAttendance.meeting_id == meeting.id, MeetingAttendance.present.is_(True)
        )
    )
    return len(active & set(ticked)), len(active)


def set_attendance(
    db: Database, actor: Actor, meeting_id: uuid.UUID, marks: dict[uuid.UUID, bool]
) -> None:
    """Ticks members present or absent, many at once (bulk marking is one action)."""
    with operation(db, actor, "meeting.attendance") as op:
        meeting = _load(op, meeting_id)
        if meeting.kind != "assembly":
            raise fail("", N_("Attendance by name is kept for assemblies only."))
        active = {m.id for m in member_service.active_on(op.session, meeting.meeting_date)}
        stray = set(marks) - active
        if stray:
            raise fail("attendance", N_("Only members of the assembly on the meeting day."))
        for member_id, present in marks.items():
            rid = MeetingAttendance.id_for(meeting.id, member_id)
            row = op.session.get(MeetingAttendance, rid)
            if row is None:
                op.add(
                    MeetingAttendance(
                        id=rid, meeting_id=meeting.id, member_id=member_id, present=present
                    )
                )
            elif row.present != present:
                before = op.snapshot(row)
                row.present = present
                op.changed(row, before)


def _clean_item(data: ItemInput) -> dict[str, Any]:
    values = {k: getattr(data, k) for k in _ITEM_FIELDS}
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = value.strip()
    keys = ("name", "summary", "summary_other")
    speakers = [{k: str(s.get(k, "")).strip() for k in keys} for s in data.speakers]
    values["speakers"] = [
        {k: v for k, v in s.items() if v or k != "summary_other"}  # no empty translations kept
        for s in speakers
        if any(s.values())
    ]
    return values


def save_item(
    db: Database,
    actor: Actor,
    meeting_id: uuid.UUID,
    item_id: uuid.UUID | None,
    data: ItemInput,
) -> uuid.UUID:
    with operation(db, actor, "meeting.item_save") as op:
        meeting = _load(op, meeting_id)
        present, _ = present_count(op.session, meeting)
        errors = validate_item(data, present, meeting.language)
        if errors:
            raise ValidationError(errors)
        values = _clean_item(data)
        if item_id is None:
            position = (
                op.session.scalar(
                    select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)
                )
                or 0
            ) + 1
            item = AgendaItem(meeting_id=meeting.id, position=position, **values)
            op.add(item)
            op.session.flush()
            return item.id
        found = op.session.get(AgendaItem, item_id)
        if found is None or found.meeting_id != meeting.id:
            raise fail("", N_("The agenda item was not found."))
        item = found
        before = op.snapshot(item)
        for key, value in values.items():
            setattr(item, key, value)
        op.changed(item, before)
        return item.id


def withdraw_item(db: Database, actor: Actor, item_id: uuid.UUID) -> None:
    """Takes an item off a draft agenda; the row stays (minutes are never deleted from)."""
    with operation(db, actor, "meeting.item_withdraw") as op:
        item = op.session.get(AgendaItem, item_id)
        if item is None:
            raise fail("", N_("The agenda item was not found."))
        _load(op, item.meeting_id)
        before = op.snapshot(item)
        item.withdrawn = True
        op.changed(item, before)
        _renumber_items(op, item.meeting_id)


def move_item(db: Database, actor: Actor, item_id: uuid.UUID, delta: int) -> None:
    with operation(db, actor, "meeting.item_move") as op:
        item = op.session.get(AgendaItem, item_id)
        if item is None:
            raise fail("", N_("The agenda item was not found."))
        _load(op, item.meeting_id)
        items = _active_items(op.session, item.meeting_id)
        i = next(n for n, x in enumerate(items) if x.id == item.id)
        j = i + delta
        if not 0 <= j < len(items):
            return
        items[i], items[j] = items[j], items[i]
        _renumber_items(op, item.meeting_id, items)


def _active_items(session: Session, meeting_id: uuid.UUID) -> list[AgendaItem]:
    query = (
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting_id, AgendaItem.withdrawn.is_(False))
        .order_by(AgendaItem.position)
    )
    return list(session.scalars(query))


def _renumber_items(
    op: Operation, meeting_id: uuid.UUID, items: list[AgendaItem] | None = None
) -> None:
    for position, item in enumerate(items or _active_items(op.session, meeting_id), start=1):
        if item.position != position:
            before = op.snapshot(item)
            item.position = position
            op.changed(item, before)


def signing_errors(session: Session, meeting: Meeting, today: date) -> dict[str, str | Msg]:
    """What stands between a draft and signed minutes, field by field."""
    errors: dict[str, str | Msg] = {}
    if meeting.meeting_date > today:
        errors["meeting_date"] = N_("Minutes of a meeting in the future cannot be signed.")
    if not meeting.chair.strip():
        errors["chair"] = N_("Name the chair: the chair signs the minutes.")
    if not meeting.secretary.strip():
        errors["secretary"] = N_("Name the secretary: the secretary signs the minutes.")
    present, entitled = present_count(session, meeting)
    if meeting.kind == "assembly" and entitled == 0:
        errors["attendance"] = N_("The assembly had no members on the meeting day.")
    if meeting.kind != "assembly" and present > entitled:
        errors["residents_present"] = msg(
            "More present ({present}) than residents entitled ({entitled}).",
            present=present, entitled=entitled,
        )  # fmt: skip
    items = _active_items(session, meeting.id)
    if not items:
        errors["items"] = N_("Add at least one agenda item.")
    problems = []
    for item in items:
        if not getattr(item, f"decision_{meeting.language}").strip():
            problems.append(msg(
                "Item {n}: write the decision, or what was proposed, in the language of the "
                "minutes.", n=item.position))  # fmt: skip
        total = sum(v or 0 for v in item.votes)
        if item.present_at_vote is not None and item.present_at_vote > present:
            problems.append(msg(
                "Item {n}: more present at the vote ({at}) than at the meeting ({present}).",
                n=item.position, at=item.present_at_vote, present=present))  # fmt: skip
        elif total > present:
            problems.append(
                msg(
                    "Item {n}: the votes add up to {total}, more than the {present} present.",
                    n=item.position,
                    total=total,
                    present=present,
                )
            )
    if problems:
        errors["items"] = problems[0] if len(problems) == 1 else Msgs(problems)
    return errors


def sign(db: Database, actor: Actor, meeting_id: uuid.UUID, today: date | None = None) -> None:
    """Signs the minutes: from now on they are read-only."""
    today = today or date.today()
    with operation(db, actor, "meeting.sign") as op:
        meeting = _load(op, meeting_id)
        errors = signing_errors(op.session, meeting, today)
        if errors:
            raise ValidationError(errors)
        before = op.snapshot(meeting)
        office_rules = rules(op.session)
        q = quorum_of(op.session, meeting, office_rules)
        meeting.status, meeting.signed_at, meeting.signed_by = "signed", utcnow(), actor.name
        meeting.signed_rules = asdict(office_rules)
        meeting.signed_present, meeting.signed_entitled = q.present, q.eligible
        op.changed(meeting, before)


def add_addendum(
    db: Database,
    actor: Actor,
    meeting_id: uuid.UUID,
    reason: str,
    text: str,
    on: date | None = None,
) -> uuid.UUID:
    """A correction to signed minutes, with its reason and author; the minutes stay as signed."""
    errors: dict[str, str | Msg] = {}
    if not reason.strip():
        errors["reason"] = N_("Give the reason.")
    if not text.strip():
        errors["text"] = REQUIRED
    check_texts("meeting_addendum", {"reason": reason, "text": text}, errors)
    if errors:
        raise ValidationError(errors)
    with operation(db, actor, "meeting.addendum", reason.strip()) as op:
        meeting = _load(op, meeting_id, draft=False)
        if not meeting.signed:
            raise fail("", N_("A draft is edited directly; addenda are for signed minutes."))
        seq = (
            op.session.scalar(
                select(func.max(MeetingAddendum.seq)).where(
                    MeetingAddendum.meeting_id == meeting.id
                )
            )
            or 0
        ) + 1
        addendum = MeetingAddendum(
            meeting_id=meeting.id, seq=seq, on_date=on or date.today(), author=actor.name,
            reason=reason.strip(), text=text.strip(),
        )  # fmt: skip
        op.add(addendum)
        op.session.flush()
        return addendum.id


def renumber_meeting(db: Database, actor: Actor, meeting_id: uuid.UUID, reason: str) -> str:
    """The next free number of the year, when the district holds another meeting under ours."""
    with operation(db, actor, "meeting.renumber", reason) as op:
        meeting = _load(op, meeting_id, draft=False)
        before = op.snapshot(meeting)
        number = next_number(op.session, meeting.year)
        meeting.number, meeting.ref = number, make_ref(number, meeting.year)
        op.changed(meeting, before)
        return meeting.ref


def rules_of(session: Session, meeting: Meeting) -> MeetingRules:
    """The rules a meeting is judged by: those it was signed under, else the office's today."""
    if meeting.signed and meeting.signed_rules:
        return MeetingRules(**meeting.signed_rules)
    return rules(session)


def quorum_of(
    session: Session, meeting: Meeting, meeting_rules: MeetingRules | None = None
) -> Quorum:
    meeting_rules = meeting_rules or rules_of(session, meeting)
    if meeting.signed and meeting.signed_present is not None:
        present, entitled = meeting.signed_present, meeting.signed_entitled or 0
    else:
        present, entitled = present_count(session, meeting)
    return quorum(meeting.kind, entitled, present, meeting_rules)
