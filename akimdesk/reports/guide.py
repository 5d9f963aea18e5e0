"""The guide printed as a book: a title page, the contents with page numbers, each page of the
guide as a chapter with its pictures, links between chapters, the PDF's bookmarks, and the
furniture and fonts of every other document (reports/base.py)."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from akimdesk import __version__
from akimdesk.help import guide as guide_files
from akimdesk.help import markdown
from akimdesk.help.markdown import Block, Dialect
from akimdesk.i18n import N_, format_date, translator
from akimdesk.reports.base import FONT, FONT_BOLD, in_languages, page_footer, register_fonts

WIDTH = A4[0] - 30 * mm  # the frame: 15 mm margins, as every other document
MAX_PICTURE = 150 * mm  # a tall dialog keeps room for its caption on the page


def _style(name: str, size: float, bold: bool = False, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT_BOLD if bold else FONT, fontSize=size,
                          leading=size * 1.35, **kw)  # fmt: skip


S = {
    "cover_app": _style("cover_app", 30, True, alignment=TA_CENTER, spaceAfter=14),
    "cover_title": _style("cover_title", 18, True, alignment=TA_CENTER, spaceAfter=10),
    "cover_line": _style("cover_line", 11, alignment=TA_CENTER, spaceAfter=4),
    "contents": _style("contents", 16, True, spaceAfter=10),
    "h1": _style("h1", 16, True, spaceAfter=8, textColor=colors.HexColor("#123a6b")),
    "h2": _style("h2", 12.5, True, spaceBefore=8, spaceAfter=4),
    "h3": _style("h3", 11, True, spaceBefore=6, spaceAfter=3),
    "body": _style("body", 10, spaceAfter=5),
    "item": _style("item", 10, leftIndent=14, bulletIndent=3, spaceAfter=2.5, bulletFontName=FONT),
    "code": _style("code", 8.5, textColor=colors.HexColor("#202020")),
    "caption": _style(
        "caption", 8.5, alignment=TA_CENTER, spaceAfter=8, textColor=colors.HexColor("#555555")
    ),
    "note": _style("note", 9.5),
    "cell": _style("cell", 8.5),
    "head": _style("head", 8.5, True),
    "toc0": _style("toc0", 10.5, leftIndent=18, firstLineIndent=-18, spaceBefore=3),
}
LINK = ' color="#1a4f9c"'


def user_guide(_db: Any, _params: dict[str, Any], lang: str) -> bytes:
    """`akimdesk print user-guide`: the office's guide."""
    return render("guide", lang)


def district_guide(_db: Any, _params: dict[str, Any], lang: str) -> bytes:
    """`akimdesk print district-guide`: the district IT specialist's guide."""
    return render("district", lang)


def render(part: str, lang: str) -> bytes:
    register_fonts()
    story, first = in_languages(lang, lambda code: _book(guide_files.load(code), part))
    buf = io.BytesIO()
    title = guide_files.load(first).part(part).title
    doc = _BookTemplate(buf, title=f"AkimDesk — {title}", lang=first)
    doc.multiBuild(story)
    return buf.getvalue()


class _Chapter(Paragraph):
    """A chapter's heading: goes into the contents and the PDF's bookmarks."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int, plain: str) -> None:
        super().__init__(text, style)
        self.key, self.level, self.plain = key, level, plain


class _BookTemplate(BaseDocTemplate):
    def __init__(self, buf: io.BytesIO, title: str, lang: str) -> None:
        super().__init__(
            buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=14 * mm,
            bottomMargin=14 * mm, title=title, author="AkimDesk",
            creator=f"AkimDesk {__version__}", initialFontName=FONT,
        )  # fmt: skip
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=page_footer(lang))])

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Chapter):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.plain, flowable.key, level=flowable.level)
            if flowable.level == 0:
                self.notify("TOCEntry", (0, flowable.plain, self.page, flowable.key))


class _Contents(TableOfContents):
    """The contents of one language's book (both books of `--lang both` hear every chapter)."""

    def __init__(self, lang: str) -> None:
        super().__init__(dotsMinLevel=0)
        self.prefix = f"{lang}-"
        self.tableStyle = TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                                      ("VALIGN", (0, 0), (-1, -1), "TOP")])  # fmt: skip

    def notify(self, kind: str, stuff: Any) -> None:
        if kind == "TOCEntry" and str(stuff[3]).startswith(self.prefix):
            super().notify(kind, stuff)


def _book(g: guide_files.Guide, part_key: str) -> list[Flowable]:
    t = translator(g.lang)
    part = g.part(part_key)
    story: list[Flowable] = [
        Spacer(1, 55 * mm),
        Paragraph("AkimDesk", S["cover_app"]),
        Paragraph(_esc(part.title), S["cover_title"]),
        Spacer(1, 8 * mm),
        Paragraph(_esc(t(N_("Version {version}")).format(version=__version__)), S["cover_line"]),
        Paragraph(_esc(format_date(date.today(), g.lang)), S["cover_line"]),
        PageBreak(),
        Paragraph(_esc(t(N_("Contents"))), S["contents"]),
    ]
    toc = _Contents(g.lang)
    toc.levelStyles = [S["toc0"]]
    story.append(toc)
    pages = {p.id for p in part.pages}
    for number, page in enumerate(part.pages, 1):
        story.append(PageBreak())
        story += _chapter(g, page, number, pages)
    return story


def _chapter(
    g: guide_files.Guide, page: guide_files.Page, number: int, pages: set[str]
) -> list[Flowable]:
    def link(href: str) -> str | None:
        target = markdown.page_link(href)
        if target is None:
            return href
        # A link to a page printed in the other part (the IT guide) shows as text.
        return f"#{_key(g.lang, target)}" if target in pages else None

    dialect = Dialect(code=('<font color="#7a3b00">', "</font>"), link=link, link_style=LINK)
    out: list[Flowable] = []
    key = _key(g.lang, page.id)
    for i, b in enumerate(page.blocks):
        if b.kind == "heading" and not out:
            title = f"{number}. {markdown.plain(b.text)}"
            out.append(_Chapter(_esc(title), S["h1"], key, 0, title))
            continue
        out += _block(g, b, dialect, f"{key}-{i}")
    return out


def _block(g: guide_files.Guide, b: Block, dialect: Dialect, key: str) -> list[Flowable]:
    text = markdown.inline(b.text, dialect) if b.text else ""
    if b.kind == "heading":
        style = S["h2"] if b.level <= 2 else S["h3"]
        # A heading is not left alone at the foot of a page.
        return [CondPageBreak(25 * mm),
                _Chapter(text, style, key, 1, markdown.plain(b.text))]  # fmt: skip
    if b.kind == "para":
        return [Paragraph(text, S["body"])]
    if b.kind == "list":
        return [
            Paragraph(
                markdown.inline(item, dialect), S["item"], bulletText=f"{i}." if b.level else "•"
            )
            for i, item in enumerate(b.items, b.start)
        ]
    if b.kind == "image":
        return [_picture(g, b, text)]
    if b.kind == "note":
        return [_boxed(Paragraph(text, S["note"]), "#fff6dc", "#d9a400")]
    if b.kind == "code":
        lines = [_esc(x).replace("  ", "&nbsp;&nbsp;") for x in b.text.split("\n")]
        return [_boxed(Paragraph("<br/>".join(lines), S["code"]), "#f0f0f0", "#b0b0b0")]
    if b.kind == "table":
        return [_table(b, dialect)]
    return [Paragraph(_esc(b.text), S["body"])]


def _picture(g: guide_files.Guide, b: Block, caption: str) -> Flowable:
    from reportlab.lib.utils import ImageReader

    path = g.image(b.src)
    w, h = ImageReader(str(path)).getSize()
    scale = min(WIDTH / w, MAX_PICTURE / h, 0.75)  # 0.75: a screen pixel as a point, at most
    image = Image(str(path), width=w * scale, height=h * scale)
    image.hAlign = "CENTER"
    parts: list[Flowable] = [Spacer(1, 2 * mm), image]
    if caption:
        parts.append(Paragraph(caption, S["caption"]))
    return KeepTogether(parts)


def _boxed(inner: Flowable, background: str, line: str) -> Table:
    t = Table([[inner]], colWidths=[WIDTH])
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # no Helvetica left unembedded
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(background)),
        ("LINEBEFORE", (0, 0), (0, -1), 2, colors.HexColor(line)),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))  # fmt: skip
    t.spaceBefore, t.spaceAfter = 3, 6
    return t


def _table(b: Block, dialect: Dialect) -> Table:
    columns = max(len(r) for r in b.rows)
    rows = [list(r) + [""] * (columns - len(r)) for r in b.rows]
    # Columns share the width by the length of their longest cell, none under a sixth of it.
    need = [max(len(markdown.plain(r[c])) for r in rows) + 4 for c in range(columns)]
    widths = [max(n / sum(need), 1 / (columns * 2)) for n in need]
    widths = [WIDTH * w / sum(widths) for w in widths]
    data = [[Paragraph(markdown.inline(c, dialect), S["head" if i == 0 else "cell"]) for c in r]
            for i, r in enumerate(rows)]  # fmt: skip
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    t.spaceBefore, t.spaceAfter = 3, 6
    return t


def _key(lang: str, page_id: str) -> str:
    return f"{lang}-" + re.sub(r"[^a-z0-9-]", "-", page_id)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
