"""Cells that name reference data: an article of the Code as offices write it, and a settlement
named in an address, in Kazakh or Russian."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from akimdesk.services.journal.text import clean, fold

# Words around the numbers of an article: "ст.", "статья", "ч.", "часть", "п.", "бап", "бөлік",
# "КоАП РК", "ӘҚБтК": whole short words, or the start of longer ones.
_ARTICLE_WORDS = frozenset({"ст", "б", "ч", "п", "т", "рк", "қр", "коап", "әқбтк", "ақбтк"})
_ARTICLE_STARTS = ("стат", "бап", "баб", "кодекс")
_PART_STARTS = ("ч", "част", "бөл", "п", "пункт", "тармақ", "т")


def article_candidates(value: Any) -> list[tuple[str, str]]:
    """(article, part) pairs the cell can mean, the likeliest first: "505 ч.1", "ст. 505 ч. 1",
    "ч. 1 ст. 505", "505-1", "505.1", "505/1", "505-баптың 1-бөлігі" -> ("505", "1") then
    ("505-1", ""); "434-2" -> ("434", "2") then ("434-2", ""): the catalog decides."""
    if isinstance(value, float) and not value.is_integer():  # 505.1 typed as a number
        value = f"{value:.6f}".rstrip("0")
    tokens = re.findall(r"\d+|[^\W\d_]+", fold(clean(value)))
    numbers: list[str] = []
    labels: list[str] = []  # the word before each number
    word = ""
    for token in tokens:
        if token.isdigit():
            numbers.append(token)
            labels.append(word)
            word = ""
        elif token in _ARTICLE_WORDS or token.startswith(_ARTICLE_STARTS + _PART_STARTS):
            word = token
        else:
            return []  # words that are not about an article: not an article
    if not numbers:
        return []
    if len(numbers) == 1:
        return [(numbers[0], "")]
    first, second = numbers[0], numbers[1]
    is_part = labels[0] in ("ч", "п", "т") or labels[0].startswith(("част", "бөл", "пункт"))
    if is_part and labels[1].startswith(("ст", "бап", "баб")):  # "ч. 1 ст. 505"
        first, second = second, first
    out = [(first, second), (f"{first}-{second}", "")]
    if len(numbers) >= 3:  # "434-2 ч. 1"
        out.insert(0, (f"{first}-{second}", numbers[2]))
    return out


# Kazakh letters folded to the Russian ones people type instead ("Аксу" for "Ақсу").
_PLAIN = str.maketrans("әғқңөұүһі", "агкноуухи")
_MARKERS = frozenset({"с", "село", "а", "ауыл", "ауылы", "аул", "п", "пос", "поселок", "ст",
                      "станция", "к", "кент", "кенті", "ауылында"})  # fmt: skip
# Kazakh case endings after a name: "Ақсуда", "Ақсу ауылының", "Ақсудағы".
_ENDINGS = ("", "да", "де", "та", "те", "дағы", "дегі", "ның", "нің", "дың", "дің", "ға", "ге",
            "қа", "ке", "на", "не", "нан", "нен", "дан", "ден", "тан", "тен", "ы", "і")  # fmt: skip


def plain(value: Any) -> str:
    return fold(value).translate(_PLAIN)


def _tokens(value: Any) -> list[str]:
    return [t for t in re.split(r"[^\w\-]+", plain(value)) if t]


class SettlementNames:
    """The office's settlements by every name they go by, to read a settlement column or to find
    the settlement an address names."""

    def __init__(self, settlements: Iterable[tuple[Any, str, str]]) -> None:
        self.by_name: dict[str, Any] = {}
        self.names: list[tuple[list[str], Any]] = []
        self._seen: dict[Any, Any] = {}
        for sid, name_kk, name_ru in settlements:
            for name in (name_kk, name_ru):
                for form in {plain(name), " ".join(_tokens(name))}:
                    self.by_name.setdefault(form, sid)
                self.names.append((_tokens(name), sid))

    def named(self, value: Any) -> Any:
        """The settlement a settlement cell names ("с. Аксу", "Ақсу ауылы"), or None."""
        tokens = [t for t in _tokens(value) if t not in _MARKERS]
        return self.by_name.get(" ".join(tokens)) if tokens else None

    def in_address(self, value: Any) -> Any:
        """The one settlement an address names, or None (none, or two different ones). A journal
        repeats its addresses: each is read once."""
        try:
            return self._seen[value]
        except KeyError:
            found = self._seen[value] = self._in_address(value)
            return found
        except TypeError:  # a cell that cannot be a key
            return self._in_address(value)

    def _in_address(self, value: Any) -> Any:
        tokens = _tokens(value)
        found: dict[Any, bool] = {}  # id -> named after a marker ("с. Аксу", "Ақсу ауылы")
        for name, sid in self.names:
            n = len(name)
            for i in range(len(tokens) - n + 1):
                if tokens[i : i + n - 1] != name[:-1] or not _same_word(
                    tokens[i + n - 1], name[-1]
                ):
                    continue
                marked = (i > 0 and tokens[i - 1] in _MARKERS) or (
                    i + n < len(tokens) and tokens[i + n] in _MARKERS
                )
                found[sid] = found.get(sid, False) or marked
        if len(found) == 1:
            return next(iter(found))
        chosen = [sid for sid, m in found.items() if m]
        return chosen[0] if len(chosen) == 1 else None


def _same_word(token: str, name: str) -> bool:
    return token.startswith(name) and token[len(name) :] in _ENDINGS
