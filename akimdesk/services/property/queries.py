"""What the property screens and printouts read: the register with its filters and totals, one
asset's card with its history, leases and files, and the assets without title documents.

Residual values are computed here, for the day asked, from the stored value and its date.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.domain import property as rules
from akimdesk.domain.alphabet import sort_key
from akimdesk.models import (
    Asset,
    AssetAttachment,
    AssetCategory,
    AssetMovement,
    InventoryCampaign,
    InventoryItem,
)
from akimdesk.services.property import leases as lease_service


@dataclass(frozen=True)
class AssetFilter:
    category_id: uuid.UUID | None = None
    settlement_id: uuid.UUID | None = None
    title_status: str | None = None
    condition: str | None = None
    status: str | None = "in_use"  # None: also those transferred out and written off
    search: str = ""


@dataclass
class AssetRow:
    id: uuid.UUID
    inventory_number: str
    name_kk: str
    name_ru: str
    category_code: str
    category_kk: str
    category_ru: str
    settlement_kk: str
    settlement_ru: str
    address: str
    size: float | None
    unit: str
    year_built: int | None
    received_on: date
    condition: str
    title_status: str
    status: str
    book_value_tiyn: int
    residual_tiyn: int
    category_key: str = ""  # the category's and settlement's ids as stored (hex), to filter on
    settlement_key: str | None = None

    @property
    def depreciation_tiyn(self) -> int:
        """Accumulated on the day asked, with what came with the asset (the transfer act)."""
        return self.book_value_tiyn - self.residual_tiyn

    @cached_property
    def search_text(self) -> str:
        return f"{self.inventory_number}\n{self.name_kk}\n{self.name_ru}\n{self.address}".lower()

    def name(self, lang: str) -> str:
        return (self.name_kk if lang == "kk" else self.name_ru) or self.name_kk or self.name_ru

    def category(self, lang: str) -> str:
        return self.category_kk if lang == "kk" else self.category_ru

    def settlement(self, lang: str) -> str:
        return self.settlement_kk if lang == "kk" else self.settlement_ru


@dataclass(frozen=True)
class Totals:
    count: int
    book_tiyn: int
    residual_tiyn: int

    @property
    def depreciation_tiyn(self) -> int:
        return self.book_tiyn - self.residual_tiyn


# Plain SQL read straight from the driver: SQLAlchemy's per-value conversion of ids and dates
# took most of the time for 20,000 rows; dates are parsed here only where depreciation needs them.
_REGISTER_SQL = """
SELECT a.id, a.inventory_number, a.name_kk, a.name_ru, c.code, c.name_kk, c.name_ru,
       coalesce(st.name_kk, ''), coalesce(st.name_ru, ''), a.address, a.size, a.unit,
       a.year_built, a.received_on, a.condition, a.title_status, a.status, a.book_value_tiyn,
       a.valued_on, a.life_months, a.disposed_on, a.category_id, a.settlement_id,
       a.accumulated_depreciation_tiyn
FROM asset a JOIN asset_category c ON c.id = a.category_id
LEFT JOIN settlement st ON st.id = a.settlement_id
ORDER BY a.inventory_number
"""


def load_register(s: Session, on: date) -> list[AssetRow]:
    """Every asset, with residual values on `on`: the screen keeps these and filters in memory."""
    out = []
    parse = date.fromisoformat
    for r in s.connection().exec_driver_sql(_REGISTER_SQL):
        valuation = rules.Valuation(r[17], parse(r[18]), r[19], r[23])
        residual = rules.residual(valuation, on, parse(r[20]) if r[20] else None)
        out.append(AssetRow(
            uuid.UUID(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11],
            r[12], parse(r[13]), r[14], r[15], r[16], r[17], residual, r[21], r[22],
        ))  # fmt: skip
    return out


def select_rows(rows: list[AssetRow], f: AssetFilter) -> list[AssetRow]:
    """The rows a filter keeps; about 10 ms for 20,000 rows."""
    category = f.category_id.hex if f.category_id else None
    settlement = f.settlement_id.hex if f.settlement_id else None
    text = f.search.strip().lower()
    return [
        r for r in rows
        if (not f.status or r.status == f.status)
        and (not category or r.category_key == category)
        and (not settlement or r.settlement_key == settlement)
        and (not f.title_status or r.title_status == f.title_status)
        and (not f.condition or r.condition == f.condition)
        and (not text or text in r.search_text)
    ]  # fmt: skip


def register(s: Session, f: AssetFilter, on: date) -> list[AssetRow]:
    return select_rows(load_register(s, on), f)


def totals(rows: list[AssetRow]) -> Totals:
    return Totals(
        len(rows), sum(r.book_value_tiyn for r in rows), sum(r.residual_tiyn for r in rows)
    )


def categories(s: Session) -> list[AssetCategory]:
    """In the Kazakh alphabet's order, as the register prints them."""
    return sorted(s.scalars(select(AssetCategory)), key=lambda c: sort_key(c.name_kk, "kk"))


def by_category(rows: list[AssetRow]) -> list[tuple[str, str, list[AssetRow]]]:
    """(category kk, ru, rows) in the Kazakh alphabet's order of their names: the state
    language's, so that an asset has the same number in the Kazakh and the Russian register."""
    groups: dict[str, list[AssetRow]] = {}
    for r in rows:
        groups.setdefault(r.category_code, []).append(r)
    ordered = sorted(groups.values(), key=lambda g: sort_key(g[0].category_kk, "kk"))
    return [(g[0].category_kk, g[0].category_ru, g) for g in ordered]


# --- one asset ----------------------------------------------------------------------------
@dataclass(frozen=True)
class HistoryLine:
    kind: str
    on_date: date
    decision_no: str
    decision_date: date | None
    counterparty: str
    reason: str
    value_before_tiyn: int | None
    value_after_tiyn: int | None
    author: str


@dataclass
class AssetCard:
    asset: Asset
    depreciation_tiyn: int
    residual_tiyn: int
    history: list[HistoryLine]
    leases: list[lease_service.LeaseLine]
    attachments: list[AssetAttachment]
    campaigns: list[tuple[InventoryCampaign, InventoryItem]] = field(default_factory=list)


def history(s: Session, asset: Asset) -> list[HistoryLine]:
    """The receipt (from the asset's own fields, so a corrected entry stays consistent), then
    every movement in date order."""
    first = HistoryLine("received", asset.received_on, asset.acquisition_doc_no,
                        asset.acquisition_doc_date, asset.received_from, "", None,
                        asset.initial_value_tiyn, "")  # fmt: skip
    moves = s.scalars(
        select(AssetMovement)
        .where(AssetMovement.asset_id == asset.id)
        .order_by(AssetMovement.on_date, AssetMovement.at)
    )
    return [first] + [
        HistoryLine(m.kind, m.on_date, m.decision_no, m.decision_date, m.counterparty, m.reason,
                    m.value_before_tiyn, m.value_after_tiyn, m.author)
        for m in moves
    ]  # fmt: skip


def card(s: Session, asset_id: uuid.UUID, on: date) -> AssetCard | None:
    asset = s.get(Asset, asset_id)
    if asset is None:
        return None
    dep = rules.depreciation(asset.valuation, on, asset.disposed_on)
    files = list(s.scalars(
        select(AssetAttachment)
        .where(AssetAttachment.asset_id == asset.id, AssetAttachment.removed.is_(False))
        .order_by(AssetAttachment.added_at)
    ))  # fmt: skip
    checks = list(s.execute(
        select(InventoryCampaign, InventoryItem)
        .join(InventoryItem, InventoryItem.campaign_id == InventoryCampaign.id)
        .where(InventoryItem.asset_id == asset.id)
        .order_by(InventoryCampaign.start_date)
    ).all())  # fmt: skip
    return AssetCard(
        asset, dep, asset.book_value_tiyn - dep, history(s, asset),
        lease_service.lines(s, on, asset.id), files, [(c, i) for c, i in checks],
    )  # fmt: skip


def by_number(s: Session, number: str) -> Asset | None:
    return s.scalars(select(Asset).where(Asset.inventory_number == number.strip())).first()
