"""The fines register: a case, its events (the legal history), its payments, the records of
how its papers reached the person, and the office's officials who sign them.

A case row holds the current state and the deadlines computed from it, so that the register can
be filtered and sorted in SQL; its history is the append-only event list.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from akimdesk.models.base import Base, Syncable, derived_id, new_id
from akimdesk.models.core import utcnow
from akimdesk.models.refdata import OffenceArticle, Settlement

# Stages are stored; the status a person sees also depends on today's date (see services.fines).
STAGES = ("protocol", "decided", "appealed", "closed", "enforcement", "cancelled")


class Official(Syncable, Base):
    """One of the office's officials who draw up protocols or consider cases. Names are written
    once; positions in both languages, so a Russian document carries no Kazakh words. Never
    deleted (cases point at them): an official who left is made inactive."""

    __tablename__ = "official"
    __sync_entity__ = "official"

    full_name: Mapped[str] = mapped_column(String(200))
    position_kk: Mapped[str] = mapped_column(String(300))
    position_ru: Mapped[str] = mapped_column(String(300))
    is_akim: Mapped[bool] = mapped_column(default=False)  # considers cases by default
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def position(self, lang: str) -> str:
        return self.position_kk if lang == "kk" else self.position_ru


class FineCase(Syncable, Base):
    __tablename__ = "fine_case"
    __sync_entity__ = "fine_case"
    __table_args__ = (
        Index("ix_fine_case_year_seq", "year", "seq_no"),
        # "Needs action today": each reason is a stage and a date range (or an empty field), so
        # these find the cases concerned in a whole history (services.fines.queries); overdue
        # ones are many, so their index holds what the rule reads besides (no row look-ups).
        Index("ix_fine_case_pay_by", "stage", "pay_by", "penalty", "paid_tiyn", "amount_tiyn"),
        Index("ix_fine_case_stage_half_pay", "stage", "half_pay_until"),
        Index("ix_fine_case_stage_in_force", "stage", "in_force_date"),
        Index("ix_fine_case_stage_delivery", "stage", "delivery_date"),
        Index("ix_fine_case_stage_limitation", "stage", "limitation_date"),
        Index("ix_fine_case_stage_hearing", "stage", "hearing_date"),
        Index("ix_fine_case_erap_missing", "erap_number", "protocol_date", "stage"),
    )

    number: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int]
    seq_no: Mapped[int]
    stage: Mapped[str] = mapped_column(String(20), default="protocol", index=True)

    # The offence
    offence_date: Mapped[date] = mapped_column(index=True)
    offence_time: Mapped[str] = mapped_column(String(5), default="")
    settlement_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("settlement.id"), default=None, index=True
    )
    offence_address: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    article_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("offence_article.id"), index=True)

    # The offender: a person or an organisation
    offender_kind: Mapped[str] = mapped_column(String(12), default="person")
    offender_category: Mapped[str] = mapped_column(String(20), default="individual")
    iin_bin: Mapped[str] = mapped_column(String(12), index=True)
    surname: Mapped[str] = mapped_column(String(100), default="")
    first_name: Mapped[str] = mapped_column(String(100), default="")
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[date | None] = mapped_column(default=None)
    org_name: Mapped[str] = mapped_column(String(300), default="")
    representative: Mapped[str] = mapped_column(String(200), default="")
    offender_address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    offender_name: Mapped[str] = mapped_column(String(300), default="", index=True)
    # Identity document (kind: domain.fines.ID_DOCUMENTS), place of work or study; for an
    # organisation its representative's position and the document giving authority.
    id_doc_kind: Mapped[str] = mapped_column(String(20), default="")
    id_doc_number: Mapped[str] = mapped_column(String(40), default="")
    id_doc_issuer: Mapped[str] = mapped_column(String(200), default="")
    id_doc_date: Mapped[date | None] = mapped_column(default=None)
    workplace: Mapped[str] = mapped_column(String(300), default="")
    representative_position: Mapped[str] = mapped_column(String(200), default="")
    representative_authority: Mapped[str] = mapped_column(String(300), default="")

    # The protocol
    protocol_number: Mapped[str] = mapped_column(String(40), default="")
    protocol_date: Mapped[date] = mapped_column(index=True)
    protocol_author: Mapped[str] = mapped_column(String(200), default="")  # as typed (imports)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("official.id"), default=None)
    protocol_time: Mapped[str] = mapped_column(String(5), default="")
    protocol_place: Mapped[str] = mapped_column(String(300), default="")
    language: Mapped[str] = mapped_column(String(2), default="kk")  # of the proceedings
    interpreter: Mapped[str] = mapped_column(String(200), default="")  # empty: none took part
    hearing_date: Mapped[date | None] = mapped_column(default=None)
    hearing_time: Mapped[str] = mapped_column(String(5), default="")
    hearing_place: Mapped[str] = mapped_column(String(300), default="")
    # The unified register of administrative proceedings: typed from it, never invented here.
    erap_number: Mapped[str] = mapped_column(String(40), default="")
    erap_date: Mapped[date | None] = mapped_column(default=None)
    # The earlier penalty that makes this a repeated offence (a part that needs one).
    prior_case_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    witnesses: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    refused_to_sign: Mapped[bool] = mapped_column(default=False)
    admits_offence: Mapped[bool] = mapped_column(default=False)

    # The sanction proposed in the protocol, then imposed by the decision
    penalty: Mapped[str] = mapped_column(String(10), default="fine")
    mrp_count: Mapped[int] = mapped_column(default=0)
    decision_date: Mapped[date | None] = mapped_column(default=None, index=True)
    mrp_value: Mapped[int] = mapped_column(default=0)  # tenge, the МРП in force that day
    amount_tiyn: Mapped[int] = mapped_column(default=0)
    paid_tiyn: Mapped[int] = mapped_column(default=0)
    reduced: Mapped[bool] = mapped_column(default=False)  # closed by the 50% payment
    delivery_date: Mapped[date | None] = mapped_column(default=None)
    # The consideration: who, where, whether the person took part, what was established.
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("official.id"), default=None)
    decision_place: Mapped[str] = mapped_column(String(300), default="")
    offender_present: Mapped[bool] = mapped_column(default=True)
    circumstances: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    mitigating: Mapped[str] = mapped_column(Text, default="")
    aggravating: Mapped[str] = mapped_column(Text, default="")

    # Deadlines, computed by the service from the office's settings
    limitation_date: Mapped[date | None] = mapped_column(default=None)
    half_pay_until: Mapped[date | None] = mapped_column(default=None)
    appeal_until: Mapped[date | None] = mapped_column(default=None)
    in_force_date: Mapped[date | None] = mapped_column(default=None, index=True)
    pay_by: Mapped[date | None] = mapped_column(default=None)
    enforcement_by: Mapped[date | None] = mapped_column(default=None)
    deferral_until: Mapped[date | None] = mapped_column(default=None)
    instalment_months: Mapped[int] = mapped_column(default=0)
    enforcement_date: Mapped[date | None] = mapped_column(default=None)
    enforcement_to: Mapped[str] = mapped_column(String(300), default="")  # the bailiff or body
    enforcement_letter_no: Mapped[str] = mapped_column(String(40), default="")
    enforcement_result: Mapped[str] = mapped_column(String(10), default="")  # executed|returned
    enforcement_result_date: Mapped[date | None] = mapped_column(default=None)
    recovered_tiyn: Mapped[int] = mapped_column(default=0)
    closed_date: Mapped[date | None] = mapped_column(default=None)

    import_key: Mapped[str | None] = mapped_column(String(64), default=None, unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # Imported from an office's journal without a date the app would have required (decision,
    # delivery): shown for a person to check against the paper file; no date is made up.
    dates_to_check: Mapped[bool] = mapped_column(default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    article: Mapped[OffenceArticle] = relationship(lazy="joined")
    settlement: Mapped[Settlement | None] = relationship(lazy="joined")
    author_official: Mapped[Official | None] = relationship(foreign_keys=[author_id], lazy="joined")
    decided_by: Mapped[Official | None] = relationship(foreign_keys=[decided_by_id], lazy="joined")
    events: Mapped[list[FineEvent]] = relationship(
        back_populates="case", order_by="FineEvent.seq", lazy="select"
    )
    payments: Mapped[list[FinePayment]] = relationship(
        back_populates="case", order_by="FinePayment.paid_on", lazy="select"
    )
    deliveries: Mapped[list[FineDelivery]] = relationship(
        back_populates="case", order_by="FineDelivery.on_date", lazy="select"
    )

    @property
    def balance_tiyn(self) -> int:
        return max(self.amount_tiyn - self.paid_tiyn, 0)


class FineEvent(Syncable, Base):
    """One step of the case's legal history; never updated, never deleted."""

    __tablename__ = "fine_event"
    __sync_entity__ = "fine_event"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("fine_case.id"), index=True)
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(30))
    on_date: Mapped[date]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    author: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    case: Mapped[FineCase] = relationship(back_populates="events")


def event_id(case_id: uuid.UUID, seq: int, epoch: uuid.UUID | str) -> uuid.UUID:
    """An event's id, from its case, its place in the case's history and the sync epoch of the
    PC that wrote it: the district derives it too (from the batch's stream), so it does not
    travel. The epoch keeps two PCs' steps of one case apart, as random ids did."""
    return derived_id(case_id, f"event/{seq}/{epoch}")


class FinePayment(Syncable, Base):
    __tablename__ = "fine_payment"
    __sync_entity__ = "fine_payment"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("fine_case.id"), index=True)
    paid_on: Mapped[date]
    amount_tiyn: Mapped[int]
    document_no: Mapped[str] = mapped_column(String(60), default="")
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    case: Mapped[FineCase] = relationship(back_populates="payments")


class FineDelivery(Syncable, Base):
    """How a paper of the case reached the person (or did not): the notice of the hearing or
    the decision, handed over, by post, by a phone message, or refused. Never changed."""

    __tablename__ = "fine_delivery"
    __sync_entity__ = "fine_delivery"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("fine_case.id"), index=True)
    document: Mapped[str] = mapped_column(String(20))  # hearing_notice | decision
    method: Mapped[str] = mapped_column(String(10))  # domain.fines.DELIVERY_METHODS
    on_date: Mapped[date]
    note: Mapped[str] = mapped_column(String(300), default="")  # receipt or message number
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    case: Mapped[FineCase] = relationship(back_populates="deliveries")


__all__ = ["STAGES", "FineCase", "FineDelivery", "FineEvent", "FinePayment", "Official", "new_id"]
