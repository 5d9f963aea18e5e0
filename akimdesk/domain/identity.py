"""ИИН (person) and БИН (legal entity) numbers: 12 digits with a check digit (DOMAIN.md §1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from akimdesk.i18n import N_

_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


def check_digit(first11: str) -> int | None:
    """The 12th digit for 11 given digits, or None when no valid number can end them."""
    digits = [int(c) for c in first11]
    c = sum(d * w for d, w in zip(digits, _W1, strict=True)) % 11
    if c == 10:
        c = sum(d * w for d, w in zip(digits, _W2, strict=True)) % 11
        if c == 10:
            return None
    return c


def _shape_error(value: str) -> str | None:
    if len(value) != 12 or not value.isdigit():
        return N_("Must be exactly 12 digits.")
    if check_digit(value[:11]) != int(value[11]):
        return N_("The check digit does not match: the number is mistyped.")
    return None


def iin_birth_date(iin: str) -> date | None:
    century = _CENTURY.get(int(iin[6]))
    if century is None:
        return None
    try:
        return date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def validate_iin(value: str, today: date | None = None) -> str | None:
    """None when valid, else an untranslated message (translate where it is shown)."""
    err = _shape_error(value)
    if err:
        return err
    if int(value[6]) not in _CENTURY:
        return N_("The 7th digit (century and sex) must be from 1 to 6.")
    born = iin_birth_date(value)
    if born is None:
        return N_("The first six digits are not a real birth date.")
    if born > (today or date.today()):
        return N_("The birth date in the number is in the future.")
    return None


def validate_bin(value: str, today: date | None = None) -> str | None:
    err = _shape_error(value)
    if err:
        return err
    month = int(value[2:4])
    if not 1 <= month <= 12:
        return N_("Digits 3-4 must be the month of registration (01-12).")
    if value[4] not in "456":
        return N_("The 5th digit must be 4, 5 or 6 (type of legal entity).")
    return None


@dataclass(frozen=True)
class IinInfo:
    birth_date: date
    male: bool


def iin_info(iin: str) -> IinInfo | None:
    born = iin_birth_date(iin)
    if born is None:
        return None
    return IinInfo(birth_date=born, male=int(iin[6]) % 2 == 1)


def make_iin(birth: date, male: bool, serial: int) -> str | None:
    """Builds a valid ИИН (demo data and tests); None if the serial gives no valid check digit."""
    century_digit = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100] + (0 if male else 1)
    first = f"{birth:%y%m%d}{century_digit}{serial % 10000:04d}"
    c = check_digit(first)
    return None if c is None else first + str(c)


def make_bin(year: int, month: int, kind: int, serial: int) -> str | None:
    first = f"{year % 100:02d}{month:02d}{kind}{serial % 1000000:06d}"
    c = check_digit(first)
    return None if c is None else first + str(c)
