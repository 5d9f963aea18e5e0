"""Assets for tests: a valid input, and a few added through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from akimdesk.domain.property import category_id
from akimdesk.models import Settlement
from akimdesk.services.property import assets
from akimdesk.services.property.validation import AssetInput
from akimdesk.storage.database import Database
from tests.conftest import ACTOR, TODAY


def asset_input(**kw: Any) -> AssetInput:
    base: dict[str, Any] = {
        "name_kk": "Мәдениет үйі",
        "name_ru": "Дом культуры",
        "category_id": category_id("culture"),
        "address": "Абай көшесі, 5",
        "size": "640,5",
        "unit": "m2",
        "year_built": "1978",
        "acquisition": "transferred",
        "acquisition_doc_no": "112",
        "acquisition_doc_date": date(2020, 3, 2),
        "received_on": date(2020, 3, 15),
        "book_value": "60 000 000",
        "condition": "satisfactory",
        "title_status": "none",
        "responsible": "Омаров Бауыржан",
    }
    base.update(kw)
    return AssetInput(**base)


def settlement_id(db: Database, name_kk: str = "Ақсу"):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(Settlement.id).where(Settlement.name_kk == name_kk))


def make_assets(db: Database, n: int = 3) -> list[str]:
    """`n` assets in Ақсу: culture house, streets, a monument. Returns their numbers."""
    place = settlement_id(db)
    kinds = [
        ("culture", "Мәдениет үйі", "Дом культуры", "m2", "60000000"),
        ("road", "Абай көшесінің жолы", "Дорога по улице Абая", "km", "24000000"),
        ("monument", "Батырларға ескерткіш", "Памятник героям", "pcs", "3000000"),
        ("lighting", "Көше жарығы", "Уличное освещение", "pcs", "4800000"),
    ]
    out = []
    for i in range(n):
        code, kk, ru, unit, value = kinds[i % len(kinds)]
        data = asset_input(name_kk=f"{kk} {i + 1}", name_ru=f"{ru} {i + 1}",
                           category_id=category_id(code), unit=unit, book_value=value,
                           settlement_id=place)  # fmt: skip
        out.append(assets.create_asset(db, ACTOR, data, TODAY))
    return out


COMMISSION = [{"name": "Серікбаев Ерлан Қайратұлы", "position": "әкім", "chair": True},
              {"name": "Омаров Бауыржан", "position": "бас маман"}]  # fmt: skip


def make_campaign(db: Database) -> list[str]:
    """Order 15-ө over four assets: one found in poor condition, one not found, two found;
    closed. Returns the assets' numbers."""
    from akimdesk.models import InventoryItem
    from akimdesk.services.property import campaigns
    from akimdesk.services.property.validation import CampaignInput

    numbers = make_assets(db, 4)
    cid = campaigns.start_campaign(
        db, ACTOR, CampaignInput("15-ө", date(2026, 11, 2), date(2026, 11, 9), None, COMMISSION)
    )
    with db.read() as s:
        items = {i.asset.inventory_number: i.id for i in s.scalars(
            select(InventoryItem).where(InventoryItem.campaign_id == cid))}  # fmt: skip
    campaigns.mark(db, ACTOR, items[numbers[0]], "found", "poor")
    campaigns.mark(db, ACTOR, items[numbers[1]], "not_found", remark="Орны бос")
    campaigns.mark(db, ACTOR, items[numbers[2]], "found")
    campaigns.mark(db, ACTOR, items[numbers[3]], "found")
    campaigns.close_campaign(db, ACTOR, cid, TODAY, "Табылмаған объектіні есептен шығару.")
    return numbers
