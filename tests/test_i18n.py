"""Catalogs are complete in both languages, placeholders agree, and formatting is local."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from akimdesk import i18n

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[^}]*)?\}")


def catalog(lang: str):
    with (ROOT / f"resources/i18n/{lang}/LC_MESSAGES/akimdesk.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def source_msgids() -> set[str]:
    from babel.messages.extract import extract_from_dir

    ids = set()
    keywords = {"_": None, "N_": None, "msg": None, "tr": None, "t": None}
    for _f, _l, message, _c, _x in extract_from_dir(ROOT / "akimdesk", keywords=keywords):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_string_in_the_code_is_translated(lang):
    cat = catalog(lang)
    translated = {m.id: m.string for m in cat if m.id and m.string and "fuzzy" not in m.flags}
    missing = sorted(source_msgids() - set(translated))
    assert missing == []
    for msgid, text in translated.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(text)), msgid


def test_kazakh_text_has_no_latin_words():
    # Names and literal prefixes a person types or sees as they are.
    allowed = {
        "AkimDesk",
        "KZ",
        "IBAN",
        "PDF",
        "JSON",
        "CSV",
        "XLSX",
        "Windows",
        "http",
        "https",
        "akd",
    }
    for m in catalog("kk"):
        if m.id:
            words = set(re.findall(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", m.string)))
            assert words <= allowed, (m.id, words)


def test_switching_language_changes_strings_and_formats():
    i18n.set_language("kk")
    assert i18n._("Fines") == "Айыппұлдар"
    assert i18n.format_money(8650050) == "86\u00a0500,50\u00a0₸"
    assert "қараша" in i18n.format_long_date(date(2026, 11, 23))
    i18n.set_language("ru")
    assert i18n._("Fines") == "Штрафы"
    assert i18n.format_money(8650050) == "86\u00a0500,50\u00a0₸"
    assert "ноября" in i18n.format_long_date(date(2026, 11, 23))


def test_catalogs_compile_with_babel(tmp_path):
    for lang in ("kk", "ru"):
        out = tmp_path / f"{lang}.mo"
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile", "-i",
                        str(ROOT / f"resources/i18n/{lang}/LC_MESSAGES/akimdesk.po"), "-o", str(out),
                        "-l", lang], check=True, capture_output=True)  # fmt: skip
        assert out.stat().st_size > 1000


def test_a_catalog_is_compiled_once_and_kept_by_its_content(tmp_path, monkeypatch):
    """Without .mo files (a source checkout) each start compiled both catalogs with Babel, a
    tenth of the start-up; now the compiled catalog is kept in the user's cache folder, under
    the hash of the .po it came from, and compiled again only when that changes or is damaged."""
    po = tmp_path / "akimdesk.po"
    po.write_bytes((ROOT / "resources/i18n/kk/LC_MESSAGES/akimdesk.po").read_bytes())
    monkeypatch.setattr(i18n, "_cache_folder", lambda: tmp_path / "cache")
    compiled = []
    real = i18n._compile_po
    monkeypatch.setattr(i18n, "_compile_po", lambda *a: compiled.append(1) or real(*a))
    assert i18n._compiled(po, "kk").gettext("Fines") == "Айыппұлдар"
    assert i18n._compiled(po, "kk").gettext("Fines") == "Айыппұлдар" and len(compiled) == 1
    po.write_bytes(po.read_bytes().replace('msgstr "Айыппұлдар"'.encode(), 'msgstr "Ж"'.encode()))
    assert i18n._compiled(po, "kk").gettext("Fines") == "Ж" and len(compiled) == 2
    (kept,) = (tmp_path / "cache").glob("akimdesk-kk-*.mo")  # the earlier version is gone
    kept.write_bytes(b"damaged")
    assert i18n._compiled(po, "kk").gettext("Fines") == "Ж" and len(compiled) == 3


def test_money_is_written_exactly_as_babel_writes_it():
    """format_money reads Babel's currency format once per language; every amount comes out as
    Babel's format_currency writes it."""
    from decimal import Decimal

    from babel.numbers import format_currency

    amounts = [0, 1, 9, 10, 99, 100, 101, 12_345, 99_999_999, 123_456_789_012, 5, -1, -250,
               -12_345_678, 8_650_050, 10**15 + 7]  # fmt: skip
    for lang in ("kk", "ru"):
        for tiyn in amounts:
            babel = format_currency(Decimal(tiyn) / 100, "KZT", locale=i18n.locale_of(lang))
            assert i18n.format_money(tiyn, lang) == babel, (lang, tiyn)
