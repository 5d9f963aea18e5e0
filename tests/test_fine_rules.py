"""The rules around a case (issue #19): repeated offences, ЕРАП, notices and their delivery,
the enforcement outcome, officials, and the register and summary counting by one rule."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from akimdesk import reports
from akimdesk.i18n import translator
from akimdesk.reports.base import FONT_BOLD
from akimdesk.reports.fines import registers as register_report
from akimdesk.services import officials, settings
from akimdesk.services.demo import generate_fines
from akimdesk.services.errors import ValidationError
from akimdesk.services.fines import cases, queries, repeat
from akimdesk.services.fines.queries import CaseFilter
from akimdesk.services.fines.validation import DecisionInput
from akimdesk.services.officials import OfficialInput
from tests.conftest import ACTOR, TODAY
from tests.pdf import pdf_words
from tests.test_fines_lifecycle import article, case_input


def in_force_penalty(db, offence: date, **over):
    """A 505-1 case decided and in force for the person of `case_input`."""
    c = cases.create_case(
        db,
        ACTOR,
        case_input(db, offence_date=offence, protocol_date=offence, **over),
        today=offence + timedelta(days=1),
    )
    c = cases.issue_decision(db, ACTOR, c.id, DecisionInput(offence, "fine", 20),
                             today=offence + timedelta(days=1))  # fmt: skip
    return cases.deliver_decision(db, ACTOR, c.id, offence, today=offence + timedelta(days=1))


def test_part_two_is_refused_without_a_prior_penalty(db):
    # Fails before #19: part 2 was accepted for anyone.
    with pytest.raises(ValidationError) as e:
        cases.create_case(db, ACTOR, case_input(db, article_id=article(db, "505", "2").id,
                                                mrp_count=30), today=TODAY)  # fmt: skip
    assert "no such penalty" in str(e.value.errors["article_id"])
    assert "жоқ" in e.value.errors["article_id"].render("kk")


def test_part_two_with_a_prior_penalty_within_a_year(db):
    prior = in_force_penalty(db, TODAY - timedelta(days=100))
    data = case_input(db, article_id=article(db, "505", "2").id, mrp_count=30)
    c = cases.create_case(db, ACTOR, data, today=TODAY)
    assert c.prior_case_id == prior.id
    with db.read() as s:
        # A new 505-1 case of the same person is told that part 2 applies.
        note = repeat.suggestion(s, data.iin_bin, article(db), TODAY - timedelta(days=20))
    assert prior.number in note.render("ru") and "часть 2" in note.render("ru")


def test_a_penalty_older_than_a_year_is_named_and_refused(db):
    prior = in_force_penalty(db, TODAY - timedelta(days=420))
    with pytest.raises(ValidationError) as e:
        cases.create_case(db, ACTOR, case_input(db, article_id=article(db, "505", "2").id,
                                                mrp_count=30), today=TODAY)  # fmt: skip
    text = e.value.errors["article_id"].render("ru")
    assert prior.number in text and "12 мес." in text


def test_which_parts_need_a_prior_penalty_is_reference_data(db):
    assert article(db, "505", "2").needs_prior and article(db, "204", "2").needs_prior
    assert not article(db, "505", "1").needs_prior and not article(db, "408", "2").needs_prior


def test_erap_number_needs_action_after_the_setting_and_filters(db):
    c = cases.create_case(db, ACTOR, case_input(db), today=TODAY)  # protocol 19 days old
    with db.read() as s:
        ids = queries.register_rowids(s, CaseFilter(needs_action=True), today=TODAY)
        row = next(iter(queries.rows_by_rowid(s, ids, TODAY).values()))
        assert row.action == "erap_missing"
        assert len(queries.register_rowids(s, CaseFilter(erap="missing"), today=TODAY)) == 1
    settings.save(db, ACTOR, {"fines.erap_days": 30})
    with db.read() as s:
        assert queries.action_counts(s, TODAY).get("erap_missing") is None
    data = cases.as_input(c)
    data.erap_number, data.erap_date = "252110000123456", TODAY - timedelta(days=18)
    cases.correct_case(db, ACTOR, c.id, data, "", today=TODAY)
    with db.read() as s:
        assert len(queries.register_rowids(s, CaseFilter(erap="present"), today=TODAY)) == 1
    with pytest.raises(ValidationError) as e:  # a date without its number
        data.erap_number = ""
        cases.correct_case(db, ACTOR, c.id, data, "", today=TODAY)
    assert "erap_number" in e.value.errors


def test_erap_number_is_exported(db, tmp_path):
    from akimdesk.services.fines import import_export

    data = case_input(db, erap_number="252110000999", erap_date=TODAY - timedelta(days=18))
    cases.create_case(db, ACTOR, data, today=TODAY)
    path = tmp_path / "x.csv"
    import_export.export(db, path, "csv", "ru")
    text = path.read_text(encoding="utf-8-sig")
    assert "Номер ЕРАП" in text and "252110000999" in text


def test_hearing_notice_delivery_and_a_decision_in_absence(db):
    data = case_input(db, hearing_date=TODAY - timedelta(days=10), hearing_time="10:00",
                      hearing_place="Ақсу ауылы, әкімдік")  # fmt: skip
    c = cases.create_case(db, ACTOR, data, today=TODAY)
    absent = DecisionInput(TODAY - timedelta(days=10), "fine", 20, present=False)
    with pytest.raises(ValidationError) as e:  # not notified: cannot be decided in absence
        cases.issue_decision(db, ACTOR, c.id, absent, today=TODAY)
    assert "present" in e.value.errors
    with pytest.raises(ValidationError):  # after the hearing it did not notify
        cases.record_notice_delivery(db, ACTOR, c.id, TODAY - timedelta(days=9), "post", "",
                                     today=TODAY)  # fmt: skip
    cases.record_notice_delivery(db, ACTOR, c.id, TODAY - timedelta(days=14), "refused",
                                 "акт об отказе", today=TODAY)  # fmt: skip
    c = cases.issue_decision(db, ACTOR, c.id, absent, today=TODAY)
    assert not c.offender_present and c.decision_place == "Ақсу ауылы, әкімдік"
    c = cases.get_case(db, c.id)
    assert [(d.document, d.method) for d in c.deliveries] == [("hearing_notice", "refused")]
    assert "notice_delivered" in [e.kind for e in c.events]


def test_enforcement_outcome_returned_then_executed(db):
    c = in_force_penalty(db, TODAY - timedelta(days=70))
    with pytest.raises(ValidationError):  # the covering letter needs its addressee
        cases.send_to_enforcement(db, ACTOR, c.id, TODAY, "", today=TODAY)
    c = cases.send_to_enforcement(db, ACTOR, c.id, TODAY, "", today=TODAY, recipient="ЧСИ")
    with pytest.raises(ValidationError) as e:  # executed means the whole balance
        cases.record_enforcement_result(db, ACTOR, c.id, TODAY, "executed", 100, "", today=TODAY)
    assert "recovered" in e.value.errors
    c = cases.record_enforcement_result(db, ACTOR, c.id, TODAY, "returned", 500_000, "",
                                        today=TODAY)  # fmt: skip
    assert c.stage == "enforcement" and c.paid_tiyn == 500_000 and c.recovered_tiyn == 500_000
    c = cases.record_enforcement_result(db, ACTOR, c.id, TODAY, "executed", c.balance_tiyn,
                                        "ПП-7", today=TODAY)  # fmt: skip
    assert c.stage == "closed" and c.balance_tiyn == 0 and c.enforcement_result == "executed"
    assert queries.status_of_case(c, TODAY) == "paid"


def test_one_akim_at_a_time_and_nobody_deleted(db):
    first = officials.save(db, ACTOR, OfficialInput("А", "әкім", "аким", is_akim=True))
    second = officials.save(db, ACTOR, OfficialInput("Б", "әкім", "аким", is_akim=True))
    officials.save(db, ACTOR, OfficialInput("А", "әкім", "аким", active=False), first.id)
    with db.read() as s:
        assert officials.akim(s).id == second.id
        assert len(officials.listing(s)) == 2 and len(officials.listing(s, active_only=True)) == 1
    with pytest.raises(ValidationError) as e:
        officials.save(db, ACTOR, OfficialInput("В", "", "аким"))
    assert "position_kk" in e.value.errors


@pytest.mark.parametrize("basis", ["protocol", "offence", "decision"])
def test_register_and_summary_agree_and_say_which_date(db, tmp_path, basis):
    # Fails before #19: for one period the register counted by protocol date and the summary
    # by decision and payment dates (70 cases: 2,569,050 vs 2,997,225 imposed).
    generate_fines(db, ACTOR, 300, today=TODAY)
    period = {"date_from": date(2026, 1, 1), "date_to": date(2026, 10, 31), "basis": basis,
              "today": TODAY}  # fmt: skip
    with db.read() as s:
        found = queries.period_cases(s, period["date_from"], period["date_to"], basis, TODAY)
    lines = queries.summarise(found)
    assert sum(x.cases for x in lines) == len(found)
    assert sum(x.imposed_tiyn for x in lines) == sum(c.imposed_tiyn for c in found)
    totals = {}
    for name in ("fines-register", "fines-summary"):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(reports.render(name, db, period, "ru"))
        words = pdf_words(path)
        money = re.findall(r"\d[\d\u00a0 ]*,\d\d ₸", words)
        totals[name] = money
        label = {"protocol": "по дате протокола", "offence": "по дате правонарушения",
                 "decision": "по дате постановления"}[basis]  # fmt: skip
        pages = int(re.findall(r"стр\. (\d+)", words)[-1])
        assert words.count(f"Дела ({label}): с 01.01.2026 по 31.10.2026") >= pages + 1, name
        assert "Наложено: штрафы по вынесенным и не отменённым постановлениям" in words
    imposed = sum(c.imposed_tiyn for c in found)
    shown = f"{imposed // 100:,}".replace(",", " ") + f",{imposed % 100:02d} ₸"
    assert shown in " ".join(totals["fines-register"]) and shown in " ".join(
        totals["fines-summary"]
    )


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_register_headers_never_break_inside_a_word(db, tmp_path, lang):
    generate_fines(db, ACTOR, 120, today=TODAY)
    period = {"date_from": date(2025, 1, 1), "date_to": TODAY}
    x = register_report.load(db, period)
    head, _rows, widths, style = register_report.register_table(x, lang, translator(lang))
    size = 8 if style == "head" else 6.5
    for h, w in zip(head, widths, strict=True):
        for word in h.split():
            assert stringWidth(word, FONT_BOLD, size) <= w - 12, (h, word)  # 6 pt pads a side
    path = tmp_path / "r.pdf"
    path.write_bytes(reports.render("fines-register", db, period, lang))
    text = pdf_words(path)
    for h in head:
        assert h in text, h  # each header word comes back whole
    if lang == "kk":
        assert "АЕК" in text and "МРП" not in text


def test_an_older_database_gets_the_new_facts_and_prints(tmp_path):
    """v0.1.0's file (migrations 0003-0009): its cases keep the office's language, the catalog's
    repeat parts and КБК, the holiday years, and its documents print in both languages."""
    import shutil
    from pathlib import Path

    from sqlalchemy import select

    from akimdesk.models import FineCase, HolidayYear, OffenceArticle
    from akimdesk.storage.database import open_database

    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "v0.1.0.sqlite3", folder / "akimdesk.sqlite3")
    db = open_database(folder)
    try:
        with db.read() as s:
            arts = {a.code: a for a in s.scalars(select(OffenceArticle))}
            assert arts["505-2"].needs_prior and not arts["505-1"].needs_prior
            assert arts["505-1"].kbk == "204101"
            assert {h.year for h in s.scalars(select(HolidayYear))} >= {2025, 2026}
            numbers = [c.number for c in s.scalars(select(FineCase))]
            assert {c.language for c in s.scalars(select(FineCase))} == {"kk"}
        for number in numbers:
            for lang in ("kk", "ru"):
                assert reports.render("fine-protocol", db, {"number": number}, lang)[:4] == b"%PDF"
    finally:
        db.close()
