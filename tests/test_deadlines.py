"""Deadline arithmetic: calendar and working days, the district's holidays per year, months."""

from __future__ import annotations

from datetime import date

import pytest

from akimdesk.domain.calendar import DayCounter, YearDays, add_months, statutory_year
from akimdesk.domain.catalog import INITIAL_HOLIDAY_YEARS, holiday_row
from akimdesk.domain.fines import FineRules
from akimdesk.services import refdata
from akimdesk.services.fines import cases
from akimdesk.services.settings import DEFAULTS


def rules(years=None, **over) -> FineRules:
    values = dict(DEFAULTS)
    values.update(over)
    return FineRules.from_settings(values, years)


def seeded_years() -> dict[int, YearDays]:
    out = {}
    for year, x in INITIAL_HOLIDAY_YEARS.items():
        row = holiday_row(year, x["kurban_ait"], x["days_off"], x["workdays"])
        out[year] = YearDays.from_lists(row["holidays"], row["days_off"], row["workdays"])
    return out


def test_calendar_and_working_days():
    c = DayCounter(fallback=lambda y: statutory_year(y, ["01-01", "01-02"]))
    fri = date(2026, 11, 20)
    assert c.add(fri, 7) == date(2026, 11, 27)
    assert c.add(fri, 7, "working") == date(2026, 12, 1)  # skips two weekends
    # 1-2 January 2027 are Friday and Saturday: the Saturday's holiday gives Monday off too.
    assert c.add(date(2026, 12, 31), 1, "working") == date(2027, 1, 5)


def test_roll_forward_moves_a_deadline_off_a_weekend():
    c = DayCounter(roll_forward=True)
    assert c.add(date(2026, 11, 18), 3) == date(2026, 11, 23)  # Saturday -> Monday
    assert DayCounter().add(date(2026, 11, 18), 3) == date(2026, 11, 21)


def test_statutory_carry_over_matches_the_published_calendars():
    # 2026 (egov.kz via Kazinform): 8 March on Sunday -> 9 March; Наурыз 21-22 on the weekend
    # -> 24 and 25 March; 9 May Saturday -> 11 May; 30 Aug -> 31 Aug; 25 Oct -> 26 Oct.
    off = statutory_year(2026, DEFAULTS["calendar.holidays"], ["01-07"]).days_off
    for moved in ("03-09", "03-24", "03-25", "05-11", "08-31", "10-26"):
        assert date.fromisoformat(f"2026-{moved}") in off
    # Orthodox Christmas is not carried over (7 January 2024 was a Sunday).
    assert date(2024, 1, 8) not in statutory_year(2024, [], ["01-07"]).days_off


def test_kurban_ait_and_transfers_come_from_the_year_row():
    c = DayCounter(seeded_years(), roll_forward=True)
    assert not c.is_working(date(2026, 5, 27))  # Құрбан айт 2026, a Wednesday
    assert c.add(date(2026, 5, 17), 10) == date(2026, 5, 28)  # ends on it: moves to Thursday
    assert not c.is_working(date(2025, 1, 3)) and c.is_working(date(2025, 1, 5))  # the transfer
    # 50% window of a protocol of Friday 20.03.2026 in working days: 23-25 March are off.
    r = rules(seeded_years())
    assert r.half_pay_until(date(2026, 3, 20)) == date(2026, 4, 3)


def test_add_months_clamps_the_day():
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2024, 12, 31), 2) == date(2025, 2, 28)
    assert add_months(date(2023, 12, 30), 2) == date(2024, 2, 29)


def test_fine_deadlines_follow_settings():
    r = rules(**{"fines.roll_to_working_day": False, "fines.half_payment_day_rule": "calendar"})
    delivered = date(2026, 3, 2)
    assert r.appeal_until(delivered) == date(2026, 3, 12)
    assert r.in_force_after(r.appeal_until(delivered)) == date(2026, 3, 13)
    assert r.pay_by(date(2026, 3, 13)) == date(2026, 4, 12)
    assert r.enforcement_by(date(2026, 4, 12)) == date(2026, 4, 22)
    assert r.limitation_date(date(2026, 1, 15)) == date(2026, 3, 15)
    assert r.half_pay_until(date(2026, 11, 20)) == date(2026, 11, 27)
    w = rules(**{"fines.appeal_days": 15})  # the defaults: working days, rolled forward
    assert w.half_pay_until(date(2026, 11, 20)) == date(2026, 12, 1)
    assert w.appeal_until(delivered) == date(2026, 3, 17)
    assert w.pay_by(date(2026, 3, 13)) == date(2026, 4, 13)  # 12 April is a Sunday


@pytest.mark.parametrize("rule", ["calendar", "working"])
def test_the_50_percent_window_rule_is_a_setting(db, rule):
    from akimdesk.services import settings
    from tests.conftest import ACTOR

    settings.save(db, ACTOR, {"fines.half_payment_day_rule": rule})
    with db.read() as s:
        assert cases.rules(s).half_payment_day_rule == rule
        assert 2026 in refdata.holiday_years(s)  # the district's (here the catalog's) rows
