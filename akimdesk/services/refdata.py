"""Reference data: the initial catalog from DOMAIN.md, and look-ups by date.

In an office these rows are read-only; the district replaces them through sync.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from akimdesk.domain.catalog import (
    CODE_IN_FORCE,
    INITIAL_ARTICLES,
    INITIAL_BUDGET_CODES,
    INITIAL_MRP,
    article_id,
    budget_code_id,
    mrp_id,
    sanction_id,
)
from akimdesk.models import (
    ArticleSanction,
    BudgetCode,
    MrpValue,
    OffenceArticle,
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
            fine_allowed=True, valid_from=CODE_IN_FORCE,
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
    return True


def mrp_on(session: Session, day: date, purpose: str = "fines") -> int | None:
    return session.scalar(
        select(MrpValue.amount)
        .where(MrpValue.purpose == purpose, MrpValue.valid_from <= day)
        .order_by(MrpValue.valid_from.desc())
        .limit(1)
    )


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
