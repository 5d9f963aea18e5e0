"""The full-text indexes kept by triggers (the case search, migration 0002), and how a bulk
write fills them: FTS5 wrote a segment for each row its trigger inserted (a tenth of a
millisecond a case); a bulk write pauses the trigger and indexes its rows in one statement
(migration 0012: the trigger does nothing while its table is named in `search_paused`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

# table -> (its full-text index, the columns indexed)
INDEXED = {"fine_case": ("fine_case_fts", "number, iin_bin, offender_name")}


@contextmanager
def paused(session: Session, table: str) -> Iterator[None]:
    """Rows inserted into `table` inside the block are indexed at its end, at once. Inside the
    caller's transaction: a failure rolls back the rows, the pause and the index together."""
    if table not in INDEXED:
        yield
        return
    fts, columns = INDEXED[table]
    conn = session.connection()
    last = conn.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {table}").scalar()
    conn.exec_driver_sql("INSERT INTO search_paused (tbl) VALUES (?)", (table,))
    yield
    conn.exec_driver_sql("DELETE FROM search_paused WHERE tbl = ?", (table,))
    conn.exec_driver_sql(
        f"INSERT INTO {fts} (rowid, {columns}) SELECT rowid, {columns} FROM {table} "
        "WHERE rowid > ?",
        (last,),
    )
