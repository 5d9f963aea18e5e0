"""The district's summary for the maslikhat: its offices' fines, property, meetings and sync
state for a year, as the web view shows them, on landscape A4."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from akimdesk.reports.base import build_story, gap, grid, p, register_fonts

WIDTH = 267 * mm  # landscape A4 less the margins
FIRST = 62 * mm  # the office or category column


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list[str]]  # already formatted in the document's language
    right: list[int]  # columns of numbers


def summary(heading: str, title: str, subtitle: str, sections: list[Section], lang: str) -> bytes:
    register_fonts()  # before the first Paragraph: its style names the bundled font
    story: list[Flowable] = [
        p(heading, "office"),
        gap(3),
        p(title, "title"),
        p(subtitle, "subtitle"),
    ]
    for section in sections:
        n = len(section.header)
        rest = (WIDTH - FIRST) / max(1, n - 1)
        story += [CondPageBreak(40 * mm), p(section.title, "label"), gap(1)]
        story += grid(section.header, section.rows, [FIRST, *[rest] * (n - 1)],
                      right=section.right, size=7)  # fmt: skip
        story.append(gap(5))
    return build_story(story, lang, title, wide=True)
