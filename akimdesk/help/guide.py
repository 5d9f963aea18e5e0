"""The guide as files: one Markdown page per task under resources/help/{kk,ru}/, their order and
parts in each language's contents.md, pictures beside them in img/.

contents.md: a part is a `#` heading, a page a line `- file.md`. The first part is the office's
guide (`akimdesk print user-guide`), the second the district IT specialist's (`district-guide`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from akimdesk.help import markdown
from akimdesk.help.markdown import Block
from akimdesk.i18n import LANGUAGES
from akimdesk.paths import asset_path

PARTS = ("guide", "district")


def folder(lang: str) -> Path:
    return asset_path("help", lang)


@dataclass(frozen=True)
class Page:
    id: str  # the file's name without .md: the same in both languages
    lang: str
    part: str
    path: Path

    @cached_property
    def source(self) -> str:
        return self.path.read_text("utf-8")

    @cached_property
    def blocks(self) -> list[Block]:
        return markdown.parse(self.source)

    @property
    def title(self) -> str:
        """The page's first heading (a page without one is named by its file)."""
        first = next((b for b in self.blocks if b.kind == "heading"), None)
        return markdown.plain(first.text) if first else self.id

    @cached_property
    def words(self) -> str:
        """The page's text, folded for search."""
        parts: list[str] = []
        for b in self.blocks:
            parts += [b.text, *b.items, *(c for row in b.rows for c in row)]
        return " ".join(markdown.plain(p) for p in parts if p).casefold()


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class Hit:
    page: Page
    snippet: str


class Guide:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.folder = folder(lang)
        self.parts = self._read_contents()
        self.pages = {p.id: p for part in self.parts for p in part.pages}

    def _read_contents(self) -> tuple[Part, ...]:
        parts: list[tuple[str, list[Page]]] = []
        for line in (self.folder / "contents.md").read_text("utf-8").splitlines():
            line = line.strip()
            if line.startswith("# "):
                parts.append((line[2:].strip(), []))
            elif line.startswith("- ") and parts:
                name = line[2:].strip()
                key = PARTS[min(len(parts), len(PARTS)) - 1]
                page_id = name[:-3] if name.endswith(".md") else name
                parts[-1][1].append(Page(page_id, self.lang, key, self.folder / f"{page_id}.md"))
        return tuple(
            Part(PARTS[min(i, len(PARTS) - 1)], title, tuple(pages))
            for i, (title, pages) in enumerate(parts)
        )

    def part(self, key: str) -> Part:
        return next(p for p in self.parts if p.key == key)

    def page(self, page_id: str) -> Page | None:
        return self.pages.get(page_id)

    def image(self, src: str) -> Path:
        return self.folder / src

    def search(self, query: str) -> list[Hit]:
        """Pages holding every word of the query (in the title or the text): those with the
        words in the title first, then those that say them most often."""
        words = [w for w in re.split(r"\s+", query.casefold()) if w]
        if not words:
            return []
        hits: list[tuple[int, int, int, Hit]] = []
        for order, page in enumerate(self.pages.values()):
            title = page.title.casefold()
            if not all(w in page.words or w in title for w in words):
                continue
            in_title = sum(w in title for w in words)
            often = sum(page.words.count(w) for w in words)
            hits.append((-in_title, -often, order, Hit(page, _snippet(page, words[0]))))
        return [h[-1] for h in sorted(hits, key=lambda x: x[:3])]


def _snippet(page: Page, word: str, width: int = 90) -> str:
    """A few words around the first place the word is found in the page's text."""
    text = " ".join(
        markdown.plain(t)
        for b in page.blocks
        if b.kind != "heading" or b.level > 1
        for t in (b.text, *b.items)
        if t
    )
    at = text.casefold().find(word)
    if at < 0:
        return text[:width].rsplit(" ", 1)[0] + "…" if len(text) > width else text
    start = max(0, at - width // 3)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    piece = text[start : start + width]
    if start + width < len(text):
        piece = piece.rsplit(" ", 1)[0] + "…"
    return ("…" if start else "") + piece


@lru_cache(maxsize=len(LANGUAGES))
def load(lang: str) -> Guide:
    return Guide(lang if lang in LANGUAGES else LANGUAGES[0])
