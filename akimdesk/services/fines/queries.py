"""Reading the fines register: status in SQL, filters, search, the "needs action" view."""

from __future__ import annotations

from datetime import date

from akimdesk.domain.fines import status_of
from akimdesk.models import FineCase


def status_of_case(case: FineCase, today: date) -> str:
    return status_of(
        case.stage, case.penalty, case.reduced, case.in_force_date, case.pay_by, case.paid_tiyn, today
    )
