"""A long register's table (thousands of rows) laid out and drawn by itself, looking as `grid`
draws it: the same columns, grey header and 0.3 pt rules.

A reportlab Table spends most of a 20,000-asset register's printing on each cell's own state,
text object and string drawing (≈ 200,000 cells). Here a row's height is known from its
cells' lines once, a page's rows are found from running sums, and a page's cells go into one
text object and its rules into one path.

No value stops the printout or is cut: a text wider than its column wraps between words (a
word longer than the column is broken into pieces); a number that does not fit is set smaller
(it is never broken inside, "14 547 576 000, / 00 ₸"); a row taller than a page goes on over
the next pages. The header row repeats at the top of every page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from akimdesk.reports.base import FONT, PAD, STYLES, fit_header

PAD_V = 1.5  # top and bottom padding of a cell, as `grid` sets them
# A row of one-line cells is as tall as reportlab made it: its default cell leading (12 pt, the
# font size does not change it) and the two paddings.
ROW = 12 + 2 * PAD_V
SMALLEST = 5.0  # a number is set down to this size before it wraps
RULE = colors.grey
HEAD_BACKGROUND = colors.HexColor("#e8e8e8")
_SPACES = re.compile(r"[ \t\r\f\v]+")  # not the no-break space inside "1 234,00 ₸"


def wrap_text(text: str, font: str, size: float, width: float) -> list[str]:
    """The lines of `text` at most `width` wide: broken between words, at its own line ends,
    and inside a word only where the word alone is wider than `width`."""
    measure = pdfmetrics.getFont(font).stringWidth
    space = measure(" ", size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in _SPACES.split(paragraph.strip()):
            w = measure(word, size)
            if line and used + space + w <= width:
                line, used = f"{line} {word}", used + space + w
                continue
            if line:
                lines.append(line)
            if w > width:  # a word wider than the column: as many letters as fit on each line
                *whole, word = _pieces(word, measure, size, width)
                lines += whole
                w = measure(word, size)
            line, used = word, w
        lines.append(line)
    return lines


def _pieces(word: str, measure: Any, size: float, width: float) -> list[str]:
    """A word wider than `width` in pieces that fit: cut after its last hyphen that fits
    ("Береке-Агро-Сервис-" / "Холдинг»"), else after as many letters as fit."""
    out, start = [], 0
    while measure(word[start:], size) > width:
        end = start + 1  # at least one letter a line, whatever the width
        while end < len(word) and measure(word[start : end + 1], size) <= width:
            end += 1
        hyphen = word.rfind("-", start + 1, end)
        cut = hyphen + 1 if hyphen > start else end
        out.append(word[start:cut])
        start = cut
    if start < len(word) or not out:  # a letter wider than the column ends the word already
        out.append(word[start:])
    return out


class _Header:
    """The header's titles: one row, or with `groups` a row of group titles over their columns'
    own titles, and the other columns' titles standing over both rows (the inventory form's)."""

    def __init__(self, titles: Sequence[str], widths: Sequence[float], style: ParagraphStyle,
                 groups: Sequence[tuple[str, int, int]]) -> None:  # fmt: skip
        def lines(text: str, first: int, last: int) -> list[str]:
            room = sum(widths[first : last + 1]) - 2 * PAD
            return wrap_text(text, style.fontName, style.fontSize, room)

        def height(cells: list[list[str]]) -> float:
            return max((len(x) for x in cells), default=0) * style.leading + 2 * PAD_V

        self.style = style
        # (first column, last column, from the header's top, lines)
        self.cells: list[tuple[int, int, float, list[str]]] = []
        self.rules: list[tuple[int, int, float]] = []  # under the group titles
        self.starts = [0.0] * (len(widths) + 1)  # below the top, where a column's left rule begins
        grouped = {i for _t, a, b in groups for i in range(a, b + 1)}
        own = [lines(t, i, i) for i, t in enumerate(titles)]
        whole = height([x for i, x in enumerate(own) if i not in grouped])
        self.height, top = whole, 0.0
        if groups:  # the two rows share what the titles over both need beyond their own
            top = height([lines(t, a, b) for t, a, b in groups])
            below = height([x for i, x in enumerate(own) if i in grouped])
            top += max(0.0, whole - top - below) / 2
            self.height = max(whole, top + below)
        for title, a, b in groups:
            self.cells.append((a, b, 0.0, lines(title, a, b)))
            self.rules.append((a, b, top))
            self.starts[a + 1 : b + 1] = [top] * (b - a)
        self.cells += [(i, i, top if i in grouped else 0.0, x) for i, x in enumerate(own)]


@dataclass
class _Cell:
    """A cell that is not one line of the grid's font: wrapped lines, or a number set smaller."""

    lines: list[str]
    size: float


class _Layout:
    """What every page of one grid shares: the header's lines, each row's cells and heights and
    their running sums (so a page's rows are found without measuring the rows before it)."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[Any]],
                 widths: Sequence[float], right: Sequence[int], size: float, head: str,
                 groups: Sequence[tuple[str, int, int]]) -> None:  # fmt: skip
        self.widths = fit_header(header, list(widths), head)
        self.width = sum(self.widths)
        self.right = frozenset(right)
        self.size = size
        self.leading = size * 1.2  # what `grid`'s wrapped cells have
        self.header = _Header(header, self.widths, STYLES[head], groups)
        self.header_height = self.header.height
        measure = pdfmetrics.getFont(FONT).stringWidth
        # A one-line text may use one side's padding but never reach the rule (as in `grid`).
        limits = [w - PAD - 2 for w in self.widths]
        self.rows: list[list[str | _Cell]] = []
        heights: list[float] = []
        for row in rows:
            cells: list[str | _Cell] = []
            lines = 1
            for i, value in enumerate(row):
                text = "" if value is None else str(value)
                if "\n" not in text and measure(text, size) <= limits[i]:
                    cells.append(text)
                    continue
                cell = self._fit(text, i, measure(text, size), limits[i])
                cells.append(cell)
                lines = max(lines, len(cell.lines))
            self.rows.append(cells)
            heights.append(ROW if lines == 1 else max(ROW, lines * self.leading + 2 * PAD_V))
        self.heights = heights
        self.tops = [0.0, *accumulate(heights)]  # tops[i]: the rows before row i

    def _fit(self, text: str, i: int, width: float, limit: float) -> _Cell:
        if i in self.right and "\n" not in text and width * SMALLEST / self.size <= limit:
            return _Cell([text], self.size * limit / width)
        return _Cell(wrap_text(text, FONT, self.size, self.widths[i] - 2 * PAD), self.size)

    def lines(self, r: int) -> int:
        return max((len(c.lines) for c in self.rows[r] if isinstance(c, _Cell)), default=1)

    def height(self, r: int, first: int = 0, stop: int | None = None) -> float:
        """Row r's height showing its lines first..stop (a row split across pages)."""
        if first == 0 and stop is None:
            return self.heights[r]
        shown = min(self.lines(r), stop if stop is not None else 1 << 30) - first
        body = shown * self.leading + 2 * PAD_V
        return max(ROW, body) if first == 0 else body


# A place in a grid: (row, line). A part of the grid runs from one place up to another, the rows
# before the stop's row whole and, when the stop's line is not 0, that many lines of its row.
Place = tuple[int, int]


class LongGrid(Flowable):
    """A grid of plain-text rows under a header repeated on every page, optionally under a
    heading (a category's name) kept on the page of its first rows. `groups`: (title, first
    column, last column) headings above the header, as `grid` takes them. `totals`: how many
    last rows are sums; they never begin a page without the row before them (a category's sum
    alone at the top of a page, under no name, was found on a register)."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[Any]],
                 widths: Sequence[float], right: Sequence[int] = (), size: float = 7,
                 head: str = "head", heading: Flowable | None = None,
                 groups: Sequence[tuple[str, int, int]] = (), totals: int = 0) -> None:  # fmt: skip
        super().__init__()
        self._args = (header, rows, widths, right, size, head, groups)
        self.totals = totals
        self._layout: _Layout | None = None
        self.heading = heading
        self.start: Place = (0, 0)
        self.stop: Place = (len(rows), 0)
        self.width = self.height = 0.0
        self._heading_height = 0.0

    @property
    def layout(self) -> _Layout:
        if self._layout is None:  # measured when first laid out, not when the story is made
            self._layout = _Layout(*self._args)
        return self._layout

    def _part(self, start: Place, stop: Place, heading: Flowable | None) -> LongGrid:
        part = LongGrid.__new__(LongGrid)
        Flowable.__init__(part)
        part._args, part._layout, part.totals = self._args, self.layout, self.totals
        part.heading = heading
        part.start, part.stop = start, stop
        part.width = part.height = part._heading_height = 0.0
        return part

    def _rows_height(self, start: Place, stop: Place) -> float:
        (r0, l0), (r1, l1) = start, stop
        lay = self.layout
        if r0 == r1:
            return lay.height(r0, l0, l1) if l1 > l0 else 0.0
        h = lay.height(r0, l0) + lay.tops[r1] - lay.tops[r0 + 1]
        return h + (lay.height(r1, 0, l1) if l1 else 0.0)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        lay = self.layout
        self._heading_height = self.heading.wrap(aW, aH)[1] if self.heading else 0.0
        self.width = aW  # the rules centred in it, as a Table is (overhanging if wider)
        self.height = (self._heading_height + lay.header_height
                       + self._rows_height(self.start, self.stop))  # fmt: skip
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:
        lay = self.layout
        self.wrap(aW, aH)
        room = aH - self._heading_height - lay.header_height
        # A row that fits on a page of its own goes to the next page whole; a taller one starts
        # here with the lines that fit and goes on over the next pages.
        frame = getattr(self, "_frame", None)
        full = frame._aH if frame is not None else aH  # an empty page's room
        page = full - self._heading_height - lay.header_height
        place, end = self.start, self.stop
        while place < end:
            r, line = place
            stop = end[1] if r == end[0] else None
            h = lay.height(r, line, stop)
            if h <= room + 1e-6:
                room -= h
                place = (r + 1, 0) if stop is None else end
                continue
            if h <= page and place != self.start:
                break  # the next page takes the row whole
            if h <= page and line == 0:
                return []  # not even one row here: all of it on the next page
            take = int((room - 2 * PAD_V) // lay.leading)
            if line == 0 and take * lay.leading + 2 * PAD_V < ROW:
                take = 0
            if take > 0:
                place = (r, line + take)
            break
        first_total = len(lay.rows) - self.totals
        if self.totals and place[1] == 0 and first_total <= place[0] < len(lay.rows):
            before = (first_total - 1, 0)  # the last row of the body goes over with the sums
            if before > self.start:
                place = before
            elif aH < full - 1e-6:
                return []  # all of it on the next page, which is not this empty one
        if place == self.start:
            return []
        return [self._part(self.start, place, self.heading), self._part(place, self.stop, None)]

    def draw(self) -> None:
        lay, canv = self.layout, self.canv
        x0 = (self.width - lay.width) / 2
        top = self.height
        if self.heading is not None:
            self.heading.drawOn(canv, 0, top - self._heading_height)
            top -= self._heading_height
        xs = [x0, *(x0 + x for x in accumulate(lay.widths))]
        head = lay.header
        hs = head.style
        canv.setFillColor(HEAD_BACKGROUND)
        canv.rect(x0, top - head.height, lay.width, head.height, stroke=0, fill=1)
        canv.setFillColor(colors.black)
        tx = canv.beginText()
        tx.setFont(hs.fontName, hs.fontSize, hs.leading)
        for first, _last, below, lines in head.cells:
            y = top - below - PAD_V - hs.fontSize
            for text in lines:
                tx.setTextOrigin(xs[first] + PAD, y)
                tx._textOut(text)  # textOut would measure it again
                y -= hs.leading
        rules = [top, top - head.height]
        y_row = rules[-1]
        size, leading = lay.size, lay.leading
        tx.setFont(FONT, size, leading)
        measure = pdfmetrics.getFont(FONT).stringWidth
        right = lay.right
        (r0, l0), (r1, l1) = self.start, self.stop
        for r in range(r0, r1 + 1 if l1 else r1):
            first = l0 if r == r0 else 0
            stop = l1 if r == r1 else None
            base = y_row - PAD_V - size
            for i, cell in enumerate(lay.rows[r]):
                if isinstance(cell, str):
                    if first or not cell:
                        continue
                    x = xs[i + 1] - PAD - measure(cell, size) if i in right else xs[i] + PAD
                    tx.setTextOrigin(x, base)
                    tx._textOut(cell)
                    continue
                if cell.size != size:
                    tx.setFont(FONT, cell.size, leading)
                y = base
                for text in cell.lines[first:stop]:
                    w = measure(text, cell.size)
                    tx.setTextOrigin(xs[i + 1] - PAD - w if i in right else xs[i] + PAD, y)
                    tx._textOut(text)
                    y -= leading
                if cell.size != size:
                    tx.setFont(FONT, size, leading)
            y_row -= lay.height(r, first, stop)
            rules.append(y_row)
        canv.drawText(tx)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.3)
        bottom = rules[-1]
        across = [(x0, y, x0 + lay.width, y) for y in rules]
        across += [(xs[a], top - y, xs[b + 1], top - y) for a, b, y in head.rules]
        down = [(x, top - y, x, bottom) for x, y in zip(xs, head.starts, strict=True)]
        canv.lines(across + down)
