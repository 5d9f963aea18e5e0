"""What follows signed minutes: where and when they were published, what the akim did with each
adopted decision, and which signed minutes are late with either ("needs action").

Neither changes the minutes: they are records about them, written by their own actions. A
recorded publication or consideration is corrected with a reason (the audit log keeps both).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.domain.assemblies import MeetingRules, at_vote, outcome, quorum
from akimdesk.domain.calendar import WORKING, DayCounter
from akimdesk.i18n import N_
from akimdesk.models import AgendaItem, Meeting
from akimdesk.services import refdata, settings
from akimdesk.services.assemblies.validation import (
    ConsiderationInput,
    PublicationInput,
    validate_consideration,
    validate_publication,
)
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.operation import Actor, operation
from akimdesk.storage.database import Database

CORRECTION = N_("It was recorded already: give the reason for the correction.")


def _refuse(errors: dict, recorded: bool, reason: str) -> None:  # type: ignore[type-arg]
    """A record made already is corrected with a reason; any refusal stops the operation."""
    if recorded and not reason.strip():
        errors["reason"] = CORRECTION
    if errors:
        raise ValidationError(errors)


def _signed_on(meeting: Meeting) -> date:
    assert meeting.signed_at is not None
    return meeting.signed_at.date()


def record_publication(db: Database, actor: Actor, meeting_id: uuid.UUID, data: PublicationInput,
                       reason: str = "", today: date | None = None) -> None:  # fmt: skip
    with operation(db, actor, "meeting.publication", reason.strip()) as op:
        meeting = op.session.get(Meeting, meeting_id)
        if meeting is None:
            raise fail("", N_("The meeting was not found."))
        if not meeting.signed:
            raise fail("", N_("Only signed minutes are published."))
        errors = validate_publication(data, _signed_on(meeting), today or date.today())
        _refuse(errors, meeting.published_on is not None, reason)
        before = op.snapshot(meeting)
        meeting.published_on, meeting.published_channel = data.published_on, data.channel
        meeting.published_place, meeting.published_by = data.place.strip(), data.by.strip()
        op.changed(meeting, before)


def record_consideration(db: Database, actor: Actor, item_id: uuid.UUID,
                         data: ConsiderationInput, reason: str = "",
                         today: date | None = None) -> None:  # fmt: skip
    """The akim's answer to an adopted decision: accepted for execution (and what was done), or
    not accepted (and why)."""
    with operation(db, actor, "meeting.consider", reason.strip()) as op:
        item = op.session.get(AgendaItem, item_id)
        if item is None or item.withdrawn:
            raise fail("", N_("The agenda item was not found."))
        meeting = item.meeting
        if not meeting.signed:
            raise fail("", N_("The akim considers the decisions of signed minutes."))
        if not _adopted(op.session, meeting, item):
            raise fail("", N_("The item was not adopted: there is no decision to consider."))
        errors = validate_consideration(data, _signed_on(meeting), today or date.today())
        _refuse(errors, item.considered_on is not None, reason)
        before = op.snapshot(item)
        item.considered_on, item.consideration_result = data.considered_on, data.result
        item.consideration, item.considered_by = data.text.strip(), data.by.strip()
        op.changed(item, before)


def _adopted(session: Session, meeting: Meeting, item: AgendaItem) -> bool:
    from akimdesk.services.assemblies import meetings

    rules = meetings.rules_of(session, meeting)
    q = at_vote(meetings.quorum_of(session, meeting, rules), item.present_at_vote)
    return outcome(item.votes, q, rules).adopted


# --- what is late -------------------------------------------------------------------------
@dataclass(frozen=True)
class FollowUp:
    """For one signed meeting: the last days to publish and to consider, and what is late."""

    publish_by: date
    consider_by: date
    publish_late: bool
    unconsidered: int  # adopted decisions the akim has not considered yet
    consider_late: bool

    @property
    def needs_action(self) -> bool:
        return self.publish_late or self.consider_late


def follow_ups(session: Session, today: date,
               only: uuid.UUID | None = None) -> dict[uuid.UUID, FollowUp]:  # fmt: skip
    """Every signed meeting's follow-up (or `only` one's), from two queries (the meetings list
    shows 2,000)."""
    values = settings.load(session)
    days = DayCounter.of_office(values, refdata.holiday_years(session))
    publish_days, consider_days = (
        values["assembly.publish_days"],
        values["assembly.consideration_days"],
    )
    office_rules = MeetingRules.from_settings(values)
    signed = session.execute(
        select(Meeting.id, Meeting.kind, Meeting.signed_at, Meeting.published_on,
               Meeting.signed_rules, Meeting.signed_present, Meeting.signed_entitled)
        .where(Meeting.status == "signed", *([Meeting.id == only] if only else []))
    ).all()  # fmt: skip
    waiting: dict[uuid.UUID, int] = {}
    items = session.execute(
        select(AgendaItem.meeting_id, AgendaItem.present_at_vote, AgendaItem.votes_for,
               AgendaItem.votes_against, AgendaItem.votes_abstained)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.status == "signed", AgendaItem.withdrawn.is_(False),
               AgendaItem.considered_on.is_(None), *([Meeting.id == only] if only else []))
    ).all()  # fmt: skip
    quorums = {}
    for m in signed:
        rules = MeetingRules(**m.signed_rules) if m.signed_rules else office_rules
        quorums[m.id] = (
            quorum(m.kind, m.signed_entitled or 0, m.signed_present or 0, rules),
            rules,
        )
    for meeting_id, present, *votes in items:
        q, rules = quorums[meeting_id]
        if outcome(tuple(votes), at_vote(q, present), rules).adopted:  # type: ignore[arg-type]
            waiting[meeting_id] = waiting.get(meeting_id, 0) + 1
    out = {}
    for m in signed:
        signed_on, left = m.signed_at.date(), waiting.get(m.id, 0)
        # Counting working days is most of the cost: only for what is still to be done (or
        # for the one meeting asked about).
        publish_by = (days.add(signed_on, publish_days, WORKING)
                      if m.published_on is None or only else signed_on)  # fmt: skip
        consider_by = days.add(signed_on, consider_days, WORKING) if left or only else signed_on
        out[m.id] = FollowUp(publish_by, consider_by, m.published_on is None and today > publish_by,
                             left, bool(left) and today > consider_by)  # fmt: skip
    return out


def follow_up(session: Session, meeting_id: uuid.UUID, today: date) -> FollowUp | None:
    return follow_ups(session, today, meeting_id).get(meeting_id)
