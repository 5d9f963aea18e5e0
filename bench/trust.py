"""Backups and the audit chain: backup time and size with 100,000 cases, and what the hash chain
costs on a 10,000-case import (each case writes several audit rows), the password hash, and the
audit log screen over that import's audit rows. Prints figures.

    .venv/bin/python bench/trust.py [--fines 100000] [--import-rows 10000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import screen_context, timed  # bench/ is on the path when run as a script


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fines", type=int, default=100_000)
    ap.add_argument("--import-rows", type=int, default=10_000)
    args = ap.parse_args()

    from sqlalchemy import func, insert, select

    from akimdesk.domain.roles import ROLES
    from akimdesk.models import AuditEntry
    from akimdesk.services import audit, backup, check, demo
    from akimdesk.services.fines import import_export
    from akimdesk.services.operation import Actor
    from akimdesk.storage.database import open_database

    actor = Actor("bench", frozenset(ROLES))
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
        import_export.export(db, source, "csv", "ru")
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
            result = import_export.import_file(fresh, actor, source)
            took = time.perf_counter() - t0
            with fresh.read() as s:
                rows = s.scalar(select(func.count()).select_from(AuditEntry))
            print(
                f"3. import of {result.added:,} cases {label}: {took:.2f} s ({rows:,} audit rows)"
            )
            last = fresh.path.parent
            fresh.close()
        audit.append = chained  # type: ignore[assignment]

        from akimdesk.services import accounts

        hashed = accounts.hash_password("Көктем-2026")
        ms, _ = timed(lambda: accounts.verify_password("Көктем-2026", hashed), repeat=5)
        print(f"4. password check (scrypt n=2^14, r=8): {ms:.0f} ms (median of 5)")
        audit_screen(open_database(last))


def audit_screen(db) -> None:  # type: ignore[no-untyped-def]
    """The audit log screen over the import's audit rows: first page, a filter, a text search."""
    from sqlalchemy import func, select

    from akimdesk.models import AuditEntry
    from akimdesk.ui.audit.screen import AuditScreen

    app, ctx = screen_context(db)
    with db.read() as s:
        rows = s.scalar(select(func.count()).select_from(AuditEntry))
    opened = []
    for _ in range(3):
        t0 = time.perf_counter()
        screen = AuditScreen(ctx)
        screen.resize(1200, 760)
        screen.show()
        app.processEvents()
        opened.append((time.perf_counter() - t0) * 1000)
        screen.close()
    print(
        f"5. audit log screen with {rows:,} rows opened: {sorted(opened)[1]:.0f} ms (median of 3)"
    )
    ms, _ = timed(lambda: (screen.entity.setCurrentIndex(screen.entity.findData("fine_payment")),
                           app.processEvents()))  # fmt: skip
    print(
        f"6. filtered to payments: {ms:.0f} ms ({screen.model.rowCount()} rows on the first page)"
    )
    screen.entity.setCurrentIndex(0)
    screen.search.setText("Абай")
    ms, _ = timed(screen.apply)
    print(f"7. text search in before/after: {ms:.0f} ms ({screen.model.rowCount()} rows shown)")
    db.close()


if __name__ == "__main__":
    main()
