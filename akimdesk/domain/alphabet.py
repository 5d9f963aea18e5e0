"""The order of words as a Kazakh or Russian reader expects it in a printed list.

Python orders text by code point, which puts the Kazakh letters Ә Ғ Қ Ң Ө Ұ Ү Һ after Я and І
before А: «Әкімшілік ғимараттар» came after «Электр желілері». Here a word is ordered by the
alphabet of its language, case set aside; ё goes with е in Russian, as dictionaries have it.
"""

from __future__ import annotations

KAZAKH = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
RUSSIAN = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
_ORDER = {
    "kk": {ch: i for i, ch in enumerate(KAZAKH)},
    "ru": {**{ch: i for i, ch in enumerate(RUSSIAN)}, "ё": RUSSIAN.index("е")},
}


def sort_key(text: str, lang: str) -> tuple[tuple[int, int], ...]:
    """A key that orders `text` by the alphabet of `lang` ("kk" or "ru"): spaces, digits and
    signs first (by code point), then the letters of the alphabet, then any other letter."""
    order = _ORDER["kk" if lang == "kk" else "ru"]
    key = []
    for ch in text.casefold():
        at = order.get(ch)
        if at is not None:
            key.append((1, at))
        else:
            key.append((2 if ch.isalpha() else 0, ord(ch)))
    return tuple(key)
