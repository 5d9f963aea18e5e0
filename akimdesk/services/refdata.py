"""Reference data: the initial catalog from DOMAIN.md, and look-ups by date.

In an office these rows are read-only; the district replaces them through sync.
"""

from __future__ import annotations

import bisect
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from akimdesk.domain.calendar import YearDays
from akimdesk.domain.catalog import (
    CODE_IN_FORCE,
    INITIAL_ARTICLES,
    INITIAL_BUDGET_CODES,
    INITIAL_HOLIDAY_YEARS,
    INITIAL_MRP,
    article_extras,
    article_id,
    budget_code_id,
    holiday_row,
    holiday_year_id,
    mrp_id,
    sanction_id,
)
from akimdesk.models import (
    ArticleSanction,
    BudgetCode,
    HolidayYear,
    MrpValue,
    OffenceArticle,
    PaymentRequisites,
    Settlement,
)
from akimdesk.services.operation import Operation

# Rows seeded here carry ref_version 0: "the office's own copy"; the district's rows arrive by
# sync with its version (> 0) and replace them, having the same ids.


def seed_initial(op: Operation) -> bool:
    """Fills empty reference tables with the initial catalog. Returns whether it did anything."""
    s = op.session
    if s.scalar(select(func.count()).select_from(OffenceArticle)):
        return False
    for art, part, kk, ru, warn, sanctions in INITIAL_ARTICLES:
        aid = article_id(art, part, CODE_IN_FORCE)
        row = OffenceArticle(
            id=aid, ref_version=0, article=art, part=part, title_kk=kk, title_ru=ru, warning_allowed=warn,
            fine_allowed=True, valid_from=CODE_IN_FORCE, **article_extras(art, part),
        )  # fmt: skip
        row.sanctions = [
            ArticleSanction(
                id=sanction_id(aid, c), ref_version=0, offender_category=c, min_mrp=lo, max_mrp=hi
            )
            for c, (lo, hi) in sanctions.items()
        ]
        op.add(row)
    for valid_from, fines, benefits in INITIAL_MRP:
        for purpose, amount in (("fines", fines), ("benefits", benefits)):
            op.add(
                MrpValue(
                    id=mrp_id(valid_from, purpose),
                    ref_version=0,
                    valid_from=valid_from,
                    purpose=purpose,
                    amount=amount,
                )
            )
    for code, kk, ru in INITIAL_BUDGET_CODES:
        op.add(
            BudgetCode(id=budget_code_id(code), ref_version=0, code=code, name_kk=kk, name_ru=ru)
        )
    seed_holidays(op)
    return True


def seed_holidays(op: Operation) -> None:
    """The catalog's holiday years, as the office's own copy until the district's arrive."""
    have = set(op.session.scalars(select(HolidayYear.year)))
    for year, extra in INITIAL_HOLIDAY_YEARS.items():
        if year not in have:
            row = holiday_row(year, extra["kurban_ait"], extra["days_off"], extra["workdays"])
            op.add(HolidayYear(id=holiday_year_id(year), ref_version=0,
                               **{**row, "kurban_ait": extra["kurban_ait"]}))  # fmt: skip


def holiday_years(session: Session) -> dict[int, YearDays]:
    """The days off of every year the district (or the catalog) has given."""
    return {
        h.year: YearDays.from_lists(h.holidays, h.days_off, h.workdays)
        for h in session.scalars(select(HolidayYear))
    }


def holiday_rows(session: Session) -> list[HolidayYear]:
    return list(session.scalars(select(HolidayYear).order_by(HolidayYear.year.desc())))


def requisites_on(session: Session, day: date) -> PaymentRequisites | None:
    """Where fines are paid on a day, as the district set it; None before it has sent any."""
    return session.scalars(
        select(PaymentRequisites)
        .where(PaymentRequisites.valid_from <= day)
        .order_by(PaymentRequisites.valid_from.desc())
        .limit(1)
    ).first()


def budget_code_names(session: Session) -> dict[str, tuple[str, str]]:
    return {b.code: (b.name_kk, b.name_ru) for b in session.scalars(select(BudgetCode))}


def mrp_table(session: Session, purpose: str = "fines") -> MrpTable:
    """Every МРП of a purpose, for an operation that asks for many days (an import)."""
    rows = session.execute(
        select(MrpValue.valid_from, MrpValue.amount)
        .where(MrpValue.purpose == purpose)
        .order_by(MrpValue.valid_from)
    )
    return MrpTable([(d, a) for d, a in rows])


class MrpTable:
    """The МРП in force on a day: the value of the latest date on or before it (the one rule,
    which `mrp_on` asks too)."""

    def __init__(self, values: list[tuple[date, int]]) -> None:
        self.starts = [d for d, _ in values]
        self.amounts = [a for _, a in values]

    def on(self, day: date) -> int | None:
        at = bisect.bisect_right(self.starts, day)
        return self.amounts[at - 1] if at else None


def mrp_on(session: Session, day: date, purpose: str = "fines") -> int | None:
    """The МРП in force on `day`; an operation asking for many days reads `mrp_table` once."""
    return mrp_table(session, purpose).on(day)


def articles_valid_on(session: Session, day: date) -> list[OffenceArticle]:
    rows = session.scalars(
        select(OffenceArticle)
        .where(
            OffenceArticle.valid_from <= day,
            (OffenceArticle.valid_to.is_(None)) | (OffenceArticle.valid_to >= day),
        )
        .order_by(OffenceArticle.article, OffenceArticle.part)
    )
    return list(rows)


def settlements(session: Session) -> list[Settlement]:
    return list(session.scalars(select(Settlement).order_by(Settlement.name_kk)))


def all_articles(session: Session) -> list[OffenceArticle]:
    """Every version of every article, for the register's filter and the settings list."""
    return list(
        session.scalars(
            select(OffenceArticle).order_by(
                OffenceArticle.article, OffenceArticle.part, OffenceArticle.valid_from
            )
        )
    )


def mrp_values(session: Session) -> list[MrpValue]:
    return list(session.scalars(select(MrpValue).order_by(MrpValue.valid_from.desc())))
