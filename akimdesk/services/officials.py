"""The office's officials who draw up protocols and consider cases: the office's own list, with
positions in both languages. Nobody is deleted (cases name them); one who left is inactive."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.i18n import N_, Msg
from akimdesk.models import Official, new_id
from akimdesk.services.errors import ValidationError
from akimdesk.services.operation import Actor, operation
from akimdesk.storage.database import Database


@dataclass
class OfficialInput:
    full_name: str = ""
    position_kk: str = ""
    position_ru: str = ""
    is_akim: bool = False
    active: bool = True


def validate(data: OfficialInput) -> dict[str, str | Msg]:
    return {
        name: N_("This field is required.")
        for name in ("full_name", "position_kk", "position_ru")
        if not getattr(data, name).strip()
    }


def save(
    db: Database, actor: Actor, data: OfficialInput, official_id: uuid.UUID | None = None
) -> Official:
    """Adds an official, or changes one. One akim at a time: marking a new one unmarks the old."""
    errors = validate(data)
    if errors:
        raise ValidationError(errors)
    with operation(db, actor, "office.official_save") as op:
        row = op.session.get(Official, official_id) if official_id else None
        values = {
            "full_name": data.full_name.strip(), "position_kk": data.position_kk.strip(),
            "position_ru": data.position_ru.strip(), "is_akim": data.is_akim,
            "active": data.active,
        }  # fmt: skip
        if data.is_akim:
            for other in op.session.scalars(select(Official).where(Official.is_akim)):
                if other.id != official_id:
                    before = op.snapshot(other)
                    other.is_akim = False
                    op.changed(other, before)
        if row is None:
            row = Official(id=new_id(), version=1, **values)
            op.add(row)
        else:
            before = op.snapshot(row)
            for key, value in values.items():
                setattr(row, key, value)
            op.changed(row, before)
    return row


def listing(session: Session, active_only: bool = False) -> list[Official]:
    q = select(Official).order_by(Official.is_akim.desc(), Official.full_name)
    if active_only:
        q = q.where(Official.active)
    return list(session.scalars(q))


def akim(session: Session) -> Official | None:
    return session.scalars(select(Official).where(Official.is_akim, Official.active)).first()


def as_input(row: Official) -> OfficialInput:
    return OfficialInput(row.full_name, row.position_kk, row.position_ru, row.is_akim, row.active)
