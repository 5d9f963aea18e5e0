"""Reading a journal's cells as people wrote them: dates typed or stored by Excel, amounts with
spaces and "тг", ИИН that lost its leading zeros, articles as "ст. 505 ч. 1", a full name in one
cell, an organisation by its legal form, a settlement named inside an address.

Each reader returns the value or raises `CellError` with a message for the person; an empty
cell is None (or "").
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from akimdesk.i18n import Msg, msg
from akimdesk.services.journal.text import clean, clean_lines, fold


class CellError(Exception):
    def __init__(self, field: str, message: str | Msg) -> None:
        super().__init__(field)
        self.field, self.message = field, message


def text(value: Any) -> str:
    return clean(value)


def lines(value: Any) -> str:
    """The text of a field kept in several lines: line breaks stay."""
    return clean_lines(value)


# --- dates --------------------------------------------------------------------------------
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel counts a 29 Feb 1900)
_DMY = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})[./\-](\d{1,2})[./\-](\d{1,2})$")
_TAIL = re.compile(r"(\s*(г|года|ж|жыл|жылы)\.?)+$|\s+\d{1,2}:\d{2}(:\d{2})?$")


def to_date(value: Any, field: str, today: date | None = None) -> date | None:
    """An Excel date, a day number Excel shows as a date, or text: dd.mm.yyyy, dd.mm.yy,
    dd/mm/yyyy, yyyy-mm-dd (with "г." or a time after it)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and 1 <= value < 2958466 and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise _not_a_date(field, value)
    raw = clean(value)
    if not raw:
        return None
    s = _TAIL.sub("", raw.rstrip(". ").lower()).strip()
    try:
        if m := _DMY.match(s):
            d, mo, y = (int(g) for g in m.groups())
            if len(m.group(3)) == 2:
                y = _century(y, today or date.today())
            return date(y, mo, d)
        if m := _YMD.match(s):
            y, mo, d = (int(g) for g in m.groups())
            return date(y, mo, d)
        if s.isdigit() and 20000 <= int(s) < 80000:  # a day number saved as text
            return _EXCEL_EPOCH + timedelta(days=int(s))
    except ValueError:
        pass
    raise _not_a_date(field, raw)


def _century(yy: int, today: date) -> int:
    """ "01.10.25" is 2025; "12.03.58" (a birth date) is 1958."""
    return 2000 + yy if 2000 + yy <= today.year else 1900 + yy


def _not_a_date(field: str, value: Any) -> CellError:
    return CellError(field, msg("Not a date: «{value}». Use DD.MM.YYYY.", value=clean(value)))


# --- numbers and amounts ------------------------------------------------------------------
_CURRENCY = re.compile(r"тенге|теңге|тнг|тг|kzt|₸", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009'’]")
_GROUPED = re.compile(r"\d[\s\u00a0\u202f\u2009'’]\d{3}(?!\d)")


def to_tiyn(value: Any, field: str) -> int | None:
    """Tenge as typed in Kazakhstan ("39 320", "39 320,00 тг", "39320.5 ₸", "39.320") in tiyn."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _not_an_amount(field, value)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _not_an_amount(field, value)
        number = Decimal(str(value))
    else:
        written = _CURRENCY.sub("", str(value))
        s = _SPACES.sub("", written).rstrip(".")
        if not s or s in ("-", "—"):
            return None
        if not re.fullmatch(r"-?[\d.,]+", s) or not any(ch.isdigit() for ch in s):
            raise _not_an_amount(field, value)
        parsed = _decimal(s, spaced=bool(_GROUPED.search(written)))
        if parsed is None:
            raise _not_an_amount(field, value)
        number = parsed
    if number < 0:
        raise CellError(field, msg("The amount cannot be negative: «{value}».", value=clean(value)))
    tiyn = number * 100
    if tiyn != tiyn.to_integral_value():
        raise _not_an_amount(field, value)
    return int(tiyn)


def _decimal(s: str, spaced: bool) -> Decimal | None:
    """Which of "." and "," is the decimal point: the last of two kinds; with thousands grouped
    by spaces, the one mark; else one kind used more than once, or once before exactly three
    digits, groups thousands ("39.320")."""
    marks = {ch for ch in s if ch in ".,"}
    if spaced and len(marks) == 1 and s.count(next(iter(marks))) == 1:
        s = s.replace(",", ".")
    elif len(marks) == 2:
        point = max(".,", key=s.rfind)
        s = s.replace("." if point == "," else ",", "").replace(point, ".")
    elif marks:
        mark = marks.pop()
        head, _, tail = s.rpartition(mark)
        if s.count(mark) > 1 or (len(tail) == 3 and head.lstrip("-") not in ("", "0")):
            s = s.replace(mark, "")
        else:
            s = s.replace(mark, ".")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _not_an_amount(field: str, value: Any) -> CellError:
    return CellError(field, msg("Not an amount: «{value}».", value=clean(value)))


def to_whole(value: Any, field: str) -> int | None:
    """A count (МРП, a year): "20", 20.0, "20,0"."""
    tiyn = to_tiyn(value, field)
    if tiyn is None:
        return None
    if tiyn % 100:
        raise CellError(field, msg("Not a whole number: «{value}».", value=clean(value)))
    return tiyn // 100


# --- yes and no ---------------------------------------------------------------------------
_YES = {"1", "да", "иә", "ия", "иа", "yes", "true", "+", "v", "✓", "признает", "мойындайды"}
_NO = {"0", "нет", "жоқ", "no", "false", "-", "—", "не признает", "мойындамайды"}


def to_bool(value: Any, field: str) -> bool | None:
    word = fold(clean(value)).rstrip(".")
    if not word:
        return None
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError(field, msg("Write yes or no: «{value}».", value=clean(value)))


# --- ИИН / БИН ----------------------------------------------------------------------------
def to_iin_bin(value: Any, field: str = "iin_bin") -> str:
    """12 digits; a number that lost its leading zeros ("80140000255") gets them back."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = _SPACES.sub("", str(value)).strip("'\"`")
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", s):  # "8.0140000255E+10", as Excel shows it
        s = str(int(Decimal(s)))
    if not s.isdigit():
        return clean(value)  # the validation says what is wrong, next to the field
    if len(s) > 12:
        raise CellError(field, msg("More than 12 digits: «{value}».", value=s))
    return s.zfill(12)
