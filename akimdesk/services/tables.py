"""Writing registers as tables (CSV, XLSX, JSON), for every register's export. Reading them
back, as exported or as an office's own journal, is `services.journal`.

Each register gives its columns as {key: (Kazakh header, Russian header)}.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from akimdesk.domain.text import printable

Progress = Callable[[int, int], None]
Columns = dict[str, tuple[str, str]]


def headers(entity: str, keys: Iterable[str], extra: dict[str, str] | None = None) -> Columns:
    """A register's table headers in both languages, from the catalogue of fields (the same
    words as the form and the audit log) or, for a column the app computes, from `extra`
    (msgids): {key: (Kazakh, Russian)}."""
    from akimdesk.i18n import translator
    from akimdesk.services.audit_labels import field_label

    kk, ru = translator("kk"), translator("ru")
    out: Columns = {}
    for key in keys:
        msgid = (extra or {}).get(key) or field_label(entity, key)
        if msgid is None:
            raise KeyError(f"no label for {entity}.{key}")
        out[key] = (kk(msgid), ru(msgid))
    return out


# --- writing files ------------------------------------------------------------------------
def write(
    path: str | Path, fmt: str, columns: Columns, keys: list[str], lang: str,
    rows: Iterable[dict[str, Any]],
) -> int:  # fmt: skip
    """Writes rows ({key: value}) as JSON, CSV (";", UTF-8 with BOM, for Excel) or XLSX;
    returns how many were written."""
    headers = [columns[k][0 if lang == "kk" else 1] for k in keys]
    n = 0
    path = Path(path)
    if fmt == "json":
        with path.open("w", encoding="utf-8") as fh:
            fh.write("[\n")
            for row in rows:
                fh.write(
                    ("," if n else "") + json.dumps(row, ensure_ascii=False, default=str) + "\n"
                )
                n += 1
            fh.write("]\n")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh, delimiter=";")
            w.writerow(headers)
            for row in rows:
                w.writerow([csv_cell(row[k]) for k in keys])
                n += 1
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(headers)
        for row in rows:
            ws.append(_xlsx_row(ws, [row[k] for k in keys]))
            n += 1
        wb.save(path)
    else:
        raise ValueError(f"unknown format {fmt}")
    return n


# OWASP's CSV injection rule: a spreadsheet reads a cell starting with = + - @ (or a tab or a
# carriage return) as a formula. Such a text is written behind an apostrophe, and so is a text
# that already starts with apostrophes before one of these, so that reading drops exactly one.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def csv_text(value: str) -> str:
    return "'" + value if _FORMULA.match(value) else value


def csv_untext(value: str) -> str:
    """The inverse of `csv_text`: a cell of this app's CSV export gives back its text."""
    return value[1:] if value[:1] == "'" and _FORMULA.match(value) else value


def csv_cell(v: Any) -> Any:
    if isinstance(v, date):
        return v.strftime("%d.%m.%Y")
    if isinstance(v, str):
        return csv_text(v)
    return "" if v is None else v


def text_cell(cell: Any) -> Any:
    """An XLSX cell holding text stays text: openpyxl would make "=HYPERLINK(...)" a live
    formula and "#N/A" an error value."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def _xlsx_row(ws: Any, values: list[Any]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    return [
        text_cell(WriteOnlyCell(ws, printable(v, multiline=True))) if isinstance(v, str) else v
        for v in values
    ]
