"""Counting deadline days: calendar days, or working days (weekends and days off skipped).

Which days are off is the district's reference data, one row per year (holidays, the first
day of Құрбан айт, the government's transfers of days off). For a year the district has not
sent, the office's settings give the fixed holidays and the statutory rule fills in the rest.
Sources disagree on which counting rule applies to some deadlines (DOMAIN.md), so that is a
setting too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from akimdesk.i18n import N_

CALENDAR = "calendar"
WORKING = "working"


@dataclass(frozen=True)
class YearDays:
    """One year: weekdays that are not worked, and weekend days that are."""

    days_off: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def from_lists(
        cls, holidays: Iterable[str], days_off: Iterable[str] = (), workdays: Iterable[str] = ()
    ) -> YearDays:
        off = {date.fromisoformat(d) for d in (*holidays, *days_off)}
        return cls(frozenset(off), frozenset(date.fromisoformat(d) for d in workdays))


def statutory_year(year: int, carried: Iterable[str], not_carried: Iterable[str] = ()) -> YearDays:
    """A year from the fixed holidays ("MM-DD"): a holiday in `carried` that falls on a weekend
    gives the next working day off; religious holidays (`not_carried`) are not carried over
    (the Law on holidays, art. 5, as quoted by the Labour ministry [R])."""
    fixed = {date.fromisoformat(f"{year}-{md}"): True for md in carried}
    fixed.update({date.fromisoformat(f"{year}-{md}"): False for md in not_carried})
    off = set(fixed)
    for day in sorted(fixed):
        if not fixed[day] or day.weekday() < 5:
            continue
        nxt = day + timedelta(days=1)
        while nxt.weekday() >= 5 or nxt in off:
            nxt += timedelta(days=1)
        off.add(nxt)
    return YearDays(frozenset(off))


class DayCounter:
    def __init__(
        self,
        years: Mapping[int, YearDays] | None = None,
        roll_forward: bool = False,
        fallback: Callable[[int], YearDays] | None = None,
    ) -> None:
        # roll_forward: a calendar-day period ending on a day off ends on the next working day.
        self._roll_forward = roll_forward
        self._years = dict(years or {})
        self._fallback = fallback or (lambda _year: YearDays())

    @classmethod
    def of_office(
        cls, values: Mapping[str, Any], years: Mapping[int, YearDays] | None = None
    ) -> DayCounter:
        """The office's working days: the district's rows per year (`years`), else the statutory
        holidays of the settings with their carry-over; the roll-forward rule of the settings."""
        return cls(
            years,
            bool(values["fines.roll_to_working_day"]),
            lambda y: statutory_year(
                y, values["calendar.holidays"], values["calendar.religious_holidays"]
            ),
        )

    def year(self, y: int) -> YearDays:
        if y not in self._years:
            self._years[y] = self._fallback(y)
        return self._years[y]

    def is_working(self, d: date) -> bool:
        days = self.year(d.year)
        if d in days.workdays:
            return True
        return d.weekday() < 5 and d not in days.days_off

    def next_working(self, d: date) -> date:
        while not self.is_working(d):
            d += timedelta(days=1)
        return d

    def add(self, start: date, days: int, rule: str = CALENDAR) -> date:
        """The last day of a period of `days` days counted from the day after `start`."""
        if rule == CALENDAR:
            end = start + timedelta(days=days)
            return self.next_working(end) if self._roll_forward else end
        end, left = start, days
        while left > 0:
            end += timedelta(days=1)
            if self.is_working(end):
                left -= 1
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
