"""The district server's tables. Office records are kept as JSON documents per entity, owned by
one office each; the district's consolidated views read them with SQL on the JSON."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
Document = JSON().with_variant(JSONB(), "postgresql")


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        uuid.UUID: Uuid(as_uuid=True),
        dict[str, Any]: Document,
        datetime: DateTime(timezone=True),
    }


class OfficeAccount(Base):
    """A rural district's office as the server knows it; the token says which office calls."""

    __tablename__ = "office_account"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(300))
    # The district's own names of the office in each language; empty: `name` stands for both.
    name_kk: Mapped[str] = mapped_column(String(300), default="")
    name_ru: Mapped[str] = mapped_column(String(300), default="")
    bin: Mapped[str] = mapped_column(String(12), unique=True)
    district: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The token before the last rotation: a PC still sending it is told it was replaced.
    previous_token_hash: Mapped[str] = mapped_column(String(64), default="")
    token_hint: Mapped[str] = mapped_column(String(12), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_sync_at: Mapped[datetime | None] = mapped_column(default=None)
    app_version: Mapped[str] = mapped_column(String(40), default="")
    clock_skew_s: Mapped[float | None] = mapped_column(default=None)
    epoch_changes: Mapped[int] = mapped_column(default=0)
    # Counter of this office's record changes; bumped while the row is locked by the batch, so
    # an office's restore cursor never skips a change committed late.
    record_rev: Mapped[int] = mapped_column(BigInteger, default=0)
    # Set when the office's audit log stops matching the hashes the server holds (audit.py).
    audit_problem: Mapped[str] = mapped_column(String(40), default="")
    audit_problem_at: Mapped[datetime | None] = mapped_column(default=None)
    # A district person saw the problem; a newer problem (audit_problem_at later) shows again.
    audit_ack_at: Mapped[datetime | None] = mapped_column(default=None)
    audit_ack_by: Mapped[str] = mapped_column(String(200), default="")

    @property
    def audit_seen(self) -> bool:
        """The district acknowledged the office's latest audit problem."""
        return (
            self.audit_ack_at is not None
            and self.audit_problem_at is not None
            and self.audit_ack_at >= self.audit_problem_at
        )


class AuditAnchor(Base):
    """The hash of each row of an office's audit log as the server received it. A PC whose
    log was changed afterwards (even with every later hash recomputed) no longer links to it."""

    __tablename__ = "audit_anchor"

    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office_account.id"), primary_key=True)
    row_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))
    stream_id: Mapped[uuid.UUID]  # the PC's epoch: a restored file may rewrite what came after
    received_at: Mapped[datetime] = mapped_column(default=now)


class AuditAnchorReplaced(Base):
    """An anchor a new epoch of the office replaced (a restored backup, or someone passing a
    rewrite off as one): what the district held before, kept for it to compare."""

    __tablename__ = "audit_anchor_replaced"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office_account.id"), index=True)
    row_id: Mapped[int] = mapped_column(BigInteger)
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))
    stream_id: Mapped[uuid.UUID]  # the epoch that had sent it
    received_at: Mapped[datetime]
    replaced_by: Mapped[uuid.UUID]  # the epoch whose row took its place
    replaced_at: Mapped[datetime] = mapped_column(default=now)


class Stream(Base):
    """One PC's outbox stream for one epoch; a restored database starts a new stream."""

    __tablename__ = "stream"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the PC's epoch
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office_account.id"), index=True)
    pc_id: Mapped[uuid.UUID]
    high_water: Mapped[int] = mapped_column(BigInteger)
    first_seq: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_seen: Mapped[datetime] = mapped_column(default=now)


class ReceivedBatch(Base):
    """Every batch applied, with its hash and the answer given, so a resend gets the same ack."""

    __tablename__ = "received_batch"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office_account.id"), index=True)
    stream_id: Mapped[uuid.UUID]
    first_seq: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    digest: Mapped[str] = mapped_column(String(64))
    ack: Mapped[dict[str, Any]]
    received_at: Mapped[datetime] = mapped_column(default=now)


class OpLog(Base):
    """Every op ever received, by its office and id: the exactly-once guard, and where rejected
    ops stay. An op id is the office's own: another office sending the same id is not a
    duplicate of it."""

    __tablename__ = "op_log"
    __table_args__ = (Index("ix_op_log_office_status", "office_id", "status"),)

    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office_account.id"), primary_key=True)
    op_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    stream_id: Mapped[uuid.UUID]
    seq: Mapped[int] = mapped_column(BigInteger)
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(10))  # applied | rejected
    reason: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[str] = mapped_column(String(100), default="")  # the field refused
    payload: Mapped[dict[str, Any] | None] = mapped_column(Document, default=None)
    received_at: Mapped[datetime] = mapped_column(default=now)


class Record(Base):
    """The current state of one office record; `rev` orders changes for the restore cursor."""

    __tablename__ = "record"
    __table_args__ = (Index("ix_record_office_rev", "office_id", "rev"),)

    entity: Mapped[str] = mapped_column(String(50), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office_account.id"))
    version: Mapped[int]
    payload: Mapped[dict[str, Any]]
    rev: Mapped[int] = mapped_column(BigInteger)
    origin_stream: Mapped[uuid.UUID]
    updated_at: Mapped[datetime] = mapped_column(default=now)


class RefRow(Base):
    """A row of the district's reference data; office_id is set for an office's settlements."""

    __tablename__ = "ref_row"
    __table_args__ = (Index("ix_ref_row_rev", "rev"),)

    dataset: Mapped[str] = mapped_column(String(30), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    office_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("office_account.id"), default=None, index=True
    )
    rev: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[dict[str, Any]]
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=now)


class Counter(Base):
    """The reference data change counter. Its row lock serialises the district's edits, so a
    cursor never skips a change committed late (a sequence could hand out numbers out of order)."""

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class ServerSetting(Base):
    """One setting of the district server (district/settings.py), changed with
    `akimdesk-server setting NAME VALUE`."""

    __tablename__ = "server_setting"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=now)


class DistrictUser(Base):
    """A person of the district akimat, maslikhat or revision commission using the web view.
    Separate from office tokens: a login sees the offices of its own district only."""

    __tablename__ = "district_user"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    login: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))  # viewer | editor
    district: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=now)
    disabled_at: Mapped[datetime | None] = mapped_column(default=None)


class WebSession(Base):
    """A signed-in browser: the cookie holds a random token, the server only its hash."""

    __tablename__ = "web_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_user.id"))
    csrf: Mapped[str] = mapped_column(String(64))  # echoed by every form of this session
    created_at: Mapped[datetime] = mapped_column(default=now)
    expires_at: Mapped[datetime]


class DistrictLog(Base):
    """What district people did: sign-ins, reference data edits, acknowledgements."""

    __tablename__ = "district_log"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(default=now)
    login: Mapped[str] = mapped_column(String(60))
    district: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[dict[str, Any] | None] = mapped_column(Document, default=None)


# The fines projection below is written by database triggers from `record` (migration s0003),
# never by Python: the consolidated pages only read it.
class FineFact(Base):
    __tablename__ = "fine_fact"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    office_id: Mapped[uuid.UUID]
    number: Mapped[str] = mapped_column(String(40))
    stage: Mapped[str] = mapped_column(String(20))
    penalty: Mapped[str] = mapped_column(String(10))
    reduced: Mapped[bool]
    article_id: Mapped[uuid.UUID | None]
    settlement_id: Mapped[uuid.UUID | None]
    offender_name: Mapped[str] = mapped_column(String(300))
    offender_category: Mapped[str] = mapped_column(String(20))
    iin_bin: Mapped[str] = mapped_column(String(12))
    offence_date: Mapped[date | None]
    protocol_date: Mapped[date | None]
    decision_date: Mapped[date | None]
    in_force_date: Mapped[date | None]
    pay_by: Mapped[date | None]
    enforcement_date: Mapped[date | None]
    closed_date: Mapped[date | None]
    mrp_count: Mapped[int]
    amount_tiyn: Mapped[int] = mapped_column(BigInteger)
    paid_tiyn: Mapped[int] = mapped_column(BigInteger)


class FinePaid(Base):
    __tablename__ = "fine_paid"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    office_id: Mapped[uuid.UUID]
    case_id: Mapped[uuid.UUID]
    paid_on: Mapped[date | None]
    amount_tiyn: Mapped[int] = mapped_column(BigInteger)


class FineMonth(Base):
    """Sums per office, month and article: protocols by protocol date, decisions and the amount
    imposed by decision date, the amount collected by payment date."""

    __tablename__ = "fine_month"

    office_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)
    article_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    protocols: Mapped[int]
    decided: Mapped[int]
    warnings: Mapped[int]
    imposed_tiyn: Mapped[int] = mapped_column(BigInteger)
    collected_tiyn: Mapped[int] = mapped_column(BigInteger)


class Upload(Base):
    """The part of a batch's body received before the link was cut (protocol v2): the office
    asks how much arrived and sends the rest. Dropped once the batch is applied."""

    __tablename__ = "upload"

    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office_account.id"), primary_key=True)
    batch_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    total: Mapped[int] = mapped_column(BigInteger)  # the whole body's length
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the whole (compressed) body
    data: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(default=now)
