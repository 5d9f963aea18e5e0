"""The period a district page counts: a year, a quarter, a month or any dates from–to, read
from the page's query (`year`, `quarter`, `month`, `from`, `to`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from akimdesk import i18n
from akimdesk.district.web.core import parse_year
from akimdesk.i18n import N_

QUARTER = N_("Quarter {n}, {year}")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the last day counted
    kind: str  # year | quarter | month | range

    @property
    def stop(self) -> date:
        """The day after the last."""
        return self.end + timedelta(days=1)

    @property
    def year(self) -> int:
        return self.start.year

    def slug(self) -> str:
        """For file names: 2026, 2026-Q4, 2026-03, 2026-02-17-2026-05-09."""
        if self.kind == "year":
            return str(self.year)
        if self.kind == "quarter":
            return f"{self.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}-{self.end.isoformat()}"

    def label(self, lang: str) -> str:
        t = i18n.translator(lang)
        if self.kind == "year":
            return str(self.year)
        if self.kind == "quarter":
            return t(QUARTER).format(n=(self.start.month - 1) // 3 + 1, year=self.year)
        if self.kind == "month":
            return i18n.format_month(f"{self.year:04d}-{self.start.month:02d}", lang)
        return f"{i18n.format_date(self.start, lang)} – {i18n.format_date(self.end, lang)}"

    def whole_months(self) -> tuple[date, date] | None:
        """The whole calendar months inside the period, [first, after last), or None."""
        first = self.start if self.start.day == 1 else _next_month(self.start)
        after = _next_month(self.end) if self.stop.day == 1 else self.end.replace(day=1)
        return (first, after) if first < after else None

    def loose_days(self) -> list[tuple[date, date]]:
        """The days outside whole months, as [from, to) ranges."""
        months = self.whole_months()
        if months is None:
            return [(self.start, self.stop)]
        return [(a, b) for a, b in ((self.start, months[0]), (months[1], self.stop)) if a < b]


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def _date(value: str) -> date | None:
    value = (value or "").strip()
    try:
        if "." in value:
            day, month, year = (int(x) for x in value.split("."))
            return date(year, month, day)
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def of_year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), "year")


def parse(params: Mapping[str, str], today: date) -> tuple[Period, bool]:
    """The period asked for, and whether the dates asked could not be read (the year is
    shown then, and the page says so)."""
    start, end = _date(params.get("from", "")), _date(params.get("to", ""))
    if params.get("from") or params.get("to"):
        if start and end and start <= end and start.year >= 2000 and end.year <= 2100:
            return Period(start, end, "range"), False
        return of_year(parse_year(params.get("year"), today.year)), True
    year = parse_year(params.get("year"), today.year)
    month, quarter = params.get("month", ""), params.get("quarter", "")
    if month.isdigit() and 1 <= int(month) <= 12:
        first = date(year, int(month), 1)
        return Period(first, _next_month(first) - timedelta(days=1), "month"), False
    if quarter.isdigit() and 1 <= int(quarter) <= 4:
        first = date(year, 3 * int(quarter) - 2, 1)
        last = _next_month(date(year, 3 * int(quarter), 1)) - timedelta(days=1)
        return Period(first, last, "quarter"), False
    return of_year(year), False
