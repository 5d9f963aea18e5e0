"""A table as the pages show it and as XLSX gives it: the same rows, typed columns, translated
headers. A cell's link, if any, is the row's "<key>__href"."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from akimdesk import i18n
from akimdesk.domain.text import printable
from akimdesk.services.tables import text_cell

KINDS = ("text", "int", "money", "date", "datetime", "pct")
HTML_LIMIT = 500  # rows shown on a page unless the table pages by fewer; the XLSX has them all


@dataclass
class Column:
    key: str
    label: str  # a msgid
    kind: str = "text"
    hint: str = ""  # a msgid for the header's tooltip
    # On the page, the value of column `below` is shown under this one, and a column with
    # html=False only there, so the widest tables fit the screen; the XLSX keeps each apart.
    below: str = ""
    html: bool = True

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
    # How it is arranged (listing.arrange): sortable by any column, paged by page_size rows.
    sortable: bool = False
    page_size: int = HTML_LIMIT
    count: int | None = None  # all rows, when `rows` holds one page already (paged in SQL)
    sort: str = ""
    desc: bool = False
    page: int = 1
    zone: tzinfo | None = None  # datetimes are read in this zone
    file: str = ""  # what the XLSX file is called, without ".xlsx"

    @property
    def on_page(self) -> list[Column]:
        return [c for c in self.columns if c.html]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def all_rows(self) -> int:
        return len(self.rows) if self.count is None else self.count

    @property
    def pages(self) -> int:
        return max(1, -(-self.all_rows // self.page_size))

    @property
    def first(self) -> int:
        """The position of the first row shown, from 0."""
        return (self.page - 1) * self.page_size

    @property
    def shown(self) -> list[dict[str, Any]]:
        if self.count is not None:
            return self.rows
        return self.rows[self.first : self.first + self.page_size]

    def cell(self, row: dict[str, Any], col: Column, lang: str) -> str:
        return fmt(row.get(col.key), col.kind, lang, self.zone)


def fmt(value: Any, kind: str, lang: str, zone: tzinfo | None = None) -> str:
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
        return i18n.format_datetime(value, lang, zone)
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
               "datetime": "DD.MM.YYYY HH:MM:SS"}  # fmt: skip
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


def add_links(data: bytes, table: Table, base_url: str) -> bytes:
    """Cells whose row has a "<key>__href" link to it (a minutes PDF from the minutes list);
    the link is absolute, as Excel opens it outside the browser."""
    linked = [i for i, c in enumerate(table.columns, start=1) if c.key + "__href" in _keys(table)]
    if not linked:
        return data
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    for r, row in enumerate(table.rows, start=2):
        for i in linked:
            href = row.get(table.columns[i - 1].key + "__href")
            if href and ws.cell(r, i).value not in (None, ""):
                ws.cell(r, i).hyperlink = base_url.rstrip("/") + href
                ws.cell(r, i).style = "Hyperlink"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _keys(table: Table) -> set[str]:
    return {k for row in table.rows[:50] for k in row}


def xlsx_response(table: Table, lang: str, base_url: str = "") -> Response:
    """The file is named after what it holds (fines-by-office-2026-Q4.xlsx)."""
    name = f"{table.file or table.name}.xlsx"
    data = xlsx(table, lang)
    if base_url:
        data = add_links(data, table, base_url)
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
