"""The fines register at 100,000 cases: demo data, register screen, search, scrolling, memory,
printing a decision, and importing a 10,000-row XLSX. Prints figures; asserts nothing.

    .venv/bin/python bench/fines.py [--fines 100000] [--import-rows 10000]
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import rss_mb, screen_context, timed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fines", type=int, default=100_000)
    ap.add_argument("--import-rows", type=int, default=10_000)
    args = ap.parse_args()

    from akimdesk import reports
    from akimdesk.domain.roles import ROLES
    from akimdesk.services import demo
    from akimdesk.services.fines import import_export
    from akimdesk.services.operation import Actor
    from akimdesk.storage.database import open_database
    from akimdesk.ui.fines.register import FinesScreen

    tmp = Path(tempfile.mkdtemp())
    actor = Actor("bench", frozenset(ROLES))
    db = open_database(tmp / "big")
    demo.ensure_office(db, actor)
    t0 = time.perf_counter()
    demo.generate_fines(db, actor, args.fines)
    print(f"demo --fines {args.fines:,}: {time.perf_counter() - t0:.1f} s")

    app, ctx = screen_context(db, actor)
    base = rss_mb()

    def open_screen() -> FinesScreen:
        screen = FinesScreen(ctx)
        screen.resize(1366, 700)
        screen.show()
        app.processEvents()
        return screen

    ms, screen = timed(open_screen, 5)
    print(f"open the register screen ({screen.model.rowCount():,} cases): median {ms:.0f} ms")

    with db.read() as s:
        from sqlalchemy import select

        from akimdesk.models import FineCase

        sample = s.execute(
            select(FineCase.surname, FineCase.iin_bin).offset(args.fines // 2).limit(1)
        ).one()

    def search(text: str):  # type: ignore[no-untyped-def]
        def run() -> int:
            screen.search.setText(text)
            screen.apply_filter()  # what the debounce timer calls
            app.processEvents()
            return screen.model.rowCount()

        return run

    for label, text in (("name", sample.surname[:5].lower()), ("ИИН", sample.iin_bin),
                        ("ИИН prefix", sample.iin_bin[:6])):  # fmt: skip
        ms, n = timed(search(text), 7)
        print(f"search by {label} «{text}»: median {ms:.1f} ms ({n:,} found)")
    screen.search.setText("")
    screen.apply_filter()
    app.processEvents()
    screen.table.updateGeometries()  # the scroll range follows the new row count

    bar = screen.table.verticalScrollBar()
    steps, worst, t_all = 0, 0.0, time.perf_counter()
    while bar.value() < bar.maximum():
        t0 = time.perf_counter()
        bar.setValue(min(bar.value() + bar.pageStep() * 25, bar.maximum()))
        app.processEvents()
        worst = max(worst, (time.perf_counter() - t0) * 1000)
        steps += 1
    print(f"scroll to the end in {steps} jumps of 25 pages: {time.perf_counter() - t_all:.2f} s, "
          f"worst jump {worst:.0f} ms")  # fmt: skip
    ms, _ = timed(lambda: (screen.table.scrollToBottom(), app.processEvents()), 3)
    print(f"jump straight to the last row: {ms:.0f} ms")
    print(f"memory: {rss_mb():.0f} MB resident (before the screen {base:.0f} MB), "
          f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")  # fmt: skip

    with db.read() as s:
        number = s.scalar(select(FineCase.number).where(FineCase.stage == "decided").limit(1))
    reports.render("fine-decision", db, {"number": number}, "kk")  # fonts registered once
    ms, data = timed(lambda: reports.render("fine-decision", db, {"number": number}, "kk"), 20)
    print(f"print one decision: median {ms:.1f} ms ({len(data):,} bytes)")

    # Import: export N cases from the big register to XLSX, import into a fresh office.
    from openpyxl import Workbook, load_workbook

    full = tmp / "all.xlsx"
    import_export.export(db, full, "xlsx", "ru")
    wb_in = load_workbook(full, read_only=True)
    wb_out = Workbook(write_only=True)
    ws = wb_out.create_sheet()
    for i, row in enumerate(wb_in.active.iter_rows(values_only=True)):
        if i > args.import_rows:
            break
        ws.append(row)
    part = tmp / "part.xlsx"
    wb_out.save(part)
    fresh = open_database(tmp / "fresh")
    demo.ensure_office(fresh, actor)
    t0 = time.perf_counter()
    report = import_export.import_file(fresh, actor, part)
    print(f"import {args.import_rows:,}-row XLSX: {time.perf_counter() - t0:.1f} s "
          f"({report.added:,} added, {report.bad_rows} bad rows)")  # fmt: skip
    fresh.close()
    db.close()


if __name__ == "__main__":
    main()
