"""An office's own fines journal of 10,000 rows (titles over the table, Russian headers in the
clerk's words, names in one cell, ИИН as numbers, amounts as text, dates as text and as Excel
dates, a third of the cases paid) imported into a fresh office: through reading, mapping and the
single write path, beside openpyxl merely reading the same file. Prints figures; asserts nothing.
Each figure is the wall time and, in brackets, this process's CPU time: on a shared machine the
CPU time is the steadier of the two.

    .venv/bin/python bench/journal.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.support.journals


def make_journal(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from tests.support.journals import RU_HEADERS, iin

    surnames = ["Ахметов", "Сейітов", "Нұрғалиев", "Иванов", "Жұмабаев", "Өтегенов", "Ким"]
    names = ["Ерлан", "Айбек", "Нұрлан", "Сергей", "Бауыржан", "Олег"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Журнал")
    ws.append(["ЖУРНАЛ учёта административных правонарушений"])
    ws.append(["Аппарат акима Аксуского сельского округа"])
    ws.append([])
    ws.append(RU_HEADERS)
    ws.append(list(range(1, len(RU_HEADERS) + 1)))
    start = date(2026, 1, 5)
    for n in range(1, rows + 1):
        protocol = start + timedelta(days=n % 300)
        who = f"{surnames[n % 7]} {names[n % 6]} {names[(n + 3) % 6]}ұлы"
        number = int(iin(date(1950, 1, 1) + timedelta(days=n * 3 % 20000), True, n % 900 + 1))
        decided = protocol + timedelta(days=3)
        paid = decided + timedelta(days=10) if n % 3 == 0 else None
        ws.append([
            n, who, number, f"с. Аксу, ул. Абая {n % 90 + 1}", "ст. 505 ч. 1",
            protocol.strftime("%d.%m.%Y"), "86 500", datetime.combine(decided, datetime.min.time()),
            (decided + timedelta(days=1)).strftime("%d.%m.%Y"),
            paid.strftime("%d.%m.%Y") if paid else None, "", "",
        ])  # fmt: skip
    wb.save(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    args = ap.parse_args()

    from openpyxl import load_workbook
    from sqlalchemy import func, select

    from akimdesk.domain.roles import ROLES
    from akimdesk.models import AuditEntry, FineCase, OutboxEntry
    from akimdesk.services import demo
    from akimdesk.services.fines import import_export
    from akimdesk.services.journal import Options
    from akimdesk.services.operation import Actor
    from akimdesk.storage.database import open_database

    tmp = Path(tempfile.mkdtemp())
    path = tmp / "journal.xlsx"
    make_journal(path, args.rows)
    print(f"journal: {args.rows:,} rows, {path.stat().st_size / 1024:.0f} KB")
    actor = Actor("bench", frozenset(ROLES))
    options = Options(values={"protocol_author": "Сейтқали Б."})

    def read_only() -> int:
        wb = load_workbook(path, read_only=True, data_only=True)
        n = sum(1 for _ in wb.active.iter_rows(values_only=True))
        wb.close()
        return n

    def timed(fn):  # type: ignore[no-untyped-def]
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        return result, time.perf_counter() - wall, time.process_time() - cpu

    reads, imports = [], []
    for attempt in range(2):
        _, wall, cpu = timed(read_only)
        reads.append((cpu, wall))
        fresh = open_database(tmp / f"office-{attempt}")
        demo.ensure_office(fresh, actor)
        report, wall, cpu = timed(
            lambda db=fresh: import_export.import_file(db, actor, path, options=options)
        )
        imports.append((cpu, wall))
        with fresh.read() as s:
            cases = s.scalar(select(func.count()).select_from(FineCase))
            audit = s.scalar(select(func.count()).select_from(AuditEntry))
            outbox = s.scalar(select(func.count()).select_from(OutboxEntry))
        fresh.close()
        print(f"run {attempt + 1}: openpyxl reads the file {reads[-1][1]:.2f} s "
              f"({reads[-1][0]:.2f} s CPU); the import (read, map, write) {imports[-1][1]:.2f} s "
              f"({imports[-1][0]:.2f} s CPU): {report.added:,} cases, {report.bad_rows} bad rows, "
              f"{cases:,} in the register, {audit} audit rows, {outbox:,} outbox rows")  # fmt: skip
    (read_cpu, read_wall), (imp_cpu, imp_wall) = min(reads), min(imports)
    print(f"best: openpyxl alone {read_wall:.2f} s ({read_cpu:.2f} s CPU), the import "
          f"{imp_wall:.2f} s ({imp_cpu:.2f} s CPU) = {imp_wall / read_wall:.1f} x "
          f"({imp_cpu / read_cpu:.1f} x in CPU time)")  # fmt: skip
    fresh = open_database(tmp / "office-0")
    trial, wall, cpu = timed(lambda: import_export.import_file(
        fresh, actor, path, options=Options(values=options.values, dry_run=True)))  # fmt: skip
    print(f"--dry-run over the same file into the filled office: {wall:.2f} s ({cpu:.2f} s CPU), "
          f"{trial.skipped:,} already there")  # fmt: skip
    fresh.close()


if __name__ == "__main__":
    main()
