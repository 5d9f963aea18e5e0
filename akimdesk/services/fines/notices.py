"""Papers that reach the person before the decision: the notice of the time and place of the
hearing, and how it was delivered (handed over, by post, by a phone message, or refused)."""

from __future__ import annotations

import uuid
from datetime import date

from akimdesk.domain.fines import DELIVERY_METHODS
from akimdesk.i18n import N_
from akimdesk.models import FineCase, FineDelivery, new_id
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.fines.common import event, load
from akimdesk.services.fines.validation import REQUIRED, Errors
from akimdesk.services.operation import Actor, operation
from akimdesk.storage.database import Database


def record_notice_delivery(
    db: Database, actor: Actor, case_id: uuid.UUID, on: date | None, method: str, note: str,
    today: date | None = None,
) -> FineCase:  # fmt: skip
    today = today or date.today()
    with operation(db, actor, "fines.record_delivery") as op:
        case = load(op, case_id)
        if case.stage != "protocol" or case.hearing_date is None:
            raise fail("", N_("Set the time and place of the hearing first."))
        errors: Errors = {}
        if on is None:
            errors["on_date"] = REQUIRED
        elif on > today:
            errors["on_date"] = N_("The date cannot be in the future.")
        elif on < case.protocol_date:
            errors["on_date"] = N_("The notice cannot reach the person before the protocol.")
        elif on > case.hearing_date:
            errors["on_date"] = N_("A notice delivered after the hearing did not notify.")
        if method not in DELIVERY_METHODS:
            errors["method"] = N_("Choose how the paper reached the person.")
        if errors:
            raise ValidationError(errors)
        assert on is not None
        op.add(FineDelivery(id=new_id(), case_id=case.id, document="hearing_notice",
                            method=method, on_date=on, note=note.strip(),
                            author=op.actor.name))  # fmt: skip
        event(op, case, "notice_delivered", on, note.strip(), method=method)
    return case
