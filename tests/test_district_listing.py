"""The district web view's pure parts: the order names sort in, periods, query links, the
district's rent sum (no server needed)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from akimdesk.district.web import period
from akimdesk.district.web.listing import link, natural_key, sort_rows
from akimdesk.district.web.property import _rent_due
from akimdesk.domain import property as rules


def test_names_sort_by_the_pages_alphabet_and_numbers_by_value():
    kk = ["Ұзынағаш №10", "Әлия", "Алма", "Ұзынағаш №2", "Яблоневка", "Ақсу", "Ілияс"]
    assert sorted(kk, key=lambda x: natural_key(x, "kk")) == [
        "Ақсу", "Алма", "Әлия", "Ұзынағаш №2", "Ұзынағаш №10", "Ілияс", "Яблоневка",
    ]  # fmt: skip
    ru = ["Ёлкино", "Еловка", "Жаркент", "№10", "№2"]
    assert sorted(ru, key=lambda x: natural_key(x, "ru")) == ["№2", "№10", "Еловка", "Ёлкино",
                                                              "Жаркент"]  # fmt: skip


def test_empty_cells_sort_last_either_way():
    rows = [{"n": 3}, {"n": None}, {"n": 1}, {"n": ""}]
    sort_rows(rows, "n", True, False, "kk")
    assert [r["n"] for r in rows][:2] == [1, 3]
    sort_rows(rows, "n", True, True, "kk")
    assert [r["n"] for r in rows][:2] == [3, 1] and rows[2]["n"] in (None, "")


def test_periods_from_the_query():
    day = date(2026, 11, 23)
    q4, bad = period.parse({"year": "2026", "quarter": "4"}, day)
    assert (q4.start, q4.end, q4.slug(), bad) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        "2026-Q4",
        False,
    )
    feb, _ = period.parse({"year": "2024", "month": "2"}, day)
    assert (feb.end, feb.slug(), feb.whole_months(), feb.loose_days()) == (
        date(2024, 2, 29), "2024-02", (date(2024, 2, 1), date(2024, 3, 1)), [])  # fmt: skip
    odd, _ = period.parse({"from": "17.02.2025", "to": "2026-05-09"}, day)
    assert odd.whole_months() == (date(2025, 3, 1), date(2026, 5, 1))
    assert odd.loose_days() == [(date(2025, 2, 17), date(2025, 3, 1)),
                                (date(2026, 5, 1), date(2026, 5, 10))]  # fmt: skip
    inside, _ = period.parse({"from": "03.03.2026", "to": "20.03.2026"}, day)
    assert inside.whole_months() is None and inside.loose_days() == [
        (date(2026, 3, 3), date(2026, 3, 21))]  # fmt: skip
    year, bad = period.parse({"from": "31.02.2026", "to": "01.01.2026"}, day)
    assert (year.slug(), bad) == ("2026", True)
    assert period.parse({}, day)[0].slug() == "2026"


def test_links_keep_the_query_but_the_export():
    assert link("year=2026&export=by_office&cases_p=3", cases_p=4) == "?year=2026&cases_p=4"
    assert link("year=2026&show=stale", show=None) == "?year=2026"


@given(st.dates(date(2020, 1, 1), date(2030, 1, 1)), st.integers(0, 1200), st.integers(0, 1200),
       st.integers(1, 10**8))  # fmt: skip
def test_rent_due_in_one_step_is_the_rules_month_by_month(start, length, upto, monthly):
    stop = date.fromordinal(start.toordinal() + length)
    until = min(stop, date.fromordinal(start.toordinal() + upto))
    by_month = sum(rules.rent_due(monthly, start, stop, m) for m in rules.months_of(start, until))
    assert _rent_due(monthly, start, stop, until) == by_month


def test_a_reference_name_from_an_id_its_text_or_nothing():
    import uuid

    from akimdesk.district.web.core import name_of

    known = uuid.uuid4()
    names = {known: "Ақсу"}
    assert name_of(names, known) == name_of(names, str(known)) == "Ақсу"
    assert name_of(names, None) == name_of(names, "") == name_of(names, "not-an-id") == ""
    assert name_of(names, uuid.uuid4()) == ""
