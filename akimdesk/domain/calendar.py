"""Counting deadline days: calendar days, or working days (weekends and listed holidays skipped).

Sources disagree on which rule applies to some deadlines (DOMAIN.md), so the rule is a setting.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

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
