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
    "compact": _style("compact", 9),
    "label_compact": _style("label_compact", 8, textColor=colors.HexColor("#333333")),
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
    rows: Sequence[tuple[str, Any]],
    label_width: float = 58 * mm,
    width: float = 180 * mm,
    style: str = "body",
) -> Table:
    """Labelled values; `style` "compact" for a form that must keep to one page."""
    label = "label_compact" if style == "compact" else "label"
    data = [[p(name, label), value if isinstance(value, Flowable) else p(value, style)]
            for name, value in rows]  # fmt: skip
    # A narrow column (minutes side by side) must still hold each word of its labels whole.
    label_width = min(max(label_width, widest_word([r[0] for r in rows], label)), width / 2)
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


def grid(
    header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
    right: Sequence[int] = (), size: float = 7, head: str = "head",
) -> list[Table]:  # fmt: skip
    """A long table as chunks: plain strings where they fit (fast), wrapped text where not.

    One reportlab Table of 10,000 rows takes seconds to split into pages; chunks of a few
    hundred rows lay out several times faster and repeat the header where a chunk breaks.
    No value stops the printout: a cell wraps (long words too), and a row taller than a page is
    split across pages (splitInRow), the header repeated above its continuation.
    A register of thousands of rows is faster still with `longgrid.LongGrid` (plain text only;
    it also takes headings over groups of columns).
    """
    cell = ParagraphStyle("gridcell", fontName=FONT, fontSize=size, leading=size * 1.2)
    cell_r = ParagraphStyle("gridcell_r", parent=cell, alignment=TA_RIGHT)
    widths = fit_header(header, list(widths), head)
    # A string may use one side's padding but never reach the grid line (a Paragraph, which wraps,
    # is many times slower to lay out than a string, so only what does not fit is one).
    limits = [w - PAD - 2 for w in widths]

    def fit(i: int, value: Any) -> Any:
        text = "" if value is None else str(value)
        if pdfmetrics.stringWidth(text, FONT, size) <= limits[i]:
            return text
        return Paragraph(esc(text), cell_r if i in right else cell)

    titles = [p(h, head) for h in header]
    style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), size),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        *[("ALIGN", (i, 1), (i, -1), "RIGHT") for i in right],
    ])  # fmt: skip

    def table(chunk: Sequence[Sequence[Any]]) -> Table:
        body = [[fit(i, v) for i, v in enumerate(row)] for row in chunk]
        t = Table([titles, *body], colWidths=list(widths), repeatRows=1, splitInRow=1)
        t.setStyle(style)
        return t

    chunks = [rows[i : i + CHUNK] for i in range(0, len(rows), CHUNK)] or [[]]
    return [_Chunk(lambda chunk=chunk: table(chunk)) for chunk in chunks]  # type: ignore[misc]


CHUNK = 300


class _Chunk(Flowable):
    """A chunk of a grid made into a reportlab Table only when it is laid out, and let go once
    it is drawn: a 20,000-asset register held all its Tables at once, with a style object
    for every cell (most of the 336 MB its printing took)."""

    def __init__(self, make: Callable[[], Table]) -> None:
        super().__init__()
        self._make = make
        self._styles: list[TableStyle] = []
        self._table: Table | None = None

    @property
    def table(self) -> Table:
        if self._table is None:
            self._table = self._make()
            for style in self._styles:
                self._table.setStyle(style)
        return self._table

    def setStyle(self, style: TableStyle) -> None:
        """Styles added by a report (a sheet's taller rows), applied when the table is made."""
        self._styles.append(style)
        if self._table is not None:
            self._table.setStyle(style)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.table.wrap(aW, aH)  # type: ignore[no-any-return]

    def wrapOn(self, canv: Any, aW: float, aH: float) -> tuple[float, float]:
        return self.table.wrapOn(canv, aW, aH)  # type: ignore[no-any-return]

    def split(self, aW: float, aH: float) -> list[Flowable]:
        return self.table.split(aW, aH)  # type: ignore[no-any-return]

    def splitOn(self, canv: Any, aW: float, aH: float) -> list[Flowable]:
        return self.table.splitOn(canv, aW, aH)  # type: ignore[no-any-return]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        self.table.drawOn(canvas, x, y, _sW)
        self._table = None  # drawn: what it held can go


def column_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], total: float, flex: int = 0,
    min_flex: float = 45 * mm, wrap: Sequence[int] = (), size: float = 7,
) -> tuple[list[float], str]:  # fmt: skip
    """Each column as wide as its longest header word and its widest value (or, for a `wrap`
    column of text, its longest word), so headers wrap between words and never inside one;
    column `flex` (the names) takes what is left. A table too wide for that gets the smaller
    header style. Returns the widths and the header style for `grid`."""

    def longest_word(text: str, font: str, points: float) -> float:
        return max((pdfmetrics.stringWidth(w, font, points) for w in text.split()), default=0)

    def need_at(head_size: float) -> list[float]:
        out = []
        for i, head in enumerate(header):
            if i == flex:
                out.append(0.0)
                continue
            if i in wrap:
                values = max((longest_word(str(r[i]), FONT, size) for r in rows), default=0)
            else:
                values = max((pdfmetrics.stringWidth(str(r[i]), FONT, size) for r in rows),
                             default=0)  # fmt: skip
            out.append(max(longest_word(head, FONT_BOLD, head_size), values) + 16)  # 6 pt pads
        return out

    style, need = "head", need_at(8)
    if total - sum(need) < min_flex:
        style, need = "head_small", need_at(6.5)
    rest = max(total - sum(need), min_flex)
    scale = min(1.0, (total - rest) / sum(need)) if sum(need) else 1.0
    widths = [w * scale for w in need]
    widths[flex] = rest
    return widths, style


def fit_header(header: Sequence[str], widths: list[float], head: str) -> list[float]:
    """Widens a column whose header has a word longer than the column (reportlab would break
    it without a hyphen: "Инвентарны/й"), taking the room from the widest column."""
    need = [widest_word([h], head) for h in header]
    short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
    if not short:
        return widths
    widest = max(range(len(widths)), key=lambda i: widths[i])
    out = [max(w, n) for w, n in zip(widths, need, strict=True)]
    out[widest] = max(need[widest], out[widest] - short)
    return out


PAD = 6  # a table cell's default left and right padding, points


def widest_word(texts: Sequence[str], style: str = "body") -> float:
    """The width a column needs so that no word of `texts` is broken inside (reportlab splits a
    word longer than its column without a hyphen): the longest word plus the cell's padding."""
    s = STYLES[style]
    words = [w for text in texts for w in str(text).split()]
    return (
        max((pdfmetrics.stringWidth(w, s.fontName, s.fontSize) for w in words), default=0) + 2 * PAD
    )


def signatures(
    lines: Sequence[tuple[str, str]],
    width: float = 180 * mm,
    height: float = 12 * mm,
    flexible: bool = False,
) -> Table:
    """(role, name) rows with a line to sign on. A row grows with a role or name that wraps (a
    fixed height let a two-line name run into the row above); no word is broken inside.
    `flexible`: `height` less a line of room to sign above (a form kept to one page)."""
    data = [[p(role, "label"), "", p(name)] for role, name in lines]
    role_w = width * 7 / 18
    if width < 120 * mm:  # a column of minutes side by side: the names get what roles leave
        s = STYLES["label"]
        whole = max(pdfmetrics.stringWidth(r, s.fontName, s.fontSize) for r, _ in lines) + 2 * PAD
        role_w = min(role_w, whole)
    role_w = max(role_w, widest_word([r for r, _ in lines], "label"))
    line_w = max(width * 5 / 18, 20 * mm)
    name_w = max(width - role_w - line_w, widest_word([n for _, n in lines]))
    cols = [role_w, width - role_w - name_w, name_w]
    t = Table(data, colWidths=cols)
    t.setStyle(TableStyle([
        ("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 7 * mm),  # room to sign above the line
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # the empty cells too: no unembedded Helvetica
        *([("TOPPADDING", (0, 0), (-1, -1), height - 6 * mm)] if flexible else []),
    ]))  # fmt: skip
    return t


def build(
    story_for: Callable[[str, Callable[[str], str]], list[Flowable]],
    lang: str,
    title: str,
    wide: bool = False,
    note: Callable[[Callable[[str], str]], str] | None = None,
) -> bytes:
    """Builds one PDF; with lang "both" the Kazakh text comes first, then the Russian.
    `note` gives a line printed at the foot of every page (in the first language)."""
    register_fonts()
    story, first = in_languages(lang, lambda code: story_for(code, translator(code)))
    return build_story(story, first, title, wide, note(translator(first)) if note else "")


def in_languages(
    lang: str, story_for: Callable[[str], list[Flowable]]
) -> tuple[list[Flowable], str]:
    """The story in `lang`, or with "both" the Kazakh one and then, from a new page, the
    Russian; and the first language (the footer's)."""
    langs = ["kk", "ru"] if lang == "both" else [lang]
    story: list[Flowable] = []
    for i, code in enumerate(langs):
        if i:
            story.append(PageBreak())
        story.extend(story_for(code))
    return story, langs[0]


def build_story(
    story: list[Flowable], lang: str, title: str, wide: bool = False, note: str = ""
) -> bytes:
    """Lays out a prepared story; `lang` is the language of the page footer."""
    register_fonts()
    buf = io.BytesIO()
    size = landscape(A4) if wide else A4
    on_page = page_footer(lang, size, note)
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


def page_footer(
    lang: str, size: tuple[float, float] = A4, note: str = ""
) -> Callable[[Any, Any], None]:
    """Draws the foot of every page: the version and the page number, and `note` on the left."""
    t = translator(lang)
    footer = t("AkimDesk {version} · page {page}")

    def on_page(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.drawRightString(
            size[0] - 15 * mm, 8 * mm, footer.format(version=__version__, page=doc.page)
        )
        if note:
            canvas.drawString(15 * mm, 8 * mm, note)
        canvas.restoreState()

    return on_page


class ReportError(Exception):
    """Why a document cannot be printed, as a message for the person."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


def office_of(session: Any) -> Any:
    """The office whose name heads every document; without its details nothing is printed."""
    from akimdesk.services import office as office_service

    office = office_service.current(session)
    if office is None:
        raise ReportError(
            msg("The office's details are not filled in yet, so nothing can be printed. Fill "
                "them in under Settings → Office, then print again.")
        )  # fmt: skip
    return office


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
