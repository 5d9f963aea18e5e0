"""Fines across the district: imposed and collected by office, month and article; overdue and
sent for enforcement; an office's cases and one case, read-only.

Sums come from fine_month and open cases from fine_fact, both kept by triggers from the
records offices send (migration s0003); the status rule is the desktop's own status_sql."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from akimdesk.district.models import FineFact, FineMonth, Record
from akimdesk.district.web.core import (
    PREFIX,
    NotFound,
    Viewer,
    page,
    parse_year,
    server_of,
    today,
    viewer,
    year_page,
)
from akimdesk.district.web.refdata import article_labels, settlement_names
from akimdesk.district.web.tables import Column, Table, sums
from akimdesk.domain.fines import EVENT_LABELS, STATUS_LABELS, STATUSES
from akimdesk.i18n import N_
from akimdesk.services.fines.queries import status_sql

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
OPEN = ("decided", "enforcement")
MEASURES = ("protocols", "decided", "warnings", "imposed", "collected")


def _sums(s: Session, ids: list[uuid.UUID], year: int, by: Any) -> list[Any]:
    m = FineMonth
    return list(
        s.execute(
            select(
                by, func.sum(m.protocols), func.sum(m.decided), func.sum(m.warnings),
                func.sum(m.imposed_tiyn), func.sum(m.collected_tiyn),
            )
            .where(m.office_id.in_(ids), m.month >= date(year, 1, 1), m.month < date(year + 1, 1, 1))
            .group_by(by)
        )
    )  # fmt: skip


def _open_cases(s: Session, ids: list[uuid.UUID], day: date) -> dict[uuid.UUID, dict[str, int]]:
    """Overdue and enforcement counts and what is still owed, per office, today."""
    f = FineFact
    overdue = status_sql(day, f) == "overdue"
    owed = f.amount_tiyn - f.paid_tiyn
    rows = s.execute(
        select(
            f.office_id,
            func.count().filter(overdue), func.sum(owed).filter(overdue),
            func.count().filter(f.stage == "enforcement"),
            func.sum(owed).filter(f.stage == "enforcement"),
        )
        .where(f.stage.in_(OPEN), f.office_id.in_(ids))
        .group_by(f.office_id)
    )  # fmt: skip
    return {
        o: {"overdue": a or 0, "overdue_owed": b or 0, "enforced": c or 0, "enforced_owed": d or 0}
        for o, a, b, c, d in rows
    }


def _row(values: Any) -> dict[str, Any]:
    row = dict(zip(MEASURES, (int(x or 0) for x in values), strict=True))
    row["rate"] = 100 * row["collected"] / row["imposed"] if row["imposed"] else None
    return row


NUMBERS = [
    Column("protocols", N_("Protocols"), "int"), Column("decided", N_("Decisions"), "int"),
    Column("warnings", N_("Warnings"), "int"), Column("imposed", N_("Fines imposed"), "money"),
    Column("collected", N_("Collected"), "money"),
    Column("rate", N_("Collected, %"), "pct", N_("Collected against imposed in the same year")),
]  # fmt: skip
OPEN_COLUMNS = [
    Column("overdue", N_("Overdue"), "int", N_("Payment deadline passed, not sent for enforcement")),
    Column("overdue_owed", N_("Overdue, owed"), "money"),
    Column("enforced", N_("Sent for enforcement"), "int"),
    Column("enforced_owed", N_("Under enforcement, owed"), "money"),
]  # fmt: skip
SUMMED = [*MEASURES, "overdue", "overdue_owed", "enforced", "enforced_owed"]


def _total(rows: list[dict[str, Any]], label: str) -> dict[str, Any]:
    total = sums(rows, SUMMED)
    total["rate"] = 100 * total["collected"] / total["imposed"] if total["imposed"] else None
    return {**total, "office": label, "month": label, "article": label}


def overview_tables(s: Session, v: Viewer, year: int, day: date) -> list[Table]:
    ids = v.office_ids
    t = v.t
    per_office = {o: _row(vals) for o, *vals in _sums(s, ids, year, FineMonth.office_id)}
    open_ = _open_cases(s, ids, day)
    by_office = []
    for oid in v.offices:
        row = per_office.get(oid) or _row([0] * 5)
        row.update(open_.get(oid, {}))
        by_office.append({**row, "office": v.name(oid),
                          "office__href": f"{PREFIX}/fines/office/{oid}?year={year}",
                          "overdue__href": f"{PREFIX}/fines/office/{oid}?status=overdue",
                          "enforced__href": f"{PREFIX}/fines/office/{oid}?status=enforcement"})  # fmt: skip
    months = sorted(_sums(s, ids, year, FineMonth.month), key=lambda r: r[0])
    by_month = [{"month": v_month(m, v.lang), **_row(vals)} for m, *vals in months]
    labels = article_labels(s, v.lang)
    arts = [
        (labels.get(a, t("Not known")), _row(vals))
        for a, *vals in _sums(s, ids, year, FineMonth.article_id)
    ]
    by_article = [{"article": name, **row} for name, row in sorted(arts, key=lambda x: x[0])]
    return [
        Table("by_office", N_("By office"), [Column("office", N_("Office")), *NUMBERS, *OPEN_COLUMNS],
              by_office, _total(by_office, t("Total"))),
        Table("by_month", N_("By month"), [Column("month", N_("Month")), *NUMBERS], by_month,
              _total(by_month, t("Total"))),
        Table("by_article", N_("By article"), [Column("article", N_("Article")), *NUMBERS],
              by_article, _total(by_article, t("Total"))),
    ]  # fmt: skip


def v_month(m: date, lang: str) -> str:
    from akimdesk.i18n import format_month

    return format_month(f"{m.year:04d}-{m.month:02d}", lang)


@router.get("/fines")
def overview(request: Request, v: Annotated[Viewer, Depends(viewer)], year: str = "") -> Response:
    return year_page(request, v, year, "fines.html", overview_tables)


def office_cases(
    s: Session,
    v: Viewer,
    office_id: uuid.UUID,
    year: int | None,
    status: str,
    page_no: int,
    day: date,
) -> tuple[Table, int]:
    f = FineFact
    st = status_sql(day, f)
    conds = [f.office_id == office_id]
    if year:
        conds += [f.protocol_date >= date(year, 1, 1), f.protocol_date < date(year + 1, 1, 1)]
    if status in STATUSES:
        conds.append(st == status)
        if status in ("overdue", "in_force", "partly_paid", "decided"):
            conds.append(f.stage == "decided")  # lets the partial index of open cases serve
    count = s.scalar(select(func.count()).select_from(f).where(and_(*conds))) or 0
    rows = s.execute(
        select(f, st).where(and_(*conds))
        .order_by(f.protocol_date.desc(), f.number.desc())
        .limit(PAGE_SIZE).offset(PAGE_SIZE * page_no)
    ).all()  # fmt: skip
    labels = article_labels(s, v.lang)
    out = [{
        "number": c.number, "number__href": f"{PREFIX}/fines/case/{c.id}",
        "protocol_date": c.protocol_date, "offender": c.offender_name,
        "article": labels.get(c.article_id, ""), "status": v.t(STATUS_LABELS.get(st_, st_)),
        "amount": c.amount_tiyn if c.penalty == "fine" else None, "paid": c.paid_tiyn or None,
        "pay_by": c.pay_by,
    } for c, st_ in rows]  # fmt: skip
    table = Table("cases", N_("Cases"), [
        Column("number", N_("Case number")), Column("protocol_date", N_("Protocol date"), "date"),
        Column("offender", N_("Offender")), Column("article", N_("Article")),
        Column("status", N_("Status")), Column("amount", N_("Fine"), "money"),
        Column("paid", N_("Paid"), "money"), Column("pay_by", N_("Pay by"), "date"),
    ], out)  # fmt: skip
    return table, count


def all_office_cases(
    s: Session, v: Viewer, office_id: uuid.UUID, year: int | None, status: str, day: date
) -> Table:
    """For the XLSX export: every case of the filter, not one page."""
    table, count = office_cases(s, v, office_id, year, status, 0, day)
    if count > PAGE_SIZE:
        pages = [office_cases(s, v, office_id, year, status, n, day)[0].rows
                 for n in range(1, (count + PAGE_SIZE - 1) // PAGE_SIZE)]  # fmt: skip
        table.rows += [r for p in pages for r in p]
    return table


@router.get("/fines/office/{office_id}")
def office(
    request: Request,
    office_id: uuid.UUID,
    v: Annotated[Viewer, Depends(viewer)],
    year: str = "",
    status: str = "",
    p: int = 0,
) -> Response:
    office = v.office(office_id)
    day = today()
    y = parse_year(year, 0) if year else None
    status = status if status in STATUSES else ""
    page_no = max(0, p)

    def load(s: Session) -> tuple[Table, int, dict[str, Any]]:
        if request.query_params.get("export") == "cases":
            return all_office_cases(s, v, office_id, y, status, day), 0, {}
        table, count = office_cases(s, v, office_id, y, status, page_no, day)
        summary = {
            **_row(
                next(iter(_sums(s, [office_id], y or day.year, FineMonth.office_id)), [None] * 6)[
                    1:
                ]
            ),
            **_open_cases(s, [office_id], day).get(office_id, {}),
        }
        return table, count, summary

    table, count, summary = server_of(request).run(load)
    pages = (count + PAGE_SIZE - 1) // PAGE_SIZE
    return page(request, v, "fines_office.html", [table], office=office, year=y, status=status,
                statuses=[(k, STATUS_LABELS[k]) for k in STATUSES], count=count, p=page_no,
                pages=pages, summary=summary, summary_year=y or day.year)  # fmt: skip


CASE_FIELDS = (
    ("number", N_("Case number"), "text"), ("protocol_number", N_("Protocol number"), "text"),
    ("protocol_date", N_("Protocol date"), "date"), ("offence_date", N_("Offence date"), "date"),
    ("offence_address", N_("Place of the offence"), "text"), ("offender_name", N_("Offender"), "text"),
    ("iin_bin", N_("IIN/BIN"), "text"), ("description", N_("What happened"), "text"),
    ("decision_date", N_("Decision date"), "date"), ("mrp_count", N_("МРП"), "int"),
    ("mrp_value", N_("МРП value, tenge"), "int"), ("amount_tiyn", N_("Fine"), "money"),
    ("paid_tiyn", N_("Paid"), "money"), ("in_force_date", N_("In force from"), "date"),
    ("pay_by", N_("Pay by"), "date"), ("enforcement_date", N_("Sent for enforcement"), "date"),
    ("closed_date", N_("Closed"), "date"),
)  # fmt: skip


@router.get("/fines/case/{case_id}")
def case(request: Request, case_id: uuid.UUID, v: Annotated[Viewer, Depends(viewer)]) -> Response:
    def load(s: Session) -> tuple[Record, str, list[Table], dict[str, str]]:
        rec = s.get(Record, ("fine_case", case_id))
        if rec is None or rec.office_id not in v.offices:
            raise NotFound()
        fact = s.get(FineFact, case_id)
        st = (
            s.scalar(select(status_sql(today(), FineFact)).where(FineFact.id == case_id))
            if fact
            else ""
        )
        children = s.scalars(
            select(Record).where(
                Record.entity.in_(("fine_event", "fine_payment")),
                Record.payload["case_id"].as_string() == str(case_id),
            )
        ).all()
        events = sorted((r.payload for r in children if r.entity == "fine_event"),
                        key=lambda e: (e.get("on_date", ""), e.get("seq", 0)))  # fmt: skip
        payments = sorted((r.payload for r in children if r.entity == "fine_payment"),
                          key=lambda e: e.get("paid_on", ""))  # fmt: skip
        t = v.t
        tables = [
            Table("events", N_("Events"), [
                Column("on_date", N_("Date"), "date"), Column("kind", N_("Event")),
                Column("reason", N_("Reason")), Column("author", N_("Author")),
            ], [{"on_date": _d(e.get("on_date")), "kind": t(EVENT_LABELS.get(e.get("kind", ""), e.get("kind", ""))),
                 "reason": e.get("reason", ""), "author": e.get("author", "")} for e in events]),
            Table("payments", N_("Payments"), [
                Column("paid_on", N_("Paid on"), "date"), Column("amount", N_("Amount"), "money"),
                Column("document", N_("Payment document")),
            ], [{"paid_on": _d(p.get("paid_on")), "amount": p.get("amount_tiyn", 0),
                 "document": p.get("document_no", "")} for p in payments]),
        ]  # fmt: skip
        names = {
            "article": article_labels(s, v.lang).get(fact.article_id, "") if fact else "",
            "settlement": settlement_names(s, v.lang).get(fact.settlement_id, "") if fact else "",
        }
        return rec, st or "", tables, names

    rec, st, tables, names = server_of(request).run(load)
    fields = []
    for key, label, kind in CASE_FIELDS:
        value = rec.payload.get(key)
        if kind == "date":
            value = _d(value)
        fields.append((label, value, kind))
    return page(request, v, "fine_case.html", tables, rec=rec, office=v.offices[rec.office_id],
                fields=fields, status=STATUS_LABELS.get(st, st), names=names)  # fmt: skip


def _d(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
