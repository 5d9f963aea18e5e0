"""What a committed write changed, told to whoever listens (the screens, through the UI's bus).

Every write transaction (`Database.write()`, and so every `operation()`) collects the kinds of
records it touched, with their ids where it knows them, and announces them once it has committed.
A kind is the table name (`fine_case`, `meeting`, `setting`, `outbox`, ...). Nobody types a kind at a
call site: the session sees what was written, so a screen cannot miss a change because someone
forgot to announce it, or announced it under another name.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

log = logging.getLogger(__name__)

_KEY = "akimdesk.changes"

# Groups screens listen to. Kinds are table names; a new table joins the group it belongs to.
FINES = frozenset({"fine_case", "fine_event", "fine_payment", "fine_delivery"})
ASSEMBLIES = frozenset(
    {"assembly_member", "meeting", "meeting_attendance", "agenda_item", "meeting_addendum"}
)
PROPERTY = frozenset(
    {
        "asset_category",
        "asset",
        "asset_movement",
        "asset_attachment",
        "lease",
        "lease_payment",
        "inventory_campaign",
        "inventory_item",
    }
)
REFDATA = frozenset(
    {
        "offence_article",
        "article_sanction",
        "mrp_value",
        "settlement",
        "budget_code",
        "holiday_year",
        "payment_requisites",
    }
)
SETTINGS = frozenset({"setting", "office", "official", "journal_mapping"})
ACCOUNTS = frozenset({"user_account"})
# The sync's own state: what is queued or sent, refusals, staged records, cursors and times.
SYNC = frozenset({"outbox", "sync_rejection", "sync_inbox", "meta"})
AUDIT = frozenset({"audit"})
GROUPS = (FINES, ASSEMBLIES, PROPERTY, REFDATA, SETTINGS, ACCOUNTS, SYNC, AUDIT)


@dataclass(frozen=True)
class Changes:
    """Kinds of records a committed write touched -> the ids it knows (empty when written in bulk
    without ids, e.g. an UPDATE over many rows)."""

    ids: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, *kinds: str) -> Changes:
        return cls({k: frozenset() for k in kinds})

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.ids)

    def __contains__(self, kind: object) -> bool:
        return kind in self.ids

    def __bool__(self) -> bool:
        return bool(self.ids)

    def touches(self, kinds: Iterable[str]) -> bool:
        return not self.kinds.isdisjoint(kinds)


Listener = Callable[[Changes], None]


class ChangeFeed:
    """Listeners are called in the thread that committed; the UI's bus moves the call to the UI
    thread. A failing listener is logged and does not undo or stop the write."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def announce(self, changes: Changes) -> None:
        if not changes:
            return
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changes)
            except Exception:  # a screen's bug must not turn a saved change into an error
                log.exception("a change listener failed")


def _collected(session: Session) -> dict[str, set[str]]:
    found: dict[str, set[str]] = session.info.setdefault(_KEY, {})
    return found


def _kind_of(obj: Any) -> str | None:
    table = getattr(obj, "__tablename__", None)
    return str(table) if table else None


def _id_of(obj: Any) -> str | None:
    value = getattr(obj, "id", None) or getattr(obj, "key", None)
    return None if value is None else str(value)


def _after_flush(session: Session, _context: Any) -> None:
    found = _collected(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        kind = _kind_of(obj)
        if kind is None:
            continue
        ids = found.setdefault(kind, set())
        ident = _id_of(obj)
        if ident is not None:
            ids.add(ident)


def _on_execute(state: ORMExecuteState) -> None:
    # Bulk statements (insert(FineCase), update(...)) write without ORM objects.
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if not name:
        return
    ids = _collected(state.session).setdefault(str(name), set())
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if params else []
    for row in rows:
        if isinstance(row, Mapping) and row.get("id") is not None:
            ids.add(str(row["id"]))


def note(session: Session, table: str, ids: Iterable[str]) -> None:
    """What a statement sent past the session wrote (storage.bulk)."""
    _collected(session).setdefault(table, set()).update(ids)


def track(maker: sessionmaker[Session]) -> None:
    """Collects, in each session the maker makes, what its flushes and bulk statements wrote."""
    event.listen(maker, "after_flush", _after_flush)
    event.listen(maker, "do_orm_execute", _on_execute)


def take(session: Session) -> Changes:
    """What the session's transaction wrote; called after it committed."""
    found = session.info.pop(_KEY, None) or {}
    return Changes({kind: frozenset(ids) for kind, ids in found.items()})


def so_far(session: Session) -> Changes:
    """What the open transaction has written up to now (flushed objects and bulk statements)."""
    found = session.info.get(_KEY) or {}
    return Changes({kind: frozenset(ids) for kind, ids in found.items()})
