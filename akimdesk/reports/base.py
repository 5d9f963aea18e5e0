"""Shared page furniture: fonts, styles, the office header, key-value blocks, signature lines."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    LayoutError,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from akimdesk import __version__
from akimdesk.i18n import Msg, msg, translator
from akimdesk.paths import asset_path

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    pdfmetrics.registerFont(TTFont(FONT, str(asset_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(asset_path("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )
    _registered = True


def _style(name: str, size: float = 10, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=kw.pop("font", FONT), fontSize=size, leading=size * 1.3, **kw
    )


STYLES = {
    "body": _style("body"),
    "small": _style("small", 8),
    "office": _style("office", 11, font=FONT_BOLD, alignment=TA_CENTER),
    "title": _style("title", 13, font=FONT_BOLD, alignment=TA_CENTER, spaceBefore=8, spaceAfter=2),
    "subtitle": _style("subtitle", 11, alignment=TA_CENTER, spaceAfter=8),
    "label": _style("label", 9, textColor=colors.HexColor("#333333")),
    "cell": _style("cell", 8),
    "cell_r": _style("cell_r", 8, alignment=TA_RIGHT),
    "head": _style("head", 8, font=FONT_BOLD),
    "head_small": _style("head_small", 6.5, font=FONT_BOLD),
    "right": _style("right", 10, alignment=TA_RIGHT),
}


def esc(text: Any) -> str:
    s = "" if text is None else str(text)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def p(text: Any, style: str = "body") -> Paragraph:
    return p_markup(esc(text), style)


def p_markup(markup: str, style: str = "body") -> Paragraph:
    # A paragraph resolves its style's font when it is made, which may be before any document
    # is built (a fresh server process printing a summary first): the fonts must be there.
    register_fonts()
    return Paragraph(markup, STYLES[style])


def kv_table(
    rows: Sequence[tuple[str, Any]], label_width: float = 58 * mm, width: float = 180 * mm
) -> Table:
    data = [[p(label, "label"), p(value)] for label, value in rows]
    # splitInRow: a value longer than a page (a 2,000-character description) goes on to the
    # next page instead of stopping the whole document.
    t = Table(data, colWidths=[label_width, width - label_width], splitInRow=1)
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("LINEBELOW", (1, 0), (1, -1), 0.3, colors.HexColor("#999999")),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))  # fmt: skip
    return t


def grid(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
         right: Sequence[int] = (), size: float = 7, head: str = "head") -> list[Table]:  # fmt: skip
    """A long table as chunks: plain strings where they fit (fast), wrapped text where not.

    One reportlab Table of 10,000 rows takes seconds to split into pages; chunks of a few
    hundred rows lay out several times faster and repeat the header where a chunk breaks.
    No value stops the printout: a cell wraps (long words too), and a row taller than a page is
    split across pages (splitInRow), the header repeated above its continuation.
    """
    cell = ParagraphStyle("gridcell", fontName=FONT, fontSize=size, leading=size * 1.2)
    cell_r = ParagraphStyle("gridcell_r", parent=cell, alignment=TA_RIGHT)
    limits = [w - 4 for w in widths]

    def fit(i: int, value: Any) -> Any:
        text = "" if value is None else str(value)
        if pdfmetrics.stringWidth(text, FONT, size) <= limits[i]:
            return text
        return Paragraph(esc(text), cell_r if i in right else cell)

    titles = [p(h, head) for h in header]
    body = [[fit(i, v) for i, v in enumerate(row)] for row in rows]
    style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), size),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        *[("ALIGN", (i, 1), (i, -1), "RIGHT") for i in right],
    ])  # fmt: skip
    chunks = [body[i : i + CHUNK] for i in range(0, len(body), CHUNK)] or [[]]
    tables = []
    for chunk in chunks:
        t = Table([titles, *chunk], colWidths=list(widths), repeatRows=1, splitInRow=1)
        t.setStyle(style)
        tables.append(t)
    return tables


CHUNK = 300


def signatures(lines: Sequence[tuple[str, str]], width: float = 180 * mm) -> Table:
    """(role, name) rows with a line to sign on."""
    data = [[p(role, "label"), "", p(name)] for role, name in lines]
    cols = [width * 7 / 18, width * 5 / 18, width * 6 / 18]
    t = Table(data, colWidths=cols, rowHeights=[12 * mm] * len(data))
    t.setStyle(TableStyle([
        ("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # the empty cells too: no unembedded Helvetica
    ]))  # fmt: skip
    return t


def build(
    story_for: Callable[[str, Callable[[str], str]], list[Flowable]],
    lang: str,
    title: str,
    wide: bool = False,
) -> bytes:
    """Builds one PDF; with lang "both" the Kazakh text comes first, then the Russian."""
    register_fonts()
    langs = ["kk", "ru"] if lang == "both" else [lang]
    story: list[Flowable] = []
    for i, code in enumerate(langs):
        if i:
            story.append(PageBreak())
        story.extend(story_for(code, translator(code)))
    return build_story(story, langs[0], title, wide)


def build_story(story: list[Flowable], lang: str, title: str, wide: bool = False) -> bytes:
    """Lays out a prepared story; `lang` is the language of the page footer."""
    register_fonts()
    buf = io.BytesIO()
    size = landscape(A4) if wide else A4
    t = translator(lang)
    footer = t("AkimDesk {version} · page {page}")

    def on_page(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawRightString(
            size[0] - 15 * mm, 8 * mm, footer.format(version=__version__, page=doc.page)
        )
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buf, pagesize=size, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=14 * mm,
        bottomMargin=14 * mm, title=title, author="AkimDesk", creator=f"AkimDesk {__version__}",
        initialFontName=FONT,
    )  # fmt: skip
    try:
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    except LayoutError as exc:  # reportlab's words ("Flowable ... too large") are for us
        raise ReportError(msg(
            "The document does not fit on its pages: a text in it is too long. Shorten the "
            "longest text (a name, an address, a description) and print again."))  from exc  # fmt: skip
    return buf.getvalue()


class ReportError(Exception):
    """Why a document cannot be printed, as a message for the person."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


def header(office: Any, title: str, subtitle: str, lang: str) -> list[Flowable]:
    """The office's name, the document's title and its number or period."""
    return [
        p(office.name_kk if lang == "kk" else office.name_ru, "office"),
        gap(3),
        p(title, "title"),
        p(subtitle, "subtitle"),
    ]


def gap(h: float = 4) -> Spacer:
    return Spacer(1, h * mm)
