"""The single write path: a unit of work that records what it changed in audit and outbox."""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from akimdesk.domain.roles import ROLES, allowed, roles_for
from akimdesk.domain.text import bad_character, character_problem
from akimdesk.i18n import N_
from akimdesk.models import SCHEMA_VERSION, Base, OutboxEntry, Syncable, utcnow
from akimdesk.models.base import (
    compact_payload,
    insert_columns,
    insert_row,
    payload,
    record,
    text_columns,
)
from akimdesk.services import audit
from akimdesk.services.errors import PermissionDenied, ValidationError
from akimdesk.storage import bulk, search
from akimdesk.storage.changes import Changes, so_far
from akimdesk.storage.database import Database
from akimdesk.sync.protocol import compact
from akimdesk.sync.state import number_ops

_T = TypeVar("_T", bound=Base)


@dataclass(frozen=True)
class Actor:
    """Who is acting, with the roles `operation()` checks every write against."""

    name: str  # the full name, as printed on documents (author, signed by)
    roles: frozenset[str]
    login: str = ""  # empty for the PC's own user and the district

    @property
    def label(self) -> str:
        """How the audit log names the actor: logins are unique, full names may not be."""
        return (
            f"{self.name} ({self.login})" if self.login and self.login != self.name else self.name
        )

    @classmethod
    def system_user(cls) -> Actor:
        """The person at the PC's own account when the office has no user accounts yet (the
        command line and the first start); once accounts exist, people sign in."""
        try:
            name = getpass.getuser()
        except Exception:  # no login name on some service accounts
            name = "akimdesk"
        return cls(name, frozenset(ROLES))

    def may(self, action: str) -> bool:
        return allowed(self.roles, action)


@dataclass
class Operation:
    session: Session
    actor: Actor
    action: str
    reason: str = ""
    _changes: list[tuple[Base, dict[str, Any] | None]] = field(default_factory=list)
    scratch: dict[str, Any] = field(default_factory=dict)  # per-operation caches of services
    # False for changes that came from the district: they must not be sent back to it.
    outbox: bool = True
    _created: set[int] = field(default_factory=set)
    _bases: dict[int, int] = field(default_factory=dict)
    _notes: list[dict[str, Any]] = field(default_factory=list)
    _summary: dict[str, Any] | None = None
    # Bulk: what `add` is given is inserted at the end, one statement per table, instead of
    # through the session's unit of work (an import of 10,000 cases and their events). Queries
    # in the operation do not see those records before then; the import asks none of them.
    bulk: bool = False
    _pending: list[Base] = field(default_factory=list)
    _values: dict[int, list[Any]] = field(default_factory=dict)  # rows written in bulk

    def summarise(self, entity: str, entity_id: str, after: dict[str, Any]) -> None:
        """Makes the whole operation one audit row (an import of a journal: one entry, not one
        per record) holding `after` and how many records of each kind it wrote; every record
        still gets its outbox row. Written only if the operation changed something."""
        self._summary = {"entity": entity, "entity_id": entity_id, "after": after}

    def note(
        self,
        entity: str,
        entity_id: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        """An audit row for a change written without ORM objects (bulk sync writes)."""
        self._notes.append(
            {"entity": entity, "entity_id": entity_id, "before": before, "after": after}
        )

    @property
    def changes(self) -> Changes:
        """What this operation has written so far, by kind and id (its flushed objects and bulk
        statements). Screens need not ask: `Database.write()` announces it after the commit."""
        self.session.flush()
        return so_far(self.session)

    def mark(self) -> int:
        """A point to go back to when a part of a larger operation (an import row) fails."""
        return len(self._changes)

    def discard_since(self, mark: int) -> None:
        """Drops the objects added since `mark`; they must not have been flushed yet."""
        dropped = 0
        for obj, before in self._changes[mark:]:
            if before is None and id(obj) in self._created:
                if obj in self.session.new:
                    self.session.expunge(obj)
                else:
                    dropped += 1  # the last ones added in bulk
                self._created.discard(id(obj))
        del self._changes[mark:]
        if dropped:
            del self._pending[-dropped:]

    def new(self, cls: type[_T], final: bool = False, **values: Any) -> _T:
        """A new object of `cls` for `add`; in a bulk operation made without the ORM's attribute
        events, which only the session's unit of work needs (models.base.record; `final`: a
        record this operation never changes after, such as an event)."""
        return record(cls, final, **values) if self.bulk else cls(**values)

    def add(self, obj: Base) -> None:
        if self.bulk:
            self._pending.append(obj)
        else:
            self.session.add(obj)
        self._changes.append((obj, None))
        self._created.add(id(obj))

    def snapshot(self, obj: Base) -> dict[str, Any]:
        # An object created in this operation is recorded once, as created, in its final state.
        return {} if id(obj) in self._created else obj.to_dict()

    def changed(self, obj: Base, before: dict[str, Any], *, based_on: int | None = None) -> None:
        """Records a change. `based_on`: the version the change builds on when it is not the
        one this PC had (a person keeping her version over the district's, after a conflict)."""
        if id(obj) in self._created:
            return
        if isinstance(obj, Syncable):
            if based_on is None:
                obj.version = (obj.version or 1) + 1
            else:
                obj.version = based_on + 1
                self._bases[id(obj)] = based_on
        self._changes.append((obj, before))

    def flush(self) -> None:
        """Writes the audit and outbox rows for what was recorded; called once at commit."""
        if not self._changes and not self._notes:
            return
        self._check_texts()
        self._insert_pending()
        self.session.flush()
        now = utcnow()
        audits: list[dict[str, Any]] = [
            {"at": now, "user": self.actor.label, "action": self.action, "reason": self.reason, **n}
            for n in self._notes
        ]
        outbox: list[tuple[Any, ...]] = []
        records: dict[str, int] = {}  # by kind, for a summarised operation's one audit row
        for obj, before in self._changes:
            values = self._values.get(id(obj))
            entity = getattr(obj, "__sync_entity__", obj.__tablename__)
            records[entity] = records.get(entity, 0) + 1
            after: dict[str, Any] | None = (
                None  # made only when an audit row or the outbox needs it
            )
            if self._summary is None:
                after = obj.to_dict() if values is None else payload(obj, values)
                audits.append(
                    {
                        "at": now,
                        "user": self.actor.label,
                        "action": self.action,
                        "entity": entity,
                        "entity_id": str(after.get("id", after.get("key", ""))),
                        "reason": self.reason,
                        "before": before,
                        "after": after,
                    }
                )
            if isinstance(obj, Syncable) and self.outbox:
                base = self._bases.get(id(obj), 0 if before is None else before.get("version", 0))
                # Empty values left out, as the wire leaves them out: a third of the size, and
                # the batch is read and encoded that much faster.
                if values is not None:  # a new record written in bulk: read from its row
                    rid, body = obj.__dict__["id"], compact_payload(obj, values)
                else:
                    after = after if after is not None else obj.to_dict()
                    rid, body = uuid.UUID(after["id"]), compact(after)
                outbox.append((entity, rid, body, base, SCHEMA_VERSION, now, None))
        if self._summary is not None and records:
            audits.append(self._summary_row(now, records))
        audit.append(self.session, audits)
        if outbox:
            numbers = number_ops(self.session, len(outbox))
            rows = [(*n, *row) for n, row in zip(numbers, outbox, strict=True)]
            bulk.insert_many(self.session, OutboxEntry.__table__, OUTBOX_COLUMNS, rows)
        self._changes.clear()
        self._notes.clear()
        self._values.clear()

    def _insert_pending(self) -> None:
        """The records added in bulk, one INSERT per table (parents first), with the column
        defaults the unit of work would have filled in set on the objects too."""
        if not self._pending:
            return
        by_table: dict[Any, list[Base]] = {}
        for obj in self._pending:
            by_table.setdefault(obj.__table__, []).append(obj)
        for table in Base.metadata.sorted_tables:
            if table not in by_table:
                continue
            objs = by_table[table]
            names = insert_columns(type(objs[0]))[1]
            rows = []
            for obj in objs:
                row = insert_row(obj)
                self._values[id(obj)] = row
                rows.append(row)
            with search.paused(self.session, table.name):
                bulk.insert_many(self.session, table, names, rows)
        self._pending.clear()

    def _summary_row(self, now: Any, records: dict[str, int]) -> dict[str, Any]:
        assert self._summary is not None
        return {"at": now, "user": self.actor.label, "action": self.action,
                "entity": self._summary["entity"], "entity_id": self._summary["entity_id"],
                "reason": self.reason, "before": None,
                "after": {**self._summary["after"], "records": records}}  # fmt: skip

    def _check_texts(self) -> None:
        """The last guard of domain.text's rule: whatever path a text took (a form, an import,
        a reason typed in a dialog), a control character is never stored. Forms and importers
        check first, field by field; this names the field if one slipped through."""
        problem = character_problem(self.reason, multiline=True)
        if problem is not None:
            raise ValidationError({"reason": problem})
        # One search over all texts of one kind first: an import writes some hundred thousand.
        texts: tuple[list[str], list[str]] = ([], [])
        for obj, _before in self._changes:
            # A new object of a bulk operation holds all its values (models.base.record).
            new = self.bulk and id(obj) in self._created
            held = obj.__dict__ if new else None
            for names, bucket in zip(text_columns(type(obj)), texts, strict=True):
                if held is not None:  # the texts set, without the empty ones (all in C)
                    bucket.extend(filter(None, map(held.get, names)))
                else:
                    bucket.extend(getattr(obj, n) or "" for n in names)
        if all(bad_character("".join(t), several) is None
               for t, several in zip(texts, (False, True), strict=True)):  # fmt: skip
            return
        for obj, _before in self._changes:
            for names, several in zip(text_columns(type(obj)), (False, True), strict=True):
                values = [getattr(obj, n) or "" for n in names]
                if bad_character("".join(values), several) is None:
                    continue
                for name, value in zip(names, values, strict=True):
                    problem = character_problem(value, several)
                    if problem is not None:
                        raise ValidationError({name: problem})


@contextmanager
def operation(
    db: Database, actor: Actor, action: str, reason: str = "", *, outbox: bool = True,
    bulk: bool = False,
) -> Iterator[Operation]:  # fmt: skip
    """One user action = one transaction; any exception leaves the database as it was.
    The actor's roles are checked here, on the one path every change takes. `bulk`: see
    Operation.bulk."""
    require(actor, action)
    try:
        with db.write() as session:
            op = Operation(session, actor, action, reason, outbox=outbox, bulk=bulk)
            yield op
            op.flush()
    except OperationalError as exc:
        if disk_full(exc):  # rolled back: nothing half-written; what was typed stays on screen
            raise ValidationError({"": DISK_FULL}) from exc
        raise


def require(actor: Actor, action: str) -> None:
    if not actor.may(action):
        raise PermissionDenied(action, roles_for(action))


OUTBOX_COLUMNS = ("seq", "op_id", "entity", "entity_id", "payload", "base_version", "schema_version",
                  "created_at", "acked_at")  # fmt: skip
DISK_FULL = N_(
    "The disk is full: the change was not saved. Free some space (or ask the administrator) "
    "and save again."
)


def disk_full(exc: BaseException) -> bool:
    return "full" in str(getattr(exc, "orig", exc)).lower()
