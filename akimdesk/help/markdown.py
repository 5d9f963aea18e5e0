"""The small part of Markdown the guide is written in, read into blocks both the help window
(HTML for Qt's text browser) and the printed guide (reportlab's paragraph markup) render.

A page's writer uses: `#`, `##`, `###` headings; paragraphs; `-` and `1.` lists (a line indented
under an item continues it); `**bold**`, `*italic*`, `` `code` ``; `[text](page.md)` links to
other pages and `[text](https://...)` to the web; a picture alone on its line,
`![caption](img/name.png)`; `> ` notes; `|` tables; fenced ``` blocks for commands. Anything else
is shown as typed, so a mistake in a page is seen, never lost.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    kind: str  # heading, para, list, code, image, note, table
    text: str = ""  # heading, para, code, note; the image's caption
    level: int = 0  # heading level; 1 for an ordered list
    items: tuple[str, ...] = ()  # list items
    src: str = ""  # image
    rows: tuple[tuple[str, ...], ...] = field(default=())  # table: the header row first
    start: int = 1  # the first number of an ordered list (one split by a picture goes on)


_IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)\)$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBER = re.compile(r"^(?P<n>\d+)[.)]\s+(.*)$")
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("para", " ".join(s.strip() for s in para)))
            para.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("<!--"):  # a note to the page's editors, not shown
            while i < len(lines) and "-->" not in lines[i]:
                i += 1
            i += 1
            continue
        if not stripped:
            flush()
            i += 1
            continue
        if stripped.startswith("```"):
            flush()
            indent = len(line) - len(line.lstrip())  # a fence indented under a list item
            code = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("```"):
                cur = lines[i]
                code.append(cur[min(indent, len(cur) - len(cur.lstrip())) :])
                i += 1
            blocks.append(Block("code", "\n".join(code)))
            i += 1
            continue
        heading = re.match(r"^(#{1,3})\s+(.*)$", stripped)
        if heading:
            flush()
            blocks.append(Block("heading", heading.group(2).strip(), level=len(heading.group(1))))
            i += 1
            continue
        image = _IMAGE.match(stripped)
        if image:
            flush()
            blocks.append(Block("image", image.group(1), src=image.group(2)))
            i += 1
            continue
        if stripped.startswith(">"):
            flush()
            note = []
            while i < len(lines) and lines[i].strip().startswith(">"):
                note.append(lines[i].strip()[1:].strip())
                i += 1
            blocks.append(Block("note", " ".join(note)))
            continue
        if stripped.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                row = lines[i].strip()
                if not _RULE.match(row):
                    rows.append(tuple(c.strip() for c in row.strip("|").split("|")))
                i += 1
            blocks.append(Block("table", rows=tuple(rows)))
            continue
        marker = _BULLET.match(stripped) or _NUMBER.match(stripped)
        if marker and not line.startswith((" ", "\t")):
            flush()
            first = _NUMBER.match(stripped)
            ordered = first is not None
            items: list[str] = []
            while i < len(lines):
                cur = lines[i]
                m = (_NUMBER if ordered else _BULLET).match(cur.strip())
                if m and not cur.startswith((" ", "\t")):
                    items.append(m.groups()[-1].strip())
                elif cur.strip() and cur.startswith((" ", "\t")) and items:
                    items[-1] += " " + cur.strip()
                else:
                    break
                i += 1
            start = int(first.group("n")) if first else 1
            blocks.append(Block("list", level=int(ordered), items=tuple(items), start=start))
            continue
        para.append(line)
        i += 1
    flush()
    return blocks


# --- inline text ---------------------------------------------------------------------------
_INLINE = re.compile(
    r"`(?P<code>[^`]+)`"
    r"|\[(?P<label>[^\]]+)\]\((?P<href>[^)\s]+)\)"
    r"|\*\*(?P<bold>.+?)\*\*"
    r"|(?<![\w*])\*(?P<italic>[^*\s][^*]*?)\*(?!\w)"
)


@dataclass(frozen=True)
class Dialect:
    """How one target writes the inline pieces; `link(href)` gives the target's address for a
    link written in a page (None: show the label only)."""

    code: tuple[str, str]
    link: Callable[[str], str | None]
    link_style: str = ""


def inline(text: str, dialect: Dialect) -> str:
    out: list[str] = []
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(html.escape(text[pos : m.start()], quote=False))
        pos = m.end()
        if m.group("code") is not None:
            out.append(
                dialect.code[0] + html.escape(m.group("code"), quote=False) + dialect.code[1]
            )
        elif m.group("href") is not None:
            label = inline(m.group("label"), dialect)
            target = dialect.link(m.group("href"))
            out.append(
                f'<a href="{html.escape(target)}"{dialect.link_style}>{label}</a>'
                if target
                else label
            )
        elif m.group("bold") is not None:
            out.append("<b>" + inline(m.group("bold"), dialect) + "</b>")
        else:
            out.append("<i>" + inline(m.group("italic"), dialect) + "</i>")
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def plain(text: str) -> str:
    """The words of inline text without its marks (for search and for titles)."""

    def word(m: re.Match[str]) -> str:
        return next(g for g in (m.group("code"), m.group("label"), m.group("bold"),
                                m.group("italic")) if g is not None)  # fmt: skip

    return _INLINE.sub(word, text)


def links(text: str) -> list[str]:
    """Every link target written in inline text."""
    return [m.group("href") for m in _INLINE.finditer(text) if m.group("href") is not None]


def page_link(href: str) -> str | None:
    """The page a link names ("fines.md", "fines.md#section"), or None for a web address."""
    if "://" in href or href.startswith("mailto:"):
        return None
    name = href.split("#", 1)[0]
    return name[:-3] if name.endswith(".md") else name
