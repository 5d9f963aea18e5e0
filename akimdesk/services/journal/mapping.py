"""Which field each column of a journal goes to: matched by the synonyms of each field, changed
by the person (`--map`, the import window), remembered for files with the same headers."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from dataclasses import field as default  # Column has a member named `field`

from akimdesk.i18n import N_, Msg, get_language, msg
from akimdesk.services.journal import synonyms
from akimdesk.services.journal.text import key, stems, without_brackets


@dataclass(frozen=True)
class Register:
    """What a register's import needs to know about its fields."""

    name: str  # "fines", "assets": also the name of its memory
    labels: dict[str, tuple[str, str]]  # every field a column may go to -> (kk, ru) label
    synonyms: dict[str, tuple[str, ...]]
    # Fields read but not stored (a row number, a value the app computes), with the reason.
    not_stored: dict[str, str | Msg] = field(default_factory=dict)
    # Each entry: fields of which one must have a column or a value for every row.
    required: tuple[tuple[str, ...], ...] = ()

    def label(self, name: str, lang: str | None = None) -> str:
        pair = self.labels.get(name)
        if pair is None:
            return name
        return pair[0] if (lang or get_language()) == "kk" else pair[1]

    def field_named(self, text: str) -> str | None:
        """A field by its name or its label in either language (for `--map` and `--set`)."""
        wanted = key(text)
        for name, (kk, ru) in self.labels.items():
            if text.strip() == name or wanted in (key(kk), key(ru)):
                return name
        return None


# Columns any journal may have, recognised and not stored.
COMMON_LABELS = {"row_no": ("Реттік нөмір", "№ п/п"), "error": ("Қате", "Ошибка")}
COMMON_NOT_STORED: dict[str, str | Msg] = {
    "row_no": N_("not stored: the journal's own numbering"),
    "error": N_("not stored: the reason a row was refused"),
}


def journal_register(
    name: str, labels: dict[str, tuple[str, str]], words: dict[str, tuple[str, ...]],
    not_stored: dict[str, str | Msg], required: tuple[tuple[str, ...], ...],
) -> Register:  # fmt: skip
    """A register's fields with the columns every journal may have added."""
    return Register(name, {**labels, **COMMON_LABELS}, {**synonyms.COMMON, **words},
                    {**COMMON_NOT_STORED, **not_stored}, required)  # fmt: skip


class Matcher:
    """Header text -> (field, how sure: 3 exact, 2 same words in another form or order,
    1 the synonym's words inside a longer header)."""

    def __init__(self, register: Register) -> None:
        self.exact: dict[str, str] = {}
        self.by_stems: dict[tuple[str, ...], str] = {}
        self.partial: list[tuple[frozenset[str], str]] = []
        for name in register.labels:
            names = [*register.labels[name], name, *register.synonyms.get(name, ())]
            for synonym in names:
                k = key(synonym)
                if not k:
                    continue
                self.exact.setdefault(k, name)
                self.by_stems.setdefault(stems(synonym), name)
                if len(k.split()) >= 2:
                    self.partial.append((frozenset(stems(synonym)), name))

    def match(self, header: object) -> tuple[str, int] | None:
        for text, sure in ((header, 3), (without_brackets(header), 3)):
            k = key(text)
            if not k:
                continue
            if k in self.exact:
                return self.exact[k], sure
            if stems(text) in self.by_stems:
                return self.by_stems[stems(text)], 2
        have = set(stems(header))
        best = [
            (len(need), name)
            for need, name in self.partial
            if need <= have and len(have) - len(need) <= 2
        ]
        return (max(best)[1], 1) if best else None


@dataclass
class Column:
    index: int
    header: str
    field: str | None  # None: not imported
    how: str  # "auto", "memory", "chosen", "none"
    samples: list[str] = default(default_factory=list)


def match_columns(headers: list[str], register: Register, matcher: Matcher) -> list[Column]:
    """Each header's best field; a field claimed by two columns goes to the surer (then the
    first) and the other is left for the person."""
    found = [matcher.match(h) for h in headers]
    owner: dict[str, int] = {}
    for i, m in enumerate(found):
        if m and (m[0] not in owner or m[1] > found[owner[m[0]]][1]):  # type: ignore[index]
            owner[m[0]] = i
    columns = []
    for i, header in enumerate(headers):
        m = found[i]
        taken = m is not None and owner.get(m[0]) == i
        columns.append(
            Column(i, header, m[0] if taken and m else None, "auto" if taken else "none")
        )
    return columns


def signature(register: Register, headers: Iterable[str]) -> str:
    """The memory's key for a set of headers: the same journal next month maps the same way."""
    text = "\x1f".join(key(h) for h in headers)
    return f"{register.name}:{hashlib.sha256(text.encode()).hexdigest()[:40]}"


def apply_memory(columns: list[Column], remembered: dict[str, str | None]) -> None:
    """`remembered`: header key -> field (None: left out), as the person last chose."""
    for c in columns:
        k = key(c.header)
        if k in remembered:
            c.field, c.how = remembered[k], "memory"
    _one_column_per_field(columns)


def remembered_form(columns: list[Column]) -> dict[str, str | None]:
    return {key(c.header): c.field for c in columns if key(c.header)}


def apply_choices(columns: list[Column], register: Register, choices: dict[str, str]) -> None:
    """`choices`: header (as in the file, or its column letter) -> field name or label; an
    empty field leaves the column out. Raises MappingError naming what is unknown."""
    for header, wanted in choices.items():
        column = _column(columns, header)
        if column is None:
            raise MappingError(msg("No column «{header}» in the file.", header=header))
        name = register.field_named(wanted) if wanted.strip() not in ("", "-") else None
        if wanted.strip() not in ("", "-") and name is None:
            raise MappingError(msg("Unknown field «{name}».", name=wanted))
        column.field, column.how = name, "chosen"
        for other in columns:
            if other is not column and name and other.field == name:
                other.field, other.how = None, "none"


def _column(columns: list[Column], header: str) -> Column | None:
    wanted = key(header)
    for c in columns:
        if key(c.header) == wanted and wanted:
            return c
    letter = header.strip().upper()
    if letter.isalpha() and letter.isascii() and len(letter) <= 2:
        index = 0
        for ch in letter:
            index = index * 26 + ord(ch) - 64
        return next((c for c in columns if c.index == index - 1), None)
    return None


def _one_column_per_field(columns: list[Column]) -> None:
    seen: set[str] = set()
    for c in columns:
        if c.field and c.field in seen:
            c.field, c.how = None, "none"
        elif c.field:
            seen.add(c.field)


def column_letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


class MappingError(Exception):
    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message
