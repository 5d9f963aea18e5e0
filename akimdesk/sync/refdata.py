"""Reference data from the district, applied page by page: each page and its cursor in one
transaction, then the count and hash of every dataset checked against the server's."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.domain import roles
from akimdesk.models import (
    ArticleSanction,
    BudgetCode,
    HolidayYear,
    MrpValue,
    OffenceArticle,
    PaymentRequisites,
    Settlement,
)
from akimdesk.models.base import Base, column_values
from akimdesk.services.operation import Actor, Operation, operation
from akimdesk.storage.database import Database
from akimdesk.sync import protocol, state

MODELS: dict[str, type[Base]] = {
    "article": OffenceArticle,
    "mrp": MrpValue,
    "budget_code": BudgetCode,
    "settlement": Settlement,
    "holiday": HolidayYear,
    "requisites": PaymentRequisites,
}
DISTRICT = Actor("district", frozenset({roles.DISTRICT}))


def apply_page(db: Database, page: dict[str, Any]) -> int:
    """Applies one page of rows and saves its cursor, together or not at all."""
    with operation(db, DISTRICT, "sync.refdata", outbox=False) as op:
        for row in page.get("rows", []):
            _apply_row(op, row)
        _save_cursor(op.session, int(page["cursor"]))
    return len(page.get("rows", []))


def _save_cursor(s: Session, cursor: int) -> None:
    state.put(s, state.REF_CURSOR, cursor)


def _apply_row(op: Operation, row: dict[str, Any]) -> None:
    model = MODELS.get(row["dataset"])
    if model is None:
        return  # a dataset this version does not know yet; a newer version will
    data = dict(row["data"])
    sanctions = data.pop("sanctions", None)
    values = column_values(model, {**data, "id": row["id"], "ref_version": row["rev"]})
    obj = op.session.get(model, uuid.UUID(row["id"]))
    if obj is None:
        obj = model(**values)
        op.add(obj)
    else:
        before = op.snapshot(obj)
        for key, value in values.items():
            setattr(obj, key, value)
        op.changed(obj, before)
    if sanctions is not None and isinstance(obj, OffenceArticle):
        existing = {s.id: s for s in obj.sanctions}
        fresh = []
        for item in sanctions:
            vals = column_values(
                ArticleSanction, {**item, "article_id": row["id"], "ref_version": row["rev"]}
            )
            current = existing.get(vals["id"])
            if current is None:
                current = ArticleSanction(**vals)
            else:
                for key, value in vals.items():
                    setattr(current, key, value)
            fresh.append(current)
        obj.sanctions = fresh


def local_digests(s: Session) -> dict[str, dict[str, Any]]:
    """The same count-and-hash the server computes, over rows the district has confirmed."""
    out = {}
    for name, model in MODELS.items():
        rows = s.execute(
            select(model.id, model.ref_version).where(model.ref_version > 0)  # type: ignore[attr-defined]
        ).all()
        pairs = [(str(i), v) for i, v in rows]
        out[name] = {"count": len(pairs), "hash": protocol.dataset_digest(pairs)}
    return out


def mismatches(s: Session, server: dict[str, dict[str, Any]]) -> list[str]:
    mine = local_digests(s)
    return [name for name in MODELS if name in server and server[name] != mine[name]]
