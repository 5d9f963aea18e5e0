"""Assembly members, meetings (assemblies and gatherings), attendance, agenda items, addenda.

A meeting is a draft until signed; after that only addenda are added. Nothing here is deleted:
members leave (`ended_on`), agenda items of a draft are withdrawn.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from akimdesk.models.base import Base, Syncable
from akimdesk.models.core import utcnow
from akimdesk.models.refdata import Settlement

ATTENDANCE_NS = uuid.UUID("6f1d0b52-3c1e-4f0a-9d7e-0a4c2b9e8a11")


class AssemblyMember(Syncable, Base):
    __tablename__ = "assembly_member"
    __sync_entity__ = "assembly_member"

    full_name: Mapped[str] = mapped_column(String(200), index=True)
    settlement_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("settlement.id"), default=None
    )
    delegated_by: Mapped[str] = mapped_column(String(300), default="")  # which gathering
    delegated_on: Mapped[date]
    term_until: Mapped[date]
    position: Mapped[str] = mapped_column(String(200), default="")  # occupation, for the minutes
    phone: Mapped[str] = mapped_column(String(50), default="")
    ended_on: Mapped[date | None] = mapped_column(default=None)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    settlement: Mapped[Settlement | None] = relationship(lazy="joined")

    def active_on(self, day: date) -> bool:
        return self.delegated_on <= day <= self.term_until and (
            self.ended_on is None or day < self.ended_on
        )


class Meeting(Syncable, Base):
    __tablename__ = "meeting"
    __sync_entity__ = "meeting"
    __table_args__ = (UniqueConstraint("year", "number"),)

    kind: Mapped[str] = mapped_column(String(20))
    # The language the minutes are kept in: their texts are typed in it; the `*_other` fields
    # and the items' other-language texts are for a bilingual printout, where entered.
    language: Mapped[str] = mapped_column(String(2), default="kk")
    year: Mapped[int]
    number: Mapped[int]
    ref: Mapped[str] = mapped_column(String(20), unique=True)  # "3/2026", what people type
    meeting_date: Mapped[date] = mapped_column(index=True)
    start_time: Mapped[str] = mapped_column(String(5), default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    convened_by: Mapped[str] = mapped_column(String(300), default="")
    chair: Mapped[str] = mapped_column(String(200), default="")
    secretary: Mapped[str] = mapped_column(String(200), default="")
    invited: Mapped[str] = mapped_column(Text, default="")  # one person per line
    place_other: Mapped[str] = mapped_column(String(300), default="")
    convened_by_other: Mapped[str] = mapped_column(String(300), default="")
    invited_other: Mapped[str] = mapped_column(Text, default="")
    # A gathering: which settlement (and street or building, for a separate gathering).
    settlement_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("settlement.id"), default=None
    )
    scope: Mapped[str] = mapped_column(String(300), default="")
    scope_other: Mapped[str] = mapped_column(String(300), default="")
    residents_entitled: Mapped[int] = mapped_column(default=0)
    residents_present: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    signed_at: Mapped[datetime | None] = mapped_column(default=None)
    signed_by: Mapped[str] = mapped_column(String(100), default="")
    # Fixed at signing: a later change of the office's rules or of a member's term must not
    # change what signed minutes say about quorum and outcomes.
    signed_rules: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    signed_present: Mapped[int | None] = mapped_column(default=None)
    signed_entitled: Mapped[int | None] = mapped_column(default=None)
    # Where the signed minutes were made public (the district's web view reads these names).
    published_on: Mapped[date | None] = mapped_column(default=None)
    published_channel: Mapped[str] = mapped_column(String(20), default="")  # PUBLICATION_CHANNELS
    published_place: Mapped[str] = mapped_column(String(300), default="")  # address or place
    published_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    settlement: Mapped[Settlement | None] = relationship(lazy="joined")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", lazy="select"
    )
    attendance: Mapped[list[MeetingAttendance]] = relationship(lazy="select")
    addenda: Mapped[list[MeetingAddendum]] = relationship(
        order_by="MeetingAddendum.seq", lazy="select"
    )

    @property
    def signed(self) -> bool:
        return self.status == "signed"


class MeetingAttendance(Syncable, Base):
    """Whether a member was present. The id is derived from (meeting, member), so two PCs
    marking the same person write the same record and meet as a version conflict."""

    __tablename__ = "meeting_attendance"
    __sync_entity__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assembly_member.id"))
    present: Mapped[bool] = mapped_column(default=False)

    @staticmethod
    def id_for(meeting_id: uuid.UUID, member_id: uuid.UUID) -> uuid.UUID:
        return uuid.uuid5(ATTENDANCE_NS, f"{meeting_id}:{member_id}")


class AgendaItem(Syncable, Base):
    __tablename__ = "agenda_item"
    __sync_entity__ = "agenda_item"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(30), default="other")
    title_kk: Mapped[str] = mapped_column(Text, default="")
    title_ru: Mapped[str] = mapped_column(Text, default="")
    rapporteur: Mapped[str] = mapped_column(String(200), default="")
    speakers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{name, summary}]
    votes_for: Mapped[int | None] = mapped_column(default=None)
    votes_against: Mapped[int | None] = mapped_column(default=None)
    votes_abstained: Mapped[int | None] = mapped_column(default=None)
    # Fewer present when this item was voted on (people left): its quorum and majority count
    # from this; None: as many as at the meeting.
    present_at_vote: Mapped[int | None] = mapped_column(default=None)
    decision_kk: Mapped[str] = mapped_column(Text, default="")
    decision_ru: Mapped[str] = mapped_column(Text, default="")
    withdrawn: Mapped[bool] = mapped_column(default=False)
    # The akim's consideration of an adopted decision, after the minutes are signed.
    considered_on: Mapped[date | None] = mapped_column(default=None)
    consideration_result: Mapped[str] = mapped_column(String(20), default="")  # CONSIDERATIONS
    consideration: Mapped[str] = mapped_column(Text, default="")  # what was done, or why not
    considered_by: Mapped[str] = mapped_column(String(200), default="")

    meeting: Mapped[Meeting] = relationship(back_populates="items")

    def title(self, lang: str) -> str:
        return (self.title_kk if lang == "kk" else self.title_ru) or self.title_kk or self.title_ru

    def decision(self, lang: str) -> str:
        own = self.decision_kk if lang == "kk" else self.decision_ru
        return own or self.decision_kk or self.decision_ru

    @property
    def votes(self) -> tuple[int | None, int | None, int | None]:
        return self.votes_for, self.votes_against, self.votes_abstained


class MeetingAddendum(Syncable, Base):
    """A correction to signed minutes: never changed, never deleted."""

    __tablename__ = "meeting_addendum"
    __sync_entity__ = "meeting_addendum"

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    seq: Mapped[int]
    on_date: Mapped[date]
    author: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = ["AgendaItem", "AssemblyMember", "Meeting", "MeetingAddendum", "MeetingAttendance"]
