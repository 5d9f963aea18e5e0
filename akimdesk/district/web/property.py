"""Communal property across the district: totals by office and category (residual values by the
desktop's own depreciation rule), assets without title documents, leases and their income.

A district holds thousands of assets, not millions: the records are read as sent and summed
here with domain.property, so the district sees the numbers the offices see."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import BigInteger, func, select
from sqlalchemy.orm import Session

from akimdesk.district.models import Record
from akimdesk.district.web.core import (
    Viewer,
    name_of,
    viewer,
    year_page,
)
from akimdesk.district.web.listing import natural_key
from akimdesk.district.web.refdata import settlement_names
from akimdesk.district.web.tables import Column, Table, sums
from akimdesk.domain import property as rules
from akimdesk.i18n import N_

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50  # rows of the asset and lease lists on a page; the XLSX has them all


def _d(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


# The fields of an asset these tables read: taken out in SQL as text, since decoding thousands
# of whole JSON documents was most of the page's time (bench/district.py).
ASSET_FIELDS = ("id", "inventory_number", "category_id", "status", "book_value_tiyn", "valued_on",
                "received_on", "life_months", "disposed_on", "title_status", "name_kk", "name_ru",
                "settlement_id", "accumulated_depreciation_tiyn")  # fmt: skip
NUMBERS = ("book_value_tiyn", "life_months", "accumulated_depreciation_tiyn")


def load(s: Session, ids: list[uuid.UUID], year: int) -> dict[str, Any]:
    out: dict[str, Any] = {e: [] for e in ("asset_category", "asset", "lease")}
    for entity, office_id, payload in s.execute(
        select(Record.entity, Record.office_id, Record.payload).where(
            Record.entity.in_(("asset_category", "lease")), Record.office_id.in_(ids)
        )
    ):
        out[entity].append((office_id, payload))
    cols = [Record.payload[k].as_string() for k in ASSET_FIELDS]
    for office_id, *values in s.execute(
        select(Record.office_id, *cols).where(Record.entity == "asset", Record.office_id.in_(ids))
    ):
        asset = {k: x for k, x in zip(ASSET_FIELDS, values, strict=True) if x is not None}
        for k in NUMBERS:
            if k in asset:
                asset[k] = int(asset[k])
        out["asset"].append((office_id, asset))
    # Rent received per lease, in all and in the year.
    amount = Record.payload["amount_tiyn"].as_string().cast(BigInteger)
    lease_id = Record.payload["lease_id"].as_string()
    in_year = func.left(Record.payload["paid_on"].as_string(), 4) == str(year)
    out["rent"] = {
        lid: (int(total or 0), int(this_year or 0))
        for lid, total, this_year in s.execute(
            select(lease_id, func.sum(amount), func.sum(amount).filter(in_year))
            .where(Record.entity == "lease_payment", Record.office_id.in_(ids))
            .group_by(lease_id)
        )
    }
    return out


def property_tables(
    s: Session, v: Viewer, year: int, day: date, _params: dict[str, str] | None = None
) -> list[Table]:
    t = v.t
    data = load(s, v.office_ids, year)
    names = settlement_names(s, v.lang)
    # Seeded categories are made by each office's own set-up, never sent: their ids are the
    # same everywhere (domain.property.category_id), so the district names them from the seed.
    cat_name = {
        str(rules.category_id(code)): kk if v.lang == "kk" else ru
        for code, kk, ru, _life in rules.SEED_CATEGORIES
    }
    for _o, c in data["asset_category"]:
        cat_name[c["id"]] = c["name_kk" if v.lang == "kk" else "name_ru"]
    office_rows: dict[uuid.UUID, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    cat_rows: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    untitled, assets_by_id = [], {}
    for office_id, a in data["asset"]:
        assets_by_id[a["id"]] = a
        if a.get("status", "in_use") != "in_use":
            continue
        book = a.get("book_value_tiyn", 0)
        valuation = rules.Valuation(
            book,
            # received_on is required by the schema; a value without it is not worn down
            _d(a.get("valued_on") or a["received_on"]) or day,
            a.get("life_months", 0),
            a.get("accumulated_depreciation_tiyn", 0),  # received by transfer: worn already
        )
        left = rules.residual(valuation, day, _d(a.get("disposed_on")))
        no_title = a.get("title_status", "none") == "none"
        for row in (office_rows[office_id], cat_rows[a["category_id"]]):
            row["assets"] += 1
            row["book"] += book
            row["residual"] += left
            row["untitled"] += int(no_title)
            row["untitled_book"] += book if no_title else 0
        if no_title:
            untitled.append({
                "_rank": v.rank(office_id), "office": v.name(office_id), "number": a["inventory_number"],
                "name": a.get("name_kk" if v.lang == "kk" else "name_ru") or a.get("name_ru") or a.get("name_kk", ""),
                "category": cat_name.get(a["category_id"], ""),
                "settlement": name_of(names, a.get("settlement_id")), "book": book,
            })  # fmt: skip

    last_month_end = day.replace(day=1) - timedelta(days=1)
    leases = []
    for office_id, lease in data["lease"]:
        start, end = _d(lease["start_date"]), _d(lease["end_date"])
        assert start is not None and end is not None
        stop = min(end, _d(lease.get("terminated_on")) or end)
        monthly = lease.get("monthly_rent_tiyn", 0)
        until = min(stop, last_month_end)
        due = _rent_due(monthly, start, stop, until) if until >= start else 0
        received, in_year = data["rent"].get(lease["id"], (0, 0))
        active = start <= day <= stop
        asset = assets_by_id.get(lease["asset_id"], {})
        row = office_rows[office_id]
        row["leases"] += int(active)
        row["income"] += in_year
        row["owed"] += max(0, due - received)
        leases.append({
            "_rank": v.rank(office_id), "office": v.name(office_id),
            "asset": asset.get("inventory_number", ""),
            "tenant": lease.get("tenant_name", ""), "start": start, "end": stop,
            "rent": monthly, "income": in_year or None, "owed": max(0, due - received) or None,
            "state": t("in force") if active else (t("ended") if stop < day else t("not started")),
        })  # fmt: skip
    by_office = [
        {"office": v.name(oid), **office_rows.get(oid, {})} for oid, o in v.offices.items()
    ]
    by_cat = sorted(({"category": cat_name.get(cid, t("Not known")), **row} for cid, row in cat_rows.items()),
                    key=lambda r: r["category"])  # fmt: skip
    money = ["assets", "book", "residual", "untitled", "untitled_book", "leases", "income", "owed"]
    values = [
        Column("assets", N_("Assets on the balance"), "int"), Column("book", N_("Book value"), "money"),
        Column("residual", N_("Residual value"), "money"),
        Column("untitled", N_("Without title documents"), "int", below="untitled_book"),
        Column("untitled_book", N_("Their book value"), "money", html=False),
    ]  # fmt: skip
    untitled.sort(key=lambda r: (r["_rank"], natural_key(r["number"], v.lang)))
    leases.sort(key=lambda r: (r["_rank"], natural_key(r["asset"], v.lang)))
    return [
        Table("by_office", N_("By office"), [Column("office", N_("Office")), *values,
              Column("leases", N_("Leases in force"), "int"),
              Column("income", N_("Rent received in the year"), "money"),
              Column("owed", N_("Rent owed"), "money", N_("Rent due for the months already over, not paid"))],
              by_office, {"office": t("Total"), **sums(by_office, money)}, sortable=True),
        Table("by_category", N_("By category"), [Column("category", N_("Category")), *values],
              by_cat, {"category": t("Total"), **sums(by_cat, money)}, sortable=True),
        Table("untitled", N_("Assets without title documents"), [
            Column("office", N_("Office")), Column("number", N_("Inventory number")),
            Column("name", N_("Name")), Column("category", N_("Category")),
            Column("settlement", N_("Settlement")), Column("book", N_("Book value"), "money"),
        ], untitled, sortable=True, page_size=PAGE_SIZE),
        Table("leases", N_("Leases"), [
            Column("office", N_("Office")), Column("asset", N_("Inventory number")),
            Column("tenant", N_("Tenant")), Column("start", N_("From"), "date"),
            Column("end", N_("To"), "date"), Column("state", N_("State")),
            Column("rent", N_("Monthly rent"), "money"),
            Column("income", N_("Received in the year"), "money"), Column("owed", N_("Owed"), "money"),
        ], leases, sortable=True, page_size=PAGE_SIZE),
    ]  # fmt: skip


def _rent_due(monthly: int, start: date, stop: date, until: date) -> int:
    """The rule's sum of rent_due over the months from `start` to `until`: only the first
    and the last month can be part months, every month between is due in full."""
    months = rules.months_of(start, until)
    ends = {months[0], months[-1]}
    return sum(rules.rent_due(monthly, start, stop, m) for m in ends) + monthly * (
        len(months) - len(ends)
    )


@router.get("/property")
def overview(request: Request, v: Annotated[Viewer, Depends(viewer)], year: str = "") -> Response:
    return year_page(request, v, year, "property.html", property_tables, "property")
