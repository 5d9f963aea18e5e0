"""A page as the HTML Qt's text browser shows (its rich-text subset: no CSS layout, `width` on
pictures). Links to pages become `page:ID`; pictures are files, scaled to the room there is."""

from __future__ import annotations

import html
import struct
from pathlib import Path

from akimdesk.help import markdown
from akimdesk.help.guide import Guide, Page
from akimdesk.help.markdown import Block, Dialect

PAGE_SCHEME = "page"
STYLE = """
h1 { font-size: 17pt; color: #123a6b; }
h2 { font-size: 13pt; margin-top: 14px; }
h3 { font-size: 11pt; margin-top: 10px; }
p, li { line-height: 130%; }
code { color: #7a3b00; }
.caption { color: #555555; font-size: 9pt; }
"""


def page_html(guide: Guide, page: Page, width: int) -> str:
    """`width`: the room for a picture, in pixels (a screenshot is never shown larger than it
    is: its text must stay readable)."""

    def link(href: str) -> str | None:
        target = markdown.page_link(href)
        if target is None:
            return href
        return f"{PAGE_SCHEME}:{target}" if target in guide.pages else None

    dialect = Dialect(code=("<code>", "</code>"), link=link)
    body = "".join(_block(guide, b, dialect, width) for b in page.blocks)
    return f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>"


def _block(guide: Guide, b: Block, dialect: Dialect, width: int) -> str:
    text = markdown.inline(b.text, dialect) if b.text else ""
    if b.kind == "heading":
        return f"<h{b.level}>{text}</h{b.level}>"
    if b.kind == "para":
        return f"<p>{text}</p>"
    if b.kind == "list":
        tag = f'ol start="{b.start}"' if b.level else "ul"
        items = "".join(f"<li>{markdown.inline(i, dialect)}</li>" for i in b.items)
        return f"<{tag}>{items}</{tag[:2]}>"
    if b.kind == "image":
        path = guide.image(b.src)
        size = png_size(path)
        shown = min(width, size[0]) if size else width
        caption = f'<br/><span class="caption">{text}</span>' if text else ""
        # A click opens the picture itself, at full size, in the PC's picture viewer.
        return (f'<p align="center"><a href="{path.as_uri()}"><img src="{path.as_uri()}" '
                f'width="{shown}"/></a>{caption}</p>')  # fmt: skip
    if b.kind == "note":
        return ('<table width="100%" cellpadding="8" bgcolor="#fff6dc" '
                f'style="border-left: 3px solid #d9a400;"><tr><td>{text}</td></tr></table><br/>')  # fmt: skip
    if b.kind == "code":
        return ('<table width="100%" cellpadding="6" bgcolor="#f0f0f0"><tr><td><pre>'
                f"{html.escape(b.text, quote=False)}</pre></td></tr></table><br/>")  # fmt: skip
    if b.kind == "table":
        rows = []
        for i, row in enumerate(b.rows):
            tag = "th" if i == 0 else "td"
            cells = "".join(f"<{tag}>{markdown.inline(c, dialect)}</{tag}>" for c in row)
            rows.append(f"<tr>{cells}</tr>")
        return ('<table border="1" cellspacing="0" cellpadding="4" '
                f'style="border-color: #999999;">{"".join(rows)}</table><br/>')  # fmt: skip
    return f"<p>{html.escape(b.text, quote=False)}</p>"


def png_size(path: Path) -> tuple[int, int] | None:
    """A PNG's width and height from its header (no picture library needed)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(24)
    except OSError:
        return None
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    w, h = struct.unpack(">II", head[16:24])
    return int(w), int(h)
