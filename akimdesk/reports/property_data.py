"""Property documents as plain data, and where they are loaded from the office's database: the
asset card, the register, the lease income, the inventory list and act, and the acts of a
movement. The renderers (`reports.property`, `reports.inventory`, `reports.asset_acts`) print
only these, so any holder of the records can print them the same way.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.domain import property as rules
from akimdesk.i18n import msg
from akimdesk.models import Asset, AssetMovement, InventoryItem
from akimdesk.reports.base import ReportError, office_of
from akimdesk.reports.bilingual import Bi
from akimdesk.services.property import campaigns, leases, queries
from akimdesk.services.property.queries import AssetFilter, AssetRow, HistoryLine
from akimdesk.storage.database import Database


@dataclass(frozen=True)
class OfficeDoc:
    name: Bi
    akim: str = ""

    @property
    def name_kk(self) -> str:  # what base.header reads
        return self.name.kk

    @property
    def name_ru(self) -> str:
        return self.name.ru


@dataclass(frozen=True)
class AssetDoc:
    number: str
    name: Bi
    category: Bi
    settlement: Bi
    address: str
    size: float | None
    unit: str
    year_built: int | None
    acquisition: str
    acquisition_doc_no: str
    acquisition_doc_date: date | None
    received_from: str
    received_on: date
    initial_value_tiyn: int
    book_value_tiyn: int
    valued_on: date
    revalued: bool
    received_depreciation_tiyn: int | None  # from the transfer act; None: revalued since
    condition: str
    title_status: str
    title_number: str
    title_date: date | None
    responsible: str
    notes: str
    status: str
    disposed_on: date | None
    valuation: rules.Valuation


def asset_doc(a: Asset) -> AssetDoc:
    return AssetDoc(
        number=a.inventory_number, name=Bi(a.name_kk, a.name_ru),
        category=Bi(a.category.name_kk, a.category.name_ru),
        settlement=Bi(a.settlement.name_kk, a.settlement.name_ru) if a.settlement else Bi(),
        address=a.address, size=a.size, unit=a.unit, year_built=a.year_built,
        acquisition=a.acquisition, acquisition_doc_no=a.acquisition_doc_no,
        acquisition_doc_date=a.acquisition_doc_date, received_from=a.received_from,
        received_on=a.received_on, initial_value_tiyn=a.initial_value_tiyn,
        book_value_tiyn=a.book_value_tiyn, valued_on=a.valued_on, revalued=a.revalued,
        received_depreciation_tiyn=None if a.revalued else a.accumulated_depreciation_tiyn,
        condition=a.condition, title_status=a.title_status, title_number=a.title_number,
        title_date=a.title_date, responsible=a.responsible, notes=a.notes, status=a.status,
        disposed_on=a.disposed_on, valuation=a.valuation,
    )  # fmt: skip


def office_doc(s: Session) -> OfficeDoc:
    office = office_of(s)  # without the office's details nothing is printed
    return OfficeDoc(Bi(office.name_kk, office.name_ru), office.akim_name)


def _asset(s: Session, number: str) -> Asset:
    asset = queries.by_number(s, number)
    if asset is None:
        raise ReportError(msg("Asset {number} was not found.", number=number))
    return asset


# --- the card -----------------------------------------------------------------------------
@dataclass(frozen=True)
class LeaseDoc:
    tenant: str
    tenant_iin_bin: str
    contract_no: str
    start: date
    end: date
    monthly_rent_tiyn: int


@dataclass(frozen=True)
class CardDoc:
    office: OfficeDoc
    asset: AssetDoc
    on: date
    depreciation_tiyn: int
    residual_tiyn: int
    history: tuple[HistoryLine, ...]
    leases: tuple[LeaseDoc, ...]
    attachments: tuple[tuple[str, str], ...]  # (file name, kind)


def load_card(db: Database, number: str, on: date) -> CardDoc:
    with db.read() as s:
        office = office_doc(s)
        card = queries.card(s, _asset(s, number).id, on)
        assert card is not None
        return CardDoc(
            office, asset_doc(card.asset), on, card.depreciation_tiyn, card.residual_tiyn,
            tuple(card.history),
            tuple(LeaseDoc(x.lease.tenant_name, x.lease.tenant_iin_bin, x.lease.contract_no,
                           x.lease.start_date, x.lease.effective_end, x.lease.monthly_rent_tiyn)
                  for x in card.leases),
            tuple((f.file_name, f.kind) for f in card.attachments),
        )  # fmt: skip


# --- the register -------------------------------------------------------------------------
@dataclass(frozen=True)
class RegisterDoc:
    office: OfficeDoc
    on: date
    rows: list[AssetRow]  # AssetRow is plain data already


def load_register(db: Database, f: AssetFilter, on: date, untitled: bool = False) -> RegisterDoc:
    with db.read() as s:
        rows = queries.register(s, f, on)
        if untitled:
            rows = [r for r in rows if r.title_status != "registered"]
        return RegisterDoc(office_doc(s), on, rows)


# --- lease income -------------------------------------------------------------------------
@dataclass(frozen=True)
class IncomeLine:
    number: str
    asset: Bi
    tenant: str
    contract_no: str
    start: date
    end: date
    monthly_rent_tiyn: int
    due_tiyn: int  # for the days of the period the lease covers
    received_tiyn: int  # paid within the period
    owed_tiyn: int  # at the end of the period, since the lease began


@dataclass(frozen=True)
class IncomeDoc:
    office: OfficeDoc
    date_from: date
    date_to: date
    lines: tuple[IncomeLine, ...]


def load_income(db: Database, date_from: date, date_to: date) -> IncomeDoc:
    """Rent due for the days of the period (part months in proportion, as the register counts
    them), rent received in it, and what is owed at its end."""
    with db.read() as s:
        office = office_doc(s)
        out = []
        for x in leases.lines(s, date_to):
            lease = x.lease
            due = rules.rent_for_period(lease.monthly_rent_tiyn, lease.start_date,
                                        lease.effective_end, date_from, date_to)  # fmt: skip
            if due == 0 and not rules.overlaps(lease.start_date, lease.effective_end, date_from,
                                               date_to):  # fmt: skip
                continue
            paid = [p for p in lease.payments if p.paid_on <= date_to]
            received = sum(p.amount_tiyn for p in paid if p.paid_on >= date_from)
            owed = rules.rent_for_period(lease.monthly_rent_tiyn, lease.start_date,
                                         lease.effective_end, lease.start_date, date_to) - sum(
                p.amount_tiyn for p in paid)  # fmt: skip
            out.append(IncomeLine(
                lease.asset.inventory_number, Bi(lease.asset.name_kk, lease.asset.name_ru),
                lease.tenant_name, lease.contract_no, lease.start_date, lease.effective_end,
                lease.monthly_rent_tiyn, due, received, max(0, owed)))  # fmt: skip
        return IncomeDoc(office, date_from, date_to, tuple(out))


# --- inventory ----------------------------------------------------------------------------
@dataclass(frozen=True)
class CommissionMember:
    name: str
    position: str
    chair: bool


def commission_of(people: list[dict[str, Any]]) -> tuple[CommissionMember, ...]:
    """The chair first, then the members as listed."""
    members = [CommissionMember(str(m.get("name", "")), str(m.get("position", "")),
                                bool(m.get("chair"))) for m in people if m.get("name")]  # fmt: skip
    return tuple(sorted(members, key=lambda m: not m.chair))


@dataclass(frozen=True)
class CampaignDoc:
    order_no: str
    order_date: date
    start_date: date
    end_date: date | None
    settlement: Bi
    commission: tuple[CommissionMember, ...]
    conclusion: str


@dataclass(frozen=True)
class CountLine:
    """One asset of an inventory: what the books said and what was found."""

    position: int
    number: str
    name: Bi
    size: float | None
    unit: str
    year_built: int | None
    responsible: str
    added_on_site: bool
    finding: str  # pending | found | not_found
    book_condition: str
    found_condition: str
    book_title_status: str
    found_title_status: str
    book_value_tiyn: int  # on the books when the inventory began (0: found on site)
    asset_value_tiyn: int  # the asset's own value (what a find on site was entered with)
    acquisition: str
    remark: str

    @property
    def book_qty(self) -> int:
        return 0 if self.added_on_site else 1

    @property
    def actual_qty(self) -> int | None:
        """None while not checked."""
        if self.finding == "pending" and not self.added_on_site:
            return None
        return 0 if self.finding == "not_found" else 1

    @property
    def actual_value_tiyn(self) -> int | None:
        qty = self.actual_qty
        if qty is None:
            return None
        return (self.asset_value_tiyn if self.added_on_site else self.book_value_tiyn) * qty


@dataclass(frozen=True)
class InventoryDoc:
    office: OfficeDoc
    campaign: CampaignDoc
    lines: tuple[CountLine, ...]
    listed: int
    found: int
    pending: int
    book_total_tiyn: int
    not_found_tiyn: int

    def section(self, kind: str) -> list[CountLine]:
        """not_found | condition | title | added: the discrepancies of the act."""
        return [x for x in self.lines if {
            "not_found": not x.added_on_site and x.finding == "not_found",
            "condition": not x.added_on_site and x.finding == "found" and bool(x.found_condition)
            and x.found_condition != x.book_condition,
            "title": not x.added_on_site and x.finding == "found" and bool(x.found_title_status)
            and x.found_title_status != x.book_title_status,
            "added": x.added_on_site,
        }[kind]]  # fmt: skip


def load_inventory(db: Database, key: str | uuid.UUID) -> InventoryDoc:
    """An inventory by id or by its order number."""
    with db.read() as s:
        campaign = campaigns.find(s, key)
        if campaign is None:
            raise ReportError(msg("Inventory {order} was not found.", order=key))
        act = campaigns.act(s, campaign.id)
        assert act is not None
        items = s.scalars(select(InventoryItem).where(InventoryItem.campaign_id == campaign.id)
                          .order_by(InventoryItem.position))  # fmt: skip
        lines = tuple(_count_line(i) for i in items)
        place = campaign.settlement
        return InventoryDoc(
            office_doc(s),
            CampaignDoc(campaign.order_no, campaign.order_date, campaign.start_date,
                        campaign.end_date, Bi(place.name_kk, place.name_ru) if place else Bi(),
                        commission_of(campaign.commission), campaign.conclusion),
            lines, act.listed, act.found, act.pending, act.book_total_tiyn, act.not_found_tiyn,
        )  # fmt: skip


def _count_line(i: InventoryItem) -> CountLine:
    a = i.asset
    return CountLine(
        i.position, a.inventory_number, Bi(a.name_kk, a.name_ru), a.size, a.unit, a.year_built,
        a.responsible, i.added_on_site, i.finding, i.book_condition, i.found_condition,
        i.book_title_status, i.found_title_status, i.book_value_tiyn, a.book_value_tiyn,
        a.acquisition, i.remark,
    )  # fmt: skip


# --- the act of a movement ----------------------------------------------------------------
@dataclass(frozen=True)
class MovementDoc:
    """A receipt (line 1 of the asset's history), a transfer or a write-off, as its act says."""

    office: OfficeDoc
    asset: AssetDoc
    line: int
    kind: str  # received | transferred | written_off
    on_date: date
    decision_no: str
    decision_date: date | None
    counterparty: str  # from whom (a receipt) or to whom
    reason: str
    act_no: str
    commission: tuple[CommissionMember, ...]
    cost_tiyn: int
    depreciation_tiyn: int | None  # None: not known (the asset was revalued since receipt)
    residual_tiyn: int | None = None


def load_movement(db: Database, key: str, kinds: tuple[str, ...]) -> MovementDoc:
    """`key`: "INVENTORY_NUMBER:LINE" (the line of the asset's history, 1 being its receipt)
    or a movement's id."""
    with db.read() as s:
        office = office_doc(s)
        asset, line, move = _find_movement(s, key.strip())
        doc = asset_doc(asset)
        if move is None:  # the receipt, from the asset's own fields
            if asset.acquisition != "transferred":
                raise ReportError(msg("Asset {number} was not received by transfer: it has no "
                                      "transfer act.", number=asset.inventory_number))  # fmt: skip
            kind = "received"
            worn = doc.received_depreciation_tiyn
            out = MovementDoc(office, doc, 1, kind, asset.received_on, asset.acquisition_doc_no,
                              asset.acquisition_doc_date, asset.received_from, "", "", (),
                              asset.initial_value_tiyn, worn,
                              None if worn is None else asset.initial_value_tiyn - worn)  # fmt: skip
        else:
            worn = rules.depreciation(asset.valuation, move.on_date)
            out = MovementDoc(office, doc, line, move.kind, move.on_date, move.decision_no,
                              move.decision_date, move.counterparty, move.reason, move.act_no,
                              commission_of(move.commission), asset.book_value_tiyn, worn,
                              move.value_before_tiyn)  # fmt: skip
    if out.kind not in kinds:
        raise ReportError(msg("Line {line} of asset {number} is not a movement this act is for.",
                              line=out.line, number=out.asset.number))  # fmt: skip
    return out


def _find_movement(s: Session, key: str) -> tuple[Asset, int, AssetMovement | None]:
    number, _sep, line_text = key.rpartition(":")
    if not number:  # a movement's id, as the asset card's window passes it
        try:
            move = s.get(AssetMovement, uuid.UUID(key))
        except ValueError:
            move = None
        if move is None:
            raise ReportError(msg("Give the movement as INVENTORY_NUMBER:LINE, e.g. 000012:2."))
        asset = s.get(Asset, move.asset_id)
        assert asset is not None
        return asset, 2 + [m.id for m in _moves(s, asset.id)].index(move.id), move
    asset = _asset(s, number)
    moves = _moves(s, asset.id)
    try:
        line = int(line_text)
    except ValueError:
        line = 0
    if not 1 <= line <= len(moves) + 1:
        raise ReportError(msg("Asset {number} has no line {line} in its history.",
                              number=number, line=line_text))  # fmt: skip
    return asset, line, None if line == 1 else moves[line - 2]


def _moves(s: Session, asset_id: uuid.UUID) -> list[AssetMovement]:
    query = (select(AssetMovement).where(AssetMovement.asset_id == asset_id)
             .order_by(AssetMovement.on_date, AssetMovement.at))  # fmt: skip
    return list(s.scalars(query))
