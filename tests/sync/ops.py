"""Hand-made ops for the server: an office with a record of every synced kind, each kind's
payload as its PC sent it, and batches built as the wire format says (with values the real
client would never send)."""

from __future__ import annotations

import gzip
import hashlib
import json
import uuid
from datetime import date
from typing import Any

import httpx
from sqlalchemy import select

from akimdesk.domain.property import category_id
from akimdesk.models import Asset, InventoryItem, OutboxEntry
from akimdesk.services import officials
from akimdesk.services.assemblies import meetings
from akimdesk.services.officials import OfficialInput
from akimdesk.services.property import assets, campaigns
from akimdesk.services.property.validation import CampaignInput, MovementInput
from akimdesk.storage.database import Database
from akimdesk.sync import protocol, wire
from tests.conftest import ACTOR, TODAY
from tests.support.district import fill_office
from tests.support.property import asset_input

Op = tuple[int, uuid.UUID, str, int, int, dict[str, Any]]


def fill_every_kind(db: Database) -> dict[str, Any]:
    """fill_office, and what it leaves out: an addendum, an office category with an asset, a
    transfer, an inventory with its checks."""
    made = fill_office(db)
    officials.save(db, ACTOR, officials.OfficialInput("Серікбаев Ерлан", "Әкім", "Аким", True))
    meetings.add_addendum(db, ACTOR, made["meeting"], "Қате жазылған", "Түзетілген мәтін", TODAY)
    own = assets.add_category(db, ACTOR, "well", "Құдықтар", "Колодцы", 30)
    assets.create_asset(db, ACTOR, asset_input(name_kk="Құдық", category_id=own), TODAY)
    with db.read() as s:
        ids = list(s.scalars(select(Asset.id).order_by(Asset.inventory_number)))
    assets.move(db, ACTOR, ids[-1], MovementInput(
        kind="transferred", on_date=date(2026, 10, 1), decision_no="17",
        counterparty="Аудан әкімдігі", reason="Аудан балансына"), TODAY)  # fmt: skip
    commission = [{"name": "Серікбаев Е.", "position": "әкім", "chair": True},
                  {"name": "Омаров Б.", "position": "маман"}]  # fmt: skip
    cid = campaigns.start_campaign(
        db, ACTOR, CampaignInput("15-ө", date(2026, 11, 2), date(2026, 11, 9), None, commission)
    )
    with db.read() as s:
        item = s.scalars(select(InventoryItem.id).where(InventoryItem.campaign_id == cid)).first()
    campaigns.mark(db, ACTOR, item, "found", "poor", remark="Шатыры ағады")
    officials.save(db, ACTOR, OfficialInput("Қасымова Әсел Бауыржанқызы", "Бас маман",
                                            "Главный специалист"))  # fmt: skip
    return {**made, "category": own, "culture": category_id("culture")}


def templates(db: Database) -> dict[str, dict[str, Any]]:
    """Each kind's last payload in the outbox, as the wire carries it (compact)."""
    out: dict[str, dict[str, Any]] = {}
    with db.read() as s:
        for entity, payload in s.execute(
            select(OutboxEntry.entity, OutboxEntry.payload).order_by(OutboxEntry.seq)
        ):
            out[entity] = protocol.compact(payload)
    return out


def fresh(payload: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A new record like `payload`: its own id, version 1."""
    return {**payload, "id": str(uuid.uuid4()), "version": 1, **changes}


def body(stream: uuid.UUID, pc: uuid.UUID, ops: list[Op]) -> tuple[bytes, str]:
    """protocol.encode_batch without its care: ASCII escapes carry lone surrogates, NaN and
    Infinity are written as Python's json writes them, the payload is taken as it is."""
    fields: dict[str, list[str]] = {}
    for _s, _o, entity, _b, _v, payload in ops:
        names = fields.setdefault(entity, [])
        names += [k for k in payload if k not in names]
    doc = {
        "v": 1, "batch": str(uuid.uuid4()), "stream": str(stream),
        "pc": str(pc), "first": ops[0][0], "last": ops[-1][0], "cols": fields,
        "ops": [[seq, str(op_id), entity, base, version, [p.get(k) for k in fields[entity]]]
                for seq, op_id, entity, base, version, p in ops],
    }  # fmt: skip
    raw = json.dumps(doc, ensure_ascii=True, separators=(",", ":")).encode()
    return gzip.compress(raw, mtime=0), hashlib.sha256(raw).hexdigest()


def post(url: str, token: str, payload: tuple[bytes, str]) -> httpx.Response:
    data, digest = payload
    headers = {"Authorization": f"Bearer {token}", "Content-Encoding": "gzip",
               "Content-Type": "application/json", protocol.HASH_HEADER: digest}  # fmt: skip
    return httpx.post(f"{url}/v1/batches", content=data, headers=headers, timeout=60)


def put(url: str, token: str, batch_id: uuid.UUID, data: bytes, digest: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}", "Content-Encoding": "zstd",
               "Content-Type": "application/octet-stream", "Upload-Offset": "0",
               "Upload-Length": str(len(data)), protocol.HASH_HEADER: digest}  # fmt: skip
    return httpx.put(f"{url}/v2/batches/{batch_id}", content=data, headers=headers, timeout=60)


class Stream:
    """A stream of one office, numbering its ops as it goes."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token
        self.id, self.pc, self.seq = uuid.uuid4(), uuid.uuid4(), 0

    def op(self, entity: str, payload: dict[str, Any], op_id: uuid.UUID | None = None,
           base: int = 0) -> Op:  # fmt: skip
        self.seq += 1
        return (self.seq, op_id or uuid.uuid4(), entity, base, 2, payload)

    def send(self, ops: list[Op], version: int = 1) -> httpx.Response:
        """Over wire version 1 as an office not upgraded yet sends it, or over version 2 (the
        columns of sync/wire.py, derived ids left out) as this client sends it."""
        if version == 1:
            return post(self.url, self.token, body(self.id, self.pc, ops))
        batch_id = uuid.uuid4()
        data, digest = wire.encode(batch_id, self.id, self.pc, ops)
        return put(self.url, self.token, batch_id, data, digest)
