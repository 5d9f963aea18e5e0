"""Opening a journal: the sheets of a workbook, or a CSV file in whatever encoding and delimiter
Excel saved it with; every row from the top, numbered as the person sees them."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from akimdesk.i18n import Msg, msg
from akimdesk.services.journal import xlsx
from akimdesk.services.tables import csv_untext

SCAN_ROWS = 40  # the header is looked for this far down
Score = Callable[[list[tuple[Any, ...]]], int]  # how well rows look like a journal's top


class FileError(Exception):
    """The file itself cannot be read (not a spreadsheet, damaged, wrong encoding)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class Sheet:
    name: str
    names: list[str]  # every sheet of the workbook
    rows: list[tuple[Any, ...]]  # every row from the top
    lines: list[int]  # the number a person sees for each row (Excel's row, the CSV line)


def read(path: str | Path, sheet: str | None, score: Score) -> Sheet:
    """The chosen sheet, or the first (the active one before the others) whose top looks like
    a journal by `score`."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise FileError(msg("This is an old {program} file ({old}). Open it in {program} and "
                                "save it as a workbook ({new}), then import that file.",
                                program="Excel", old=".xls", new=".xlsx"))  # fmt: skip
        if head.startswith(b"PK") or path.suffix.lower() in (".xlsx", ".xlsm"):
            return _xlsx(path, sheet, score)
        return _csv(path, score)
    except FileError:
        raise
    except (OSError, ValueError, KeyError, IndexError, TypeError, EOFError, csv.Error,
            zipfile.BadZipFile, ParseError) as exc:  # fmt: skip
        raise FileError(msg("The file cannot be read as a table: {reason}", reason=exc)) from exc


def _xlsx(path: Path, wanted: str | None, score: Score) -> Sheet:
    try:
        with xlsx.Workbook(path) as book:
            name, names = _choose(book.sheetnames, book.active, wanted,
                                  lambda n: score(list(islice(book.rows(n), SCAN_ROWS))))  # fmt: skip
            rows = list(book.rows(name))
    except FileError:
        raise
    except Exception:  # a workbook the fast reader does not know (xlsx.Unreadable): openpyxl's turn
        return _xlsx_openpyxl(path, wanted, score)
    return Sheet(name, names, rows, list(range(1, len(rows) + 1)))


def _xlsx_openpyxl(path: Path, wanted: str | None, score: Score) -> Sheet:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except InvalidFileException as exc:
        raise FileError(msg("The file cannot be read as a table: {reason}", reason=exc)) from exc
    try:
        active = wb.active.title if wb.active is not None else None
        name, names = _choose(list(wb.sheetnames), active, wanted,
                              lambda n: score(list(_rows(wb[n], SCAN_ROWS))))  # fmt: skip
        rows = list(_rows(wb[name]))
        return Sheet(name, names, rows, list(range(1, len(rows) + 1)))
    finally:
        wb.close()


def _choose(
    names: list[str], active: str | None, wanted: str | None, score: Callable[[str], int]
) -> tuple[str, list[str]]:
    """The sheet asked for by name, else the first (the active one before the others) whose top
    looks like a journal, else the active one."""
    if not names:
        raise FileError(msg("The workbook has no sheets."))
    if wanted is not None:
        match = [n for n in names if n.strip().casefold() == wanted.strip().casefold()]
        if not match:
            raise FileError(msg("No sheet «{sheet}» in the file; it has: {sheets}.",
                                sheet=wanted, sheets=", ".join(names)))  # fmt: skip
        return match[0], names
    active = active or names[0]
    order = [active, *(n for n in names if n != active)]
    return next((n for n in order if score(n) > 0), active), names


def _rows(ws: Any, limit: int | None = None) -> Iterator[tuple[Any, ...]]:
    # A file's recorded size is sometimes wrong (saved by accounting programs): read what is there.
    ws.reset_dimensions()
    for row in islice(ws.iter_rows(min_row=1, values_only=True), limit):
        yield tuple(row)  # a row the file leaves out comes as a list


def _csv(path: Path, score: Score) -> Sheet:
    data = path.read_bytes()
    text = _decode(data)
    # The delimiter of the header line: the one whose top rows look most like a journal (a
    # sniffer's guess on the first 4 KB fails when a long cell fills them).
    best, best_score = None, 0
    for delimiter in (";", "\t", ","):
        top = [
            tuple(r) for r in islice(csv.reader(io.StringIO(text), delimiter=delimiter), SCAN_ROWS)
        ]
        s = score(top)
        if s > best_score:
            best, best_score = delimiter, s
    if best is None:  # nothing known anywhere: the delimiter the first line uses most
        first = text.split("\n", 1)[0]
        best = max((";", "\t", ","), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=best)
    rows, lines, line = [], [], 1
    for record in reader:
        rows.append(tuple(csv_untext(v) for v in record))  # this app's export: exactly the text
        lines.append(line)
        line = reader.line_num + 1
    return Sheet(path.stem, [path.stem], rows, lines)


ENCODINGS = ("UTF-8", "UTF-16", "Windows-1251")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _decode(data: bytes) -> str:
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
