"""The district's summary for the maslikhat: its offices' fines, property, meetings and sync
state for a year, as the web view shows them, on landscape A4."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable

from akimdesk.reports.base import FONT, FONT_BOLD, build_story, gap, grid, p

WIDTH = 267 * mm  # landscape A4 less the margins
MIN_FIRST = 45 * mm  # the office or category names


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list[str]]  # already formatted in the document's language
    right: list[int]  # columns of numbers


def widths(section: Section) -> tuple[list[float], str]:
    """Each column as wide as its longest header word and its widest value, so headers wrap
    between words, never inside one; the first column (names) takes what is left. A table too
    wide for that gets smaller headers."""

    def need_at(size: float) -> list[float]:
        out = []
        for i, head in enumerate(section.header[1:], start=1):
            words = max((stringWidth(w, FONT_BOLD, size) for w in head.split()), default=0)
            values = max((stringWidth(r[i], FONT, 7) for r in section.rows), default=0)
            out.append(max(words, values) + 16)  # the cell pads 6 pt each side
        return out

    style, need = "head", need_at(8)
    if WIDTH - sum(need) < MIN_FIRST:
        style, need = "head_small", need_at(6.5)
    first = max(WIDTH - sum(need), MIN_FIRST)
    scale = min(1.0, (WIDTH - first) / sum(need)) if need else 1.0
    return [first, *(w * scale for w in need)], style


def summary(heading: str, title: str, subtitle: str, sections: list[Section], lang: str) -> bytes:
    story: list[Flowable] = [
        p(heading, "office"),
        gap(3),
        p(title, "title"),
        p(subtitle, "subtitle"),
    ]
    for section in sections:
        story += [CondPageBreak(40 * mm), p(section.title, "label"), gap(1)]
        cols, head = widths(section)
        story += grid(section.header, section.rows, cols, right=section.right, size=7, head=head)
        story.append(gap(5))
    return build_story(story, lang, title, wide=True)
