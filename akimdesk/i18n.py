"""Translations (gettext catalogs maintained with Babel) and locale-aware formatting.

Plain Python: the UI layer listens for language changes through its own signal, reports ask for a
translator of a given language so a PDF can be printed in Kazakh while the window shows Russian.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from functools import cache
from pathlib import Path

from akimdesk.paths import APP_NAME, asset_path

LANGUAGES = ("kk", "ru")
DEFAULT_LANGUAGE = "kk"
DOMAIN = "akimdesk"
_LOCALES = {"kk": "kk_KZ", "ru": "ru_KZ"}  # Russian as written in Kazakhstan: the tenge is ₸

_catalogs: dict[str, gettext.NullTranslations] = {}
_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def _load(lang: str) -> gettext.NullTranslations:
    if lang in _catalogs:
        return _catalogs[lang]
    folder = asset_path("i18n", lang, "LC_MESSAGES")
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    cat: gettext.NullTranslations
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            cat = gettext.GNUTranslations(fh)
    elif po.exists():
        cat = _compiled(po, lang)
    else:
        cat = gettext.NullTranslations()
    _catalogs[lang] = cat
    return cat


def _compiled(po: Path, lang: str) -> gettext.GNUTranslations:
    """The catalog compiled, kept in the user's cache folder under its content's hash: a source
    checkout (or a build without .mo files) compiles it once, not at every start (Babel's
    parser was a tenth of the start-up time)."""
    data = po.read_bytes()
    folder = _cache_folder()
    cached = folder / f"{DOMAIN}-{lang}-{hashlib.sha256(data).hexdigest()[:24]}.mo"
    try:
        return gettext.GNUTranslations(io.BytesIO(cached.read_bytes()))
    except Exception:  # missing, unreadable or damaged: compiled again
        pass
    mo = _compile_po(data, lang)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{DOMAIN}-{lang}-*.mo"):
            old.unlink(missing_ok=True)  # the catalog's earlier versions
        partial = cached.with_name(f"{cached.name}.{os.getpid()}")
        partial.write_bytes(mo)
        partial.replace(cached)
    except OSError:
        pass  # a read-only profile: compiled in memory at each start, as before
    return gettext.GNUTranslations(io.BytesIO(mo))


def _cache_folder() -> Path:
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / "i18n"


def _compile_po(data: bytes, lang: str) -> bytes:
    # A source checkout may have no compiled .mo yet; compiling in memory keeps it runnable.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buf = io.BytesIO()
    write_mo(buf, read_po(io.BytesIO(data), locale=lang))
    return buf.getvalue()


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    _load(lang)
    changed = lang != _current
    _current = lang
    if changed:
        for listener in list(_listeners):
            listener(lang)


def get_language() -> str:
    return _current


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def _(message: str) -> str:
    return _load(_current).gettext(message)


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated later, where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _load(_current).ngettext(singular, plural, n)


def translator(lang: str | None = None) -> Callable[[str], str]:
    return _load(lang or _current).gettext


def locale_of(lang: str | None = None) -> str:
    return _LOCALES[lang or _current]


# --- formatting -----------------------------------------------------------------------------
def _babel_locale(lang: str | None = None) -> object:
    """Babel's Locale of the language, parsed once (Babel parses a locale's name on every call:
    a tenth of the time a register of 20,000 rows took to print)."""
    return _parsed_locale(locale_of(lang))


@cache
def _parsed_locale(name: str) -> object:
    from babel import Locale

    return Locale.parse(name)


def format_date(value: date | None, lang: str | None = None) -> str:
    if value is None:
        return ""
    from babel.dates import format_date as _fd

    return _fd(value, "dd.MM.yyyy", locale=_babel_locale(lang))


def format_datetime(
    value: datetime | None, lang: str | None = None, tz: tzinfo | None = None
) -> str:
    """Stored moments are UTC (models.core.utcnow); a person reads them in the PC's own time,
    or in `tz` (the district server's pages: the district's zone)."""
    if value is None:
        return ""
    from babel.dates import format_datetime as _fdt

    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(tz).replace(tzinfo=None)
    return _fdt(local, "dd.MM.yyyy HH:mm", locale=_babel_locale(lang))


def format_long_date(value: date, lang: str | None = None) -> str:
    from babel.dates import format_date as _fd

    return _fd(value, "long", locale=_babel_locale(lang))


def format_month(month: str, lang: str | None = None) -> str:
    """ "2026-05" as the month's name and year in the language ("мамыр 2026", "май 2026")."""
    from babel.dates import format_date as _fd

    return _fd(date(int(month[:4]), int(month[5:7]), 1), "LLLL y", locale=_babel_locale(lang))


def format_number(value: int | float | Decimal, lang: str | None = None) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_babel_locale(lang))


def format_money(tiyn: int | None, lang: str | None = None) -> str:
    """The one way money is written, on screen, on paper and in messages: Babel's currency format
    of kk_KZ / ru_KZ ("4 325,00 ₸"). Money is stored as whole tiyn (1/100 tenge) so sums stay
    exact; an МРП value in tenge is given as tiyn too (× 100)."""
    if tiyn is None:
        return ""
    m = _money_format(locale_of(lang))
    whole, cents = divmod(abs(tiyn), 100)
    body = f"{whole:,}".replace(",", m.group) + m.decimal + f"{cents:02d}"
    return m.minus[0] + body + m.minus[1] if tiyn < 0 else m.plus[0] + body + m.plus[1]


@dataclass(frozen=True)
class _Money:
    group: str
    decimal: str
    plus: tuple[str, str]  # what Babel writes before and after the digits
    minus: tuple[str, str]


@cache
def _money_format(locale: str) -> _Money:
    """Babel's currency format of the locale, read once from what Babel writes for a sample:
    Babel parsing the locale and the pattern for each amount was half the time a 20,000-asset
    register took to print. tests/test_i18n.py compares the two on many amounts."""
    from babel.numbers import format_currency

    def around(text: str) -> tuple[str, str]:
        return text[: text.index("1")], text[text.rindex("9") + 1 :]

    sample = format_currency(Decimal("1234567.89"), "KZT", locale=locale)
    body = sample[sample.index("1") : sample.rindex("9") + 1]  # "1 234 567,89"
    group = "" if body[1].isdigit() else body[1]
    negative = format_currency(Decimal("-1234567.89"), "KZT", locale=locale)
    return _Money(group, body[-3], around(sample), around(negative))


class Msg:
    """A message to be translated where it is shown, with values to put into it."""

    __slots__ = ("params", "text")

    def __init__(self, text: str, **params: object) -> None:
        self.text, self.params = text, params

    def render(self, lang: str | None = None) -> str:
        # A message inside a message ("Speaker 2: too long") is read in the same language.
        params = {k: v.render(lang) if isinstance(v, Msg) else v for k, v in self.params.items()}
        return translator(lang)(self.text).format(**params)

    def __repr__(self) -> str:
        return f"Msg({self.text!r}, {self.params!r})"

    def __str__(self) -> str:
        return self.text.format(**self.params)


class Msgs(Msg):
    """Several messages shown as one (one per line), each translated where it is shown."""

    def __init__(self, parts: list[Msg]) -> None:
        super().__init__("")
        self.parts = parts

    def render(self, lang: str | None = None) -> str:
        return "\n".join(p.render(lang) for p in self.parts)

    def __str__(self) -> str:
        return "; ".join(str(p) for p in self.parts)


def msg(text: str, **params: object) -> Msg:
    return Msg(text, **params)


def render(message: str | Msg, lang: str | None = None) -> str:
    return message.render(lang) if isinstance(message, Msg) else translator(lang)(message)
