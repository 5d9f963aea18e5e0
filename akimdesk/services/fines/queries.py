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
from itertools import chain
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    case,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.orm import Session

from akimdesk.domain.fines import status_of
from akimdesk.models import FineCase, FineDelivery, FinePayment, OffenceArticle, Settlement
from akimdesk.services import settings

ROWID: ColumnElement[int] = literal_column("fine_case.rowid")
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


def erap_days(session: Session) -> int:
    return int(settings.load(session)["fines.erap_days"])


def _action_arms(today: date, erap_after: int) -> list[tuple[str, ColumnElement[bool]]]:
    """Why a case needs a person today, in order: the first that holds is the one shown. Each
    reason is a stage and a date range or an empty field, so that an index answers it
    (models.fines: ix_fine_case_stage_*), whatever the size of the register's history."""
    c = FineCase
    soon = today + timedelta(days=LOOKAHEAD_DAYS)
    notified = (
        select(FineDelivery.id)
        .where(FineDelivery.case_id == c.id, FineDelivery.document == "hearing_notice")
        .exists()
    )
    return [
        ("half_window", and_(
            c.stage.in_(("protocol", "decided")), c.half_pay_until.between(today, soon),
            c.admits_offence, c.penalty == "fine", c.paid_tiyn == 0)),
        ("overdue", and_(c.stage == "decided", c.pay_by < today, c.penalty == "fine",
                         c.paid_tiyn < c.amount_tiyn)),
        ("coming_into_force", and_(c.stage == "decided", c.in_force_date.between(today, soon))),
        ("not_delivered", and_(c.stage == "decided", c.delivery_date.is_(None))),
        ("limitation", and_(c.stage == "protocol", c.limitation_date.between(
            today, today + timedelta(days=LIMITATION_LOOKAHEAD_DAYS)))),
        ("not_notified", and_(c.stage == "protocol", c.hearing_date.between(today, soon),
                              ~notified)),
        ("erap_missing", and_(c.erap_number == "",
                              c.protocol_date < today - timedelta(days=erap_after),
                              c.stage != "cancelled")),
    ]  # fmt: skip


def action_sql(today: date, erap_after: int = 3) -> ColumnElement[str | None]:
    """Why a case needs a person today, or NULL. `erap_after`: days a protocol may wait for
    its ЕРАП number (a setting)."""
    arms = [(cond, literal(name)) for name, cond in _action_arms(today, erap_after)]
    return case(*arms, else_=literal(None))


def action_rowids(today: date, erap_after: int = 3) -> Select[Any]:
    """The rowids of the cases that need a person today (action_sql is not NULL): one indexed
    look-up per reason instead of the rule evaluated on every case of the register."""
    arms = [select(ROWID).select_from(FineCase).where(cond)
            for _name, cond in _action_arms(today, erap_after)]  # fmt: skip
    return union(*arms)  # type: ignore[return-value]


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
    erap: str | None = None  # "missing" or "present": by the ЕРАП registration number


# Register columns: key -> SQL expression used to sort by it.
COLUMNS = (
    "number", "offence_date", "offender", "iin_bin", "article", "settlement", "status",
    "amount", "paid", "pay_by", "action",
)  # fmt: skip


def _sort_expr(key: str, today: date, erap_after: int) -> SQLColumnExpression[Any]:
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
        "action": action_sql(today, erap_after),
    }[key]


def fts_query(text_: str) -> str | None:
    """Each word becomes a prefix term; quotes keep FTS syntax characters literal."""
    words = [w for w in re.split(r"[\s\-/.,;:]+", text_.strip()) if w]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _conditions(f: CaseFilter, today: date, erap_after: int) -> list[ColumnElement[bool]]:
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
        conds.append(ROWID.in_(action_rowids(today, erap_after)))
    if f.dates_to_check:
        conds.append(c.dates_to_check.is_(True))
    if f.erap == "missing":
        conds.append(c.erap_number == "")
    elif f.erap == "present":
        conds.append(c.erap_number != "")
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
    days = erap_days(session)
    order = _sort_expr(sort, today, days)
    stmt = (
        select(ROWID)
        .select_from(FineCase)
        .where(*_conditions(f, today, days))
        .order_by(
            order.desc() if descending else order.asc(), ROWID.desc() if descending else ROWID
        )
    )
    return rowid_array(session, stmt)


def rowid_array(session: Session, stmt: Select[Any]) -> array[int]:
    """The one column of `stmt` as a C array, read from the DBAPI cursor: at 300,000 cases the
    ORM's per-row processing was most of the time the register took to open."""
    result = session.connection().execute(stmt)
    try:
        return array("q", chain.from_iterable(result.cursor.fetchall()))
    finally:
        result.close()


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
            action_sql(today, erap_days(session)),
        )
        .select_from(c)
        .join(OffenceArticle, OffenceArticle.id == c.article_id)
        .outerjoin(Settlement, Settlement.id == c.settlement_id)
        .where(ROWID.in_(list(rowids)))
    )
    return {r[0]: RegisterRow(*r) for r in session.execute(stmt)}


def action_counts(session: Session, today: date | None = None) -> dict[str, int]:
    """How many cases need a person today, by reason (the rule evaluated on every case)."""
    today = today or date.today()
    a = action_sql(today, erap_days(session))
    stmt = select(a, func.count()).where(a.is_not(None)).group_by(a)
    return {k: n for k, n in session.execute(stmt) if k is not None}


def action_total(session: Session, today: date | None = None) -> int:
    """How many cases need a person today: the sum of action_counts, from the indexes of the
    reasons alone (what the register shows under its table each time it opens)."""
    today = today or date.today()
    found = action_rowids(today, erap_days(session)).subquery()
    return session.connection().scalar(select(func.count()).select_from(found)) or 0


# The date a printed period is taken on: the register and the summary count by the same one.
PERIOD_BASES = ("protocol", "offence", "decision")


@dataclass(frozen=True)
class PeriodCase:
    """One case of a period as the register prints it and the summary adds it up: a fine is
    imposed by a decision that is not cancelled; paid is what came in by the period's end."""

    number: str
    protocol_date: date
    offender: str
    iin_bin: str
    article: str
    title_kk: str
    title_ru: str
    decision_date: date | None
    penalty: str
    mrp_count: int
    imposed_tiyn: int
    paid_tiyn: int
    status: str

    @property
    def decided(self) -> bool:
        return self.decision_date is not None and self.status != "cancelled"


def period_cases(
    session: Session, date_from: date, date_to: date, basis: str = "protocol",
    today: date | None = None,
) -> list[PeriodCase]:  # fmt: skip
    """The cases whose `basis` date falls in the period, in number order."""
    today = today or date.today()
    c = FineCase
    day = {"protocol": c.protocol_date, "offence": c.offence_date, "decision": c.decision_date}[
        basis
    ]
    paid = (
        select(func.coalesce(func.sum(FinePayment.amount_tiyn), 0))
        .where(FinePayment.case_id == c.id, FinePayment.paid_on <= date_to)
        .correlate(c)
        .scalar_subquery()
    )
    status = status_sql(today)
    imposed = case(
        (and_(c.decision_date.is_not(None), c.stage != "cancelled", c.penalty == "fine"),
         c.amount_tiyn),
        else_=literal(0),
    )  # fmt: skip
    stmt = (
        select(
            c.number,
            c.protocol_date,
            c.offender_name,
            c.iin_bin,
            case(
                (OffenceArticle.part == "", OffenceArticle.article),
                else_=OffenceArticle.article + literal("-") + OffenceArticle.part,
            ),
            OffenceArticle.title_kk,
            OffenceArticle.title_ru,
            c.decision_date,
            c.penalty,
            c.mrp_count,
            imposed,
            paid,
            status,
        )
        .join(OffenceArticle, OffenceArticle.id == c.article_id)
        .where(day.between(date_from, date_to))
        .order_by(c.year, c.seq_no)
    )
    return [PeriodCase(*row) for row in session.execute(stmt)]


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


def summarise(found: Sequence[PeriodCase]) -> list[SummaryLine]:
    """The summary by article of the same cases the register lists, by the same rule."""
    lines: dict[str, SummaryLine] = {}
    for x in found:
        line = lines.setdefault(x.article, SummaryLine(x.article, x.title_kk, x.title_ru))
        line.cases += 1
        if x.decided and x.penalty == "warning":
            line.warnings += 1
        elif x.decided:
            line.fines += 1
        line.imposed_tiyn += x.imposed_tiyn
        line.collected_tiyn += x.paid_tiyn
    return [lines[k] for k in sorted(lines, key=_article_order)]


def _article_order(code: str) -> tuple[int, ...]:
    return tuple(int(n) if n.isdigit() else 0 for n in code.replace("-", ".").split("."))
