"""How a table is arranged for a person: sorted by the column they chose, one page of it, times
in the district's zone. Each table reads its own query parameters (`<table>_sort`,
`<table>_dir`, `<table>_p`), so two tables of one page keep their own order and page.

Text sorts as people expect it: by the alphabet of the page's language (Kazakh letters in
their places, not after я) and numbers inside names by value (№2 before №10)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any
from urllib.parse import parse_qsl, urlencode

from akimdesk.district.web.tables import Table

ALPHABETS = {
    "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
}
# Signs and digits first (by code), then the page's alphabet, then Cyrillic letters it lacks.
_RANKS = {lang: {ch: 0x10000 + i for i, ch in enumerate(abc)} for lang, abc in ALPHABETS.items()}
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str, lang: str) -> tuple[Any, ...]:
    """Alternating letters and numbers: "№2 Ақсу" < "№10 Ақсу"; "Әлия" right after "Алия"."""
    ranks = _RANKS.get(lang, _RANKS["ru"])
    parts = _DIGITS.split(text.casefold().strip())
    return tuple(
        int(part) if i % 2 else tuple(ranks.get(ch) or _other(ch) for ch in part)
        for i, part in enumerate(parts)
    )


def _other(ch: str) -> int:
    code = ord(ch)
    return 0x20000 + code if 0x400 <= code <= 0x52F else code


@dataclass(frozen=True)
class Wanted:
    sort: str
    desc: bool
    page: int  # 1-based, not yet held to the number of pages


def wanted(params: Mapping[str, str], name: str) -> Wanted:
    try:
        page = int(params.get(f"{name}_p", "1"))
    except ValueError:
        page = 1
    return Wanted(params.get(f"{name}_sort", ""), params.get(f"{name}_dir") == "desc", page)


def arrange(table: Table, params: Mapping[str, str], lang: str, zone: tzinfo) -> None:
    """Sorts (unless the rows come sorted from SQL), holds the page within the last one, and
    puts datetimes into the district's zone for the page and the XLSX alike."""
    want = wanted(params, table.name)
    keys = {c.key: c for c in table.columns}
    if table.sortable and want.sort in keys:
        table.sort, table.desc = want.sort, want.desc
        if table.count is None:
            sort_rows(table.rows, keys[want.sort].key, keys[want.sort].numeric, want.desc, lang)
    table.page = max(1, min(want.page, table.pages))
    table.zone = zone
    times = [c.key for c in table.columns if c.kind == "datetime"]
    for row in table.rows:
        for key in times:
            value = row.get(key)
            if isinstance(value, datetime) and value.tzinfo is not None:
                row[key] = value.astimezone(zone)


def sort_rows(rows: list[dict[str, Any]], key: str, numeric: bool, desc: bool, lang: str) -> None:
    """Empty cells last whichever the direction; equal cells keep their order."""

    def of(row: dict[str, Any]) -> Any:
        value = row.get(key)
        if value is None or value == "":
            return None
        if numeric or isinstance(value, int | float | date | datetime):
            return value
        return natural_key(str(value), lang)

    filled = [r for r in rows if of(r) is not None]
    empty = [r for r in rows if of(r) is None]
    filled.sort(key=of, reverse=desc)
    rows[:] = filled + empty


def link(query: str, **changes: Any) -> str:
    """This page's query with some parameters changed (None drops one), never `export`."""
    params = {k: v for k, v in parse_qsl(query, keep_blank_values=True) if k != "export"}
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    return "?" + urlencode(params) if params else "?"
