"""What a stored text may hold (domain.text), checked the same way in every form and import,
and what the exports write: no live formula in CSV or XLSX, the original text back on import."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from akimdesk.domain.fields import check_texts
from akimdesk.domain.text import bad_character, character_problem, printable
from akimdesk.models import Asset, FineCase
from akimdesk.services import accounts, office
from akimdesk.services.assemblies import meetings, members
from akimdesk.services.assemblies.validation import MemberInput
from akimdesk.services.errors import ValidationError
from akimdesk.services.fines import cases
from akimdesk.services.fines import import_export as fines_io
from akimdesk.services.property import assets, leases
from akimdesk.services.property import import_export as assets_io
from akimdesk.services.property.validation import LeaseInput
from akimdesk.storage.database import open_database
from tests.conftest import ACTOR, OFFICE, TODAY
from tests.support.assemblies import meeting_input
from tests.support.fines import case_input
from tests.support.property import asset_input


def test_the_rule():
    assert bad_character("Әбілқайыров") is None
    assert bad_character("Ахмет\x00ов") == 5
    assert bad_character("бір\nекі\tүш\r\n", multiline=True) is None
    assert bad_character("бір\nекі") == 3  # one line: no line break
    assert bad_character("a\x07b", multiline=True) == 1
    assert bad_character("a\x7fb") == 1 and bad_character("a\ud800b") == 1
    problem = character_problem("Ахмет\x00ов")
    assert "U+0000" in problem.render("kk") and "6" in problem.render("ru")
    assert "табуляци" in character_problem("a\tb").render("ru")
    assert printable("a\x00b\nc", multiline=True) == "a\\u0000b\nc"
    # One check for every register: a field of several lines (an asset's notes) keeps its line
    # breaks, a one-line field (its name) does not.
    errors = check_texts("asset", {"responsible": "ok", "notes": "x\ny", "name_kk": "x\ny"}, {})
    assert set(errors) == {"name_kk"}


def refused(call, field: str) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        call()
    assert field in exc.value.errors, exc.value.errors
    return exc.value.errors[field].render("ru")


def test_every_form_refuses_control_characters(db):
    data = case_input(db, 1)
    text = refused(lambda: cases.create_case(
        db, ACTOR, dataclasses.replace(data, surname="Ахмет\x00ов"), today=TODAY), "surname")  # fmt: skip
    assert "U+0000" in text
    refused(lambda: cases.create_case(
        db, ACTOR, dataclasses.replace(data, offence_address="Абай\tкөшесі"), today=TODAY),
        "offence_address")  # fmt: skip
    # A field of several lines keeps its line breaks and tabs.
    case = cases.create_case(
        db, ACTOR, dataclasses.replace(data, description="Бір\n\tекі"), today=TODAY
    )
    refused(lambda: cases.cancel_case(db, ACTOR, case.id, TODAY, "Қате\x1b"), "reason")
    refused(
        lambda: assets.create_asset(db, ACTOR, asset_input(name_ru="Дом\x00"), TODAY), "name_ru"
    )
    refused(lambda: assets.create_asset(db, ACTOR, asset_input(notes="a\x0cb"), TODAY), "notes")
    number = assets.create_asset(db, ACTOR, asset_input(notes="бір\nекі"), TODAY)
    with db.read() as s:
        asset_id = s.scalar(select(Asset.id).where(Asset.inventory_number == number))
    lease = LeaseInput("«Береке»\x00", "080140000255", "7-Ж", None, TODAY, TODAY, "1000")
    refused(lambda: leases.add_lease(db, ACTOR, asset_id, lease), "tenant_name")
    refused(lambda: meetings.create_meeting(db, ACTOR, meeting_input(place="Клуб\x00")), "place")
    refused(lambda: members.add_member(db, ACTOR, MemberInput(
        full_name="Ким\x08", delegated_by="Жиын", delegated_on=date(2024, 3, 1))), "full_name")  # fmt: skip
    refused(lambda: office.update(db, ACTOR, dataclasses.replace(OFFICE, address="Ақсу\x00")),
            "address")  # fmt: skip
    account = accounts.AccountInput("aigerim", "Айгерім\x00", ["akim"], "uzyn-qupiya-soz-1",
                                    "uzyn-qupiya-soz-1")  # fmt: skip
    refused(lambda: accounts.create(db, ACTOR, account), "full_name")
    with db.read() as s:
        assert s.scalar(select(FineCase.description)) == "Бір\n\tекі"


HEADER = ["Номер протокола", "Дата правонарушения", "Существо правонарушения", "Статья",
          "ИИН/БИН", "Фамилия", "Имя", "Составил протокол", "Количество МРП"]  # fmt: skip


def test_an_import_reports_a_control_character_by_row(db, tmp_path):
    good = case_input(db, 1)
    rows = [
        ["П-1", "01.10.2026", "Мусор", "505-1", good.iin_bin, "Ахметов", "Ерлан", "Маман", "20"],
        ["П-2", "01.10.2026", "Мусор", "505-1", good.iin_bin, "Ахмет\x00ов", "Ерлан", "Маман",
         "20"],
        ["П-3", "01.10.2026", "Мусор\x07", "505-1", good.iin_bin, "Бекова", "Ая", "Маман", "20"],
    ]  # fmt: skip
    path = tmp_path / "f.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([HEADER, *rows])
    report = fines_io.import_file(db, ACTOR, path, today=TODAY)
    assert report.added == 1
    assert {(e.line, e.field) for e in report.errors} == {(3, "surname"), (4, "description")}
    assert "Фамилия" in fines_io.describe(report) or "Тегі" in fines_io.describe(report)


def test_an_unknown_encoding_is_named_with_those_tried(db, tmp_path):
    good = case_input(db, 1)
    line = ";".join(["П-1", "01.10.2026", "Мусор", "505-1", good.iin_bin, "Ахметов", "Ерлан",
                     "Маман", "20"])  # fmt: skip
    text = ";".join(HEADER) + "\r\n" + line + "\r\n"
    (tmp_path / "u16.csv").write_bytes(text.encode("utf-16"))  # Excel's "Unicode text"
    assert fines_io.import_file(db, ACTOR, tmp_path / "u16.csv", today=TODAY).added == 1
    for name, data in (("le.csv", text.encode("utf-16-le")), ("bin.csv", b"\x98\x00\x01" * 50)):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(fines_io.FileError) as exc:
            fines_io.import_file(db, ACTOR, tmp_path / name, today=TODAY)
        said = exc.value.message.render("ru")
        assert "UTF-8, UTF-16, Windows-1251" in said and "CSV UTF-8" in said, said


FORMULAS = [
    '=HYPERLINK("http://example.com/x","x")',
    "=cmd|' /C calc'!A0",
    "+7 701 555 12 34",
    "-ТОО «Береке»-",
    "@SUM(1+1)",
    "'=уже с апострофом",
    "''+два апострофа",
    "'Апостроф в начале",
    "#N/A",
]


def no_live_cells(path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    if fmt == "xlsx":
        ws = load_workbook(path).active
        cells = [c for row in ws.iter_rows() for c in row]
        assert cells and not [c.coordinate for c in cells if c.data_type in ("f", "e")]
    else:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            values = [v for row in csv.reader(fh, delimiter=";") for v in row]
        assert not [v for v in values if v[:1] in ("=", "+", "-", "@", "\t", "\r")]


def fresh_office(tmp_path, name: str):  # type: ignore[no-untyped-def]
    from akimdesk.services.office import set_up

    other = open_database(tmp_path / name)
    set_up(other, ACTOR, OFFICE, "ru", [("Ақсу", "Аксу"), ("Көктал", "Коктал")])
    return other


def round_trip(db, tmp_path, io, query) -> None:  # type: ignore[no-untyped-def]
    """Exports as CSV and XLSX, checks no cell is live, imports each file into a fresh office
    and compares the texts `query` selects."""
    with db.read() as s:
        original = sorted(s.execute(query).all())
    for fmt in ("csv", "xlsx"):
        path = tmp_path / f"register.{fmt}"
        io.export(db, path, fmt, "ru")
        no_live_cells(path, fmt)
        other = fresh_office(tmp_path, fmt)
        try:
            report = io.import_file(other, ACTOR, path, today=TODAY)
            assert (report.added, report.errors) == (len(FORMULAS), []), io.describe(report)
            with other.read() as s:
                back = sorted(s.execute(query).all())
        finally:
            other.close()
        assert back == original, fmt


def test_fines_exports_carry_no_formula_and_come_back_exactly(db, tmp_path):
    fields = ("surname", "first_name", "offence_address", "protocol_author", "witnesses")
    for i, formula in enumerate(FORMULAS):
        data = dataclasses.replace(
            case_input(db, i), description=f"{formula}\nекінші жол",
            **{f: formula if n == i % len(fields) else f"Мән {n}" for n, f in enumerate(fields)},
        )  # fmt: skip
        cases.create_case(db, ACTOR, data, today=TODAY)
    columns = [getattr(FineCase, f) for f in (*fields, "description")]
    round_trip(db, tmp_path, fines_io, select(*columns))


def test_asset_exports_carry_no_formula_and_come_back_exactly(db, tmp_path):
    for i, formula in enumerate(FORMULAS):
        assets.create_asset(db, ACTOR, asset_input(
            name_kk=formula, name_ru=f"Объект {i}", responsible=formula, notes=f"{formula}\n2",
            address=f"Абай көшесі, {i}"), TODAY)  # fmt: skip
    round_trip(db, tmp_path, assets_io, select(Asset.name_kk, Asset.responsible, Asset.notes))


def test_meetings_csv_carries_no_formula(db, tmp_path):
    from akimdesk.services.assemblies import publish

    meetings.create_meeting(db, ACTOR, meeting_input(place='=HYPERLINK("http://x","x")'))
    publish.export(db, tmp_path / "m.csv", "csv", "ru")
    no_live_cells(tmp_path / "m.csv", "csv")
