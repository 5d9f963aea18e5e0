"""Words as people type them in a journal's headers and cells: case, punctuation, spaces and
filler words folded away, so that "Сумма, тг." and "СУММА (тенге)" are the same header."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

# Words that say nothing about which column it is: currency, "of the RK", "in order".
_FILLER = re.compile(
    r"(?<![\w/])(п/п|тенге|теңге|тг|kzt|рк|қр|в|во|на|по|от|и|мен|және|бойынша)(?![\w/])"
)
_SPLIT = re.compile(r"[^\w№]+")
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)


def fold(value: Any) -> str:
    """Lower case, ё as е, a Latin i typed inside a Kazakh word as the Kazakh і."""
    text = str(value or "").casefold().replace("ё", "е").replace("\u0301", "")
    if "i" in text and _CYRILLIC.search(text):
        text = re.sub(r"(?<=[а-яәғқңөұүһі])i|i(?=[а-яәғқңөұүһі])", "і", text)
    return text


def words(value: Any) -> list[str]:
    """The meaningful words of a header, folded."""
    text = _FILLER.sub(" ", fold(value).replace("₸", " "))
    return [w for w in _SPLIT.split(text) if w and w != "_"]


def key(value: Any) -> str:
    """A header's words joined: the form headers are compared in."""
    return " ".join(words(value))


def stem(word: str) -> str:
    """Enough of a word to ignore its ending ("оплата", "оплаты"; "нөмірі", "нөмір")."""
    return word[:5] if len(word) > 5 else word


def stems(value: Any) -> tuple[str, ...]:
    return tuple(sorted(stem(w) for w in words(value)))


def without_brackets(value: Any) -> str:
    """ "Сумма (в тенге)" -> "Сумма ": a bracket only qualifies the header."""
    return re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(value or ""))


def is_kazakh(value: str) -> bool:
    return any(ch in KAZAKH_LETTERS for ch in value)


def clean(value: Any) -> str:
    """A cell as text: numbers without a trailing ".0", dates as people write them, spaces
    collapsed."""
    if type(value) is str:  # most cells: checked first
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y" if value.time() == time() else "%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).split())


def clean_lines(value: Any) -> str:
    """A cell of a field of several lines (a description, witnesses, notes): its line breaks kept
    (Alt+Enter in Excel, or the app's own export), spaces collapsed within each line."""
    if not isinstance(value, str):
        return clean(value)
    lines = [" ".join(line.split()) for line in value.splitlines()]
    return "\n".join(lines).strip("\n")
