"""A text of a printed document in Kazakh and Russian, "" where it was not entered."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bi:
    """One text in Kazakh and Russian; "" where it was not entered."""

    kk: str = ""
    ru: str = ""

    def text(self, lang: str) -> str:
        return self.kk if lang == "kk" else self.ru

    def shown(self, lang: str) -> tuple[str, str | None]:
        """What a printout in `lang` shows: its own text, else the other language's with that
        language named (the caller marks it); None when the text is in `lang` or empty."""
        own = self.text(lang)
        if own or not (self.kk or self.ru):
            return own, None
        other = "ru" if lang == "kk" else "kk"
        return self.text(other), other

    def best(self, lang: str) -> str:
        """The text in `lang`, else the one there is (an asset's name typed in one language)."""
        return self.text(lang) or self.kk or self.ru

    @property
    def one_language(self) -> bool:
        return bool(self.kk) != bool(self.ru)


def bi(language: str, own: str, other: str) -> Bi:
    """A text typed in the language of the minutes, and its translation."""
    own, other = (own or "").strip(), (other or "").strip()
    return Bi(own, other) if language == "kk" else Bi(other, own)


__all__ = ["Bi", "bi"]
