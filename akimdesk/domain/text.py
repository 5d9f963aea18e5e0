"""What a text the office stores may hold: one rule for every field, whether typed in a form,
read from an imported file or received by the district server.

Control characters (NUL and the other C0 codes, DEL) are refused: a NUL cut a name short in
PostgreSQL and stopped an office's sync, and printers and spreadsheets choke on the others. A
field of several lines (a description, a reason) keeps tabs and line breaks. Lone UTF-16
surrogates cannot be stored as UTF-8 at all.

Lengths come from the field catalogue (`domain/fields.py`): `max_length` asks it first, so the
district server holds an office's records to the limits the office's forms do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any

from akimdesk.i18n import Msg, msg

# A text with no declared length still has a ceiling: the district stores every text, and a
# megabyte "name" is a fault, not a name.
DEFAULT_MAX_LENGTH = 4000


_BAD_ONE_LINE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_BAD_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def max_length(entity: str, field: str, declared: int | None = None) -> int:
    """The most characters `field` of a record of kind `entity` may hold; with `declared` (the
    stored column's size) never more than it, since a few fields are typed longer than they are
    stored (an ИИК typed with spaces)."""
    from akimdesk.domain import fields  # the catalogue imports this module's rules

    typed = fields.max_length_of(entity, field)
    if typed and declared:
        return min(typed, declared)
    return typed or declared or DEFAULT_MAX_LENGTH


def bad_character(value: str, multiline: bool = False) -> int | None:
    """The position of the first character a stored text may not hold, or None."""
    found = (_BAD_MULTILINE if multiline else _BAD_ONE_LINE).search(value)
    return found.start() if found else None


def printable(value: str, multiline: bool = False) -> str:
    """`value` with every character a stored text may not hold written as \\uXXXX: for a text
    received from outside that must be kept or shown whatever it holds."""
    if bad_character(value, multiline) is None:
        return value
    bad = _BAD_MULTILINE if multiline else _BAD_ONE_LINE
    return bad.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def character_problem(value: str, multiline: bool = False) -> Msg | None:
    """Why `value` cannot be stored, for the person who typed or imported it; None if it can."""
    at = bad_character(value, multiline)
    if at is None:
        return None
    char = value[at]
    if char in "\t\n\r":
        return msg("This field is one line: remove the tab or line break (character {n}).",
                   n=at + 1)  # fmt: skip
    return msg(
        "Remove the invisible control character (code {code}) at character {n}.",
        code=f"U+{ord(char):04X}", n=at + 1,
    )  # fmt: skip


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def items(values: Any) -> Iterable[tuple[str, Any]]:
    if is_dataclass(values) and not isinstance(values, type):
        return ((name, getattr(values, name)) for name in _field_names(type(values)))
    if isinstance(values, Mapping):
        return values.items()
    raise TypeError(f"cannot check the texts of {type(values).__name__}")


def nested_texts(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from nested_texts(k)
            yield from nested_texts(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from nested_texts(v)
