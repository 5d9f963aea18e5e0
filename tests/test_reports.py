"""The printed forms, read back with pdftotext in both languages; the font is embedded."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from akimdesk import reports
from akimdesk.reports.fines import ReportError
from akimdesk.services.fines import cases
from akimdesk.services.fines.validation import DecisionInput
from tests.conftest import ACTOR, TODAY
from tests.pdf import pdf_fonts, pdf_text
from tests.test_fines_lifecycle import case_input


@pytest.fixture
def decided_case(db):
    c = cases.create_case(
        db, ACTOR, case_input(db, admits_offence=True, explanation="Келісемін"), today=TODAY
    )
    c = cases.issue_decision(
        db, ACTOR, c.id, DecisionInput(TODAY - timedelta(days=15), "fine", 20), today=TODAY
    )
    return cases.deliver_decision(db, ACTOR, c.id, TODAY - timedelta(days=14), today=TODAY)


def render(db, tmp_path, name, params, lang):
    path = tmp_path / f"{name}-{lang}.pdf"
    path.write_bytes(reports.render(name, db, params, lang))
    return path


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_decision_in_kazakh_and_russian(db, tmp_path, decided_case):
    number = decided_case.number
    kk = flat(pdf_text(render(db, tmp_path, "fine-decision", {"number": number}, "kk")))
    assert "Әкімшілік құқық бұзушылық туралы іс бойынша қаулы" in kk
    assert "Ақсу ауылдық округі әкімінің аппараты" in kk
    assert "Әбілқайыров Ұлан Өтегенұлы" in kk and "ҚАУЛЫ ЕТТІ" in kk
    assert "86 500,00 ₸" in kk and "20 АЕК" in kk
    ru = flat(pdf_text(render(db, tmp_path, "fine-decision", {"number": number}, "ru")))
    assert "Постановление по делу об административном правонарушении" in ru
    assert "Аппарат акима Аксуского сельского округа" in ru and "ПОСТАНОВИЛ" in ru
    assert "в течение 10 дней" in ru and "КБК 204101" in ru
    fonts = pdf_fonts(tmp_path / "fine-decision-kk.pdf")
    assert "DejaVuSans" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts  # all embedded


def test_protocol_notice_both_languages(db, tmp_path, decided_case):
    number = decided_case.number
    both = flat(pdf_text(render(db, tmp_path, "fine-protocol", {"number": number}, "both")))
    assert "Әкімшілік құқық бұзушылық туралы хаттама" in both
    assert "Протокол об административном правонарушении" in both
    assert both.index("хаттама") < both.index("Протокол об")  # Kazakh first
    assert "Келісемін" in both and decided_case.iin_bin in both
    notice = flat(pdf_text(render(db, tmp_path, "fine-notice", {"number": number}, "ru")))
    assert "KZ24070105KSN0000000" in notice and "KKMFKZ2A" in notice and "86 500,00 ₸" in notice


def test_register_and_summary(db, tmp_path, decided_case):
    period = {"date_from": date(2026, 11, 1), "date_to": TODAY}
    reg = flat(pdf_text(render(db, tmp_path, "fines-register", period, "kk")))
    assert "Әкімшілік құқық бұзушылық істерінің тізілімі" in reg and decided_case.number in reg
    summary = flat(pdf_text(render(db, tmp_path, "fines-summary", period, "ru")))
    assert "Сводка по административным штрафам" in summary and "505-1" in summary
    assert "86 500,00 ₸" in summary


def test_no_english_in_printed_forms(db, tmp_path, decided_case):
    allowed = {"AkimDesk", "KSN", "KKMFKZ"}  # the letters inside the office's account and BIC
    for name in ("fine-protocol", "fine-decision", "fine-notice"):
        for lang in ("kk", "ru"):
            words = re.findall(
                r"[A-Za-z]{3,}",
                pdf_text(render(db, tmp_path, name, {"number": decided_case.number}, lang)),
            )
            assert set(words) <= allowed, (name, lang, set(words) - allowed)


def test_decision_of_a_case_without_one_is_refused(db):
    c = cases.create_case(db, ACTOR, case_input(db), today=TODAY)
    with pytest.raises(ReportError) as e:
        reports.render("fine-decision", db, {"number": c.number}, "kk")
    assert c.number in e.value.message.render("ru")
