"""Deadline arithmetic from settings: calendar and working days, holidays, months."""

from __future__ import annotations

from datetime import date

from akimdesk.domain.calendar import DayCounter, add_months
from akimdesk.domain.fines import FineRules
from akimdesk.services.settings import DEFAULTS


def rules(**over) -> FineRules:
    values = dict(DEFAULTS)
    values.update(over)
    return FineRules.from_settings(values)


def test_calendar_and_working_days():
    c = DayCounter(["01-01", "01-02"])
    fri = date(2026, 11, 20)
    assert c.add(fri, 7) == date(2026, 11, 27)
    assert c.add(fri, 7, "working") == date(2026, 12, 1)  # skips two weekends
    assert c.add(date(2026, 12, 31), 1, "working") == date(2027, 1, 4)  # holidays + weekend


def test_roll_forward_moves_a_deadline_off_a_weekend():
    c = DayCounter([], roll_forward=True)
    assert c.add(date(2026, 11, 18), 3) == date(2026, 11, 23)  # Saturday -> Monday
    assert DayCounter([]).add(date(2026, 11, 18), 3) == date(2026, 11, 21)


def test_add_months_clamps_the_day():
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2024, 12, 31), 2) == date(2025, 2, 28)
    assert add_months(date(2023, 12, 30), 2) == date(2024, 2, 29)


def test_fine_deadlines_follow_settings():
    r = rules()
    delivered = date(2026, 3, 2)
    assert r.appeal_until(delivered) == date(2026, 3, 12)
    assert r.in_force_after(r.appeal_until(delivered)) == date(2026, 3, 13)
    assert r.pay_by(date(2026, 3, 13)) == date(2026, 4, 12)
    assert r.enforcement_by(date(2026, 4, 12)) == date(2026, 4, 22)
    assert r.limitation_date(date(2026, 1, 15)) == date(2026, 3, 15)
    assert r.half_pay_until(date(2026, 11, 20)) == date(2026, 11, 27)
    w = rules(**{"fines.half_payment_day_rule": "working", "fines.appeal_days": 15})
    assert w.half_pay_until(date(2026, 11, 20)) == date(2026, 12, 1)
    assert w.appeal_until(delivered) == date(2026, 3, 17)
