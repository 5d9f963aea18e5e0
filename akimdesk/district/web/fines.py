"""Fines across the district: imposed and collected by office, month and article; overdue and
sent for enforcement; an office's cases and one case, read-only.

Sums come from fine_month and open cases from fine_fact, both kept by triggers from the
records offices send (migration s0003); the status rule is the desktop's own status_sql."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Date, and_, cast, func, literal, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session

from akimdesk.district.models import FineFact, FineMonth, FinePaid, Record
from akimdesk.district.web import period as periods
from akimdesk.district.web.core import (
    PREFIX,
    NotFound,
    Viewer,
    name_of,
    page,
    parse_year,
    server_of,
    today,
    viewer,
)
from akimdesk.district.web.listing import wanted
from akimdesk.district.web.period import Period
from akimdesk.district.web.refdata import article_labels, settlement_names
from akimdesk.district.web.tables import Column, Table, sums
from akimdesk.domain.fines import EVENT_LABELS, STATUS_LABELS, STATUSES
from akimdesk.i18n import N_
from akimdesk.services.fines.queries import status_sql

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
OPEN = ("decided", "enforcement")
MEASURES = ("protocols", "decided", "warnings", "imposed", "collected")
NOT_KNOWN = uuid.UUID(int=0)  # the projection's article of a payment whose case is not here


def _key(by: str, office: Any, day: Any, article: Any) -> Any:
    if by == "office":
        return office
    if by == "month":
        return cast(func.date_trunc("month", day), Date)
    return func.coalesce(article, literal(NOT_KNOWN))


def _sums(s: Session, ids: list[uuid.UUID], when: Period, by: str) -> dict[Any, list[int]]:
    """(protocols, decisions, warnings, imposed, collected) per office, month or article:
    whole months from fine_month, the days at either end from the facts themselves."""
    out: dict[Any, list[int]] = defaultdict(lambda: [0] * 5)
    m = FineMonth
    months = when.whole_months()
    if months is not None:
        key = {"office": m.office_id, "month": m.month, "article": m.article_id}[by]
        for k, *vals in s.execute(
            select(
                key, func.sum(m.protocols), func.sum(m.decided), func.sum(m.warnings),
                func.sum(m.imposed_tiyn), func.sum(m.collected_tiyn),
            )
            .where(m.office_id.in_(ids), m.month >= months[0], m.month < months[1])
            .group_by(key)
        ):  # fmt: skip
            out[k] = [a + int(b or 0) for a, b in zip(out[k], vals, strict=True)]
    f, p = FineFact, FinePaid
    for a, b in when.loose_days():
        k = _key(by, f.office_id, f.protocol_date, f.article_id)
        for key, n in s.execute(
            select(k, func.count())
            .where(f.office_id.in_(ids), f.protocol_date >= a, f.protocol_date < b)
            .group_by(k)
        ):
            out[key][0] += n
        k = _key(by, f.office_id, f.decision_date, f.article_id)
        warning = f.penalty == "warning"
        for key, n, warned, imposed in s.execute(
            select(k, func.count(), func.count().filter(warning),
                   func.sum(sql_case((f.penalty == "fine", f.amount_tiyn), else_=0)))
            .where(f.office_id.in_(ids), f.decision_date >= a, f.decision_date < b,
                   f.stage.not_in(("cancelled", "protocol")))
            .group_by(k)
        ):  # fmt: skip
            out[key][1] += n
            out[key][2] += warned
            out[key][3] += int(imposed or 0)
        k = _key(by, p.office_id, p.paid_on, f.article_id)
        for key, paid in s.execute(
            select(k, func.sum(p.amount_tiyn))
            .select_from(p)
            .outerjoin(f, f.id == p.case_id)
            .where(p.office_id.in_(ids), p.paid_on >= a, p.paid_on < b)
            .group_by(k)
        ):
            out[key][4] += int(paid or 0)
    return {k: v for k, v in out.items() if any(v)}


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
    row: dict[str, Any] = dict(zip(MEASURES, (int(x or 0) for x in values), strict=True))
    row["rate"] = 100 * row["collected"] / row["imposed"] if row["imposed"] else None
    return row


# Each figure says which date counts it: a quarter's protocols, decisions and payments are
# those dated in the quarter, whenever the case began.
NUMBERS = [
    Column("protocols", N_("Protocols, by protocol date"), "int"),
    Column("decided", N_("Decisions, by decision date"), "int"),
    Column("warnings", N_("Warnings, by decision date"), "int"),
    Column("imposed", N_("Fines imposed, by decision date"), "money"),
    Column("collected", N_("Collected, by payment date"), "money"),
    Column("rate", N_("Collected, %"), "pct", N_("Collected against imposed in the same period")),
]  # fmt: skip
OPEN_COLUMNS = [
    Column("overdue", N_("Overdue today"), "int", N_("Payment deadline passed, not sent for enforcement"),
           below="overdue_owed"),
    Column("overdue_owed", N_("Overdue, owed"), "money", html=False),
    Column("enforced", N_("Under enforcement today"), "int", below="enforced_owed"),
    Column("enforced_owed", N_("Under enforcement, owed"), "money", html=False),
]  # fmt: skip
SUMMED = [*MEASURES, "overdue", "overdue_owed", "enforced", "enforced_owed"]


def _total(rows: list[dict[str, Any]], label: str) -> dict[str, Any]:
    total = sums(rows, SUMMED)
    total["rate"] = 100 * total["collected"] / total["imposed"] if total["imposed"] else None
    return {**total, "office": label, "month": label, "article": label}


def overview_tables(s: Session, v: Viewer, when: Period, day: date) -> list[Table]:
    ids = v.office_ids
    t = v.t
    per_office = {o: _row(vals) for o, vals in _sums(s, ids, when, "office").items()}
    open_ = _open_cases(s, ids, day)
    period_query = _period_query(when)
    by_office = []
    for oid in v.offices:
        row = per_office.get(oid) or _row([0] * 5)
        row.update(open_.get(oid, {}))
        by_office.append({**row, "office": v.name(oid),
                          "office__href": f"{PREFIX}/fines/office/{oid}?{period_query}",
                          "overdue__href": f"{PREFIX}/fines/office/{oid}?status=overdue",
                          "enforced__href": f"{PREFIX}/fines/office/{oid}?status=enforcement"})  # fmt: skip
    months = sorted(_sums(s, ids, when, "month").items())
    by_month = [{"month": v_month(m, v.lang), **_row(vals)} for m, vals in months]
    labels = article_labels(s, v.lang)
    arts = [
        (labels.get(a, t("Not known")), _row(vals))
        for a, vals in _sums(s, ids, when, "article").items()
    ]
    by_article = [{"article": name, **row} for name, row in sorted(arts, key=lambda x: x[0])]
    return [
        Table("by_office", N_("By office"), [Column("office", N_("Office")), *NUMBERS, *OPEN_COLUMNS],
              by_office, _total(by_office, t("Total")), sortable=True),
        Table("by_month", N_("By month"), [Column("month", N_("Month")), *NUMBERS], by_month,
              _total(by_month, t("Total"))),
        Table("by_article", N_("By article"), [Column("article", N_("Article")), *NUMBERS],
              by_article, _total(by_article, t("Total")), sortable=True),
    ]  # fmt: skip


def _period_query(when: Period) -> str:
    if when.kind == "range":
        return f"from={when.start.isoformat()}&to={when.end.isoformat()}"
    if when.kind == "quarter":
        return f"year={when.year}&quarter={(when.start.month - 1) // 3 + 1}"
    if when.kind == "month":
        return f"year={when.year}&month={when.start.month}"
    return f"year={when.year}"


def v_month(m: date, lang: str) -> str:
    from akimdesk.i18n import format_month

    return format_month(f"{m.year:04d}-{m.month:02d}", lang)


@router.get("/fines")
def overview(request: Request, v: Annotated[Viewer, Depends(viewer)]) -> Response:
    day = today(v.zone)
    when, unreadable = periods.parse(request.query_params, day)
    tables = server_of(request).run(overview_tables, v, when, day)
    return page(request, v, "fines.html", tables, files=("fines", when.slug()), when=when,
                unreadable=unreadable, months=MONTHS)  # fmt: skip


MONTHS = list(range(1, 13))

# The columns an office's cases sort by, as SQL.
CASE_SORT = {
    "number": FineFact.number, "protocol_date": FineFact.protocol_date,
    "offender": FineFact.offender_name, "amount": FineFact.amount_tiyn,
    "paid": FineFact.paid_tiyn, "pay_by": FineFact.pay_by,
}  # fmt: skip


def office_cases(
    s: Session,
    v: Viewer,
    office_id: uuid.UUID,
    year: int | None,
    status: str,
    search: str,
    params: dict[str, str],
    day: date,
    everything: bool = False,
) -> Table:
    """One page of the office's cases as asked (every case for the XLSX), sorted in SQL."""
    f = FineFact
    st = status_sql(day, f)
    conds = [f.office_id == office_id]
    if year:
        conds += [f.protocol_date >= date(year, 1, 1), f.protocol_date < date(year + 1, 1, 1)]
    if status in STATUSES:
        conds.append(st == status)
        if status in ("overdue", "in_force", "partly_paid", "decided"):
            conds.append(f.stage == "decided")  # lets the partial index of open cases serve
    if search:
        like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds.append(or_(f.offender_name.ilike(like), f.number.ilike(like),
                         f.iin_bin == search.replace(" ", "")))  # fmt: skip
    count = s.scalar(select(func.count()).select_from(f).where(and_(*conds))) or 0
    want = wanted(params, "cases")
    pages = max(1, -(-count // PAGE_SIZE))
    page_no = max(1, min(want.page, pages))  # a page past the end is the last one
    labels = article_labels(s, v.lang)
    order: list[Any] = [f.protocol_date.desc(), f.number.desc()]
    sort_col: Any = CASE_SORT.get(want.sort)  # a column, a CASE or a collated column
    if want.sort == "status":
        sort_col = st
    if want.sort == "article":
        ranked = sorted(labels, key=lambda a: _article_key(labels[a]))
        sort_col = sql_case(
            {a: i for i, a in enumerate(ranked)}, value=f.article_id, else_=len(ranked)
        )
    if sort_col is not None:
        if want.sort in ("offender", "number"):
            sort_col = sort_col.collate(COLLATIONS[v.lang])
        order = [(sort_col.desc() if want.desc else sort_col.asc()).nulls_last(), f.id]
    q = select(f, st).where(and_(*conds)).order_by(*order)
    if not everything:
        q = q.limit(PAGE_SIZE).offset(PAGE_SIZE * (page_no - 1))
    rows = s.execute(q).all()
    out = [{
        "number": c.number, "number__href": f"{PREFIX}/fines/case/{c.id}",
        "protocol_date": c.protocol_date, "offender": c.offender_name,
        "article": name_of(labels, c.article_id), "status": v.t(STATUS_LABELS.get(st_, st_)),
        "amount": c.amount_tiyn if c.penalty == "fine" else None, "paid": c.paid_tiyn or None,
        "pay_by": c.pay_by,
    } for c, st_ in rows]  # fmt: skip
    return Table("cases", N_("Cases"), [
        Column("number", N_("Case number")), Column("protocol_date", N_("Protocol date"), "date"),
        Column("offender", N_("Offender")), Column("article", N_("Article")),
        Column("status", N_("Status")), Column("amount", N_("Fine"), "money"),
        Column("paid", N_("Paid"), "money"), Column("pay_by", N_("Pay by"), "date"),
    ], out, sortable=True, page_size=PAGE_SIZE, count=None if everything else count,
        page=page_no)  # fmt: skip


# ICU collations of migration s0006: the page's alphabet, numbers by value.
COLLATIONS = {"kk": "kk_natural", "ru": "ru_natural"}


def _article_key(label: str) -> tuple[Any, ...]:
    from akimdesk.district.web.listing import natural_key

    return natural_key(label, "ru")


@router.get("/fines/office/{office_id}")
def office(
    request: Request,
    office_id: uuid.UUID,
    v: Annotated[Viewer, Depends(viewer)],
    year: str = "",
    status: str = "",
    q: str = "",
) -> Response:
    office = v.office(office_id)
    day = today(v.zone)
    y = parse_year(year, 0) if year else None
    status = status if status in STATUSES else ""
    search = q.strip()[:100]
    params = dict(request.query_params)
    everything = params.get("export") == "cases"

    def load(s: Session) -> tuple[Table, dict[str, Any]]:
        table = office_cases(s, v, office_id, y, status, search, params, day, everything)
        if everything:
            return table, {}
        summary = {
            **_row(_sums(s, [office_id], periods.of_year(y or day.year), "office").get(
                office_id, [0] * 5)),
            **_open_cases(s, [office_id], day).get(office_id, {}),
        }  # fmt: skip
        return table, summary

    table, summary = server_of(request).run(load)
    return page(request, v, "fines_office.html", [table],
                files=(f"fines-{office.bin}", str(y or "")), office=office, year=y,
                status=status, q=search, statuses=[(k, STATUS_LABELS[k]) for k in STATUSES],
                count=table.all_rows, summary=summary, summary_year=y or day.year)  # fmt: skip


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
            "article": name_of(article_labels(s, v.lang), fact.article_id if fact else None),
            "settlement": name_of(
                settlement_names(s, v.lang), fact.settlement_id if fact else None
            ),
        }
        return rec, st or "", tables, names

    rec, st, tables, names = server_of(request).run(load)
    fields = []
    for key, label, kind in CASE_FIELDS:
        value = rec.payload.get(key)
        if kind == "date":
            value = _d(value)
        fields.append((label, value, kind))
    return page(request, v, "fine_case.html", tables,
                files=(f"case-{rec.payload.get('number', '')}", ""), rec=rec,
                office=v.offices[rec.office_id], fields=fields, status=STATUS_LABELS.get(st, st),
                names=names)  # fmt: skip


def _d(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
