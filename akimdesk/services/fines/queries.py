"""Reading the fines register: status in SQL, filters, search, the "needs action" view.

The register screen holds only the rowids of the matching cases (an int array) and fetches the
visible rows by rowid, so 100,000 cases never become 100,000 Python objects.
"""

from __future__ import annotations

import re
import uuid
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from akimdesk.domain.fines import status_of
from akimdesk.models import FineCase, FinePayment, OffenceArticle, Settlement

ROWID = literal_column("fine_case.rowid")
LOOKAHEAD_DAYS = 3  # how far ahead "needs action" looks for windows closing and decisions
LIMITATION_LOOKAHEAD_DAYS = 14


def status_of_case(case: FineCase, today: date) -> str:
    return status_of(
        case.stage,
        case.penalty,
        case.reduced,
        case.in_force_date,
        case.pay_by,
        case.paid_tiyn,
        today,
    )


def status_sql(today: date, c: Any = FineCase) -> ColumnElement[str]:
    """The SQL twin of domain.fines.status_of (a test keeps them in agreement). `c`: any mapped
    class with the case's stage, penalty, reduced, in_force_date, pay_by and paid_tiyn (the
    district server's fine_fact reads the same rule)."""
    return case(
        (c.stage.in_(("cancelled", "protocol", "appealed", "enforcement")), c.stage),
        (c.penalty == "warning", literal("warning")),
        (and_(c.stage == "closed", c.reduced), literal("paid_half")),
        (c.stage == "closed", literal("paid")),
        (or_(c.in_force_date.is_(None), c.in_force_date > today), literal("decided")),
        (
            and_(c.pay_by.is_not(None), c.pay_by >= today),
            case((c.paid_tiyn > 0, literal("partly_paid")), else_=literal("in_force")),
        ),
        else_=literal("overdue"),
    )


def action_sql(today: date) -> ColumnElement[str | None]:
    """Why a case needs a person today, or NULL."""
    c = FineCase
    soon = today + timedelta(days=LOOKAHEAD_DAYS)
    return case(
        (
            and_(
                c.stage.in_(("protocol", "decided")), c.admits_offence, c.penalty == "fine",
                c.paid_tiyn == 0, c.half_pay_until.between(today, soon),
            ),
            literal("half_window"),
        ),
        (
            and_(c.stage == "decided", c.penalty == "fine", c.pay_by < today,
                 c.paid_tiyn < c.amount_tiyn),
            literal("overdue"),
        ),
        (and_(c.stage == "decided", c.in_force_date.between(today, soon)),
         literal("coming_into_force")),
        (and_(c.stage == "decided", c.delivery_date.is_(None)), literal("not_delivered")),
        (
            and_(c.stage == "protocol", c.limitation_date.between(
                today, today + timedelta(days=LIMITATION_LOOKAHEAD_DAYS))),
            literal("limitation"),
        ),
        else_=literal(None),
    )  # fmt: skip


@dataclass
class CaseFilter:
    status: str | None = None
    article_id: uuid.UUID | None = None
    settlement_id: uuid.UUID | None = None
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""
    needs_action: bool = False
    dates_to_check: bool = False  # imported from a journal without dates it could not give


# Register columns: key -> SQL expression used to sort by it.
COLUMNS = (
    "number", "offence_date", "offender", "iin_bin", "article", "settlement", "status",
    "amount", "paid", "pay_by", "action",
)  # fmt: skip


def _sort_expr(key: str, today: date) -> ColumnElement[Any]:
    c = FineCase
    return {
        "number": c.number,
        "offence_date": c.offence_date,
        "offender": c.offender_name,
        "iin_bin": c.iin_bin,
        # by what the person sees, not by id: the article code and the settlement's name
        "article": select(OffenceArticle.article + OffenceArticle.part)
        .where(OffenceArticle.id == c.article_id)
        .scalar_subquery(),
        "settlement": select(Settlement.name_kk)
        .where(Settlement.id == c.settlement_id)
        .scalar_subquery(),
        "status": status_sql(today),
        "amount": c.amount_tiyn,
        "paid": c.paid_tiyn,
        "pay_by": c.pay_by,
        "action": action_sql(today),
    }[key]


def fts_query(text_: str) -> str | None:
    """Each word becomes a prefix term; quotes keep FTS syntax characters literal."""
    words = [w for w in re.split(r"[\s\-/.,;:]+", text_.strip()) if w]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _conditions(f: CaseFilter, today: date) -> list[ColumnElement[bool]]:
    c = FineCase
    conds: list[ColumnElement[bool]] = []
    if f.status:
        conds.append(status_sql(today) == f.status)
    if f.article_id:
        conds.append(c.article_id == f.article_id)
    if f.settlement_id:
        conds.append(c.settlement_id == f.settlement_id)
    if f.date_from:
        conds.append(c.offence_date >= f.date_from)
    if f.date_to:
        conds.append(c.offence_date <= f.date_to)
    if f.needs_action:
        conds.append(action_sql(today).is_not(None))
    if f.dates_to_check:
        conds.append(c.dates_to_check.is_(True))
    q = fts_query(f.search)
    if q:
        conds.append(
            ROWID.in_(
                text("SELECT rowid FROM fine_case_fts WHERE fine_case_fts MATCH :q").bindparams(q=q)
            )
        )
    return conds


def register_rowids(
    session: Session, f: CaseFilter, sort: str = "number", descending: bool = True,
    today: date | None = None,
) -> array[int]:  # fmt: skip
    today = today or date.today()
    order = _sort_expr(sort, today)
    stmt = (
        select(ROWID)
        .select_from(FineCase)
        .where(*_conditions(f, today))
        .order_by(
            order.desc() if descending else order.asc(), ROWID.desc() if descending else ROWID
        )
    )
    return array("q", session.execute(stmt).scalars())


@dataclass(frozen=True)
class RegisterRow:
    rowid: int
    id: uuid.UUID
    number: str
    offence_date: date
    offender: str
    iin_bin: str
    article: str
    settlement_kk: str
    settlement_ru: str
    status: str
    amount_tiyn: int
    paid_tiyn: int
    pay_by: date | None
    action: str | None


def rows_by_rowid(
    session: Session, rowids: Sequence[int], today: date | None = None
) -> dict[int, RegisterRow]:
    today = today or date.today()
    if not rowids:
        return {}
    c = FineCase
    art = case(
        (OffenceArticle.part == "", OffenceArticle.article),
        else_=OffenceArticle.article + literal("-") + OffenceArticle.part,
    )
    stmt = (
        select(
            ROWID,
            c.id,
            c.number,
            c.offence_date,
            c.offender_name,
            c.iin_bin,
            art,
            func.coalesce(Settlement.name_kk, ""),
            func.coalesce(Settlement.name_ru, ""),
            status_sql(today),
            c.amount_tiyn,
            c.paid_tiyn,
            c.pay_by,
            action_sql(today),
        )
        .select_from(c)
        .join(OffenceArticle, OffenceArticle.id == c.article_id)
        .outerjoin(Settlement, Settlement.id == c.settlement_id)
        .where(ROWID.in_(list(rowids)))
    )
    return {r[0]: RegisterRow(*r) for r in session.execute(stmt)}


def action_counts(session: Session, today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    a = action_sql(today)
    stmt = select(a, func.count()).where(a.is_not(None)).group_by(a)
    return {k: n for k, n in session.execute(stmt)}


def cases_in_period(session: Session, date_from: date, date_to: date) -> list[FineCase]:
    """For the printed register: cases by protocol date, in number order."""
    stmt = (
        select(FineCase)
        .where(FineCase.protocol_date.between(date_from, date_to))
        .order_by(FineCase.year, FineCase.seq_no)
    )
    return list(session.scalars(stmt))


@dataclass
class SummaryLine:
    article: str
    title_kk: str
    title_ru: str
    cases: int = 0
    warnings: int = 0
    fines: int = 0
    imposed_tiyn: int = 0
    collected_tiyn: int = 0


def monthly_summary(session: Session, date_from: date, date_to: date) -> list[SummaryLine]:
    """Cases opened, warnings and fines decided, amounts imposed and collected, by article."""
    lines: dict[uuid.UUID, SummaryLine] = {}
    for a in session.scalars(
        select(OffenceArticle).order_by(OffenceArticle.article, OffenceArticle.part)
    ):
        lines[a.id] = SummaryLine(a.code, a.title_kk, a.title_ru)
    c = FineCase
    opened = select(c.article_id, func.count()).where(c.protocol_date.between(date_from, date_to))
    for aid, n in session.execute(opened.group_by(c.article_id)):
        lines[aid].cases = n
    decided = (
        select(
            c.article_id,
            func.sum(case((c.penalty == "warning", 1), else_=0)),
            func.sum(case((c.penalty == "fine", 1), else_=0)),
            func.sum(c.amount_tiyn),
        )
        .where(c.decision_date.between(date_from, date_to), c.stage != "cancelled")
        .group_by(c.article_id)
    )
    for aid, w, fn, imposed in session.execute(decided):
        lines[aid].warnings, lines[aid].fines, lines[aid].imposed_tiyn = (
            w or 0,
            fn or 0,
            imposed or 0,
        )
    paid = (
        select(c.article_id, func.sum(FinePayment.amount_tiyn))
        .join(c, c.id == FinePayment.case_id)
        .where(FinePayment.paid_on.between(date_from, date_to))
        .group_by(c.article_id)
    )
    for aid, total in session.execute(paid):
        lines[aid].collected_tiyn = total or 0
    return [
        line
        for line in lines.values()
        if line.cases or line.warnings or line.fines or line.collected_tiyn
    ]
