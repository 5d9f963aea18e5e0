"""A person resolves what the server refused: keep this PC's version, take the district's, or
set the refusal aside. Each choice is one transaction with its audit row."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, update
from sqlalchemy.orm import Session

from akimdesk.i18n import N_
from akimdesk.models import SyncRejection, utcnow
from akimdesk.models.base import column_values
from akimdesk.services.errors import ValidationError
from akimdesk.services.operation import Actor, operation
from akimdesk.storage.database import Database
from akimdesk.sync import state
from akimdesk.sync.schema import syncable_models
from akimdesk.sync.transport import Transport


def _open(s: Session, rejection_id: int) -> SyncRejection:
    rej = s.get(SyncRejection, rejection_id)
    if rej is None or rej.resolved_at is not None:
        raise ValidationError({"": N_("This refusal has already been resolved.")})
    return rej


def keep_mine(db: Database, actor: Actor, rejection_id: int) -> None:
    """Sends this PC's current state again, based on the version the server holds."""
    with operation(db, actor, "sync.keep_mine") as op:
        s = op.session
        rej = _open(s, rejection_id)
        model = syncable_models().get(rej.entity)
        obj = s.get(model, rej.entity_id) if model is not None else None
        if obj is None:
            raise ValidationError({"": N_("The record is not on this PC.")})
        op.changed(obj, op.snapshot(obj), based_on=rej.server_version or 0)
        rej.resolved_at, rej.resolution = utcnow(), "mine"


def take_theirs(db: Database, actor: Actor, rejection_id: int) -> None:
    """Replaces this PC's version with the district's (fetched now)."""
    with db.read() as s:
        rej = _open(s, rejection_id)
        link = state.link_of(s)
        entity, entity_id = rej.entity, rej.entity_id
    if link is None:
        raise ValidationError({"": N_("This PC is not linked to the district server yet.")})
    t = Transport(link.url, link.token)
    try:
        theirs = t.get(f"/v1/records/{entity}/{entity_id}")
    finally:
        t.close()
    _replace(db, actor, rejection_id, entity, entity_id, theirs["version"], theirs["payload"])


def _replace(db, actor, rejection_id, entity, entity_id, version, payload) -> None:  # type: ignore[no-untyped-def]
    model = syncable_models()[entity]
    table = cast(Table, model.__table__)
    with operation(db, actor, "sync.take_theirs", outbox=False) as op:
        s = op.session
        rej = _open(s, rejection_id)
        obj = s.get(model, entity_id)
        before = obj.to_dict() if obj is not None else None
        values = column_values(model, {**payload, "version": version})
        if obj is None:
            s.execute(table.insert().values(**values))
        else:
            s.execute(update(table).where(table.c.id == entity_id).values(**values))
        op.note(entity, str(entity_id), before, payload)
        rej.resolved_at, rej.resolution = utcnow(), "theirs"


def renumber_mine(db: Database, actor: Actor, rejection_id: int, reason: str) -> str:
    """The district holds another record under this PC's number (a case, a meeting): this PC's
    record takes the next free number; the district's comes in on the next sync. Returns the
    new number."""
    with db.read() as s:
        rej = _open(s, rejection_id)
        number, entity = rej.detail, rej.entity
    new_number = RENUMBER[entity](db, actor, number, reason)
    with operation(db, actor, "sync.renumbered") as op:
        rej = _open(op.session, rejection_id)
        op.note("sync_rejection", str(rej.id), None, {"resolution": "renumbered"})
        rej.resolved_at, rej.resolution = utcnow(), "renumbered"
    return new_number


def _renumber_case(db: Database, actor: Actor, number: str, reason: str) -> str:
    from akimdesk.services.fines import cases

    local = cases.find_by_number(db, number)
    return number if local is None else cases.renumber_case(db, actor, local.id, reason).number


def _renumber_meeting(db: Database, actor: Actor, ref: str, reason: str) -> str:
    from sqlalchemy import select

    from akimdesk.models import Meeting
    from akimdesk.services.assemblies import meetings

    with db.read() as s:
        local = s.scalars(select(Meeting.id).where(Meeting.ref == ref)).first()
    return ref if local is None else meetings.renumber_meeting(db, actor, local, reason)


# For each entity with a number that must be unique in the office (sync.records.UNIQUE_FIELDS):
# how this PC's record takes the next free number. Nothing left to do when it was renumbered
# meanwhile.
def _renumber_asset(db: Database, actor: Actor, number: str, reason: str) -> str:
    from akimdesk.services.property import assets

    return assets.renumber_asset(db, actor, number, reason)


RENUMBER = {"fine_case": _renumber_case, "meeting": _renumber_meeting, "asset": _renumber_asset}


def dismiss(db: Database, actor: Actor, rejection_id: int) -> None:
    """Sets a refusal aside (the district fixed it on its side, or it no longer matters)."""
    with operation(db, actor, "sync.dismiss") as op:
        rej = _open(op.session, rejection_id)
        op.note("sync_rejection", str(rej.id), None, {"resolution": "dismissed"})
        rej.resolved_at, rej.resolution = utcnow(), "dismissed"


__all__ = ["dismiss", "keep_mine", "take_theirs"]
