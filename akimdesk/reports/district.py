"""The district's summary for the maslikhat: its offices' fines, property, meetings and sync
state for a year, as the web view shows them, on landscape A4."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from akimdesk.reports.base import build_story, column_widths, gap, grid, p

WIDTH = 267 * mm  # landscape A4 less the margins
MIN_FIRST = 45 * mm  # the office or category names


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list[str]]  # already formatted in the document's language
    right: list[int]  # columns of numbers


def widths(section: Section) -> tuple[list[float], str]:
    """Columns as wide as their header words and values; the first (names) takes the rest."""
    return column_widths(section.header, section.rows, WIDTH, flex=0, min_flex=MIN_FIRST)


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
