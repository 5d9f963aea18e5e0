"""Where a lease of communal property is stored (MNE order No. 212), ended early, and its rent
recorded; what is due and received per month, and which contracts need action.

Two leases of one asset may not overlap in time: the same room cannot be let twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from akimdesk.domain import property as rules
from akimdesk.domain.fields import text_problem
from akimdesk.i18n import N_, format_date, msg
from akimdesk.models import Asset, Lease, LeasePayment, new_id
from akimdesk.services import settings
from akimdesk.services.errors import ValidationError, fail
from akimdesk.services.operation import Actor, operation
from akimdesk.services.property.validation import (
    LeaseInput,
    RentInput,
    validate_lease,
    validate_rent,
)
from akimdesk.storage.database import Database


def _overlapping(s: Session, asset_id: uuid.UUID, start: date, end: date,
                 own: uuid.UUID | None = None) -> Lease | None:  # fmt: skip
    with s.no_autoflush:
        for other in s.scalars(select(Lease).where(Lease.asset_id == asset_id, Lease.id != own)):
            if rules.overlaps(start, end, other.start_date, other.effective_end):
                return other
    return None


def _check(s: Session, asset: Asset, data: LeaseInput, own: uuid.UUID | None = None) -> int:
    errors, rent = validate_lease(data)
    if errors:
        raise ValidationError(errors)
    assert data.start_date is not None and data.end_date is not None
    if asset.status != "in_use":
        raise fail("", N_("The asset is no longer on the balance."))
    other = _overlapping(s, asset.id, data.start_date, data.end_date, own)
    if other is not None:
        raise fail("start_date", msg(
            "The asset is already let to {tenant} from {start} to {end} (contract {number}).",
            tenant=other.tenant_name, start=format_date(other.start_date),
            end=format_date(other.effective_end), number=other.contract_no,
        ))  # fmt: skip
    return rent


def _apply(lease: Lease, data: LeaseInput, rent: int) -> None:
    lease.tenant_name = " ".join(data.tenant_name.split())
    lease.tenant_iin_bin = data.tenant_iin_bin.strip()
    lease.contract_no, lease.contract_date = data.contract_no.strip(), data.contract_date
    lease.start_date, lease.end_date = data.start_date, data.end_date  # type: ignore[assignment]
    lease.monthly_rent_tiyn, lease.purpose = rent, data.purpose.strip()


def add_lease(db: Database, actor: Actor, asset_id: uuid.UUID, data: LeaseInput) -> uuid.UUID:
    with operation(db, actor, "property.lease_add") as op:
        asset = op.session.get(Asset, asset_id)
        if asset is None:
            raise fail("", N_("The asset was not found."))
        rent = _check(op.session, asset, data)
        lease = Lease(id=new_id(), asset_id=asset_id)
        _apply(lease, data, rent)
        op.add(lease)
        return lease.id


def update_lease(db: Database, actor: Actor, lease_id: uuid.UUID, data: LeaseInput) -> None:
    with operation(db, actor, "property.lease_update") as op:
        lease = _lease(op.session, lease_id)
        rent = _check(op.session, lease.asset, data, own=lease.id)
        before = op.snapshot(lease)
        _apply(lease, data, rent)
        op.changed(lease, before)


def _lease(s: Session, lease_id: uuid.UUID) -> Lease:
    lease = s.get(Lease, lease_id)
    if lease is None:
        raise fail("", N_("The lease was not found."))
    return lease


def terminate_lease(db: Database, actor: Actor, lease_id: uuid.UUID, on: date | None,
                    reason: str) -> None:  # fmt: skip
    """Ends a lease before its term (by agreement, by the court): kept, with the date and why."""
    if on is None:
        raise fail("terminated_on", N_("This field is required."))
    if not reason.strip():
        raise fail("reason", N_("Give the reason."))
    if problem := text_problem("lease", "terminated_reason", reason):
        raise fail("reason", problem)
    with operation(db, actor, "property.lease_end", reason.strip()) as op:
        lease = _lease(op.session, lease_id)
        if lease.terminated_on is not None:
            raise fail("", N_("The lease has already ended."))
        if not lease.start_date <= on <= lease.end_date:
            raise fail("terminated_on", N_("The date must be within the lease."))
        before = op.snapshot(lease)
        lease.terminated_on, lease.terminated_reason = on, reason.strip()
        op.changed(lease, before)


def record_rent(db: Database, actor: Actor, lease_id: uuid.UUID, data: RentInput,
                today: date | None = None) -> None:  # fmt: skip
    errors, amount = validate_rent(data, today or date.today())
    if errors:
        raise ValidationError(errors)
    with operation(db, actor, "property.rent_add") as op:
        lease = _lease(op.session, lease_id)
        months = rules.months_of(lease.start_date, lease.effective_end)
        if data.for_month not in months:
            raise fail("for_month", N_("Choose a month of the lease."))
        op.add(LeasePayment(
            id=new_id(), lease_id=lease.id, for_month=data.for_month, paid_on=data.paid_on,
            amount_tiyn=amount, document_no=data.document_no.strip(),
            author=op.actor.name,
        ))  # fmt: skip


# --- what is due and received ------------------------------------------------------------
@dataclass(frozen=True)
class MonthIncome:
    month: str
    due_tiyn: int
    received_tiyn: int


def income(lease: Lease, paid: dict[str, int], until: date) -> list[MonthIncome]:
    """Month by month up to `until` (or the lease's end): rent due and received."""
    end = min(lease.effective_end, until)
    out = []
    for month in rules.months_of(lease.start_date, end) if end >= lease.start_date else []:
        due = rules.rent_due(lease.monthly_rent_tiyn, lease.start_date, lease.effective_end, month)
        out.append(MonthIncome(month, due, paid.get(month, 0)))
    return out


def paid_by_month(s: Session, lease_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
    out: dict[uuid.UUID, dict[str, int]] = {}
    query = (
        select(LeasePayment.lease_id, LeasePayment.for_month, func.sum(LeasePayment.amount_tiyn))
        .where(LeasePayment.lease_id.in_(lease_ids))
        .group_by(LeasePayment.lease_id, LeasePayment.for_month)
    )
    for lease_id, month, total in s.execute(query):
        out.setdefault(lease_id, {})[month] = int(total or 0)
    return out


@dataclass(frozen=True)
class LeaseLine:
    lease: Lease
    due_tiyn: int  # from the start to `until`
    received_tiyn: int
    expiring: bool  # ends within the office's warning days, and not ended early

    @property
    def debt_tiyn(self) -> int:
        return max(0, self.due_tiyn - self.received_tiyn)


def lines(s: Session, until: date, asset_id: uuid.UUID | None = None,
          today: date | None = None) -> list[LeaseLine]:  # fmt: skip
    """Every lease with what it owed up to `until`; those ending within the warning days of
    `today` (default `until`) flagged."""
    today = today or until
    warn = settings.load(s)["property.lease_warn_days"]
    query = select(Lease).order_by(Lease.end_date)
    if asset_id is not None:
        query = query.where(Lease.asset_id == asset_id)
    leases = list(s.scalars(query))
    paid = paid_by_month(s, [x.id for x in leases])
    out = []
    for lease in leases:
        months = income(lease, paid.get(lease.id, {}), until)
        received = sum(paid.get(lease.id, {}).values())
        expiring = lease.terminated_on is None and today <= lease.end_date <= today + timedelta(
            days=warn
        )
        out.append(LeaseLine(lease, sum(m.due_tiyn for m in months), received, expiring))
    return out


def needs_action(s: Session, today: date) -> list[LeaseLine]:
    """Contracts ending soon (renew or take the property back) and leases with rent owed for
    the months already over."""
    last_month_end = today.replace(day=1) - timedelta(days=1)
    return [x for x in lines(s, last_month_end, today=today) if x.expiring or x.debt_tiyn > 0]
