"""An office with a bit of everything the district view shows, made through the real services
(so every row is in the outbox and reaches the server by a real sync)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from sqlalchemy import select

from akimdesk.models import Asset, FineCase
from akimdesk.services.assemblies import meetings
from akimdesk.services.fines import cases
from akimdesk.services.fines.validation import DecisionInput
from akimdesk.services.property import leases
from akimdesk.services.property.validation import LeaseInput, RentInput
from akimdesk.storage.database import Database
from tests.conftest import ACTOR, TODAY
from tests.support.assemblies import make_meeting, make_members
from tests.support.fines import case_input, make_cases
from tests.support.property import make_assets

JULY = date(2026, 7, 2)


def old_case(db: Database, i: int) -> FineCase:
    """A case from July, decided and delivered then: its payment deadline has passed."""
    data = dataclasses.replace(case_input(db, i), offence_date=date(2026, 7, 1), protocol_date=JULY)
    case = cases.create_case(db, ACTOR, data, today=JULY)
    cases.issue_decision(
        db, ACTOR, case.id, DecisionInput(date(2026, 7, 10), "fine", 20), date(2026, 7, 10)
    )
    return cases.deliver_decision(db, ACTOR, case.id, date(2026, 7, 13), today=date(2026, 7, 13))


def fill_office(db: Database) -> dict[str, Any]:
    """Fines: one overdue, one sent for enforcement, one paid, three fresh protocols.
    Meetings: one signed assembly. Property: three assets without title, one leased with rent."""
    overdue = old_case(db, 100)
    enforced = old_case(db, 101)
    cases.send_to_enforcement(db, ACTOR, enforced.id, TODAY, "", today=TODAY, recipient="ЧСИ")
    paid = old_case(db, 102)
    cases.add_payment(
        db, ACTOR, paid.id, date(2026, 8, 20), paid.amount_tiyn, "ПП-17", today=date(2026, 8, 20)
    )
    make_cases(db, ACTOR, 3)
    member_ids = make_members(db, ACTOR, 10)
    meeting_id, ref = make_meeting(db, ACTOR, member_ids)
    meetings.sign(db, ACTOR, meeting_id, TODAY)
    numbers = make_assets(db, 3)
    with db.read() as s:
        asset_id = s.scalar(select(Asset.id).where(Asset.inventory_number == numbers[0]))
    lease_id = leases.add_lease(db, ACTOR, asset_id, LeaseInput(
        tenant_name="«Береке» ЖШС", tenant_iin_bin="080140000255", contract_no="7-Ж",
        start_date=date(2026, 4, 16), end_date=date(2026, 12, 15), monthly_rent="300000"))  # fmt: skip
    leases.record_rent(db, ACTOR, lease_id, RentInput("2026-05", date(2026, 6, 1), "300000"), TODAY)
    return {"overdue": overdue, "enforced": enforced, "paid": paid, "meeting": meeting_id,
            "ref": ref, "assets": numbers}  # fmt: skip
