"""Assemblies: minutes of a 15-item meeting printed, and the meetings list opened with 2,000
meetings. Prints figures; asserts nothing.

    .venv/bin/python bench/assemblies.py [--meetings 2000] [--items 15]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import screen_context, timed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--meetings", type=int, default=2000)
    ap.add_argument("--items", type=int, default=15)
    args = ap.parse_args()

    from akimdesk import reports
    from akimdesk.domain.roles import ROLES
    from akimdesk.services import demo
    from akimdesk.services.assemblies import meetings
    from akimdesk.services.assemblies.demo import generate_meetings
    from akimdesk.services.operation import Actor
    from akimdesk.storage.database import open_database
    from tests.support.assemblies import item_input, make_members, meeting_input

    actor = Actor("bench", frozenset(ROLES))
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "data")
        demo.ensure_office(db, actor)
        ids = make_members(db, actor, 10)
        mid, ref = meetings.create_meeting(db, actor, meeting_input())
        meetings.set_attendance(db, actor, mid, {m: i < 8 for i, m in enumerate(ids)})
        for n in range(1, args.items + 1):
            speakers = [{"name": f"Сөйлеуші {k}", "summary": "Ұсынысты қолдады, жол жөндеуге "
                         "қаражат бөлуді сұрады"} for k in range(3)]  # fmt: skip
            meetings.save_item(db, actor, mid, None, item_input(n, speakers=speakers))
        reports.render("minutes", db, {"meeting": ref}, "kk")  # fonts and imports, once
        for lang, extra in (("kk", {}), ("ru", {}), ("both", {}), ("both", {"layout": "columns"})):
            params = {"meeting": ref, **extra}
            ms, data = timed(lambda p=params, lg=lang: reports.render("minutes", db, p, lg), 5)
            label = lang + (" columns" if extra else "")
            print(f"1. minutes of a {args.items}-item meeting, {label}: {ms:.0f} ms "
                  f"(median of 5, {len(data) // 1024} KiB)")  # type: ignore[arg-type]  # fmt: skip

        ms, _ = timed(lambda: generate_meetings(db, actor, args.meetings))
        print(f"2. {args.meetings} demo meetings written in {ms / 1000:.1f} s")
        app, ctx = screen_context(db, actor)
        from akimdesk.ui.assemblies.screen import AssembliesScreen

        def open_screen():  # type: ignore[no-untyped-def]
            screen = AssembliesScreen(ctx)
            screen.resize(1280, 800)
            screen.show()
            app.processEvents()
            return screen

        open_screen().close()  # first time: imports
        ms, screen = timed(open_screen, 5)
        rows = screen.meetings.model.rowCount()  # type: ignore[attr-defined]
        print(f"3. meetings screen opened with {rows} meetings: {ms:.0f} ms (median of 5)")
        ms, _ = timed(lambda: screen.meetings.reload(), 5)  # type: ignore[attr-defined]
        print(f"4. meetings list reloaded: {ms:.0f} ms (median of 5)")
        db.close()


if __name__ == "__main__":
    main()
