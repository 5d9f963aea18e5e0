"""Many new rows of one table in one statement: the values a bulk operation built (see
services.operation.Operation.bulk) are converted by the columns' own SQLAlchemy types and sent
as one executemany, without the per-row compile and parameter work of an ORM or Core insert
(most of the time an import of 10,000 cases spent writing them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Date, DateTime, Dialect, FromClause, Table
from sqlalchemy.orm import Session

from akimdesk.storage import changes

Convert = Callable[[Any], Any] | None


@cache
def _plan(
    table: Table, names: tuple[str, ...], dialect: Dialect
) -> tuple[str, tuple[Convert, ...]]:
    types = [table.c[n].type.dialect_impl(dialect) for n in names]
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    return sql, tuple(t.bind_processor(dialect) for t in types)


def _repeats(table: Table, name: str) -> bool:
    """Dates and times: the same few values on every row (the day, the second it was written)."""
    return isinstance(table.c[name].type, Date | DateTime)


def _memo(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    done: dict[Any, Any] = {}

    def converted(value: Any) -> Any:
        if value not in done:
            done[value] = convert(value)
        return done[value]

    return converted


def insert_many(
    session: Session, table: FromClause, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Inserts `rows` (values in the order of the column `names`) into `table` in the session's
    transaction; what it wrote is announced after the commit like any other write."""
    if not rows:
        return
    assert isinstance(table, Table)  # a mapped class's __table__, typed as any FROM clause
    conn = session.connection()
    sql, converts = _plan(table, tuple(names), conn.dialect)
    pairs = [(i, _memo(f) if _repeats(table, names[i]) else f)
             for i, f in enumerate(converts) if f is not None]  # fmt: skip
    params = []
    for row in rows:
        values = list(row)
        for i, f in pairs:
            if values[i] is not None:
                values[i] = f(values[i])
        params.append(tuple(values))
    conn.exec_driver_sql(sql, params)
    at = names.index("id") if "id" in names else None
    changes.note(session, table.name, () if at is None else (str(r[at]) for r in rows))
