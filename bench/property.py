"""Property: the register screen opened with 20,000 assets, filters with their totals, an
inventory of 5,000 assets started, and its inventory list printed. Prints figures; asserts nothing.

    .venv/bin/python bench/property.py [--assets 20000] [--listed 5000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import rss_mb, screen_context, timed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--assets", type=int, default=20_000)
    ap.add_argument("--listed", type=int, default=5_000)
    args = ap.parse_args()

    from sqlalchemy import func, select

    from akimdesk import reports
    from akimdesk.domain.property import category_id
    from akimdesk.domain.roles import ROLES
    from akimdesk.models import Asset, InventoryItem, Settlement
    from akimdesk.services import demo
    from akimdesk.services.operation import Actor
    from akimdesk.services.property import campaigns
    from akimdesk.services.property.campaigns import CampaignInput
    from akimdesk.services.property.demo import generate_assets
    from akimdesk.storage.database import open_database

    actor = Actor("bench", frozenset(ROLES))
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "data")
        demo.ensure_office(db, actor)
        ms, _ = timed(lambda: generate_assets(db, actor, args.assets))
        print(f"0. demo register of {args.assets:,} assets written: {ms / 1000:.1f} s")

        from akimdesk.ui.property.screen import PropertyScreen

        app, ctx = screen_context(db)
        ms, screen = timed(lambda: PropertyScreen(ctx))
        screen.resize(1366, 740)
        screen.show()
        app.processEvents()
        panel = screen.register  # type: ignore[attr-defined]
        print(f"1. register screen opened ({panel.model.rowCount():,} rows, totals): {ms:.0f} ms")
        ms, _ = timed(panel.reload, repeat=5)
        print(f"2. register read again after a change (query, residuals, totals): {ms:.0f} ms "
              "(median of 5)")  # fmt: skip

        def by_category() -> None:
            combo = panel.combos["category"]
            combo.setCurrentIndex(combo.findData(str(category_id("road"))))

        ms, _ = timed(by_category)
        print(f"3. filter by category ({panel.model.rowCount():,} rows) with totals: {ms:.0f} ms")
        ms, _ = timed(lambda: panel.combos["title"].setCurrentIndex(
            panel.combos["title"].findData("none")))  # fmt: skip
        print(f"4. + without title documents ({panel.model.rowCount():,} rows): {ms:.0f} ms")
        panel.combos["category"].setCurrentIndex(0)
        panel.combos["title"].setCurrentIndex(0)
        ms, _ = timed(lambda: panel.search.setText("көше") or panel.apply_filter())
        print(f"5. search «көше» ({panel.model.rowCount():,} rows) with totals: {ms:.0f} ms")
        panel.search.setText("")

        # An inventory of one settlement's assets, sized to --listed.
        with db.write() as s:
            place = s.scalars(select(Settlement)).first()
            ids = list(
                s.scalars(select(Asset.id).where(Asset.status == "in_use").limit(args.listed))
            )
            s.execute(
                Asset.__table__.update().where(Asset.id.in_(ids)).values(settlement_id=place.id)
            )
            s.execute(Asset.__table__.update().where(Asset.id.not_in(ids)).where(
                Asset.settlement_id == place.id).values(settlement_id=None))  # fmt: skip
            listed = s.scalar(select(func.count()).where(Asset.settlement_id == place.id))
        data = CampaignInput("15-ө", date.today(), date.today(), place.id,
                             [{"name": "Төраға", "chair": True}, {"name": "Мүше"}])  # fmt: skip
        ms, cid = timed(lambda: campaigns.start_campaign(db, actor, data))
        print(f"6. inventory of {listed:,} assets started (list written): {ms / 1000:.1f} s")
        for lang in ("kk", "ru"):
            ms, pdf = timed(lambda lang=lang: reports.render(
                "inventory-list", db, {"campaign_id": cid}, lang))  # fmt: skip
            print(f"7. inventory list of {listed:,} assets, {lang}: {ms / 1000:.2f} s, "
                  f"{len(pdf) / 1e6:.1f} MB")  # type: ignore[arg-type]  # fmt: skip
        with db.write() as s:  # the walk done: every second asset in another condition
            s.execute(
                InventoryItem.__table__.update().values(finding="found", found_condition="poor")
            )
        ms, _ = timed(lambda: campaigns.close_campaign(db, actor, cid, date.today()))
        print(f"7a. inventory of {listed:,} assets closed (findings into the register): "
              f"{ms / 1000:.1f} s")  # fmt: skip
        before = rss_mb("VmHWM")
        ms, pdf = timed(lambda: reports.render("assets-register", db, {}, "kk"))
        print(f"8. register by category of {args.assets:,} assets, kk: {ms / 1000:.2f} s")
        print(f"   memory: {rss_mb():.0f} MB; the process's peak {rss_mb('VmHWM'):.0f} MB "
              f"({before:.0f} MB before the register)")  # fmt: skip
        db.close()


if __name__ == "__main__":
    main()
