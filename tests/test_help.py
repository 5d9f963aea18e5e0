"""The guide as files: both languages have the same pages, every link and picture resolves, the
screenshot script makes every picture, no page is a copy of the other language's, and the
printed guide reads back with every page title."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

from akimdesk.help import contexts, guide, markdown
from akimdesk.help.html import page_html
from akimdesk.help.markdown import Dialect, inline, parse
from akimdesk.paths import asset_path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("kk", "ru")


def _texts(page: guide.Page, kinds=("heading", "para", "list", "note", "table", "image")):
    """The prose of a page, block by block (code blocks are commands, the same in both)."""
    for b in page.blocks:
        if b.kind in kinds:
            yield from (t for t in (b.text, *b.items, *(c for r in b.rows for c in r)) if t)


def test_both_languages_have_the_same_pages_in_the_same_order():
    kk, ru = guide.load("kk"), guide.load("ru")
    assert [p.key for p in kk.parts] == [p.key for p in ru.parts] == list(guide.PARTS)
    assert [[pg.id for pg in p.pages] for p in kk.parts] == [
        [pg.id for pg in p.pages] for p in ru.parts
    ]
    for lang in LANGS:
        folder = asset_path("help", lang)
        listed = {f"{p}.md" for p in guide.load(lang).pages}
        on_disk = {f.name for f in folder.glob("*.md")} - {"contents.md"}
        assert on_disk == listed, lang  # no page left out of the contents, none missing
        for page in guide.load(lang).pages.values():
            first = page.blocks[0]
            assert first.kind == "heading" and first.level == 1, (lang, page.id)


def test_every_link_and_picture_resolves():
    for lang in LANGS:
        g = guide.load(lang)
        for page in g.pages.values():
            for text in _texts(page):
                for href in markdown.links(text):
                    target = markdown.page_link(href)
                    assert target is None or target in g.pages, (lang, page.id, href)
                    assert target is not None or href.startswith("https://"), (lang, href)
            for b in page.blocks:
                if b.kind == "image":
                    assert g.image(b.src).is_file(), (lang, page.id, b.src)
                    assert b.text, (lang, page.id, b.src)  # a caption for every picture


def _script_pictures() -> set[str]:
    tree = ast.parse((ROOT / "scripts" / "guide_pictures.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "SHOTS":
            return set(ast.literal_eval(node.value))
    raise AssertionError("scripts/guide_pictures.py has no SHOTS")


def test_the_screenshot_script_makes_every_picture_the_guide_uses():
    made = _script_pictures()
    for lang in LANGS:
        g = guide.load(lang)
        used = {Path(b.src).stem for p in g.pages.values() for b in p.blocks if b.kind == "image"}
        assert used <= made, (lang, used - made)
        stored = {f.stem for f in (asset_path("help", lang) / "img").glob("*.png")}
        assert stored == used, (lang, stored ^ used)  # no stale picture kept


KAZAKH = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)


def _sentences(page: guide.Page) -> set[str]:
    """Texts of three words or more besides commands: not a word both languages share
    ("Бухгалтер" in a table) nor a command in a list."""
    out = set()
    for text in _texts(page):
        words = re.sub(r"`[^`]*`", "", text).split()
        if sum(bool(re.search("[а-яё]", w, re.IGNORECASE)) for w in words) >= 3:
            out.add(markdown.plain(text))
    return out


def test_no_page_is_left_untranslated():
    kk, ru = guide.load("kk"), guide.load("ru")
    for page_id, kpage in kk.pages.items():
        rpage = ru.pages[page_id]
        k_texts, r_texts = _sentences(kpage), _sentences(rpage)
        assert not k_texts & r_texts, (page_id, k_texts & r_texts)
        assert kpage.title != rpage.title, page_id
        # Each language's prose is in that language: Kazakh letters in most Kazakh sentences,
        # none in the Russian prose but for names quoted from the other language.
        k_prose = [t for t in _texts(kpage, ("para", "list", "note")) if len(t) > 40]
        assert sum(bool(KAZAKH.search(t)) for t in k_prose) >= 0.9 * len(k_prose), page_id
        r_words = " ".join(_texts(rpage, ("para", "list", "note"))).split()
        kazakh_words = [w for w in r_words if KAZAKH.search(w)]
        assert len(kazakh_words) <= 0.05 * len(r_words), (page_id, kazakh_words[:10])


def test_kazakh_pages_use_the_glossary():
    """АЕК in Kazakh, never МРП; өкім, not бұйрық (DOMAIN.md's glossary)."""
    for page in guide.load("kk").pages.values():
        prose = " ".join(_texts(page))
        prose = re.sub(r"`[^`]*`", "", prose)  # commands are typed as they are
        assert "МРП" not in prose, page.id
        assert "бұйрық" not in prose.lower(), page.id


def test_every_page_f1_names_exists():
    pages = set(contexts.PAGES.values()) | set(contexts.BY_TITLE.values()) | {contexts.FALLBACK}
    pages |= {p for tabs in contexts.TABS.values() for p in tabs.values()}
    for lang in LANGS:
        assert pages <= set(guide.load(lang).pages), (lang, pages - set(guide.load(lang).pages))


# --- the Markdown the pages are written in --------------------------------------------------


def test_markdown_blocks():
    blocks = parse(
        "# Title\n\nA paragraph\nover two lines.\n\n- one\n  more\n- two\n\n1. first\n2. second\n\n"
        "![Caption](img/x.png)\n\n> A note\n> goes on.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```\ncommand --flag\n  indented\n```\n<!-- not shown -->\nEnd"
    )
    kinds = [(b.kind, b.level) for b in blocks]
    assert kinds == [("heading", 1), ("para", 0), ("list", 0), ("list", 1), ("image", 0),
                     ("note", 0), ("table", 0), ("code", 0), ("para", 0)]  # fmt: skip
    assert blocks[1].text == "A paragraph over two lines."
    assert blocks[2].items == ("one more", "two")
    assert blocks[3].items == ("first", "second") and blocks[3].start == 1
    assert parse("3. third\n4. fourth")[0].start == 3  # a list a picture split goes on
    assert parse("   ```\n   cmd\n     --flag\n   ```")[0].text == "cmd\n  --flag"
    assert blocks[4].src == "img/x.png" and blocks[4].text == "Caption"
    assert blocks[5].text == "A note goes on."
    assert blocks[6].rows == (("a", "b"), ("1", "2"))
    assert blocks[7].text == "command --flag\n  indented"
    assert blocks[8].text == "End"


def test_markdown_inline_is_escaped_and_links_are_resolved():
    dialect = Dialect(code=("<code>", "</code>"), link=lambda h: None if h == "gone.md" else h)
    out = inline("**Save** <b> & `a<b>` *as is* [x](fines.md) [y](gone.md) 2*3*4", dialect)
    assert out == ("<b>Save</b> &lt;b&gt; &amp; <code>a&lt;b&gt;</code> <i>as is</i> "
                   '<a href="fines.md">x</a> y 2*3*4')  # fmt: skip
    assert markdown.plain("**Save** `x` [label](a.md)") == "Save x label"
    assert markdown.page_link("fines.md#part") == "fines"
    assert markdown.page_link("https://egov.kz") is None


def test_page_html_links_pages_and_scales_pictures():
    g = guide.load("ru")
    html = page_html(g, g.page("fine-payment"), 300)
    assert 'href="page:fine-enforcement"' in html
    assert re.search(r'<img src="file:[^"]+payment-dialog\.png" width="300"', html)


def test_search_finds_titles_and_text_in_the_language_asked():
    ru, kk = guide.load("ru"), guide.load("kk")
    assert ru.search("отсрочка")[0].page.id == "fine-payment"  # in the title
    hits = ru.search("флешка копия")
    assert {h.page.id for h in hits} >= {"backups", "pc-died"}
    assert all("флешк" in h.page.words for h in hits)
    assert "флешк" in hits[0].snippet.casefold()
    assert kk.search("кейінге қалдыру")[0].page.id == "fine-payment"
    assert kk.search("отсрочка") == []  # each language searches its own pages
    assert ru.search("   ") == []


# --- the printed guide -----------------------------------------------------------------------


def _print(tmp_path: Path, report: str, lang: str) -> tuple[Path, str]:
    from akimdesk import cli

    out = tmp_path / f"{report}-{lang}.pdf"
    assert cli.main(["print", report, "--lang", lang, "--out", str(out),
                     "--data-dir", str(tmp_path / "data")]) == 0  # fmt: skip
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    return out, text


def _assert_book(out: Path, text: str, lang: str, part: str) -> None:
    flat = re.sub(r"\s+", " ", text)
    g = guide.load(lang)
    for page in g.part(part).pages:
        # Each title twice: in the contents (with its page number) and over its chapter.
        assert flat.count(re.sub(r"\s+", " ", page.title)) >= 2, page.title
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(r[-5] == "yes" for r in rows), fonts  # every font embedded
    assert not any("Helvetica" in line for line in fonts.splitlines())
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(out)], capture_output=True, text=True).stdout).group(1))  # fmt: skip
    from akimdesk import __version__
    from akimdesk.i18n import translator

    footer = translator(lang)("AkimDesk {version} · page {page}")
    assert footer.format(version=__version__, page=pages) in flat  # numbered to the last page


@pytest.mark.parametrize("lang", ["kk", pytest.param("ru", marks=pytest.mark.slow)])
def test_the_printed_guide_has_its_contents_pictures_and_every_title(tmp_path, lang):
    out, text = _print(tmp_path, "user-guide", lang)
    _assert_book(out, text, lang, "guide")
    assert ("Мазмұны" if lang == "kk" else "Содержание") in text
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True,
                            text=True).stdout.splitlines()[2:]  # fmt: skip
    pictures = sum(b.kind == "image" for p in guide.load(lang).part("guide").pages
                   for b in p.blocks)  # fmt: skip
    assert len(images) >= pictures


def test_the_district_guide_prints_alone(tmp_path):
    out, text = _print(tmp_path, "district-guide", "ru")
    _assert_book(out, text, "ru", "district")
    assert "akimdesk-server add-office" in text
    assert "Реестр штрафов" not in text  # the clerk's pages are not in it
    assert not (tmp_path / "data" / "akimdesk.sqlite3").exists()  # no database was opened
