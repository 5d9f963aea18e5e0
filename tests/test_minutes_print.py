"""Printed minutes read back with poppler in both languages; publishing; the command line."""

from __future__ import annotations

import json

import pytest

from akimdesk import reports
from akimdesk.reports.base import ReportError
from akimdesk.services.assemblies import meetings, publish
from akimdesk.services.errors import ValidationError
from tests.conftest import ACTOR, TODAY
from tests.pdf import pdf_fonts, pdf_halves, pdf_text
from tests.support.assemblies import make_meeting, make_members
from tests.test_cli import run


@pytest.fixture
def signed(db):
    ids = make_members(db, ACTOR, 10)
    mid, ref = make_meeting(db, ACTOR, ids, present=8, items=3)
    meetings.sign(db, ACTOR, mid, today=TODAY)
    meetings.add_addendum(db, ACTOR, mid, "Хатшы қатесі", "Екінші мәселе бойынша «қарсы» — 2.")
    return mid, ref


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def flat(text: str) -> str:
    return " ".join(text.split())


def test_minutes_in_kazakh_and_russian(db, signed, tmp_path):
    _, ref = signed
    kk = flat(
        pdf_text(write(tmp_path, "kk.pdf", reports.render("minutes", db, {"meeting": ref}, "kk")))
    )
    assert "Жергілікті қоғамдастық жиналысының хаттамасы" in kk and "№ 1/2026" in kk
    assert "КҮН ТӘРТІБІ" in kk and "ШЕШТІ" in kk and "Шешім қабылданды" in kk
    assert "жақтап — 7, қарсы — 1, қалыс қалған — 0" in kk
    assert "жиналыстың 10 мүшесінен қатысқаны: 8" in kk and "Кворум бар" in kk
    assert "Хатшы қатесі" in kk and "Төраға" in kk and "Хатшы" in kk
    assert "Бюджет жобасы келісілсін" in kk and "Серікбаев Ерлан Қайратұлы" in kk
    ru = flat(
        pdf_text(write(tmp_path, "ru.pdf", reports.render("minutes", db, {"meeting": ref}, "ru")))
    )
    assert "Протокол собрания местного сообщества" in ru and "ПОВЕСТКА ДНЯ" in ru
    assert "РЕШИЛИ" in ru and "Согласовать проект бюджета" in ru and "Решение принято" in ru
    assert "8 из 10 членов собрания" in ru and "Дополнение № 1" in ru
    for text in (kk, ru):
        assert "ПРОЕКТ" not in text and "ЖОБА" not in text
    assert "DejaVuSans" in pdf_fonts(tmp_path / "kk.pdf")


@pytest.mark.parametrize("layout", ["sequential", "columns"])
def test_minutes_in_both_languages(db, signed, tmp_path, layout):
    _, ref = signed
    path = write(tmp_path, f"{layout}.pdf",
                 reports.render("minutes", db, {"meeting": ref, "layout": layout}, "both"))  # fmt: skip
    if layout == "columns":
        kk, ru = (flat(t) for t in pdf_halves(path))  # Kazakh on the left, Russian on the right
    else:
        kk = ru = flat(pdf_text(path))
    assert "Жергілікті қоғамдастық жиналысының хаттамасы" in kk and "Бюджет жобасы келісілсін" in kk
    assert "Протокол собрания местного сообщества" in ru and "Согласовать проект бюджета" in ru
    if layout == "columns":
        assert "Протокол" not in kk and "хаттамасы" not in ru


def test_draft_is_marked_and_attendance_sheet_and_extract(db, tmp_path):
    ids = make_members(db, ACTOR, 10)
    votes = {"votes_for": 4, "votes_against": 0}
    _, ref = make_meeting(db, ACTOR, ids, present=4, items=2, votes=votes)  # no quorum
    kk = flat(
        pdf_text(write(tmp_path, "d.pdf", reports.render("minutes", db, {"meeting": ref}, "kk")))
    )
    assert "ЖОБА — қол қойылмаған" in kk and "КВОРУМ ЖОҚ" in kk
    assert "Кворум болмады: шешім қабылдау мүмкін болмады" in kk and "ШЕШТІ" not in kk
    sheet = flat(pdf_text(write(tmp_path, "s.pdf",
                                reports.render("attendance-sheet", db, {"meeting": ref}, "ru"))))  # fmt: skip
    assert "Лист регистрации" in sheet and "Подпись" in sheet
    assert "Әбілқайырова Гүлнар" in sheet and "Серікбаев Мұрат" in sheet
    with pytest.raises(ReportError):  # voted without a quorum: there is no decision to extract
        reports.render("decision-extract", db, {"meeting": ref, "item": 2}, "kk")
    with pytest.raises(ReportError):
        reports.render("decision-extract", db, {"meeting": ref, "item": 9}, "kk")
    with pytest.raises(ReportError):
        reports.render("minutes", db, {"meeting": "77/2026"}, "kk")


def test_publish_signed_minutes(db, signed, tmp_path):
    mid, _ = signed
    pdf, data = publish.publish(db, mid, tmp_path / "out")
    content = json.loads(data.read_text("utf-8"))
    assert content["format"] == "akimdesk.minutes/2" and content["number"] == "1/2026"
    assert content["attendance"] == {
        "present": 8, "entitled": 10, "quorum_required": 5, "quorum": True,
        "members_present": content["attendance"]["members_present"],
    }  # fmt: skip
    assert len(content["attendance"]["members_present"]) == 8
    assert [i["adopted"] for i in content["agenda"]] == [True, True, True]
    assert content["agenda"][0]["title_ru"].startswith("О согласовании")
    assert content["addenda"][0]["reason"] == "Хатшы қатесі"
    text = pdf_text(pdf)
    assert "хаттамасы" in text and "Протокол" in text
    draft_id, _ = meetings.create_meeting(db, ACTOR, make_draft_input())
    with pytest.raises(ValidationError):
        publish.publish(db, draft_id, tmp_path / "out")


def make_draft_input():
    from tests.support.assemblies import meeting_input

    return meeting_input()


def test_command_line(tmp_path):
    data = tmp_path / "data"
    out = run("demo", "--meetings", "40", data_dir=data).stdout
    assert "Үлгі жиналыстар қосылды: 40" in out
    exported = tmp_path / "m.json"
    assert (
        "40"
        in run(
            "export", "meetings", "--format", "json", "--out", str(exported), data_dir=data
        ).stdout
    )
    meetings_json = json.loads(exported.read_text("utf-8"))
    assert len(meetings_json) == 40
    ref = meetings_json[0]["number"]
    pdf = tmp_path / "m.pdf"
    run(
        "print",
        "minutes",
        ref,
        "--lang",
        "both",
        "--layout",
        "columns",
        "--out",
        str(pdf),
        data_dir=data,
    )
    text = pdf_text(pdf)
    assert ref in text and "хаттамасы" in text and "Протокол" in text
    csv_path = tmp_path / "m.csv"
    run(
        "export",
        "meetings",
        "--format",
        "csv",
        "--lang",
        "ru",
        "--out",
        str(csv_path),
        data_dir=data,
    )
    lines = csv_path.read_text("utf-8-sig").splitlines()
    assert lines[0].startswith("№;Вид;Дата;Место;Статус") and len(lines) == 41
    missing = run("print", "minutes", "999/2026", "--out", str(pdf), data_dir=data, check=False)
    assert (
        missing.returncode == 1 and "999/2026" in missing.stderr and "табылмады" in missing.stderr
    )
