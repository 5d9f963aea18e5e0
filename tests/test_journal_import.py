"""Offices' own Excel journals imported as they are: titles and merged cells over the table, kk and
ru headers in the clerk's words, number-typed ИИН, text and Excel dates, names in one cell,
organisations, paid and unpaid rows, bad rows; one operation, nothing twice, nothing in a trial."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from akimdesk.models import (
    AuditEntry,
    FineCase,
    FineDelivery,
    FineEvent,
    FinePayment,
    JournalMapping,
    OutboxEntry,
    Settlement,
)
from akimdesk.services.errors import PermissionDenied
from akimdesk.services.fines import import_export
from akimdesk.services.journal import FileError, Options, describe, write_errors
from akimdesk.services.operation import Actor
from tests.conftest import ACTOR, TODAY
from tests.support import journals

AUTHOR = {"protocol_author": "Сейтқали Б."}


def counts(db) -> dict[str, int]:
    with db.read() as s:
        return {
            m.__name__: s.scalar(select(func.count()).select_from(m))
            for m in (
                FineCase,
                FineEvent,
                FinePayment,
                FineDelivery,
                AuditEntry,
                OutboxEntry,
                JournalMapping,
            )
        }


def by_iin(db) -> dict[str, FineCase]:
    with db.read() as s:
        names = {st.id: st.name_kk for st in s.scalars(select(Settlement))}
        out = {}
        for c in s.scalars(select(FineCase)):
            c.settlement_name = names.get(c.settlement_id)  # type: ignore[attr-defined]
            out[c.iin_bin] = c
        return out


def check_cases(db, report, entries, first_line: int) -> None:
    """Every good entry is a case as expected; every bad one an error on its line and column."""
    cases = by_iin(db)
    errors = {e.line: e.field for e in report.errors}
    for line, e in enumerate(entries, start=first_line):
        if "error" in e.expect:
            assert errors.get(line) == e.expect["error"], (line, describe(report))
            continue
        iin = journals.to_text_iin(e.iin)
        case = cases[iin]
        for name, value in e.expect.items():
            got = case.settlement_name if name == "settlement" else getattr(case, name)  # type: ignore[attr-defined]
            assert got == value, (line, name, got, value)
    assert report.added == sum("error" not in e.expect for e in entries)


def test_russian_journal_under_titles_and_merged_cells(db, tmp_path):
    path = journals.fines_ru(tmp_path / "journal.xlsx")
    report = import_export.import_file(db, ACTOR, path, today=TODAY,
                                       options=Options(values=AUTHOR))  # fmt: skip
    assert report.problem is None, describe(report)
    assert (report.sheet, report.header_row) == ("2025", 4)
    fields = {c.header: c.field for c in report.columns}
    assert fields["ФИО нарушителя"] == "offender" and fields["Сумма, тг"] == "amount"
    assert fields["Подпись"] is None  # shown as not imported, never dropped silently
    check_cases(db, report, journals.FINES, first_line=6)  # row 5 holds the column numbers
    assert report.totals == [6 + len(journals.FINES)]
    assert report.dates_to_check == 3
    text = describe(report)
    assert "«Подпись»" in text and "10-жол" in text  # Kazakh, with the file's row numbers
    amount_error = next(e for e in report.errors if e.line == 10).message.render()
    assert "40\xa0000" in amount_error and "3\xa0932" in amount_error  # both figures


def test_kazakh_journal_with_a_header_over_two_rows(db, tmp_path):
    path = journals.fines_kk(tmp_path / "журнал.xlsx")
    report = import_export.import_file(db, ACTOR, path, today=TODAY)
    assert report.problem is None, describe(report)
    fields = {c.header: c.field for c in report.columns}
    assert fields["Төлем / сомасы"] == "paid_amount" and fields["Төлем / күні"] == "paid_date"
    assert fields["Хаттаманы толтырған"] == "protocol_author"
    check_cases(db, report, journals.FINES, first_line=4)
    with db.read() as s:
        paid = s.scalars(select(FineCase).where(FineCase.paid_tiyn > 0)).all()
    assert sorted(c.paid_tiyn for c in paid) == [7_864_000, 11_796_000]


def test_one_operation_one_audit_entry_and_nothing_twice(db, tmp_path):
    path = journals.fines_ru(tmp_path / "journal.xlsx")
    before = counts(db)
    import_export.import_file(db, ACTOR, path, today=TODAY, options=Options(values=AUTHOR))
    after = counts(db)
    assert after["AuditEntry"] - before["AuditEntry"] == 1
    written = sum(
        after[k] - before[k] for k in ("FineCase", "FineEvent", "FinePayment", "FineDelivery")
    )
    assert after["OutboxEntry"] - before["OutboxEntry"] == written  # every record is sent
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.entity) == ("fines.import", "journal_import")
    assert entry.after["added"] == 6 and entry.after["records"]["fine_case"] == 6
    assert entry.after["file"] == "journal.xlsx" and entry.after["first"] == "2025-00001"
    again = import_export.import_file(db, ACTOR, path, today=TODAY, options=Options(values=AUTHOR))
    assert (again.added, again.skipped, again.bad_rows) == (0, 6, 3)
    assert counts(db) == after  # not even an audit entry


def test_the_import_goes_through_the_roles_of_the_single_write_path(db, tmp_path):
    path = journals.fines_ru(tmp_path / "journal.xlsx")
    before = counts(db)
    with pytest.raises(PermissionDenied):
        import_export.import_file(db, Actor("Бухгалтер", frozenset({"accountant"})), path,
                                  today=TODAY, options=Options(values=AUTHOR))  # fmt: skip
    assert counts(db) == before


def test_a_trial_run_writes_nothing_and_says_what_would_happen(db, tmp_path):
    path = journals.fines_ru(tmp_path / "journal.xlsx")
    before = counts(db)
    trial = import_export.import_file(db, ACTOR, path, today=TODAY,
                                      options=Options(values=AUTHOR, dry_run=True, preview=10))  # fmt: skip
    assert counts(db) == before
    assert (trial.added, trial.bad_rows) == (6, 3)
    first = trial.preview[0]
    assert first.line == 6 and first.values["offender"] == "Ахметов Ерлан Қайратұлы"
    assert first.values["mrp_count"] == "20"
    refused = next(p for p in trial.preview if p.line == 10)
    assert "amount" in refused.errors and refused.values["offender"] == "Омаров Бауыржан"
    real = import_export.import_file(db, ACTOR, path, today=TODAY, options=Options(values=AUTHOR))
    assert (real.added, real.bad_rows) == (trial.added, trial.bad_rows)


def test_the_refused_rows_file_imports_once_fixed(db, tmp_path):
    path = journals.fines_ru(tmp_path / "journal.xlsx")
    report = import_export.import_file(db, ACTOR, path, today=TODAY,
                                       options=Options(values=AUTHOR))  # fmt: skip
    errors = tmp_path / "errors.xlsx"
    assert write_errors(report, errors) == 3
    wb = load_workbook(errors)
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header[: len(journals.RU_HEADERS)] == journals.RU_HEADERS and header[-1] == "Қате"
    assert "3\xa0932" in ws.cell(2, len(header)).value  # why, in the person's language
    amount, iin = header.index("Сумма, тг") + 1, header.index("ИИН") + 1
    ws.cell(2, amount).value = "78 640"  # 20 МРП of 2025
    ws.cell(3, amount).value = "78 640"
    ws.cell(4, iin).value = journals.iin(date(1988, 1, 2), True, 21)
    wb.save(errors)
    again = import_export.import_file(db, ACTOR, errors, today=TODAY,
                                      options=Options(values=AUTHOR))  # fmt: skip
    assert (again.added, again.errors) == (3, []), describe(again)
    assert {c.header: c.field for c in again.columns}["Қате"] == "error"


def test_a_csv_whose_first_4_kb_hold_no_complete_row(db, tmp_path):
    path = tmp_path / "journal.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Номер протокола", "Дата", "ФИО", "ИИН", "Статья", "Сумма", "Составил",
                    "Существо правонарушения", "Объяснение"])  # fmt: skip
        # Two long texts, each within the catalogue's 2,000 characters, commas and semicolons.
        long = "Мусор, строительные отходы, ветки; " * 57
        said = "Вывезу сам, в субботу; прошу не штрафовать, впервые. " * 37
        for n in (1, 2):
            e = journals.FINES[n - 1]
            w.writerow([f"П-{n}", "12.03.2025", e.name, journals.to_text_iin(e.iin), "505-1",
                        "78 640", "Маман Б.", long, said])  # fmt: skip
    text = path.read_text("utf-8-sig")
    assert text.index("\n", text.index("\n") + 1) > 4096  # the first row ends past 4 KB
    report = import_export.import_file(db, ACTOR, path, today=TODAY)
    assert (report.added, report.errors) == (2, []), describe(report)
    case = by_iin(db)[journals.PERSON_2001]
    assert case.description.startswith("Мусор, строительные") and case.explanation == said.strip()


def test_nothing_known_is_said_with_what_was_seen(db, tmp_path):
    wb = Workbook()
    wb.active.append(["Отчёт за квартал"])
    wb.active.append(["Показатель", "Значение"])
    wb.active.append(["Собрано", 100])
    wb.save(tmp_path / "other.xlsx")
    report = import_export.import_file(db, ACTOR, tmp_path / "other.xlsx", today=TODAY)
    text = describe(report)
    assert report.problem is not None and report.added == 0
    assert "«Показатель»" in text and "«Отчёт за квартал»" in text
    wb = Workbook()
    wb.active.append(["ФИО", "ИИН", "Статья", "Дата протокола"])
    wb.save(tmp_path / "empty.xlsx")
    empty = import_export.import_file(db, ACTOR, tmp_path / "empty.xlsx", today=TODAY)
    assert empty.problem is not None and "1" in describe(empty)


def test_a_required_column_missing_is_named_before_anything_is_read(db, tmp_path):
    path = journals.fines_ru(tmp_path / "journal.xlsx")
    before = counts(db)
    report = import_export.import_file(db, ACTOR, path, today=TODAY)
    assert report.problem is not None and counts(db) == before
    assert "Хаттаманы жасаған" in describe(report) and "--set protocol_author" in describe(report)


def test_a_column_mapped_by_hand_is_remembered_for_the_same_headers(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Кому выписан", "ИИН", "Статья", "Дата протокола", "Сумма", "Составил"])
    e = journals.FINES[0]
    ws.append([e.name, e.iin, "505-1", "12.03.2025", "78 640", "Маман Б."])
    wb.save(tmp_path / "a.xlsx")
    plan = import_export.plan(db, tmp_path / "a.xlsx")
    assert {c.header: c.field for c in plan.report.columns}["Кому выписан"] is None
    report = import_export.import_file(db, ACTOR, tmp_path / "a.xlsx", today=TODAY,
                                       options=Options(columns={"Кому выписан": "offender"}))  # fmt: skip
    assert report.added == 1, describe(report)
    ws.cell(2, 1).value = journals.FINES[1].name
    ws.cell(2, 2).value = journals.FINES[1].iin
    wb.save(tmp_path / "b.xlsx")  # next month's journal, the same headers
    column = next(c for c in import_export.plan(db, tmp_path / "b.xlsx").report.columns
                  if c.header == "Кому выписан")  # fmt: skip
    assert (column.field, column.how) == ("offender", "memory")
    bad = import_export.import_file(db, ACTOR, tmp_path / "b.xlsx", today=TODAY,
                                    options=Options(columns={"Нет такого": "offender"}))  # fmt: skip
    assert "Нет такого" in describe(bad)


def test_the_sheet_with_the_table_is_found_or_chosen(db, tmp_path):
    path = journals.fines_ru(tmp_path / "journal.xlsx")
    wb = load_workbook(path)
    cover = wb.create_sheet("Титул", 0)
    cover["A1"] = "Журнал начат 01.01.2025"
    wb.active = 0
    wb.save(path)
    report = import_export.import_file(db, ACTOR, path, today=TODAY, options=Options(values=AUTHOR))
    assert report.sheet == "2025" and report.added == 6
    with pytest.raises(FileError) as exc:
        import_export.import_file(db, ACTOR, path, today=TODAY,
                                  options=Options(sheet="2024", values=AUTHOR))  # fmt: skip
    assert "Титул" in exc.value.message.render()
    given = import_export.plan(db, path, Options(sheet="2025", header_row=4, values=AUTHOR))
    assert given.report.header_row == 4 and given.report.problem is None


def test_an_old_excel_file_is_named_as_such(db, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(FileError) as exc:
        import_export.import_file(db, ACTOR, path, today=TODAY)
    assert ".xlsx" in exc.value.message.render()


# --- the list of fixed assets ---------------------------------------------------------------
def test_a_list_of_fixed_assets_with_categories_by_name(db, tmp_path):
    from akimdesk.models import Asset, AssetCategory
    from akimdesk.services.property import import_export as assets_io

    path = journals.assets_ru(tmp_path / "ОС.xlsx")
    report = assets_io.import_file(db, ACTOR, path, today=TODAY)
    assert report.header_row == 3 and report.added == 3, describe(report)
    assert {e.line: e.field for e in report.errors} == {7: "category", 8: "received_on"}
    assert report.unknown == {"category": {"Спецтехника": [7]}}
    fields = {c.header: c.field for c in report.columns}
    assert fields["Износ"] == "depreciation" and "depreciation" in assets_io.REGISTER.not_stored
    with db.read() as s:
        names = {st.id: st.name_kk for st in s.scalars(select(Settlement))}
        got = {a.inventory_number: (a, s.get(AssetCategory, a.category_id).code)
               for a in s.scalars(select(Asset))}  # fmt: skip
    culture, code = got["000101"]
    assert (culture.name_ru, code, names[culture.settlement_id]) == (
        "Дом культуры",
        "culture",
        "Ақсу",
    )
    assert (culture.title_status, culture.title_number) == ("registered", "Акт № 12 от 01.02.2010")
    assert culture.title_date == date(2010, 2, 1) and culture.book_value_tiyn == 6_000_000_000
    lights, code = got["000102"]
    assert (lights.name_kk, lights.name_ru, code) == ("Көше жарығы, Абай көшесі", "", "lighting")
    assert lights.title_status == "none" and lights.received_on == date(2018, 5, 1)
    bridge, code = got["000103"]
    assert (code, bridge.title_status, names[bridge.settlement_id]) == (
        "bridge",
        "in_progress",
        "Көктал",
    )
    # The clerk says what "Спецтехника" is: the row goes in, and the choice is remembered.
    chosen = Options(names={"category": {"Спецтехника": "equipment"}})
    again = assets_io.import_file(db, ACTOR, path, today=TODAY, options=chosen)
    assert (again.added, again.skipped, again.bad_rows) == (1, 3, 1)
    with db.read() as s:
        assert s.get(JournalMapping, "assets-category:спецтехника").value == "equipment"


# --- the command line -------------------------------------------------------------------------
def test_the_command_line_report_trial_and_errors_file(db, data_dir, tmp_path, capsys):
    from akimdesk import cli

    path = journals.fines_ru(tmp_path / "journal.xlsx")
    base = ["import", "fines", str(path), "--data-dir", str(data_dir)]
    before = counts(db)
    assert cli.main([*base, "--dry-run"]) == 2  # no one who drew up the protocols
    assert "--set protocol_author" in capsys.readouterr().out
    code = cli.main([*base, "--dry-run", "--set", "protocol_author=Сейтқали Б.",
                     "--map", "Примечание="])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1 and counts(db) == before
    assert "6-жол" in out and "Ахметов Ерлан Қайратұлы" in out  # the first rows as read
    assert "10-жол, «Сумма, тг»" in out and "«Примечание»" in out
    errors = tmp_path / "errors.xlsx"
    code = cli.main([*base, "--set", "protocol_author=Сейтқали Б.", "--errors-out", str(errors)])
    assert code == 1 and counts(db)["FineCase"] == before["FineCase"] + 6
    assert load_workbook(errors).active.max_row == 4  # the header and the 3 refused rows
    assert cli.main([*base, "--map", "ФИО=offender"]) == 2
    assert "«ФИО»" in capsys.readouterr().out


def test_the_cases_with_dates_to_check_are_listed_and_checked_off(db, tmp_path):
    from akimdesk.services.errors import ValidationError
    from akimdesk.services.fines import history, queries

    path = journals.fines_ru(tmp_path / "journal.xlsx")
    import_export.import_file(db, ACTOR, path, today=TODAY, options=Options(values=AUTHOR))
    with db.read() as s:
        marked = queries.register_rowids(s, queries.CaseFilter(dates_to_check=True), today=TODAY)
        assert len(marked) == 3
        case = next(c for c in s.scalars(select(FineCase)) if c.dates_to_check)
    with pytest.raises(ValidationError):
        history.confirm_dates(db, ACTOR, case.id, " ", today=TODAY)
    history.confirm_dates(db, ACTOR, case.id, "Іс № 12/2025 қағаз папкасы", today=TODAY)
    with db.read() as s:
        assert len(queries.register_rowids(s, queries.CaseFilter(dates_to_check=True))) == 2
        events = s.scalars(select(FineEvent).where(FineEvent.case_id == case.id)).all()
        assert events[-1].kind == "dates_checked" and "12/2025" in events[-1].reason
    with pytest.raises(ValidationError):  # the mark is gone: nothing to check twice
        history.confirm_dates(db, ACTOR, case.id, "again", today=TODAY)
