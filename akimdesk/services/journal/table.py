"""Finding the table in a sheet: the header row below titles and blank rows (merged title cells
hold one value and name no column), a second header row under merged group cells, the row of
column numbers some journals print; then the rows of data, without totals and repeated headers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from akimdesk.services.journal.mapping import Matcher
from akimdesk.services.journal.source import SCAN_ROWS, Sheet
from akimdesk.services.journal.text import clean, fold, key

_TOTALS = frozenset({"итого", "всего", "барлығы", "жиыны", "жиынтығы", "барлыгы"})
MIN_KNOWN = 2  # "several cells name known columns"


@dataclass
class Table:
    sheet: Sheet
    header_row: int | None  # as the person numbers rows; None: no header found
    headers: list[str] = field(default_factory=list)
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)  # (row number, cells)
    totals: list[int] = field(default_factory=list)  # rows left out as totals
    seen: list[str] = field(default_factory=list)  # the top of the sheet, to name what was there


def known(row: tuple[Any, ...], matcher: Matcher) -> int:
    """How many different fields the cells of a row name."""
    fields = set()
    for cell in row:
        if isinstance(cell, str) and (m := matcher.match(cell)):
            fields.add(m[0])
    return len(fields)


def top_score(rows: list[tuple[Any, ...]], matcher: Matcher) -> int:
    """How much the best row among the first ones looks like a header (0: none does)."""
    return max((n for r in rows[:SCAN_ROWS] if (n := known(r, matcher)) >= MIN_KNOWN), default=0)


def find(sheet: Sheet, matcher: Matcher, header_row: int | None = None) -> Table:
    rows = sheet.rows
    if header_row is not None:
        index = sheet.lines.index(header_row) if header_row in sheet.lines else None
    else:
        index = next(
            (i for i, r in enumerate(rows[:SCAN_ROWS]) if known(r, matcher) >= MIN_KNOWN), None
        )
    if index is None:
        seen = [clean(c) for r in rows[:SCAN_ROWS] for c in r if clean(c)]
        return Table(sheet, None, seen=seen[:40])
    headers = [clean(c) for c in rows[index]]
    start = index + 1
    if start < len(rows) and _is_subheader(rows[start], matcher):
        headers = _combine(headers, [clean(c) for c in rows[start]], matcher)
        start += 1
    if start < len(rows) and _is_column_numbers(rows[start]):
        start += 1
    table = Table(sheet, sheet.lines[index], headers)
    width = len(headers)
    header_keys = {key(h) for h in headers if key(h)}
    keys: dict[str, str] = {}  # a journal repeats its words (places, kinds, articles)
    for i in range(start, len(rows)):
        cells = rows[i]
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        if _is_totals(cells):
            table.totals.append(sheet.lines[i])
            continue
        if _repeats_header(cells, header_keys, keys):
            continue
        width = max(width, _last_filled(cells) + 1)
        table.rows.append((sheet.lines[i], cells))
    table.headers = (headers + [""] * width)[:width]
    while (
        table.headers
        and not table.headers[-1]
        and all(
            len(r) < len(table.headers) or r[len(table.headers) - 1] in (None, "")
            for _, r in table.rows
        )
    ):
        table.headers.pop()
    return table


def _is_subheader(row: tuple[Any, ...], matcher: Matcher) -> bool:
    texts = [c for c in row if c not in (None, "")]
    if not texts or not all(isinstance(c, str) and any(ch.isalpha() for ch in c) for c in texts):
        return False
    return sum(1 for c in texts if matcher.match(c)) * 2 >= len(texts)


def _combine(top: list[str], sub: list[str], matcher: Matcher) -> list[str]:
    """Headers over two rows: a cell merged down keeps its text; a group merged across ("Оплата"
    over "сумма" and "дата") goes before each of its parts when that names a field."""
    width = max(len(top), len(sub))
    top, sub = top + [""] * (width - len(top)), sub + [""] * (width - len(sub))
    out, group = [], ""
    for t, s in zip(top, sub, strict=True):
        group = t or group
        if not s:
            out.append(t)
        elif group and group != s and matcher.match(f"{group} {s}"):
            out.append(f"{group} / {s}")
        else:
            out.append(s)
    return out


def _is_column_numbers(row: tuple[Any, ...]) -> bool:
    values = [clean(c) for c in row if c not in (None, "")]
    return len(values) >= 3 and values == [str(n) for n in range(1, len(values) + 1)]


def _is_totals(row: tuple[Any, ...]) -> bool:
    first = next((c for c in row if isinstance(c, str) and c.strip()), None)
    return first is not None and fold(first).strip(" :.").split(" ")[0].rstrip(":") in _TOTALS


def _repeats_header(row: tuple[Any, ...], header_keys: set[str], keys: dict[str, str]) -> bool:
    texts = [c for c in row if isinstance(c, str) and c.strip()]
    # Most rows are data: at the first half of their texts that name no header, they are done.
    allowed_misses, same = len(texts) // 2, 0
    for text in texts:
        if text not in keys:
            keys[text] = key(text)
        if keys[text] in header_keys:
            same += 1
        else:
            allowed_misses -= 1
            if allowed_misses < 0:
                return False
    return same >= MIN_KNOWN


def _last_filled(row: tuple[Any, ...]) -> int:
    for i in range(len(row) - 1, -1, -1):
        if row[i] not in (None, "") and not (isinstance(row[i], str) and not row[i].strip()):
            return i
    return -1
