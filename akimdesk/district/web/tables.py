"""A table as the pages show it and as XLSX gives it: the same rows, typed columns, translated
headers. A cell's link, if any, is the row's "<key>__href"."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from akimdesk import i18n
from akimdesk.domain.text import printable
from akimdesk.services.tables import text_cell

KINDS = ("text", "int", "money", "date", "datetime", "pct")
HTML_LIMIT = 500  # rows shown on a page; the XLSX has them all


@dataclass
class Column:
    key: str
    label: str  # a msgid
    kind: str = "text"
    hint: str = ""  # a msgid for the header's tooltip

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "money", "pct")


@dataclass
class Table:
    name: str
    title: str  # a msgid
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] | None = None

    @property
    def shown(self) -> list[dict[str, Any]]:
        return self.rows[:HTML_LIMIT]

    def cell(self, row: dict[str, Any], col: Column, lang: str) -> str:
        return fmt(row.get(col.key), col.kind, lang)


def fmt(value: Any, kind: str, lang: str) -> str:
    if value is None or value == "":
        return ""
    if kind == "money":
        return i18n.format_money(int(value), lang)
    if kind == "int":
        return i18n.format_number(int(value), lang)
    if kind == "pct":
        return f"{i18n.format_number(round(float(value), 1), lang)} %"
    if kind == "date":
        return i18n.format_date(value, lang)
    if kind == "datetime":
        return i18n.format_datetime(value, lang)
    return str(value)


def sums(rows: list[dict[str, Any]], keys: list[str]) -> dict[str, Any]:
    return {k: sum(r.get(k) or 0 for r in rows) for k in keys}


def xlsx(table: Table, lang: str) -> bytes:
    """Numbers stay numbers (tenge with two decimals), dates stay dates: the district sums
    and filters them in Excel."""
    t = i18n.translator(lang)
    wb = Workbook()
    ws = wb.active
    ws.title = t(table.title)[:31].replace("/", "-") or "1"
    ws.append([t(c.label) for c in table.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    formats = {"money": "#,##0.00", "int": "#,##0", "date": "DD.MM.YYYY", "pct": "0.0",
               "datetime": "DD.MM.YYYY HH:MM"}  # fmt: skip
    for row in [*table.rows, *([table.total] if table.total else [])]:
        ws.append([_xlsx_value(row.get(c.key), c.kind) for c in table.columns])
        for i, c in enumerate(table.columns, start=1):
            cell = text_cell(ws.cell(ws.max_row, i))  # an office's "=..." is text, not a formula
            if c.kind in formats:
                cell.number_format = formats[c.kind]
    for i, c in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 14 if c.numeric else 30
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _xlsx_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "money":
        return int(value) / 100
    if kind == "datetime" and isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if kind == "date" and isinstance(value, date | datetime):
        return value
    if isinstance(value, str):
        return printable(value, multiline=True)
    return value


def xlsx_response(table: Table, lang: str) -> Response:
    name = f"{table.name}-{date.today().isoformat()}.xlsx"
    return Response(
        xlsx(table, lang),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
