"""Where a fine case is changed: each function is one user action, one transaction, with an event
(the legal history), and the outbox and audit rows written by the operation.

The steps live by stage of the case (protocol, notices, decision, payment, enforcement); this
module names them all in one place for the screens, the import and the command line.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from akimdesk.models import FineCase
from akimdesk.services.fines.common import display_name, mrp_on, next_number, rules, rules_for
from akimdesk.services.fines.decision import (
    decide,
    deliver,
    deliver_decision,
    file_appeal,
    issue_decision,
    resolve_appeal,
)
from akimdesk.services.fines.enforcement import (
    cancel_case,
    record_enforcement_result,
    send_to_enforcement,
)
from akimdesk.services.fines.notices import record_notice_delivery
from akimdesk.services.fines.payment import add_payment, grant_deferral, grant_instalments, pay
from akimdesk.services.fines.protocol import add_case, correct_case, create_case, renumber_case
from akimdesk.services.fines.validation import CaseInput
from akimdesk.storage.database import Database

__all__ = [
    "add_case", "add_payment", "as_input", "cancel_case", "correct_case", "create_case",
    "decide", "deliver", "deliver_decision", "display_name", "file_appeal", "find_by_number",
    "get_case", "grant_deferral", "grant_instalments", "issue_decision", "mrp_on", "next_number",
    "pay", "record_enforcement_result", "record_notice_delivery", "renumber_case",
    "resolve_appeal", "rules", "rules_for", "send_to_enforcement",
]  # fmt: skip


def _loaded(case: FineCase | None) -> FineCase | None:
    if case is not None:
        _ = case.events, case.payments, case.deliveries  # loaded while the session is open
    return case


def get_case(db: Database, case_id: uuid.UUID) -> FineCase | None:
    with db.read() as s:
        return _loaded(s.get(FineCase, case_id))


def find_by_number(db: Database, number: str) -> FineCase | None:
    with db.read() as s:
        return _loaded(s.scalars(select(FineCase).where(FineCase.number == number)).first())


def as_input(case: FineCase) -> CaseInput:
    values = {k: getattr(case, k) for k in CaseInput.__dataclass_fields__ if k != "mrp_count"}
    return CaseInput(**values, mrp_count=case.mrp_count or None)
