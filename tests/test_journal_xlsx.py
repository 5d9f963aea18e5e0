"""The journal's own XLSX reader gives every cell as openpyxl's read-only mode does: each test
writes a workbook and compares the two readers' rows, sheet names and active sheet."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from akimdesk.services.journal import source, xlsx
from tests.support import journals


def openpyxl_read(path: Path) -> tuple[list[str], str | None, dict[str, list[tuple[Any, ...]]]]:
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = {}
        for name in wb.sheetnames:
            ws = wb[name]
            if not hasattr(ws, "reset_dimensions"):
                rows[name] = []  # a chart sheet
                continue
            rows[name] = list(source._rows(ws))
        return list(wb.sheetnames), (wb.active.title if wb.active is not None else None), rows
    finally:
        wb.close()


def own_read(path: Path) -> tuple[list[str], str | None, dict[str, list[tuple[Any, ...]]]]:
    with xlsx.Workbook(path) as book:
        return book.sheetnames, book.active, {n: list(book.rows(n)) for n in book.sheetnames}


def same(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    expected = openpyxl_read(path)
    assert own_read(path) == expected
    return expected[2]


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Журнал"
    ws.append(["Аты-жөні", " бос орын ", "жол\nбөлінді", "x005F_x000D_ мәтін", "", None, "=1+1"])
    ws.append([1, -2, 3.5, 1e-7, 12345678901234, 0, True, False])
    ws.append([date(2025, 3, 12), datetime(2025, 3, 12, 14, 30), time(9, 15), timedelta(days=2)])
    ws["E3"] = 45000
    ws["E3"].number_format = "dd.mm.yyyy"
    ws["F3"] = 45000.5
    ws["F3"].number_format = "[$-F800]dddd, mmmm dd, yyyy"
    ws["G3"] = 0.25
    ws["G3"].number_format = "[h]:mm"
    ws["H3"] = 7
    ws["H3"].number_format = "0.00"
    ws["I3"] = "#N/A"
    ws.cell(row=6, column=3, value="after two empty rows")  # rows 4 and 5 left out
    ws.cell(row=7, column=30, value="far right")
    ws["A8"] = CellRichText("Ахметов ", TextBlock(InlineFont(b=True), "Ерлан"), " ұлы")
    second = wb.create_sheet("Екінші")
    second.append(["екінші парақ"])
    wb.create_sheet("Бос")
    wb.active = 1
    path = tmp_path / "cells.xlsx"
    wb.save(path)
    rows = same(path)
    assert rows["Журнал"][2][4] == datetime(2023, 3, 15)  # really read as a date, not a number
    assert rows["Журнал"][3] == () and rows["Журнал"][6][29] == "far right"
    assert rows["Журнал"][7][0] == "Ахметов Ерлан ұлы"


def test_write_only_workbooks_with_inline_strings_and_no_size(tmp_path: Path) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Экспорт")
    ws.append(["Номер дела", "Дата", "Сумма"])
    for n in range(1, 300):
        ws.append([f"2025-{n:05d}", date(2025, 1, 1) + timedelta(days=n), n * 3932.0])
    ws.append([None, None, "итого"])
    path = tmp_path / "export.xlsx"
    wb.save(path)
    same(path)


def test_the_1904_calendar(tmp_path: Path) -> None:
    wb = Workbook()
    wb.epoch = __import__("openpyxl").utils.datetime.CALENDAR_MAC_1904
    wb.active.append([date(2024, 2, 29), datetime(2001, 5, 12, 8, 0)])
    path = tmp_path / "mac.xlsx"
    wb.save(path)
    rows = same(path)
    assert rows[wb.active.title][0][0] == datetime(2024, 2, 29)


def test_the_offices_journals_read_the_same(tmp_path: Path) -> None:
    for make in (journals.fines_ru, journals.fines_kk, journals.assets_ru):
        same(make(tmp_path / f"{make.__name__}.xlsx"))


SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C9"/>
<sheetData>
<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c><v>12</v></c></row>
<row r="3"><c r="B3" t="str"><f>A1&amp;"!"</f><v>Иванов!</v></c><c r="C3" t="e"><v>#DIV/0!</v></c></row>
<row r="4"><c r="A4" t="d"><v>2025-03-12T10:20:00</v></c><c r="C4" t="b"><v>1</v></c>
<c r="B4"><v>2</v></c></row>
<row r="5"><c r="A5" s="1"><v>45000</v></c><c r="b5" s="2"><v>45001</v></c><c r="C5"><f>1+1</f></c></row>
<row r="5"><c r="A5" t="str"><v>duplicate row number: openpyxl skips it</v></c></row>
<row r="7" spans="1:2" ht="30" customHeight="1"><c r="A7" t="inlineStr"><is><t xml:space="preserve"> с пробелом </t></is></c></row>
<row r="8.0"><c r="A8" t="s"><v>2</v></c></row>
<row r="9"><c r="C9"><v>3</v></c><c r="A9"><v>1</v></c></row>
<row r="10"><c r="B10"><v>1</v></c><c r="B10"><v>2</v></c></row>
</sheetData></worksheet>"""
STRINGS = """<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
<si><t>Иванов</t></si>
<si><r><rPr><b/></rPr><t>Қай</t></r><r><t xml:space="preserve">рат </t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>
<si><t/></si>
</sst>"""
STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="170" formatCode="dd/mm/yy;@"/></numFmts>
<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="170"/></cellXfs>
</styleSheet>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<bookViews><workbookView/></bookViews>
<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""


def handmade(path: Path, sheet: str = SHEET) -> Path:
    """A workbook as other programs write it: no cell or row references in places, formulas
    with their last values, a string's runs and phonetic guide, a row number written twice."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", STRINGS)
        z.writestr("xl/styles.xml", STYLES)
    return path


def test_what_other_programs_write(tmp_path: Path) -> None:
    rows = same(handmade(tmp_path / "other.xlsx"))["Лист1"]
    assert rows[0] == ("Иванов", "Қайрат ", 12)
    assert rows[2] == (None, "Иванов!", "#DIV/0!")
    assert rows[4][:2] == (datetime(2023, 3, 15), datetime(2023, 3, 16))
    assert rows[8] == (1,) and rows[9] == (None, 2)  # as wide as the last cell; the later wins


def test_a_file_the_reader_does_not_know_is_read_by_openpyxl(tmp_path: Path) -> None:
    """A damaged sheet part: the fast reader gives up, and the import says what openpyxl says."""
    path = handmade(tmp_path / "broken.xlsx", SHEET.replace("</sheetData>", ""))
    with pytest.raises(xlsx.Unreadable):
        own_read(path)
    with pytest.raises(source.FileError):
        source.read(path, None, lambda rows: 1)


def test_a_workbook_without_sheets_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    handmade(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/workbook.xml"] = WORKBOOK.replace(
        '<sheet name="Лист1" sheetId="1" r:id="rId1"/>', ""
    ).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(source.FileError) as caught:
        source.read(path, None, lambda rows: 1)
    assert "no sheets" in str(caught.value.message)
