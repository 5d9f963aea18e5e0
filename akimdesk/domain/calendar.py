"""Counting deadline days: calendar days, or working days (weekends and listed holidays skipped).

Sources disagree on which rule applies to some deadlines (DOMAIN.md), so the rule is a setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from akimdesk.i18n import N_

CALENDAR = "calendar"
WORKING = "working"


class DayCounter:
    def __init__(self, holidays: Iterable[str] = (), roll_forward: bool = False) -> None:
        # roll_forward: a calendar-day period ending on a day off ends on the next working day.
        self._roll_forward = roll_forward
        # Holidays are "MM-DD" (every year) or "YYYY-MM-DD" (one year: moved days off).
        self._yearly = {h for h in holidays if len(h) == 5}
        self._dated = {h for h in holidays if len(h) == 10}

    def is_working(self, d: date) -> bool:
        if d.weekday() >= 5:
            return False
        return d.strftime("%m-%d") not in self._yearly and d.isoformat() not in self._dated

    def add(self, start: date, days: int, rule: str = CALENDAR) -> date:
        """The last day of a period of `days` days counted from the day after `start`."""
        if rule == CALENDAR:
            end = start + timedelta(days=days)
        else:
            end, left = start, days
            while left > 0:
                end += timedelta(days=1)
                if self.is_working(end):
                    left -= 1
        while rule == CALENDAR and self._roll_forward and not self.is_working(end):
            end += timedelta(days=1)
        return end


def add_months(start: date, months: int) -> date:
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


FUTURE = N_("The date cannot be in the future.")


def in_future(day: date | None, today: date) -> bool:
    """Dates of what has happened (an election, an offence, a payment, a signature) are never
    after today; a status computed from such a date would be wrong."""
    return day is not None and day > today


def read_typed_date(text: str, today: date) -> date | None:
    """A date as people type it: 28.11.2026, 28112026, 28.11.26, 28/11/2026, 2026-11-28.
    None for an empty text; ValueError (with a message id and the text) for a partial or
    impossible date, never a guess."""
    raw = text.strip()
    if not raw:
        return None
    parts = [p for p in _SEPARATORS.split(raw) if p]
    if not all(p.isdigit() for p in parts):
        raise TypedDateError(NOT_A_DATE, raw)
    if len(parts) == 1:
        digits = parts[0]
        if len(digits) == 8 or len(digits) == 6:
            parts = [digits[:2], digits[2:4], digits[4:]]
        else:
            raise TypedDateError(PARTIAL_DATE, raw)
    if len(parts) != 3:
        raise TypedDateError(PARTIAL_DATE, raw)
    if len(parts[0]) == 4:  # ISO: year first
        parts = [parts[2], parts[1], parts[0]]
    day, month, year = parts
    if len(year) == 2:
        year_n = 2000 + int(year)
        if year_n > today.year + 10:  # "28.11.65" is a birth date, not one forty years ahead
            year_n -= 100
    elif len(year) == 4:
        year_n = int(year)
    else:
        raise TypedDateError(PARTIAL_DATE, raw)
    if len(day) > 2 or len(month) > 2 or not 1900 <= year_n <= 2100:
        raise TypedDateError(NO_SUCH_DATE, raw)
    try:
        return date(year_n, int(month), int(day))
    except ValueError:
        raise TypedDateError(NO_SUCH_DATE, raw) from None


_SEPARATORS = re.compile(r"[.\-/\s,]+")
PARTIAL_DATE = N_("Enter the whole date: day, month and year, e.g. 28.11.2026.")
NO_SUCH_DATE = N_("There is no such date: {date}.")
NOT_A_DATE = N_("Enter the date in digits, e.g. 28.11.2026.")


class TypedDateError(ValueError):
    def __init__(self, message: str, text: str) -> None:
        super().__init__(message)
        self.message, self.text = message, text
