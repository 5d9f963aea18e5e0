"""Backups and the audit chain: backup time and size with 100,000 cases, and what the hash chain
costs on a 10,000-case import (each case writes several audit rows). Prints figures.

    .venv/bin/python bench/trust.py [--fines 100000] [--import-rows 10000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import timed  # bench/ is on the path when run as a script


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fines", type=int, default=100_000)
    ap.add_argument("--import-rows", type=int, default=10_000)
    args = ap.parse_args()

    from sqlalchemy import func, insert, select

    from akimdesk.models import AuditEntry
    from akimdesk.services import audit, backup, check, demo
    from akimdesk.services.fines import transfer
    from akimdesk.services.operation import Actor
    from akimdesk.storage.database import open_database

    actor = Actor("bench")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = open_database(tmp / "data")
        demo.ensure_office(db, actor)
        demo.generate_fines(db, actor, args.fines)
        size = db.path.stat().st_size / 1_048_576
        for i in range(3):
            t0 = time.perf_counter()
            copy = backup.backup_to(db, tmp / f"copy{i}.sqlite3")
            took = time.perf_counter() - t0
            print(f"1. backup of {args.fines:,} cases ({size:.0f} MB file): {took:.2f} s, "
                  f"{copy.stat().st_size / 1_048_576:.0f} MB")  # fmt: skip
            copy.unlink()
        ms, report = timed(lambda: check.run(db))
        print(f"2. akimdesk check (integrity + chain of {report.audit_rows:,} audit rows): "  # type: ignore[attr-defined]
              f"{ms / 1000:.1f} s")  # fmt: skip

        source = tmp / "import.csv"
        transfer.export(db, source, "csv", "ru")
        lines = source.read_text("utf-8-sig").splitlines()[: args.import_rows + 1]
        source.write_text("\n".join(lines), encoding="utf-8-sig")
        db.close()

        chained = audit.append

        def unchained(session, rows):  # type: ignore[no-untyped-def]
            session.execute(insert(AuditEntry), rows)

        for label, fn in (("with the chain", chained), ("without the chain", unchained),
                          ("with the chain", chained), ("without the chain", unchained)):  # fmt: skip
            audit.append = fn  # type: ignore[assignment]
            fresh = open_database(tmp / f"fresh-{time.monotonic_ns()}")
            demo.ensure_office(fresh, actor)
            t0 = time.perf_counter()
            result = transfer.import_file(fresh, actor, source)
            took = time.perf_counter() - t0
            with fresh.read() as s:
                rows = s.scalar(select(func.count()).select_from(AuditEntry))
            print(
                f"3. import of {result.added:,} cases {label}: {took:.2f} s ({rows:,} audit rows)"
            )
            fresh.close()
        audit.append = chained  # type: ignore[assignment]


if __name__ == "__main__":
    main()
