"""Import of good and bad CSV/XLSX files, re-import without duplicates, export round trip."""

from __future__ import annotations

import contextlib
import csv
import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from akimdesk.domain.identity import make_iin
from akimdesk.models import FineCase, FinePayment
from akimdesk.services.demo import generate_fines
from akimdesk.services.fines import import_export
from tests.conftest import ACTOR, TODAY

HEADER = ["Номер протокола", "Дата правонарушения", "Населённый пункт", "Существо правонарушения",
          "Статья", "ИИН/БИН", "Фамилия", "Имя", "Составил протокол", "Количество МРП",
          "Дата постановления", "Дата вручения", "Оплаченная сумма", "Дата оплаты"]  # fmt: skip


def iin(n: int) -> str:
    while (v := make_iin(date(1980, 1, 1 + n % 28), True, n)) is None:
        n += 1000
    return v


def good_row(n: int) -> list:
    return [f"П-{n}", "01.10.2026", "Аксу", "Мусор у дома", "505-1", iin(n), "Ахметов", "Ерлан",
            "Маман", "20", "05.10.2026", "06.10.2026", "", ""]  # fmt: skip


def write_csv(path, rows, header=HEADER, encoding="utf-8-sig"):
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(header)
        w.writerows(rows)
    return path


def count(db, model=FineCase) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_good_rows_go_in_bad_rows_are_reported_by_line(db, tmp_path):
    rows = [good_row(1), good_row(2)]
    bad_iin = good_row(3)
    bad_iin[5] = "123456789012"
    bad_date = good_row(4)
    bad_date[1] = "32.13.2026"
    bad_article = good_row(5)
    bad_article[4] = "999-9"
    paid_too_much = good_row(6)
    paid_too_much[12], paid_too_much[13] = "999999", "10.10.2026"
    paid = good_row(7)
    paid[12], paid[13] = "86500", "10.10.2026"
    path = write_csv(
        tmp_path / "f.csv", [*rows, bad_iin, bad_date, bad_article, paid_too_much, paid]
    )
    report = import_export.import_file(db, ACTOR, path, today=TODAY)
    assert report.added == 3 and report.skipped == 0
    assert {(e.line, e.field) for e in report.errors} == {
        (4, "iin_bin"),
        (5, "offence_date"),
        (6, "article"),
        (7, "paid_amount"),  # the file's column the refused value came from
    }
    assert count(db) == 3
    assert count(db, FinePayment) == 1  # the overpaid row left nothing behind, not even its case
    text = import_export.describe(report)
    assert "4" in text and "ЖСН/БСН" in text  # Kazakh is the language in tests


def test_reimport_does_not_duplicate(db, tmp_path):
    path = write_csv(tmp_path / "f.csv", [good_row(i) for i in range(1, 6)])
    first = import_export.import_file(db, ACTOR, path, today=TODAY)
    second = import_export.import_file(db, ACTOR, path, today=TODAY)
    assert (first.added, second.added, second.skipped) == (5, 0, 5)
    assert count(db) == 5


def test_xlsx_and_cp1251_csv(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    row = good_row(11)
    row[1] = date(2026, 10, 1)  # a real date cell, as Excel stores it
    row[9] = 20
    ws.append(row)
    wb.save(tmp_path / "f.xlsx")
    assert import_export.import_file(db, ACTOR, tmp_path / "f.xlsx", today=TODAY).added == 1
    path = write_csv(tmp_path / "w.csv", [good_row(12)], encoding="cp1251")
    assert import_export.import_file(db, ACTOR, path, today=TODAY).added == 1


def test_export_round_trip(db, tmp_path):
    generate_fines(db, ACTOR, 50, today=TODAY)
    for fmt in ("csv", "xlsx", "json"):
        assert import_export.export(db, tmp_path / f"out.{fmt}", fmt, "ru") == 50
    data = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert len(data) == 50 and data[0]["penalty"] in ("штраф", "предупреждение")
    # The exported file imports into an empty register as the same number of cases.
    from akimdesk.services.office import set_up
    from akimdesk.storage.database import open_database
    from tests.conftest import OFFICE

    other = open_database(tmp_path / "other")
    set_up(other, ACTOR, OFFICE, "ru", [("Ақсу", "Аксу"), ("Көктал", "Коктал"), ("Қызылжар", "Кызылжар"),
                                       ("Жаңаталап", "Жанаталап"), ("Бірлік", "Бирлик")])  # fmt: skip
    report = import_export.import_file(other, ACTOR, tmp_path / "out.xlsx", today=TODAY)
    other.close()
    assert report.added == 50, import_export.describe(report)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=600))
def test_random_bytes_never_crash_the_importer(db, tmp_path, data):
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"random{suffix}"
        path.write_bytes(data)
        # An unreadable file is reported as such (FileError), never a crash.
        with contextlib.suppress(import_export.FileError):
            import_export.import_file(db, ACTOR, path, today=TODAY)


def test_a_csv_with_a_long_first_row_keeps_its_delimiter(db, tmp_path):
    """The delimiter was guessed from the first 4 KB, which a long description filled before any
    row ended: the guess failed, a comma was taken and the file read as nothing."""
    rows = []
    for n in (21, 22):
        # Two long texts, each within the catalogue's 2,000 characters, with commas and semicolons.
        row = [*good_row(n), "Не знал, что нельзя жечь; больше не буду, уберу. " * 40]
        row[3] = "Сжигание мусора, листвы; " * 80
        rows.append(row)
    path = write_csv(tmp_path / "long.csv", rows, header=[*HEADER, "Объяснение"])
    text = path.read_text("utf-8-sig")
    assert text.index("\n", text.index("\n") + 1) > 4096  # the first row ends past 4 KB
    report = import_export.import_file(db, ACTOR, path, today=TODAY)
    assert (report.added, report.errors) == (2, []), import_export.describe(report)
