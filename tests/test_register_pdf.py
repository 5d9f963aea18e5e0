"""The register of property by category (issue #25: drawn by its own grid, `reports.longgrid`),
read back with pdftotext page by page as the official who signs it reads it: the header on
every page, a category going on over a page break, a 5,000-character name whole, and subtotals
and the total that add up."""

from __future__ import annotations

import re
import subprocess
import uuid
from datetime import date

import pytest
from reportlab.lib.units import mm

from akimdesk.i18n import translator
from akimdesk.reports.base import build_story
from akimdesk.reports.bilingual import Bi
from akimdesk.reports.longgrid import LongGrid
from akimdesk.reports.property import render_register
from akimdesk.reports.property_data import OfficeDoc, RegisterDoc
from akimdesk.services.property.queries import AssetRow
from tests.pdf import need_poppler, pdf_text

ON = date(2026, 11, 23)
TITLE = "Register of communal property by category"
OFFICE = OfficeDoc(Bi("Ақсу ауылдық округі әкімінің аппараты",
                      "Аппарат акима Аксуского сельского округа"))  # fmt: skip
ROADS = ("road", "Жолдар", "Дороги")
CULTURE = ("culture", "Мәдениет нысандары", "Объекты культуры")
# 5,000 characters of numbered words: each must be on paper once, in its order.
LONG = " ".join(f"үй{i:03d}" for i in range(1, 834))
WORD = "Ұзынсөз" * 300  # one word of 2,100 characters: broken into pieces, none lost
MONEY = re.compile(r"\d{1,3}(?: \d{3})*,\d{2} ₸")
ROW = re.compile(r"\s*(\d+)\s+(\d{6})\s")


def _row(n: int, category: tuple[str, str, str], name: str, book: int, residual: int) -> AssetRow:
    code, kk, ru = category
    title = ("none", "registered", "in_progress")[n % 3]
    return AssetRow(uuid.uuid4(), f"{n:06d}", name, name, code, kk, ru, "Ақсу", "Аксу", "",
                    float(n), "m2", 1990, date(2020, 1, 1), "good", title, "in_use", book,
                    residual)  # fmt: skip


def _doc() -> RegisterDoc:
    # Roads first (the Kazakh names' order): 70 rows over three pages, values near a billion
    # tenge so that the category's sums are wider than their columns.
    rows = [_row(n, ROADS, f"Абай көшесінің жолы {n}", 98_765_432_100 + n * 1_003,
                 41_234_567_800 - n * 997) for n in range(1, 71)]  # fmt: skip
    rows += [_row(n, CULTURE, f"Мәдениет үйі {n}", 6_000_000_00 + n * 17, 2_500_000_00 + n)
             for n in range(71, 91)]  # fmt: skip
    rows.insert(75, _row(91, CULTURE, LONG, 1_000_00, 1_00))
    rows.insert(80, _row(92, CULTURE, WORD, 2_000_00, 0))
    return RegisterDoc(OFFICE, ON, rows)


def _pages(tmp_path, lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    path = tmp_path / f"register-{lang}.pdf"
    path.write_bytes(render_register(_doc(), TITLE, lang))
    need_poppler()
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    return [page for page in text.split("\f") if page.strip()]


def _tiyn(money: str) -> int:
    return int(money.replace(" ", "").replace(",", "").removesuffix("₸"))


@pytest.fixture(scope="module", params=["kk", "ru"])
def printed(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    lang = request.param
    return lang, _pages(tmp_path_factory.mktemp(lang), lang)


def test_the_header_is_on_every_page(printed):
    lang, pages = printed
    t = translator(lang)
    assert len(pages) >= 6
    for number, page in enumerate(pages, start=1):
        for title in (t("Inventory number").split()[0], t("Book value").split()[0],
                      t("Residual value").split()[0]):  # fmt: skip
            assert title in page, f"page {number} has no header «{title}»"


def test_a_category_goes_on_over_a_page_break(printed):
    """The roads' 70 rows fill more than two pages: each page goes on from the row after the
    last one of the page before, under the header and without the category's name again, and
    no row is printed twice or lost."""
    lang, pages = printed
    heading = ROADS[1] if lang == "kk" else ROADS[2]
    numbers = [[int(m.group(1)) for line in page.splitlines() if (m := ROW.match(line))]
               for page in pages]  # fmt: skip
    assert numbers[0][0] == 1 and numbers[1][0] == numbers[0][-1] + 1
    assert numbers[2][0] == numbers[1][-1] + 1 and numbers[2][-1] > 70  # roads end on page 3
    assert [n for page in numbers for n in page] == list(range(1, 93))
    assert pages[0].count(heading) == 1 and heading not in pages[1]


def test_a_5000_character_name_wraps_in_its_column_and_is_printed_whole(printed):
    _lang, pages = printed
    text = "\f".join(pages)
    words = re.findall(r"үй\d{3}", text)
    assert words == LONG.split()  # every word once, in order, over the pages it takes
    pieces = "".join(re.findall(r"(?<!\S)[Ұзынсө]+(?!\S)", text))
    assert pieces == WORD
    # Wrapped in the name's column: no line of the layout holds more than a column's worth.
    assert max(len(re.findall(r"үй\d{3}", line)) for line in text.splitlines()) <= 40
    assert sum(1 for line in text.splitlines() if "үй" in line) > 100


def test_subtotals_and_the_total_are_the_sums_of_the_rows(printed):
    """Read from the paper: each category's line, and the total at the end, equal the sums of
    the rows above them, column by column (a sum wider than its column is set smaller, never
    broken in two)."""
    lang, pages = printed
    t = translator(lang)
    subtotal = t("Total for the category: {n}").split("{")[0]
    sums, seen, found = [0, 0, 0], 0, []
    for line in "\f".join(pages).splitlines():
        money = [_tiyn(m) for m in MONEY.findall(line)]
        if ROW.match(line):
            assert len(money) == 3, line
            sums = [a + b for a, b in zip(sums, money, strict=True)]
            seen += 1
        elif subtotal in line:
            count = int(line.split(subtotal)[1].split()[0])
            assert (count, money) == (seen, sums), line
            found.append(money)
            sums, seen = [0, 0, 0], 0
    rows = _doc().rows
    book = sum(r.book_value_tiyn for r in rows)
    residual = sum(r.residual_tiyn for r in rows)
    assert len(found) == 2 and [sum(x) for x in zip(*found, strict=True)] == [
        book, book - residual, residual]  # fmt: skip
    last = " ".join(pages[-1].split())
    total = t("Assets: {n}. Book value: {book}. Depreciation: {dep}. Residual value: "
              "{residual}.").split("{n}")[0]  # fmt: skip
    assert total + "92." in last
    assert [_tiyn(m) for m in MONEY.findall(last.split(total)[1])] == [
        book, book - residual, residual]  # fmt: skip


def test_a_grouped_header_is_on_every_page_too(tmp_path):
    """The inventory list's header: group titles over their columns' own titles."""
    head = ["№", "Атауы", "саны", "құны", "саны", "құны"]
    groups = [("Есеп деректері бойынша", 2, 3), ("Іс жүзінде", 4, 5)]
    rows = [[str(n), f"Нысан {n}", "1", "100,00 ₸", "1", "100,00 ₸"] for n in range(1, 151)]
    widths = [w * mm for w in (12, 60, 16, 30, 16, 30)]
    path = tmp_path / "grouped.pdf"
    table = LongGrid(head, rows, widths, right=(2, 3, 4, 5), head="head_small", groups=groups)
    path.write_bytes(build_story([table], "kk", "grid"))
    pages = [page for page in pdf_text(path).split("\f") if page.strip()]
    assert len(pages) >= 3
    for page in pages:
        assert "Есеп деректері бойынша" in page and "Іс жүзінде" in page
        assert page.count("құны") == 2 and "Атауы" in page
    numbers = [int(m.group(1)) for line in "".join(pages).splitlines()
               if (m := re.match(r"\s*(\d+)\s+Нысан", line))]  # fmt: skip
    assert numbers == list(range(1, 151))


def test_a_category_sum_never_begins_a_page_alone(tmp_path):
    """Whatever the number of rows, the category's sum goes over a page break with the row
    before it: never alone at the top of a page, under no category's name (found by the
    official's reading of a register of 317 assets)."""
    need_poppler()
    t = translator("kk")
    total = t("Total for the category: {n}").split("{")[0].strip()
    orphans = []
    for n in range(30, 110):
        rows = [_row(k, ROADS, f"Абай көшесінің жолы {k}", 1_000_00 * k, 500_00 * k)
                for k in range(1, n + 1)]  # fmt: skip
        path = tmp_path / f"r{n}.pdf"
        path.write_bytes(render_register(RegisterDoc(OFFICE, ON, rows), TITLE, "kk"))
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        for page in text.split("\f"):
            lines = page.splitlines()
            at = next((i for i, line in enumerate(lines) if total in line), None)
            if at is not None and not any(ROW.match(line) for line in lines[:at]):
                orphans.append(n)
    assert orphans == []


def test_a_word_wider_than_its_column_breaks_after_a_hyphen_that_fits():
    from reportlab.pdfbase import pdfmetrics

    from akimdesk.reports.base import FONT, register_fonts
    from akimdesk.reports.longgrid import wrap_text

    register_fonts()
    width = pdfmetrics.stringWidth("«Береке-Агро-Сервис-Хол", FONT, 7)
    lines = wrap_text("ТОО «Береке-Агро-Сервис-Холдинг» жауапкершілігі", FONT, 7, width)
    assert lines == ["ТОО", "«Береке-Агро-Сервис-", "Холдинг» жауапкершілігі"]
    # No letter lost, none made up, whatever the width.
    for word in ("---", "Ұзынсөз" * 40, "а-б-в-г-д-е"):
        for w in (1.0, 10.0, 40.0):
            assert "".join(wrap_text(word, FONT, 7, w)) == word
