"""Demo property: the objects a rural district holds (DOMAIN.md §2), many without title
documents, some leased, a few written off.

Like the other demos: bulk rows in one transaction with one audit row and no outbox rows, so
demo assets never reach the district server; the database is marked as demo.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from akimdesk.domain import identity
from akimdesk.domain import property as rules
from akimdesk.models import (
    Asset,
    AssetCategory,
    AssetMovement,
    Lease,
    LeasePayment,
    Settlement,
    new_id,
    utcnow,
)
from akimdesk.services import settings
from akimdesk.services.demo import mark_demo
from akimdesk.services.operation import Actor, require
from akimdesk.storage.database import Database

Progress = Callable[[int, int], None]

# category code -> (kk, ru) object names, unit, size range, value range in tenge
OBJECTS: dict[str, tuple[list[tuple[str, str]], str, tuple[int, int], tuple[int, int]]] = {
    "culture": ([("Мәдениет үйі", "Дом культуры"), ("Ауылдық клуб", "Сельский клуб")], "m2",
                (300, 1500), (20_000_000, 180_000_000)),
    "kindergarten": ([("«Балдырған» балабақшасы", "Детский сад «Балдырган»")], "m2", (400, 1200),
                     (40_000_000, 250_000_000)),
    "library": ([("Ауылдық кітапхана", "Сельская библиотека")], "m2", (80, 300),
                (5_000_000, 30_000_000)),
    "road": ([("{street} көшесінің жолы", "Дорога по улице {street_ru}")], "km", (1, 6),
             (15_000_000, 120_000_000)),
    "sidewalk": ([("{street} көшесінің тротуары", "Тротуар по улице {street_ru}")], "m",
                 (200, 1500), (3_000_000, 25_000_000)),
    "bridge": ([("Өзен арқылы өтетін көпір", "Мост через реку"), ("Жаяу жүргінші көпірі",
                "Пешеходный мост")], "m", (10, 60), (10_000_000, 90_000_000)),
    "lighting": ([("{street} көшесінің жарығы", "Освещение улицы {street_ru}")], "pcs", (10, 80),
                 (2_000_000, 20_000_000)),
    "drainage": ([("{street} көшесінің арығы", "Арык по улице {street_ru}")], "m", (100, 900),
                 (1_000_000, 8_000_000)),
    "park": ([("Ауыл саябағы", "Сельский парк"), ("Балалар алаңы", "Детская площадка")], "m2",
             (500, 8000), (3_000_000, 40_000_000)),
    "square": ([("Орталық алаң", "Центральная площадь")], "m2", (1000, 6000),
               (5_000_000, 50_000_000)),
    "monument": ([("Ұлы Отан соғысы батырларына ескерткіш", "Памятник героям Великой "
                   "Отечественной войны")], "pcs", (1, 1), (1_000_000, 15_000_000)),
    "land": ([("Жер учаскесі", "Земельный участок")], "ha", (1, 20), (500_000, 10_000_000)),
    "equipment": ([("Су тасығыш көлік", "Водовоз"), ("Трактор", "Трактор"),
                   ("Дизельді генератор", "Дизельный генератор")], "pcs", (1, 1),
                  (1_500_000, 25_000_000)),
}  # fmt: skip
RESPONSIBLE = ["Жұмабаева Айгүл Серікқызы", "Омаров Бауыржан Асқарұлы", "Петров Иван Сергеевич"]
# Streets as an office names them: «Абай көшесі» in Kazakh, «улица Абая» in Russian.
# A street named after a person is declined in Russian; a Kazakh word keeps its spelling.
STREETS = [("Абай", "Абая"), ("Төле би", "Төле би"), ("Бейбітшілік", "Бейбітшілік"),
           ("Достық", "Достық"), ("Жамбыл", "Жамбыла"), ("Орталық", "Орталық"),
           ("Мектеп", "Мектеп"), ("Наурыз", "Наурыз")]  # fmt: skip
# As typed once; a printout writes the legal form in its own language (domain.legal_forms).
TENANTS = ["«Береке» ЖШС", "Нұрланов Ғалым ЖК", "«Ақсу Агро» ЖШС", "«Ақниет» ШҚ"]
RECEIVED_FROM = "«Сарқан ауданының тұрғын үй-коммуналдық шаруашылығы бөлімі» ММ"


def generate_assets(db: Database, actor: Actor, n: int, today: date | None = None,
                    seed: int = 2026, progress: Progress | None = None) -> int:  # fmt: skip
    """Adds `n` demo assets (with some leases, rent and write-offs). Returns `n`."""
    require(actor, "demo.fill")  # bulk rows skip operation(), so the role is checked here
    today = today or date.today()
    rnd = random.Random(seed)
    now = utcnow()
    with db.write() as s:
        categories = {c.code: c for c in s.scalars(select(AssetCategory))}
        places = list(s.scalars(select(Settlement)))
        pattern = settings.load(s)["property.number_pattern"]
        seq = s.scalar(select(func.max(Asset.seq))) or 0
        codes = [c for c in OBJECTS if c in categories]
        weights = [{"road": 6, "lighting": 6, "drainage": 5, "sidewalk": 4, "land": 5,
                    "equipment": 4}.get(c, 1) for c in codes]  # fmt: skip
        assets: list[dict[str, Any]] = []
        moves: list[dict[str, Any]] = []
        leases: list[dict[str, Any]] = []
        payments: list[dict[str, Any]] = []
        for i in range(n):
            code = rnd.choices(codes, weights)[0]
            names, unit, (lo, hi), (vlo, vhi) = OBJECTS[code]
            kk, ru = rnd.choice(names)
            street, street_ru = rnd.choice(STREETS)
            place = rnd.choice(places) if places else None
            received = today - timedelta(days=rnd.randrange(60, 365 * 12))
            built = received.year - rnd.randrange(0, 40)
            value = rnd.randrange(vlo, vhi) // 1000 * 100_000  # whole thousands of tenge, tiyn
            category = categories[code]
            title = rnd.choices(["registered", "in_progress", "none"], [45, 15, 40])[0]
            acquisition = rnd.choices(["transferred", "built", "bought", "ownerless"],
                                      [70, 10, 10, 10])[0]  # fmt: skip
            worn = _worn(category.life_years, value, built, received, acquisition)
            seq += 1
            row: dict[str, Any] = {
                "id": new_id(), "version": 1, "seq": seq,
                "inventory_number": rules.inventory_number(pattern, seq, received.year, code),
                "name_kk": kk.format(street=street), "name_ru": ru.format(street_ru=street_ru),
                "category_id": category.id, "settlement_id": place.id if place else None,
                "address": f"{street} көшесі, {rnd.randrange(1, 90)}",
                "size": float(rnd.randrange(lo, hi + 1)), "unit": unit, "year_built": built,
                "acquisition": acquisition,
                "acquisition_doc_no": f"{rnd.randrange(1, 400)}", "acquisition_doc_date": received,
                "received_from": RECEIVED_FROM if acquisition == "transferred" else "",
                "received_on": received, "book_value_tiyn": value, "initial_value_tiyn": value,
                "valued_on": received, "accumulated_depreciation_tiyn": worn,
                "life_months": rules.life_when_received(category.life_years, value, worn),
                "condition": rnd.choices(list(rules.CONDITIONS), [35, 35, 18, 8, 4])[0],
                "title_status": title,
                "title_number": f"{rnd.randrange(10**9, 10**10)}" if title == "registered" else "",
                "title_date": received + timedelta(days=rnd.randrange(0, 300))
                if title == "registered" and received + timedelta(days=300) < today else None,
                "responsible": rnd.choice(RESPONSIBLE), "notes": "", "status": "in_use",
                "disposed_on": None, "import_key": None, "created_at": now, "updated_at": now,
            }  # fmt: skip
            if row["title_date"] is None and title == "registered":
                row["title_date"] = received
            if code == "equipment" and rnd.random() < 0.15:
                off = received + timedelta(days=rnd.randrange(30, max(31, (today - received).days)))
                row["status"], row["disposed_on"] = "written_off", off
                moves.append(_move(row, "written_off", off, actor, now))
            if code in ("culture", "kindergarten", "library") and rnd.random() < 0.4:
                _lease(rnd, row, today, leases, payments, actor, now)
            assets.append(row)
            if len(assets) >= 2000 or i == n - 1:
                _flush(s, assets, moves, leases, payments)
                if progress:
                    progress(i + 1, n)
        mark_demo(s, actor, "demo.generate_assets", "asset", n)
    return n


def _worn(life_years: int, value: int, built: int, received: date, acquisition: str) -> int:
    """What a transfer act says was depreciated while the district held the object: the years
    since it was built at the category's rate, in whole tenge."""
    if acquisition != "transferred" or life_years <= 0:
        return 0
    used = min(life_years * 12, max(0, (received.year - built) * 12))
    return value * used // (life_years * 12) // 100 * 100


def _move(row: dict[str, Any], kind: str, on: date, actor: Actor, now: Any) -> dict[str, Any]:
    residual = rules.residual(rules.Valuation(row["book_value_tiyn"], row["valued_on"],
                                              row["life_months"],
                                              row["accumulated_depreciation_tiyn"]), on)  # fmt: skip
    return {
        "id": new_id(), "version": 1, "asset_id": row["id"], "kind": kind, "on_date": on,
        "decision_no": "12", "decision_date": on, "counterparty": "", "act_no": "",
        "commission": [{"name": RESPONSIBLE[0], "position": "бас маман", "chair": True},
                       {"name": RESPONSIBLE[1], "position": "бухгалтер", "chair": False}],
        "reason": "Тозуы салдарынан пайдалануға жарамсыз",
        "value_before_tiyn": residual, "value_after_tiyn": None, "author": actor.name, "at": now,
    }  # fmt: skip


def _lease(rnd: random.Random, row: dict[str, Any], today: date, leases: list[Any],
           payments: list[Any], actor: Actor, now: Any) -> None:  # fmt: skip
    start = max(row["received_on"], today - timedelta(days=rnd.randrange(30, 700)))
    end = start + timedelta(days=rnd.choice([180, 364, 729]))
    tenant = rnd.choice(TENANTS)
    rent = rnd.randrange(30, 400) * 1000_00
    bin_ = identity.make_bin(2015 + rnd.randrange(8), rnd.randrange(1, 13), 4,
                             rnd.randrange(1, 99999)) or "080140000255"  # fmt: skip
    lease = {
        "id": new_id(), "version": 1, "asset_id": row["id"], "tenant_name": tenant,
        "tenant_iin_bin": bin_, "contract_no": f"{rnd.randrange(1, 90)}-Ж",
        "contract_date": start, "start_date": start, "end_date": end,
        "monthly_rent_tiyn": rent, "purpose": "Дүкен", "terminated_on": None,
        "terminated_reason": "", "created_at": now,
    }  # fmt: skip
    leases.append(lease)
    for month in rules.months_of(start, min(end, today - timedelta(days=31))):
        if rnd.random() < 0.85:  # some rent is owed
            due = rules.rent_due(rent, start, end, month)
            paid_on = date(int(month[:4]), int(month[5:]), 1) + timedelta(days=rnd.randrange(5, 25))
            payments.append({
                "id": new_id(), "version": 1, "lease_id": lease["id"], "for_month": month,
                "paid_on": min(paid_on, today), "amount_tiyn": due, "document_no": "",
                "author": actor.name, "at": now,
            })  # fmt: skip


def _flush(s, assets, moves, leases, payments) -> None:  # type: ignore[no-untyped-def]
    for model, rows in ((Asset, assets), (AssetMovement, moves), (Lease, leases),
                        (LeasePayment, payments)):  # fmt: skip
        if rows:
            s.execute(insert(model), rows)
            rows.clear()
