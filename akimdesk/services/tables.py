"""Reading and writing registers as tables (CSV, XLSX, JSON), for every register's import and
export: header aliases in both languages, cell conversion with errors a person can act on, the
row-level import report.

Each register gives its columns as {key: (Kazakh header, Russian header)}; import accepts either
header, or the key itself.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from akimdesk.domain.text import printable
from akimdesk.i18n import Msg, _, get_language, msg, render

Progress = Callable[[int, int], None]
Columns = dict[str, tuple[str, str]]


@dataclass
class RowError:
    line: int
    field: str
    message: str | Msg


@dataclass
class ImportReport:
    added: int = 0
    skipped: int = 0  # already in the register
    errors: list[RowError] = field(default_factory=list)
    columns: Columns = field(default_factory=dict, repr=False)  # to name the column of an error

    @property
    def bad_rows(self) -> int:
        return len({e.line for e in self.errors})


def describe(report: ImportReport, limit: int = 30) -> str:
    lines = [
        _("Added: {added}. Already in the register: {skipped}. Rows with errors: {bad}.").format(
            added=report.added, skipped=report.skipped, bad=report.bad_rows
        )
    ]
    for e in report.errors[:limit]:
        pair = report.columns.get(e.field)
        column = (pair[0] if get_language() == "kk" else pair[1]) if pair else ""
        where = _("line {line}").format(line=e.line) + (f", {column}" if column else "")
        lines.append(f"{where}: {render(e.message)}")
    if len(report.errors) > limit:
        lines.append(_("…and {n} more.").format(n=len(report.errors) - limit))
    return "\n".join(lines)


# --- reading files ------------------------------------------------------------------------
class FileError(Exception):
    """The file itself cannot be read (not a spreadsheet, damaged, wrong encoding)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


def read_rows(path: str | Path, columns: Columns) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number as the person sees it, {column key: value}) for each non-empty row."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".xlsx":
            try:
                yield from _xlsx_rows(path, columns)
            except (ValueError, KeyError, zipfile.BadZipFile) as exc:
                raise FileError(
                    msg("The file is not an Excel workbook (.xlsx), or it is damaged.")
                ) from exc
        else:
            yield from _csv_rows(path.read_bytes(), columns)
    except OSError as exc:
        raise FileError(msg("The file cannot be opened: {path}", path=path)) from exc
    except csv.Error as exc:
        raise FileError(
            msg("The file cannot be read as a table: save it as CSV with «;» between the columns.")
        ) from exc


def _header_map(header: list[Any], columns: Columns) -> dict[int, str]:
    aliases = {k: k for k in columns}
    for key, (kk, ru) in columns.items():
        aliases[kk.lower()] = key
        aliases[ru.lower()] = key
    out = {}
    for i, h in enumerate(header):
        key = aliases.get(str(h or "").strip().lower())
        if key:
            out[i] = key
    return out


def _xlsx_rows(path: Path, columns: Columns) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = wb.active.iter_rows(values_only=True)
        header = _header_map(list(next(rows, [])), columns)
        for line, row in enumerate(rows, start=2):
            values = {header[i]: v for i, v in enumerate(row) if i in header}
            if any(v not in (None, "") for v in values.values()):
                yield line, values
    finally:
        wb.close()


def _csv_rows(data: bytes, columns: Columns) -> Iterator[tuple[int, dict[str, Any]]]:
    text = decode(data)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = _header_map(next(reader, []), columns)
    for line, row in enumerate(reader, start=2):
        values = {header[i]: csv_untext(v) for i, v in enumerate(row) if i in header}
        if any(str(v).strip() for v in values.values()):
            yield line, values


ENCODINGS = ("UTF-8", "UTF-16", "Windows-1251")


def decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without its mark), UTF-16 with its mark (Excel's
    "Unicode text"), or Windows-1251 (Excel in Russian Windows). Anything else is refused with
    the encodings tried, rather than read as nonsense."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    for encoding in ("utf-16", "utf-8-sig", "cp1251") if utf16 else ("utf-8-sig", "cp1251"):
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode(encoding)
            # A file in another encoding (UTF-16 without its mark, a binary file) may decode
            # as UTF-8 or Windows-1251 too, but into control characters no table holds; a
            # stray one in a cell is left for the row's check to report.
            if len(_CONTROL.findall(text)) <= len(text) // 100:
                return text
    raise FileError(
        msg("The file's encoding was not recognised; tried {encodings}. Save the table as "
            "«{format}» and import it again.", encodings=", ".join(ENCODINGS), format="CSV UTF-8")
    )  # fmt: skip


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# --- converting cells ---------------------------------------------------------------------
class CellError(Exception):
    def __init__(self, field: str, message: str | Msg) -> None:
        super().__init__(field)
        self.field, self.message = field, message


def text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def to_date(v: Any, name: str) -> date | None:
    if v in (None, ""):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    value = text(v)
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CellError(name, msg("Not a date: «{value}». Use DD.MM.YYYY.", value=value))


def to_int(v: Any, name: str) -> int | None:
    value = text(v).replace(" ", "").replace("\u00a0", "")
    if not value:
        return None
    try:
        return int(float(value.replace(",", ".")))
    except ValueError:
        raise CellError(name, msg("Not a number: «{value}».", value=value)) from None


def to_money(v: Any, name: str) -> int | None:
    """Tenge with optional tiyn, as typed in Kazakhstan ("1 234,50 ₸"), in tiyn."""
    value = text(v).replace(" ", "").replace("\u00a0", "").replace("₸", "").replace(",", ".")
    if not value:
        return None
    try:
        return round(float(value) * 100)
    except ValueError:
        raise CellError(name, msg("Not an amount: «{value}».", value=value)) from None


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
