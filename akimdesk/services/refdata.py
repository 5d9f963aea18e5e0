"""Reference data: the initial catalog from DOMAIN.md, and look-ups by date.

In an office these rows are read-only; the district replaces them through sync.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from akimdesk.models import (
    ArticleSanction,
    BudgetCode,
    MrpValue,
    OffenceArticle,
    Settlement,
)
from akimdesk.services.operation import Operation

CODE_IN_FORCE = date(2015, 1, 1)  # КоАП РК of 5 July 2014 No. 235-V came into force

# (article, part, title_kk, title_ru, warning allowed, {category: (min, max) МРП})
INITIAL_ARTICLES = [
    ("505", "1", "Абаттандыру қағидаларын бұзу, жасыл екпелерді жою және бүлдіру",
     "Нарушение правил благоустройства территорий, уничтожение и повреждение зелёных насаждений",
     True, {"individual": (20, 20), "official": (30, 30), "small": (30, 30),
            "medium": (40, 40), "large": (100, 100)}),
    ("505", "2", "Абаттандыру қағидаларын бір жыл ішінде қайталап бұзу",
     "Повторное в течение года нарушение правил благоустройства территорий",
     False, {"individual": (30, 30)}),
    ("408", "1", "Ауыл шаруашылығы жануарларын жаю қағидаларын бұзу",
     "Нарушение правил выпаса сельскохозяйственных животных",
     False, {"individual": (3, 3)}),
    ("408", "2", "Мал жаю ережелерін бұзу, бөтен мүлікке зиян келтірумен",
     "Нарушение правил выпаса сельскохозяйственных животных, повлёкшее повреждение имущества",
     False, {"individual": (10, 10)}),
    ("204", "1", "Белгіленбеген жерлерде сауда жасау",
     "Торговля в неустановленных местах",
     True, {"individual": (5, 5)}),
    ("204", "2", "Белгіленбеген жерлерде бір жыл ішінде қайталап сауда жасау",
     "Повторная в течение года торговля в неустановленных местах",
     False, {"individual": (10, 10)}),
    ("434-2", "", "Ортақ пайдаланылатын орындарды ластау",
     "Загрязнение мест общего пользования",
     False, {"individual": (10, 10)}),
]  # fmt: skip

# МРП in tenge (DOMAIN.md). In April 2022 the benefit value rose; fines and taxes kept 3063.
INITIAL_MRP = [
    (date(2018, 1, 1), 2405, 2405), (date(2019, 1, 1), 2525, 2525),
    (date(2020, 1, 1), 2651, 2651), (date(2020, 4, 1), 2778, 2778),
    (date(2021, 1, 1), 2917, 2917), (date(2022, 1, 1), 3063, 3063),
    (date(2022, 4, 1), 3063, 3180), (date(2023, 1, 1), 3450, 3450),
    (date(2024, 1, 1), 3692, 3692), (date(2025, 1, 1), 3932, 3932),
    (date(2026, 1, 1), 4325, 4325),
]  # fmt: skip

INITIAL_BUDGET_CODES = [
    ("204101", "Әкімшілік айыппұлдар, өсімпұлдар, санкциялар, өндіріп алулар",
     "Административные штрафы, пени, санкции, взыскания"),
    ("201904", "Коммуналдық мүлікті мүліктік жалдауға беруден түсетін кірістер",
     "Доходы от аренды имущества коммунальной собственности"),
]  # fmt: skip


def seed_initial(op: Operation) -> bool:
    """Fills empty reference tables with the initial catalog. Returns whether it did anything."""
    s = op.session
    if s.scalar(select(func.count()).select_from(OffenceArticle)):
        return False
    for art, part, kk, ru, warn, sanctions in INITIAL_ARTICLES:
        row = OffenceArticle(
            article=art, part=part, title_kk=kk, title_ru=ru, warning_allowed=warn,
            fine_allowed=True, valid_from=CODE_IN_FORCE,
        )  # fmt: skip
        row.sanctions = [
            ArticleSanction(offender_category=c, min_mrp=lo, max_mrp=hi)
            for c, (lo, hi) in sanctions.items()
        ]
        op.add(row)
    for valid_from, fines, benefits in INITIAL_MRP:
        op.add(MrpValue(valid_from=valid_from, purpose="fines", amount=fines))
        op.add(MrpValue(valid_from=valid_from, purpose="benefits", amount=benefits))
    for code, kk, ru in INITIAL_BUDGET_CODES:
        op.add(BudgetCode(code=code, name_kk=kk, name_ru=ru))
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
