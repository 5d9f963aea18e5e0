"""What a new office still has to do before AkimDesk is of use: its officials, its first real
case and a link to the district. The main window lists what is left until it is done or put
away (the dismissal is a setting of this PC's database: it stays away after a restart)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.models import FineCase, Meta, Official, OutboxEntry
from akimdesk.services import settings, sync_status
from akimdesk.storage.database import Database

STEPS = ("officials", "first_case", "district")
DISMISSED = "help.first_steps_dismissed"


@dataclass(frozen=True)
class FirstSteps:
    done: dict[str, bool]
    dismissed: bool

    @property
    def shown(self) -> bool:
        return not self.dismissed and not all(self.done.values())


def status(db: Database) -> FirstSteps:
    with db.read() as s:
        demo = s.get(Meta, "demo") is not None
        done = {
            "officials": _real(s, Official, demo, Official.active & Official.is_akim),
            "first_case": _real(s, FineCase, demo),
            "district": False,
        }
        dismissed = bool(settings.load(s)[DISMISSED])
    done["district"] = sync_status.status(db).linked
    return FirstSteps(done, dismissed)


def _real(s: Session, model, demo: bool, *where) -> bool:  # type: ignore[no-untyped-def]
    """A record the office entered itself. Demo data is written without outbox rows (it never
    goes to the district), so in a file holding demo data only records with one count. Read
    from the outbox side (its rows are kept): the first of them joined to its record by key,
    not every record of a 100,000-case register searched in the outbox."""
    if not demo:
        return s.scalar(select(model.id).where(*where).limit(1)) is not None
    query = (
        select(OutboxEntry.seq)
        .join(model, model.id == OutboxEntry.entity_id)
        .where(OutboxEntry.entity == model.__sync_entity__, *where)
    )
    return s.scalar(query.limit(1)) is not None
