"""The full-text indexes kept by triggers (the case search, migrations 0002 and 0013), and how a bulk
write fills them: FTS5 wrote a segment for each row its trigger inserted (a tenth of a
millisecond a case); a bulk write takes the trigger away and indexes its rows in one statement
(`paused`). The trigger also does nothing while its table is named in `search_paused`
(migration 0012), which nothing names any more: dropping it costs a migration for no gain."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

# A Kazakh letter and the Russian one a person types for it on a Russian keyboard (and ё as е):
# the case search finds «Жұмабаев» typed «Жумабаев» and the other way round. Folded in the index
# (in SQL, so that the triggers need nothing from the app) and in the words searched (in Python).
FOLDS = {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х",
         "і": "и", "ё": "е"}  # fmt: skip
_FOLD_TABLE = str.maketrans({**FOLDS, **{k.upper(): v.upper() for k, v in FOLDS.items()}})


def fold(text: str) -> str:
    """`text` as the case search indexes it."""
    return text.translate(_FOLD_TABLE)


def fold_sql(column: str) -> str:
    """The SQL expression of `column` folded as `fold` does."""
    expr = column
    for k, v in FOLDS.items():
        expr = f"replace(replace({expr}, '{k}', '{v}'), '{k.upper()}', '{v.upper()}')"
    return expr


def number_sql(column: str) -> str:
    """A case number indexed with its serial part also without its zeros: «2026-00253» is found
    by «253», as people say it."""
    serial = f"substr({column}, instr({column}, '-') + 1)"
    return f"{column} || ' ' || ltrim({serial}, '0')"


# table -> (its full-text index, its columns, the expressions of the row's values they hold)
INDEXED = {
    "fine_case": (
        "fine_case_fts", "number, iin_bin, offender_name",
        f"{number_sql('number')}, iin_bin, {fold_sql('offender_name')}",
    ),
}  # fmt: skip


@contextmanager
def paused(session: Session, table: str) -> Iterator[None]:
    """Rows inserted into `table` inside the block are indexed at its end, at once. Inside the
    caller's transaction: a failure rolls back the rows, the pause and the index together.

    The insert trigger is taken away for the block and put back as it was, in the transaction:
    paused by its condition (`search_paused`, migration 0012) it still cost SQLite 23 µs a row,
    40% of writing a case. Another connection cannot write meanwhile (one writer at a time)."""
    if table not in INDEXED:
        yield
        return
    fts, columns, values = INDEXED[table]
    conn = session.connection()
    last = conn.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {table}").scalar()
    trigger = f"{table}_fts_ai"
    ddl = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (trigger,)
    ).scalar()
    if ddl is not None:
        conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
    yield
    if ddl is not None:
        conn.exec_driver_sql(ddl)
    conn.exec_driver_sql(
        f"INSERT INTO {fts} (rowid, {columns}) SELECT rowid, {values} FROM {table} WHERE rowid > ?",
        (last,),
    )
