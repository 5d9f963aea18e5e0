"""A workbook's cell values read straight from its XML, as openpyxl's read-only mode with
`values_only` gives them, in a quarter of its time.

openpyxl reads a sheet cell by cell in Python objects, and a sheet saved without its size (as
openpyxl's own write-only mode and some accounting programs save them) twice over: an import of
10,000 rows spent as long reading the file as checking and storing it. This reader walks the
sheet's XML once and builds a row's values directly; the rules of what a cell holds (shared and
inline strings, numbers, dates by their number format and the workbook's calendar, booleans,
errors, a formula's last value) are openpyxl's own, and `tests/test_journal_xlsx.py` compares
the two on every kind of cell. Anything this reader does not know (a strict-OOXML workbook, a
damaged part) raises `Unreadable`, and the caller reads the file with openpyxl instead.
"""

from __future__ import annotations

import posixpath
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError, fromstring, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from openpyxl.utils.datetime import from_ISO8601 as from_iso

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
ROW, CELL, VALUE, INLINE, TEXT, RUN = (MAIN + t for t in ("row", "c", "v", "is", "t", "r"))


class Unreadable(Exception):
    """This reader does not know the file; openpyxl may."""


class Workbook:
    """The sheets of an .xlsx file, their names and their rows of values."""

    def __init__(self, path: str | Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise Unreadable(str(exc)) from exc
        try:
            self._open()
        except (KeyError, ValueError, IndexError, ParseError, zipfile.BadZipFile) as exc:
            self._zip.close()
            raise Unreadable(str(exc)) from exc
        except Unreadable:
            self._zip.close()
            raise

    def _open(self) -> None:
        book = _part(self._zip, "xl/workbook.xml", _office_document(self._zip))
        root = fromstring(self._zip.read(book))
        if root.tag != MAIN + "workbook":
            raise Unreadable(root.tag)  # strict OOXML, or not a workbook
        rels = _relations(self._zip, book)
        props = root.find(MAIN + "workbookPr")
        date1904 = props is not None and props.get("date1904", "").lower() in ("1", "true")
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        # Worksheets and chart sheets, in the workbook's order, as openpyxl lists them.
        self._sheets: list[tuple[str, str | None]] = []
        for sheet in root.iter(MAIN + "sheet"):
            rid = sheet.get(REL + "id")
            if not rid or rid not in rels:
                continue
            kind, target = rels[rid]
            if kind.endswith("/worksheet"):
                self._sheets.append((sheet.get("name", ""), target))
            elif kind.endswith("/chartsheet"):
                self._sheets.append((sheet.get("name", ""), None))
        view = next((v for v in root.iter(MAIN + "workbookView")
                     if v.get("activeTab") is not None), None)  # fmt: skip
        self._active = int(view.get("activeTab", "0")) if view is not None else 0
        by_kind = {kind.rsplit("/", 1)[-1]: target for kind, target in rels.values()}
        self._strings = _strings(self._zip, by_kind.get("sharedStrings"))
        self._dates, self._spans = _date_styles(self._zip, by_kind.get("styles"))
        self._days: dict[tuple[float, bool], Any] = {}

    @property
    def sheetnames(self) -> list[str]:
        return [name for name, _ in self._sheets]

    @property
    def active(self) -> str | None:
        return self._sheets[self._active][0] if 0 <= self._active < len(self._sheets) else None

    def rows(self, name: str) -> Iterator[tuple[Any, ...]]:
        """The sheet's rows from the first, a missing row as (), each as wide as its last cell."""
        target = dict(self._sheets)[name]
        if target is None:
            return
        try:
            with self._zip.open(target) as src:
                yield from self._parse(src)
        except (KeyError, ValueError, IndexError, ParseError, zipfile.BadZipFile) as exc:
            raise Unreadable(str(exc)) from exc

    def _parse(self, src: IO[bytes]) -> Iterator[tuple[Any, ...]]:
        counter = 1  # the next row to give
        number = 0  # the row just read (a row without "r" follows the one before)
        for _event, element in iterparse(src):
            if element.tag != ROW:
                continue
            r = element.get("r")
            number = _row_number(r) if r else number + 1
            while counter < number:  # rows the file leaves out
                counter += 1
                yield ()
            if counter == number:
                counter += 1
                yield self._row(element)
            element.clear()

    def _row(self, row: Element) -> tuple[Any, ...]:
        """As wide as its last cell (openpyxl's rule); a later cell of a column wins."""
        values: list[Any] = []
        column = 0
        for cell in row:
            ref = cell.get("r")
            column = _column(ref) if ref else column + 1
            value = self._value(cell, ref)
            if column > len(values):
                values.extend([None] * (column - 1 - len(values)))
                values.append(value)
            elif column >= 1:
                values[column - 1] = value
        return tuple(values[:column]) if len(values) > column else tuple(values)

    def _value(self, cell: Element, ref: str | None) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(INLINE)
            return None if inline is None else _text(inline)
        value = cell.findtext(VALUE) or None
        if value is None:
            return None
        if kind == "n":
            number: int | float = (
                float(value) if "." in value or "E" in value or "e" in value else int(value)
            )
            style = int(cell.get("s") or 0)
            if style in self._dates:
                return self._date(number, style in self._spans, ref)
            return number
        if kind == "s":
            return self._strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_iso(value)
        return value  # "str" (a formula's text), "e" (an error such as #N/A)

    def _date(self, number: float, span: bool, ref: str | None) -> Any:
        # A journal has few distinct days: each is worked out once.
        key = (number, span)
        if key not in self._days:
            try:
                self._days[key] = from_excel(number, self.epoch, timedelta=span)
            except (OverflowError, ValueError):
                warnings.warn(f"{ref}: a date out of range", stacklevel=2)
                return "#VALUE!"  # as openpyxl reads it
        return self._days[key]

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _office_document(z: zipfile.ZipFile) -> str | None:
    try:
        root = fromstring(z.read("_rels/.rels"))
    except KeyError:
        return None
    for rel in root.iter(PKG + "Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return None


def _part(z: zipfile.ZipFile, default: str, found: str | None) -> str:
    return found if found and found in z.namelist() else default


def _relations(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """id → (type, the part's path in the archive) of a part's relationships."""
    folder, name = posixpath.split(part)
    try:
        root = fromstring(z.read(posixpath.join(folder, "_rels", name + ".rels")))
    except KeyError:
        return {}
    out = {}
    for rel in root.iter(PKG + "Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(path))
    return out


def _text(node: Element) -> str:
    """A string item's text without its formatting: the plain text, then every run's (the
    phonetic guide of East Asian text is left out), as openpyxl's `Text.content`."""
    if len(node) == 1 and node[0].tag == TEXT:  # plain text, by far the most
        return node[0].text or ""
    parts = [t.text or "" for t in node.findall(TEXT)]
    parts += [t.text or "" for run in node.findall(RUN) for t in run.findall(TEXT)]
    return "".join(parts)


def _strings(z: zipfile.ZipFile, part: str | None) -> list[str]:
    if part is None or part not in z.namelist():
        return []
    out = []
    with z.open(part) as src:
        for _event, node in iterparse(src):
            if node.tag == MAIN + "si":
                out.append(_text(node).replace("x005F_", ""))  # as openpyxl
                node.clear()
    return out


def _date_styles(z: zipfile.ZipFile, part: str | None) -> tuple[set[int], set[int]]:
    """The cell styles whose number format shows a date or time, and those showing a duration."""
    if part is None or part not in z.namelist():
        return set(), set()
    root = fromstring(z.read(part))
    custom = {int(f.get("numFmtId", "-1")): f.get("formatCode", "")
              for f in root.iter(MAIN + "numFmt")}  # fmt: skip
    dates, spans = set(), set()
    xfs = root.find(MAIN + "cellXfs")
    for index, xf in enumerate(() if xfs is None else xfs.findall(MAIN + "xf")):
        fid = int(xf.get("numFmtId", "0"))
        code = custom[fid] if fid in custom else BUILTIN_FORMATS.get(fid)
        if is_date_format(code):
            dates.add(index)
        if is_timedelta_format(code):
            spans.add(index)
    return dates, spans


def _row_number(r: str) -> int:
    value = float(r)
    if not value.is_integer():
        raise ValueError(f"{r} is not a row number")
    return int(value)


def _column(ref: str) -> int:
    letters = ref.rstrip("0123456789")
    if letters not in _COLUMNS:
        _COLUMNS[letters] = _letters(letters)
    return _COLUMNS[letters]


_COLUMNS: dict[str, int] = {}


def _letters(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
    return n
