"""Fine cases made through the real services, many in one transaction (as an import does)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from akimdesk.domain.identity import make_iin
from akimdesk.models import OffenceArticle, Settlement
from akimdesk.services.fines import cases
from akimdesk.services.fines.validation import CaseInput
from akimdesk.services.operation import Actor, operation
from akimdesk.storage.database import Database

TODAY = date(2026, 11, 23)
SURNAMES = ["Әбілқайыров", "Сейітова", "Нұрғалиев", "Иванов", "Жұмабаева", "Өтегенов"]


def case_input(db: Database, i: int) -> CaseInput:
    with db.read() as s:
        article = s.scalars(
            select(OffenceArticle).where(
                OffenceArticle.article == "505", OffenceArticle.part == "1"
            )
        ).one()
        settlement = s.scalars(select(Settlement)).first()
    born = date(1960, 1, 1) + timedelta(days=(i * 37) % 15000)
    iin = next(x for x in (make_iin(born, i % 2 == 0, (i * 7 + k) % 10000) for k in range(10)) if x)
    return CaseInput(
        offence_date=TODAY - timedelta(days=20 + i % 30),
        offence_time="10:30",
        settlement_id=settlement.id if settlement else None,
        offence_address=f"Абай көшесі, {i % 90 + 1}",
        description="Қоқыс төгілген",
        article_id=article.id,
        iin_bin=iin,
        surname=SURNAMES[i % len(SURNAMES)],
        first_name="Ұлан",
        patronymic="Өтегенұлы",
        protocol_date=TODAY - timedelta(days=19 + i % 30),
        protocol_author="Маман А.",
        penalty="fine",
        mrp_count=20,
    )


def make_cases(db: Database, actor: Actor, n: int, start: int = 0) -> None:
    inputs = [case_input(db, start + i) for i in range(n)]
    with operation(db, actor, "fines.import") as op:
        for data in inputs:
            cases.add_case(op, data, TODAY)
