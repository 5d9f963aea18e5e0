"""Communal property: categories, assets, movements, attachments, leases and their payments,
inventory campaigns and what each check found.

Nothing here is deleted: an asset leaves the balance by a movement (transferred, written off) and
stays in the history; a lease ends early with a reason; an attachment is set aside, its file kept.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from akimdesk.domain.property import Valuation
from akimdesk.models.base import Base, Syncable
from akimdesk.models.core import utcnow
from akimdesk.models.refdata import Settlement

ITEM_NS = uuid.UUID("c41d7a2e-8b3f-4d5a-9e6c-1f2a3b4c5d6e")


class AssetCategory(Syncable, Base):
    __tablename__ = "asset_category"
    __sync_entity__ = "asset_category"

    # Unique in the office by the service, not the file: two PCs may add the same new code.
    code: Mapped[str] = mapped_column(String(30), index=True)
    name_kk: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    life_years: Mapped[int] = mapped_column(default=0)  # 0: not depreciated

    def name(self, lang: str) -> str:
        return self.name_kk if lang == "kk" else self.name_ru


class Asset(Syncable, Base):
    __tablename__ = "asset"
    __sync_entity__ = "asset"

    inventory_number: Mapped[str] = mapped_column(String(40), unique=True)
    seq: Mapped[int] = mapped_column(default=0)  # the {seq} of the number, for the next one
    name_kk: Mapped[str] = mapped_column(String(300), default="")
    name_ru: Mapped[str] = mapped_column(String(300), default="")
    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("asset_category.id"), index=True)
    settlement_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("settlement.id"), default=None, index=True
    )
    address: Mapped[str] = mapped_column(String(300), default="")
    size: Mapped[float | None] = mapped_column(default=None)  # quantity, area or length
    unit: Mapped[str] = mapped_column(String(10), default="pcs")
    year_built: Mapped[int | None] = mapped_column(default=None)
    acquisition: Mapped[str] = mapped_column(String(20), default="transferred")
    acquisition_doc_no: Mapped[str] = mapped_column(String(100), default="")
    acquisition_doc_date: Mapped[date | None] = mapped_column(default=None)
    received_from: Mapped[str] = mapped_column(String(300), default="")  # for the transfer act
    received_on: Mapped[date]  # put in service / taken on the balance
    # The book value (cost, or the last revaluation) and what depreciation runs from.
    book_value_tiyn: Mapped[int] = mapped_column(default=0)
    initial_value_tiyn: Mapped[int] = mapped_column(default=0)  # as received, for the history
    # Depreciation accumulated before `valued_on`: for an asset received used, the transfer act's
    # figure (depreciation continues from it); a revaluation starts again from 0.
    accumulated_depreciation_tiyn: Mapped[int] = mapped_column(default=0)
    valued_on: Mapped[date]
    life_months: Mapped[int] = mapped_column(default=0)  # life left at `valued_on`
    condition: Mapped[str] = mapped_column(String(20), default="good", index=True)
    title_status: Mapped[str] = mapped_column(String(20), default="none", index=True)
    title_number: Mapped[str] = mapped_column(String(100), default="")
    title_date: Mapped[date | None] = mapped_column(default=None)
    responsible: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="in_use", index=True)
    disposed_on: Mapped[date | None] = mapped_column(default=None)
    import_key: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    category: Mapped[AssetCategory] = relationship(lazy="joined")
    settlement: Mapped[Settlement | None] = relationship(lazy="joined")

    def name(self, lang: str) -> str:
        return (self.name_kk if lang == "kk" else self.name_ru) or self.name_kk or self.name_ru

    @property
    def revalued(self) -> bool:
        """The value is a revaluation's, no longer the one the asset came with."""
        return self.valued_on != self.received_on or self.book_value_tiyn != self.initial_value_tiyn

    @property
    def valuation(self) -> Valuation:
        return Valuation(
            self.book_value_tiyn, self.valued_on, self.life_months,
            self.accumulated_depreciation_tiyn or 0,
        )  # fmt: skip


class AssetMovement(Syncable, Base):
    """Received, transferred, revalued, written off: an event, never changed or deleted."""

    __tablename__ = "asset_movement"
    __sync_entity__ = "asset_movement"

    asset_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("asset.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    on_date: Mapped[date]
    decision_no: Mapped[str] = mapped_column(String(100), default="")
    decision_date: Mapped[date | None] = mapped_column(default=None)
    counterparty: Mapped[str] = mapped_column(String(300), default="")  # from or to whom
    reason: Mapped[str] = mapped_column(Text, default="")
    value_before_tiyn: Mapped[int | None] = mapped_column(default=None)
    value_after_tiyn: Mapped[int | None] = mapped_column(default=None)
    # The act printed from the movement: its number and commission [{"name", "position",
    # "chair"}], kept so that the act prints the same again.
    act_no: Mapped[str] = mapped_column(String(50), default="")
    commission: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    author: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AssetAttachment(Base):
    """A scan or photo kept in the data folder. Local to this PC: the files are not synced."""

    __tablename__ = "asset_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("asset.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="photo")
    file_name: Mapped[str] = mapped_column(String(300))  # as the person chose it
    stored_as: Mapped[str] = mapped_column(String(300))  # relative to the data folder
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(String(300), default="")
    added_by: Mapped[str] = mapped_column(String(100), default="")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed: Mapped[bool] = mapped_column(default=False)
    removed_reason: Mapped[str] = mapped_column(Text, default="")


class Lease(Syncable, Base):
    __tablename__ = "lease"
    __sync_entity__ = "lease"

    asset_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("asset.id"), index=True)
    tenant_name: Mapped[str] = mapped_column(String(300))
    tenant_iin_bin: Mapped[str] = mapped_column(String(12))
    contract_no: Mapped[str] = mapped_column(String(100))
    contract_date: Mapped[date | None] = mapped_column(default=None)
    start_date: Mapped[date]
    end_date: Mapped[date]
    monthly_rent_tiyn: Mapped[int] = mapped_column(default=0)
    purpose: Mapped[str] = mapped_column(String(300), default="")
    terminated_on: Mapped[date | None] = mapped_column(default=None)
    terminated_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    asset: Mapped[Asset] = relationship(lazy="joined")
    payments: Mapped[list[LeasePayment]] = relationship(
        order_by="LeasePayment.paid_on", lazy="select"
    )

    @property
    def effective_end(self) -> date:
        return min(self.end_date, self.terminated_on) if self.terminated_on else self.end_date


class LeasePayment(Syncable, Base):
    """Rent received for a month of a lease; never changed or deleted."""

    __tablename__ = "lease_payment"
    __sync_entity__ = "lease_payment"

    lease_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("lease.id"), index=True)
    for_month: Mapped[str] = mapped_column(String(7))  # "YYYY-MM"
    paid_on: Mapped[date]
    amount_tiyn: Mapped[int]
    document_no: Mapped[str] = mapped_column(String(100), default="")
    author: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class InventoryCampaign(Syncable, Base):
    __tablename__ = "inventory_campaign"
    __sync_entity__ = "inventory_campaign"

    order_no: Mapped[str] = mapped_column(String(50), index=True)
    order_date: Mapped[date]
    start_date: Mapped[date]
    end_date: Mapped[date | None] = mapped_column(default=None)
    settlement_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("settlement.id"), default=None
    )
    # [{"name": ..., "position": ..., "chair": bool}]: printed with a line to sign.
    commission: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    closed_on: Mapped[date | None] = mapped_column(default=None)
    closed_by: Mapped[str] = mapped_column(String(100), default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")  # the commission's proposals
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    settlement: Mapped[Settlement | None] = relationship(lazy="joined")


class InventoryItem(Syncable, Base):
    """One asset on a campaign's list: what the books said when the campaign began, and what
    the commission found. The id is derived from (campaign, asset): two laptops marking the
    same asset write the same record and meet as a version conflict."""

    __tablename__ = "inventory_item"
    __sync_entity__ = "inventory_item"
    __table_args__ = (UniqueConstraint("campaign_id", "asset_id"),)

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inventory_campaign.id"), index=True)
    asset_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("asset.id"))
    position: Mapped[int]
    added_on_site: Mapped[bool] = mapped_column(default=False)  # found on the ground, not listed
    book_value_tiyn: Mapped[int] = mapped_column(default=0)  # on the books at the start
    book_condition: Mapped[str] = mapped_column(String(20), default="")
    book_title_status: Mapped[str] = mapped_column(String(20), default="")
    finding: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    found_condition: Mapped[str] = mapped_column(String(20), default="")
    found_title_status: Mapped[str] = mapped_column(String(20), default="")
    remark: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[datetime | None] = mapped_column(default=None)
    checked_by: Mapped[str] = mapped_column(String(100), default="")

    asset: Mapped[Asset] = relationship(lazy="joined")

    @staticmethod
    def id_for(campaign_id: uuid.UUID, asset_id: uuid.UUID) -> uuid.UUID:
        return uuid.uuid5(ITEM_NS, f"{campaign_id}:{asset_id}")

    @property
    def discrepancy(self) -> bool:
        return (
            self.added_on_site
            or self.finding == "not_found"
            or bool(self.found_condition and self.found_condition != self.book_condition)
            or bool(self.found_title_status and self.found_title_status != self.book_title_status)
        )


__all__ = [
    "Asset",
    "AssetAttachment",
    "AssetCategory",
    "AssetMovement",
    "InventoryCampaign",
    "InventoryItem",
    "Lease",
    "LeasePayment",
]
