"""The fines register at 10,000, 100,000 and 300,000 cases: opening it (its rowids and the
"needs action today" count, the first rows drawn), searching, clearing a search, scrolling,
memory, printing a decision; and importing a 10,000-row XLSX (the app's own export) beside
openpyxl merely reading the same file. Prints figures; asserts nothing.

    .venv/bin/python bench/fines.py [--sizes 10000,100000,300000] [--import-rows 10000]
        [--data DIR]

Each time is the median of several runs, wall time and, in brackets, this process's CPU time
(steadier on a shared machine). `--data DIR` keeps the demo offices (DIR/fines-N, shared with
bench/startup.py); they are made with `akimdesk demo` when missing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import rss_mb, screen_context


def timed(fn, repeat: int = 1):  # type: ignore[no-untyped-def]
    """(median wall ms, median CPU ms, the last result)."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append((time.perf_counter() - w) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    return statistics.median(walls), statistics.median(cpus), result


def office(root: Path, cases: int) -> Path:
    data = root / f"fines-{cases}"
    if not (data / "akimdesk.sqlite3").exists():
        print(f"making a demo office of {cases:,} cases…", flush=True)
        subprocess.run([sys.executable, "-m", "akimdesk", "--data-dir", str(data), "demo",
                        "--fines", str(cases)], check=True, capture_output=True)  # fmt: skip
    return data


def register(data: Path, cases: int) -> Path | None:
    """The register's figures at one size; returns the database file."""
    from sqlalchemy import select

    from akimdesk import reports
    from akimdesk.models import FineCase
    from akimdesk.storage.database import open_database
    from akimdesk.ui.fines.register import FinesScreen

    db = open_database(data)  # migrates a file made by an older version, once
    app, ctx = screen_context(db)
    base = rss_mb()

    def open_screen() -> FinesScreen:
        screen = FinesScreen(ctx)
        screen.resize(1366, 700)
        screen.show()
        app.processEvents()
        return screen

    open_screen()  # the first: SQL compiled, Babel's data read, the OS cache warm
    wall, cpu, screen = timed(open_screen, 5)
    print(f"{cases:,} cases ({(data / 'akimdesk.sqlite3').stat().st_size / 1e6:,.0f} MB):")
    print(f"  open the register (rowids, needs-action count, first rows drawn; "
          f"{screen.model.rowCount():,} cases): {wall:.0f} ms ({cpu:.0f} ms CPU)")  # fmt: skip

    with db.read() as s:
        sample = s.execute(
            select(FineCase.surname, FineCase.iin_bin).offset(cases // 2).limit(1)
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
        wall, cpu, n = timed(search(text), 7)
        print(f"  search by {label} «{text}»: {wall:.1f} ms ({cpu:.1f} ms CPU; {n:,} found)")

    def clear() -> float:
        search(sample.surname[:5].lower())()
        w, c = time.perf_counter(), time.process_time()
        search("")()
        return (time.perf_counter() - w) * 1000, (time.process_time() - c) * 1000

    cleared = [clear() for _ in range(7)]
    print(f"  clear a search ({screen.model.rowCount():,} cases back): "
          f"{statistics.median(x[0] for x in cleared):.0f} ms "
          f"({statistics.median(x[1] for x in cleared):.0f} ms CPU)")  # fmt: skip
    screen.table.updateGeometries()  # the scroll range follows the new row count

    bar = screen.table.verticalScrollBar()
    steps, worst, t_all = 0, 0.0, time.perf_counter()
    while bar.value() < bar.maximum():
        t0 = time.perf_counter()
        bar.setValue(min(bar.value() + bar.pageStep() * 25 * max(1, cases // 100_000),
                         bar.maximum()))  # fmt: skip
        app.processEvents()
        worst = max(worst, (time.perf_counter() - t0) * 1000)
        steps += 1
    print(f"  scroll to the end in {steps} jumps: {time.perf_counter() - t_all:.2f} s, "
          f"worst jump {worst:.0f} ms")  # fmt: skip
    wall, cpu, _ = timed(lambda: (screen.table.scrollToBottom(), app.processEvents()), 3)
    print(f"  jump straight to the last row: {wall:.0f} ms ({cpu:.0f} ms CPU)")
    print(f"  memory: {rss_mb():.0f} MB resident (before the screen {base:.0f} MB), "
          f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")  # fmt: skip

    with db.read() as s:
        number = s.scalar(select(FineCase.number).where(FineCase.stage == "decided").limit(1))
    reports.render("fine-decision", db, {"number": number}, "kk")  # fonts registered once
    wall, cpu, pdf = timed(lambda: reports.render("fine-decision", db, {"number": number}, "kk"), 9)
    print(f"  print one decision: {wall:.1f} ms ({cpu:.1f} ms CPU; {len(pdf):,} bytes)")
    screen.close()
    screen.deleteLater()
    app.processEvents()
    db.close()
    return data


def importing(source: Path, rows: int) -> None:
    """The app's own export of `rows` cases imported into a fresh office, beside openpyxl merely
    reading the file (as bench/journal.py does for an office's own journal)."""
    from openpyxl import Workbook, load_workbook

    from akimdesk.domain.roles import ROLES
    from akimdesk.services import demo
    from akimdesk.services.fines import import_export
    from akimdesk.services.operation import Actor
    from akimdesk.storage.database import open_database

    tmp = Path(tempfile.mkdtemp())
    db = open_database(source)
    full = tmp / "all.xlsx"
    import_export.export(db, full, "xlsx", "ru")
    db.close()
    wb_in = load_workbook(full, read_only=True)
    wb_out = Workbook(write_only=True)
    ws = wb_out.create_sheet()
    for i, row in enumerate(wb_in.active.iter_rows(values_only=True)):
        if i > rows:
            break
        ws.append(row)
    part = tmp / "part.xlsx"
    wb_out.save(part)

    def read_only() -> int:
        wb = load_workbook(part, read_only=True, data_only=True)
        n = sum(1 for _ in wb.active.iter_rows(values_only=True))
        wb.close()
        return n

    actor = Actor("bench", frozenset(ROLES))
    best = None
    for attempt in range(2):
        timed(read_only)  # the file in the OS cache
        r_wall, r_cpu2, _ = timed(read_only)
        fresh = open_database(tmp / f"fresh-{attempt}")
        demo.ensure_office(fresh, actor)
        i_wall, i_cpu, report = timed(lambda db=fresh: import_export.import_file(db, actor, part))
        fresh.close()
        print(f"  run {attempt + 1}: openpyxl reads it {r_wall / 1000:.2f} s "
              f"({r_cpu2 / 1000:.2f} s CPU); the import {i_wall / 1000:.2f} s "
              f"({i_cpu / 1000:.2f} s CPU): {report.added:,} added, {report.bad_rows} bad rows")  # fmt: skip
        if best is None or i_cpu < best[3]:
            best = (r_wall, r_cpu2, i_wall, i_cpu)
    r_wall, r_cpu, i_wall, i_cpu = best  # type: ignore[misc]
    print(f"  import of {rows:,} rows against openpyxl merely reading the file: "
          f"{i_wall / r_wall:.1f} x wall, {i_cpu / r_cpu:.1f} x CPU")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,300000")
    ap.add_argument("--import-rows", type=int, default=10_000)
    ap.add_argument("--data", help="keep the demo offices here (default: a temporary folder)")
    args = ap.parse_args()
    root = Path(args.data) if args.data else Path(tempfile.mkdtemp())
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    sizes = [int(n) for n in args.sizes.split(",")]
    for cases in sizes:
        register(office(root, cases), cases)
    # The smallest office that has enough cases: exporting it is quick.
    source = office(root, min([n for n in sizes if n >= args.import_rows] or [max(sizes)]))
    print(f"import ({args.import_rows:,} rows of the app's own XLSX export):", flush=True)
    importing(source, args.import_rows)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
