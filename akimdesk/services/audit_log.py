"""Reading the audit log: newest first, filtered, a page at a time (an office that imported
10,000 cases has 50,000 rows), and what one change did field by field."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from akimdesk.domain.roles import ROLES, VIEW_AUDIT
from akimdesk.models import AuditEntry
from akimdesk.services.errors import PermissionDenied
from akimdesk.services.operation import Actor

PAGE = 500


def require_view(actor: Actor) -> None:
    """Reading the log is a right of its own: it holds every value before and after."""
    if not VIEW_AUDIT & actor.roles:
        raise PermissionDenied("audit.view", [r for r in ROLES if r in VIEW_AUDIT])


@dataclass(frozen=True)
class AuditFilter:
    user: str = ""
    entity: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""  # in the record id, the reason, or the values before and after
    entity_id: str = ""


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: str
    reason: str
    title: str | None


def _utc(day: date) -> datetime:
    """The start of the PC's local day in UTC, as rows are stored."""
    return datetime.combine(day, time()).astimezone(UTC).replace(tzinfo=None)


# What names a record for a person: a case number, a meeting number, a name, a login, a key.
_TITLE_KEYS = ("number", "ref", "full_name", "login", "key", "document_no", "title_ru", "file")


def _title(col: Any) -> Any:
    return func.coalesce(*[func.json_extract(col, f"$.{k}") for k in _TITLE_KEYS])


def page(session: Session, flt: AuditFilter, before_id: int | None = None,
         limit: int = PAGE) -> list[AuditRow]:  # fmt: skip
    """Up to `limit` rows older than `before_id`, newest first (the id order is the chain's)."""
    a = AuditEntry
    q = select(a.id, a.at, a.user, a.action, a.entity, a.entity_id, a.reason,
               func.coalesce(_title(a.after), _title(a.before)))  # fmt: skip
    if before_id is not None:
        q = q.where(a.id < before_id)
    if flt.user:
        q = q.where(a.user == flt.user)
    if flt.entity:
        q = q.where(a.entity == flt.entity)
    if flt.action:
        q = q.where(a.action == flt.action)
    if flt.entity_id:
        q = q.where(a.entity_id == flt.entity_id)
    if flt.date_from:
        q = q.where(a.at >= _utc(flt.date_from))
    if flt.date_to:
        q = q.where(a.at < _utc(flt.date_to + timedelta(days=1)))
    if needle := flt.text.strip():
        like = f"%{needle}%"
        # JSON values are stored ASCII-escaped (\u04e9...): look for that spelling too.
        escaped = f"%{json.dumps(needle)[1:-1]}%"
        q = q.where(or_(a.entity_id.like(like), a.reason.like(like),
                        *(cast(col, String).like(x) for col in (a.before, a.after)
                          for x in {like, escaped})))  # fmt: skip
    rows = session.execute(q.order_by(a.id.desc()).limit(limit)).all()
    return [AuditRow(*r) for r in rows]


def choices(session: Session) -> tuple[list[str], list[str], list[str]]:
    """Who has acted, on which kinds of record, with which actions: for the filter lists."""
    a = AuditEntry
    out = []
    for col in (a.user, a.entity, a.action):
        out.append(sorted(v for (v,) in session.execute(select(col).distinct()) if v))
    return out[0], out[1], out[2]


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


def changes(session: Session, row_id: int, hidden: set[str]) -> list[FieldChange]:
    """What one row changed: for a new record every filled field, for an edit the fields whose
    value differs, for bulk rows written without a record the values they carry."""
    row = session.get(AuditEntry, row_id)
    if row is None:
        return []
    before, after = row.before or {}, row.after or {}
    out = []
    for key in dict.fromkeys([*before, *after]):
        if key in hidden:
            continue
        old, new = before.get(key), after.get(key)
        if old != new and (old not in (None, "", []) or new not in (None, "", [])):
            out.append(FieldChange(key, old, new))
    return out
