"""Where an inventory campaign (түгендеу / инвентаризация) is kept: the order and commission,
the list of assets to check, what was found on the ground, and the results act.

The list freezes what the books said when the campaign began, so the act compares the ground with
the books of that day. Closing the campaign brings the condition and title status found into the
register; the campaign and its findings stay as they were.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from akimdesk.domain.fields import text_problem
from akimdesk.domain.property import CONDITIONS, FINDINGS, TITLE_STATUSES
from akimdesk.i18n import N_, msg
from akimdesk.models import Asset, InventoryCampaign, InventoryItem, new_id, utcnow
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.operation import Actor, Operation, operation
from akimdesk.services.property import assets
from akimdesk.services.property.validation import (
    AssetInput,
    CampaignInput,
    validate_campaign,
)
from akimdesk.storage.database import Database


def start_campaign(db: Database, actor: Actor, data: CampaignInput) -> uuid.UUID:
    """Opens a campaign listing every asset on the balance (of one settlement, if chosen)."""
    errors = validate_campaign(data)
    if errors:
        raise ValidationError(errors)
    with operation(db, actor, "property.inventory_start") as op:
        s = op.session
        if s.scalar(select(InventoryCampaign.id).where(
                InventoryCampaign.order_no == data.order_no.strip())):  # fmt: skip
            raise fail("order_no", N_("A campaign with this order number exists."))
        campaign = InventoryCampaign(
            id=new_id(), order_no=data.order_no.strip(), order_date=data.order_date,
            start_date=data.start_date, settlement_id=data.settlement_id,
            commission=[{"name": str(m["name"]).strip(), "position": str(m.get("position", "")).strip(),
                         "chair": bool(m.get("chair"))}
                        for m in data.commission if str(m.get("name", "")).strip()],
        )  # fmt: skip
        op.add(campaign)
        query = select(Asset).where(Asset.status == "in_use").order_by(Asset.inventory_number)
        if data.settlement_id:
            query = query.where(Asset.settlement_id == data.settlement_id)
        for position, asset in enumerate(s.scalars(query), start=1):
            op.add(_item(campaign, asset, position))
        return campaign.id


def _item(campaign: InventoryCampaign, asset: Asset, position: int, **kw: Any) -> InventoryItem:
    return InventoryItem(
        id=InventoryItem.id_for(campaign.id, asset.id), campaign_id=campaign.id,
        asset_id=asset.id, position=position, book_value_tiyn=asset.book_value_tiyn,
        book_condition=asset.condition, book_title_status=asset.title_status, **kw,
    )  # fmt: skip


def _open(op: Operation, campaign_id: uuid.UUID) -> InventoryCampaign:
    campaign = op.session.get(InventoryCampaign, campaign_id)
    if campaign is None:
        raise fail("", N_("The inventory was not found."))
    if campaign.status != "open":
        raise fail("", N_("The inventory is closed: its findings are kept as they are."))
    return campaign


def mark(db: Database, actor: Actor, item_id: uuid.UUID, finding: str, condition: str = "",
         title_status: str = "", remark: str = "") -> None:  # fmt: skip
    """One tap on the walk: found or not, and what condition and documents were seen."""
    if finding not in FINDINGS:
        raise fail("finding", N_("This field is required."))
    if condition and condition not in CONDITIONS:
        raise fail("found_condition", N_("This field is required."))
    if title_status and title_status not in TITLE_STATUSES:
        raise fail("found_title_status", N_("This field is required."))
    if problem := text_problem("inventory_item", "remark", remark):
        raise fail("remark", problem)
    with operation(db, actor, "property.inventory_mark") as op:
        item = op.session.get(InventoryItem, item_id)
        if item is None:
            raise fail("", N_("The asset is not on this inventory's list."))
        _open(op, item.campaign_id)
        before = op.snapshot(item)
        item.finding = finding
        if finding == "not_found":  # nothing was seen to have a condition
            item.found_condition = item.found_title_status = ""
        else:
            item.found_condition = condition or item.found_condition
            item.found_title_status = title_status or item.found_title_status
        item.remark = remark.strip() if remark else item.remark
        item.checked_at, item.checked_by = (utcnow(), op.actor.name) if finding != "pending" else (None, "")  # fmt: skip
        op.changed(item, before)


def add_found(db: Database, actor: Actor, campaign_id: uuid.UUID, data: AssetInput,
              today: date | None = None) -> str:  # fmt: skip
    """An object found on the ground that the books lack: entered in the register (as found in
    the inventory) and on the campaign's list. Returns its inventory number."""
    data.acquisition = "found" if data.acquisition == "transferred" else data.acquisition
    with operation(db, actor, "property.inventory_add_found") as op:
        campaign = _open(op, campaign_id)
        asset = assets.add(op, data, today or date.today())
        op.session.flush()
        last = op.session.scalar(
            select(func.max(InventoryItem.position)).where(InventoryItem.campaign_id == campaign.id)
        )
        item = _item(campaign, asset, (last or 0) + 1, added_on_site=True, finding="found",
                     found_condition=asset.condition, found_title_status=asset.title_status,
                     checked_at=utcnow(), checked_by=op.actor.name)  # fmt: skip
        item.book_value_tiyn, item.book_condition, item.book_title_status = 0, "", ""
        op.add(item)
        return asset.inventory_number


def close_campaign(db: Database, actor: Actor, campaign_id: uuid.UUID, closed_on: date | None,
                   conclusion: str = "") -> None:  # fmt: skip
    if closed_on is None:
        raise fail("closed_on", N_("This field is required."))
    if problem := text_problem("inventory_campaign", "conclusion", conclusion):
        raise fail("conclusion", problem)
    with operation(db, actor, "property.inventory_close") as op:
        campaign = _open(op, campaign_id)
        if closed_on < campaign.start_date:
            raise fail("closed_on", N_("The inventory cannot end before it started."))
        pending = op.session.scalar(select(func.count()).where(
            InventoryItem.campaign_id == campaign.id, InventoryItem.finding == "pending"))  # fmt: skip
        if pending:
            raise fail("closed_on", msg(
                "{n} assets have not been checked yet: mark each as found or not found.", n=pending))  # fmt: skip
        items = op.session.scalars(
            select(InventoryItem).where(InventoryItem.campaign_id == campaign.id)
        )
        for item in items:  # the register takes what the commission saw
            asset = item.asset
            before = op.snapshot(asset)
            changed = False
            if item.found_condition and item.found_condition != asset.condition:
                asset.condition, changed = item.found_condition, True
            if item.found_title_status and item.found_title_status != asset.title_status:
                asset.title_status, changed = item.found_title_status, True
            if changed:
                op.changed(asset, before)
        before = op.snapshot(campaign)
        campaign.status, campaign.end_date, campaign.closed_on = "closed", closed_on, closed_on
        campaign.closed_by, campaign.conclusion = op.actor.name, conclusion.strip()
        op.changed(campaign, before)


# --- the results act ----------------------------------------------------------------------
@dataclass
class Act:
    campaign: InventoryCampaign
    listed: int = 0  # on the list from the books
    found: int = 0
    not_found: list[InventoryItem] = field(default_factory=list)
    condition_changed: list[InventoryItem] = field(default_factory=list)
    title_changed: list[InventoryItem] = field(default_factory=list)
    added_on_site: list[InventoryItem] = field(default_factory=list)
    pending: int = 0
    book_total_tiyn: int = 0
    not_found_tiyn: int = 0


def act(s: Session, campaign_id: uuid.UUID) -> Act | None:
    campaign = s.get(InventoryCampaign, campaign_id)
    if campaign is None:
        return None
    out = Act(campaign)
    query = (
        select(InventoryItem)
        .where(InventoryItem.campaign_id == campaign_id)
        .order_by(InventoryItem.position)
    )
    for item in s.scalars(query):
        if item.added_on_site:
            out.added_on_site.append(item)
            continue
        out.listed += 1
        out.book_total_tiyn += item.book_value_tiyn
        if item.finding == "pending":
            out.pending += 1
        elif item.finding == "not_found":
            out.not_found.append(item)
            out.not_found_tiyn += item.book_value_tiyn
        else:
            out.found += 1
            if item.found_condition and item.found_condition != item.book_condition:
                out.condition_changed.append(item)
            if item.found_title_status and item.found_title_status != item.book_title_status:
                out.title_changed.append(item)
    return out


def find(s: Session, key: str | uuid.UUID) -> InventoryCampaign | None:
    """A campaign by id or by its order number (what the command line is given)."""
    if isinstance(key, uuid.UUID):
        return s.get(InventoryCampaign, key)
    return s.scalars(
        select(InventoryCampaign).where(InventoryCampaign.order_no == key.strip())
    ).first()


def campaigns(s: Session) -> list[InventoryCampaign]:
    return list(s.scalars(select(InventoryCampaign).order_by(InventoryCampaign.order_date.desc())))


def progress(s: Session, campaign_id: uuid.UUID) -> tuple[int, int]:
    """(checked, on the list)."""
    rows = dict(
        s.execute(
            select(InventoryItem.finding == "pending", func.count())
            .where(InventoryItem.campaign_id == campaign_id)
            .group_by(InventoryItem.finding == "pending")
        ).all()
    )
    # SQLite answers the comparison with 1/0, which equal True/False as dict keys.
    pending = rows.get(True, 0)
    checked = rows.get(False, 0)
    return checked, checked + pending


def items(s: Session, campaign_id: uuid.UUID) -> list[InventoryItem]:
    """The campaign's list in the order it was frozen, with each asset loaded for the walk screen."""
    return list(
        s.scalars(
            select(InventoryItem)
            .where(InventoryItem.campaign_id == campaign_id)
            .order_by(InventoryItem.position)
        )
    )
