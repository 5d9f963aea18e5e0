"""Every lifecycle transition of a fine case and the deadlines it computes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from akimdesk.domain.identity import make_iin
from akimdesk.models import AuditEntry, FineCase, OffenceArticle, OutboxEntry, Settlement
from akimdesk.services import settings
from akimdesk.services.errors import ValidationError
from akimdesk.services.fines import cases
from akimdesk.services.fines.queries import status_of_case
from akimdesk.services.fines.validation import CaseInput, DecisionInput
from tests.conftest import ACTOR, TODAY

IIN = make_iin(date(1985, 3, 14), True, 1234) or make_iin(date(1985, 3, 14), True, 1235)


def article(db, code="505", part="1"):
    with db.read() as s:
        return s.scalars(
            select(OffenceArticle).where(OffenceArticle.article == code, OffenceArticle.part == part)
        ).one()


def case_input(db, **over) -> CaseInput:
    with db.read() as s:
        settlement = s.scalars(select(Settlement)).first()
    data = CaseInput(
        offence_date=TODAY - timedelta(days=20),
        offence_time="10:30",
        settlement_id=settlement.id,
        offence_address="Абай көшесі, 5",
        description="Қоқыс төгілген",
        article_id=article(db).id,
        iin_bin=IIN,
        surname="Әбілқайыров",
        first_name="Ұлан",
        patronymic="Өтегенұлы",
        protocol_date=TODAY - timedelta(days=19),
        protocol_author="Маман А.",
        penalty="fine",
        mrp_count=20,
    )
    for k, v in over.items():
        setattr(data, k, v)
    return data


def test_create_writes_case_event_outbox_and_audit(db):
    case = cases.create_case(db, ACTOR, case_input(db), today=TODAY)
    assert case.number == "2026-00001"
    assert case.stage == "protocol"
    assert case.limitation_date == TODAY - timedelta(days=20) + (date(2027, 1, 3) - date(2026, 11, 3))
    assert case.amount_tiyn == 20 * 4325 * 100  # provisional, МРП 2026
    with db.read() as s:
        assert s.scalar(select(OutboxEntry).where(OutboxEntry.entity == "fine_case")) is not None
        assert s.scalars(select(OutboxEntry.entity)).all().count("fine_event") == 1
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "fines.create_case")).all()
        assert {a.entity for a in audit} == {"fine_case", "fine_event"}
        assert all(a.user == "Test Clerk" for a in audit)


def test_full_lifecycle_with_deadlines(db):
    c = cases.create_case(db, ACTOR, case_input(db), today=TODAY)
    c = cases.issue_decision(
        db, ACTOR, c.id, DecisionInput(TODAY - timedelta(days=15), "fine", 20), today=TODAY
    )
    assert c.stage == "decided" and c.mrp_value == 4325 and c.amount_tiyn == 8_650_000
    delivered = TODAY - timedelta(days=14)
    c = cases.deliver_decision(db, ACTOR, c.id, delivered, today=TODAY)
    assert c.appeal_until == delivered + timedelta(days=10)
    assert c.in_force_date == delivered + timedelta(days=11)
    assert c.pay_by == c.in_force_date + timedelta(days=30)
    assert c.enforcement_by == c.pay_by + timedelta(days=10)
    assert status_of_case(c, TODAY) == "in_force"
    c = cases.add_payment(db, ACTOR, c.id, TODAY, 1_000_000, "ПП-1", today=TODAY)
    assert status_of_case(c, TODAY) == "partly_paid"
    assert status_of_case(c, c.pay_by + timedelta(days=1)) == "overdue"
    with pytest.raises(ValidationError) as e:
        cases.add_payment(db, ACTOR, c.id, TODAY, 8_000_000, "ПП-2", today=TODAY)
    assert "amount" in e.value.errors
    c = cases.add_payment(db, ACTOR, c.id, TODAY, 7_650_000, "ПП-2", today=TODAY)
    assert c.stage == "closed" and status_of_case(c, TODAY) == "paid"
    kinds = [e.kind for e in cases.get_case(db, c.id).events]
    assert kinds == [
        "protocol_drawn", "decision_issued", "decision_delivered", "payment", "payment",
        "paid_in_full",
    ]  # fmt: skip
