"""The printed forms, read back with pdftotext in both languages: what an official signs."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from akimdesk import reports
from akimdesk.domain import catalog
from akimdesk.reports.fines import ReportError
from akimdesk.services import officials
from akimdesk.services.fines import cases
from akimdesk.services.fines.validation import DecisionInput
from akimdesk.services.officials import OfficialInput
from akimdesk.sync import refdata as sync_refdata
from tests.conftest import ACTOR, OFFICE, TODAY
from tests.pdf import pdf_fonts, pdf_text, pdf_words
from tests.test_fines_lifecycle import article, case_input

KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
REQUISITES = {
    "valid_from": "2025-01-01", "beneficiary_bin": "081240013779", "iik": "KZ24070105KSN0000000",
    "bik": "KKMFKZ2A", "kbe": "11", "knp": "911",
    "beneficiary_kk": "Сарқан ауданы бойынша мемлекеттік кірістер басқармасы",
    "beneficiary_ru": "УГД по Сарканскому району", "bank_kk": "ҚР ҚМ Қазынашылық комитеті",
    "bank_ru": "Комитет казначейства Министерства финансов РК",
}  # fmt: skip
AKIM = OfficialInput("Серікбаев Ерлан Қайратұлы", "Ақсу ауылдық округінің әкімі",
                     "Аким Аксуского сельского округа", is_akim=True)  # fmt: skip
CLERK = OfficialInput("Қасымова Әсел Бауыржанқызы", "Аппараттың бас маманы",
                      "Главный специалист аппарата")  # fmt: skip


def district_requisites(db) -> None:
    """The district's payment requisites, as a sync page brings them."""
    rid = str(catalog.requisites_id(OFFICE.bin, date(2025, 1, 1)))
    row = {"dataset": "requisites", "id": rid, "rev": 7, "data": REQUISITES}
    sync_refdata.apply_page(db, {"cursor": 7, "rows": [row]})


@pytest.fixture
def staff(db):
    return officials.save(db, ACTOR, AKIM), officials.save(db, ACTOR, CLERK)


@pytest.fixture
def decided_case(db, staff):
    district_requisites(db)
    c = cases.create_case(
        db, ACTOR,
        case_input(db, admits_offence=True, explanation="Келісемін", author_id=staff[1].id,
                   protocol_time="10:30", protocol_place="Ақсу ауылы, әкімдік ғимараты",
                   id_doc_kind="id_card", id_doc_number="045612378", id_doc_issuer="ҚР ІІМ",
                   id_doc_date=date(2019, 5, 20), workplace="«Береке» ШҚ, жүргізуші",
                   witnesses="Ким Ольга Петровна\nСейітов Нұрлан", interpreter="Ахметова Гүлнар",
                   hearing_date=TODAY - timedelta(days=15), hearing_time="10:00",
                   hearing_place="Ақсу ауылы, Абай көшесі, 12", erap_number="252110000123456",
                   erap_date=TODAY - timedelta(days=18)),
        today=TODAY,
    )  # fmt: skip
    c = cases.issue_decision(
        db,
        ACTOR,
        c.id,
        DecisionInput(TODAY - timedelta(days=15), "fine", 20, staff[0].id),
        today=TODAY,
    )
    return cases.deliver_decision(db, ACTOR, c.id, TODAY - timedelta(days=14), today=TODAY)


def render(db, tmp_path, name, params, lang):
    path = tmp_path / f"{name}-{lang}.pdf"
    path.write_bytes(reports.render(name, db, params, lang))
    return path


def text(db, tmp_path, name, number, lang) -> str:
    return pdf_words(render(db, tmp_path, name, {"number": number}, lang))


def flat(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def test_decision_in_the_codes_words_in_both_languages(db, tmp_path, decided_case):
    number = decided_case.number
    kk = text(db, tmp_path, "fine-decision", number, "kk")
    assert "Әкімшілік құқық бұзушылық туралы іс бойынша қаулы" in kk and "ҚАУЛЫ ЕТТІ" in kk
    assert "Әкімшілік жауаптылыққа тартылатын адам: Әбілқайыров Ұлан Өтегенұлы, ЖСН" in kk
    assert (
        "505-бабының 1-бөлігінде көзделген әкімшілік құқық бұзушылықты жасағаны үшін кінәлі" in kk
    )
    assert "20 АЕК" in kk and "86 500,00 ₸" in kk and "МРП" not in kk
    assert "Істі қараған" in kk and "Ақсу ауылдық округінің әкімі Серікбаев Ерлан Қайратұлы" in kk
    # Every requisite labelled in full: БИК and КБК are no longer both "БСК".
    assert "Банктің сәйкестендіру коды" in kk and "Бюджеттік сыныптама коды" in kk
    assert "БСК" not in kk.replace("БСН", "")
    ru = text(db, tmp_path, "fine-decision", number, "ru")
    assert "ПОСТАНОВИЛ" in ru and "Подвергнуть" not in ru
    assert "Лицо, привлекаемое к ответственности: Әбілқайыров Ұлан Өтегенұлы, ИИН" in ru
    assert ("признать виновным(ой) в совершении административного правонарушения, "
            "предусмотренного частью 1 статьи 505 КоАП РК") in ru  # fmt: skip
    assert "вышестоящему должностному лицу или в районный суд в течение 10 дней" in ru
    assert "1 МРП = 4 325,00 ₸" in ru and "день составления протокола" in ru
    assert "Код бюджетной классификации (КБК) 204101" in ru and "Кбе) 11" in ru
    assert "УГД по Сарканскому району" in ru and "Комитет казначейства" in ru
    assert "Место рассмотрения Ақсу ауылы, Абай көшесі, 12" in ru
    assert "Смягчающие обстоятельства лицо признаёт факт совершения правонарушения" in ru
    fonts = pdf_fonts(tmp_path / "fine-decision-kk.pdf")
    assert "DejaVuSans" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts  # all embedded


def test_mrp_of_the_protocol_date_is_printed_with_its_date(db, tmp_path, staff):
    # Item 1: protocol 28.12.2025, decision 05.01.2026: 10 x 3,932, not 10 x 4,325.
    data = case_input(db, offence_date=date(2025, 12, 27), protocol_date=date(2025, 12, 28),
                      article_id=article(db, "434-2", "").id, mrp_count=10)  # fmt: skip
    c = cases.create_case(db, ACTOR, data, today=date(2026, 1, 10))
    c = cases.issue_decision(
        db, ACTOR, c.id, DecisionInput(date(2026, 1, 5), "fine", 10), today=date(2026, 1, 10)
    )
    for name in ("fine-decision", "fine-notice"):
        ru = text(db, tmp_path, name, c.number, "ru")
        assert "39 320,00 ₸" in ru and "1 МРП = 3 932,00 ₸" in ru and "28.12.2025" in ru, name
        assert "4 325" not in ru and "43 250" not in ru, name


def test_protocol_prints_every_fact_and_signature(db, tmp_path, decided_case):
    kk = text(db, tmp_path, "fine-protocol", decided_case.number, "kk")
    assert "Хаттаманы жасаған Аппараттың бас маманы Қасымова Әсел Бауыржанқызы" in kk
    assert "Толтырған" not in kk
    ru = text(db, tmp_path, "fine-protocol", decided_case.number, "ru")
    for expected in (
        "Дата и время составления протокола", "10:30", "Место составления протокола Ақсу ауылы",
        "Главный специалист аппарата Қасымова Әсел Бауыржанқызы",
        "удостоверение личности № 045612378, выдан ҚР ІІМ 20.05.2019",
        "Место работы или учёбы «Береке» ШҚ", "Язык производства казахский",
        "Переводчик Ахметова Гүлнар", "№ 252110000123456",
        # the rights in full, not a one-line statement
        "знакомиться со всеми материалами дела", "бесплатно пользоваться помощью переводчика",
        "обжаловать постановление по делу",
        "Дело будет рассмотрено", "по адресу: Ақсу ауылы, Абай көшесі, 12",
        "Права мне разъяснены; копию протокола получил(а)", "Свидетель Ким Ольга Петровна",
        "Свидетель Сейітов Нұрлан", "Переводчик", "Лицо признаёт факт совершения правонарушения",
    ):  # fmt: skip
        assert expected in ru, expected
    assert "признаёт вину" not in ru


def test_refusal_to_sign_and_an_organisation(db, tmp_path, staff):
    from akimdesk.domain.identity import make_bin

    bin_ = next(b for b in (make_bin(2015, 3, 4, k) for k in range(50)) if b)
    data = case_input(db, offender_kind="organisation", offender_category="small", iin_bin=bin_,
                      org_name="ТОО «Степь-Сервис»", representative="Петров А.",
                      representative_position="директор",
                      representative_authority="устав", refused_to_sign=True, surname="",
                      first_name="", patronymic="", author_id=staff[1].id, language="ru",
                      mrp_count=30)  # fmt: skip
    c = cases.create_case(db, ACTOR, data, today=TODAY)
    ru = text(db, tmp_path, "fine-protocol", c.number, "case")  # the case's language: Russian
    assert "Протокол об административном правонарушении" in ru
    assert "Должность представителя директор" in ru
    assert "Документ, подтверждающий полномочия представителя устав" in ru
    assert "от подписи протокола отказалось" in ru and "(от подписи отказалось)" in ru
    assert ru.count("Свидетель") == 2  # blank lines for the witnesses of the refusal


def test_a_russian_document_carries_no_kazakh_from_single_language_fields(db, tmp_path, staff):
    district_requisites(db)
    data = case_input(db, language="ru", author_id=staff[1].id, description="Мусор во дворе",
                      offence_address="улица Абая, 5", surname="Ли", first_name="Юрий",
                      patronymic="Юрьевич", protocol_place="с. Аксу, здание акимата")  # fmt: skip
    data.offence_date, data.protocol_date = TODAY - timedelta(days=58), TODAY - timedelta(days=57)
    data.hearing_date, data.hearing_place = TODAY - timedelta(days=56), "с. Аксу, акимат"
    c = cases.create_case(db, ACTOR, data, today=TODAY)
    c = cases.issue_decision(
        db, ACTOR, c.id, DecisionInput(TODAY - timedelta(days=56), "fine", 20), today=TODAY
    )
    c = cases.deliver_decision(db, ACTOR, c.id, TODAY - timedelta(days=55), today=TODAY)
    cases.send_to_enforcement(db, ACTOR, c.id, TODAY, "", today=TODAY, recipient="ЧСИ Петров")
    names = (AKIM.full_name, CLERK.full_name, "Ли Юрий Юрьевич")
    for name in ("fine-protocol", "fine-hearing-notice", "fine-decision", "fine-notice",
                 "fine-enforcement-letter"):  # fmt: skip
        ru = text(db, tmp_path, name, c.number, "case")
        for person in names:
            ru = ru.replace(person, "")
        assert not KAZAKH_LETTERS.findall(ru), (name, KAZAKH_LETTERS.findall(ru), ru)


def test_hearing_notice_with_and_without_its_delivery_record(db, tmp_path, staff):
    data = case_input(db, hearing_date=TODAY + timedelta(days=3), hearing_time="11:00",
                      hearing_place="Ақсу ауылы, әкімдік", protocol_date=TODAY - timedelta(days=2),
                      offence_date=TODAY - timedelta(days=3))  # fmt: skip
    c = cases.create_case(db, ACTOR, data, today=TODAY)
    blank = text(db, tmp_path, "fine-hearing-notice", c.number, "ru")
    assert "Извещение о времени и месте рассмотрения дела" in blank
    assert "□ вручено лично" in blank and "□ отказ от получения" in blank
    assert "Извещение получил(а) (подпись лица)" in blank
    cases.record_notice_delivery(db, ACTOR, c.id, TODAY, "phone", "№ 15", today=TODAY)
    kk = text(db, tmp_path, "fine-hearing-notice", c.number, "kk")
    assert "Іс қарау" in kk or "істі қарау" in kk.lower()
    assert "телефонограммамен (№ 15)" in kk and "□" not in kk
    other = cases.create_case(db, ACTOR, case_input(db), today=TODAY)
    with pytest.raises(ReportError):
        reports.render("fine-hearing-notice", db, {"number": other.number}, "kk")


def test_enforcement_letter_and_what_came_back(db, tmp_path, staff):
    c = cases.create_case(db, ACTOR, case_input(db, offence_date=TODAY - timedelta(days=58),
                          protocol_date=TODAY - timedelta(days=57)), today=TODAY)  # fmt: skip
    c = cases.issue_decision(
        db, ACTOR, c.id, DecisionInput(TODAY - timedelta(days=56), "fine", 20), today=TODAY
    )
    c = cases.deliver_decision(db, ACTOR, c.id, TODAY - timedelta(days=55), today=TODAY)
    with pytest.raises(ReportError):
        reports.render("fine-enforcement-letter", db, {"number": c.number}, "kk")
    c = cases.send_to_enforcement(db, ACTOR, c.id, TODAY, "", today=TODAY,
                                  recipient="ЧСИ Петров А.В.", letter_no="01-15/27")  # fmt: skip
    ru = text(db, tmp_path, "fine-enforcement-letter", c.number, "ru")
    assert "Исх. № 01-15/27" in ru and "Кому: ЧСИ Петров А.В." in ru
    assert "О направлении постановления на принудительное исполнение" in ru
    assert "Непогашенный остаток 86 500,00 ₸" in ru and "Результат" not in ru
    cases.record_enforcement_result(db, ACTOR, c.id, TODAY, "returned", 1_000_000, "нет имущества",
                                    today=TODAY)  # fmt: skip
    kk = text(db, tmp_path, "fine-enforcement-letter", c.number, "kk")
    assert "Мәжбүрлеп орындау нәтижесі" in kk and "орындалмай қайтарылды" in kk
    assert "10 000,00 ₸" in kk and "Кімге: ЧСИ Петров А.В." in kk


def test_protocol_notice_both_languages(db, tmp_path, decided_case):
    number = decided_case.number
    both = text(db, tmp_path, "fine-protocol", number, "both")
    assert "Әкімшілік құқық бұзушылық туралы хаттама" in both
    assert "Протокол об административном правонарушении" in both
    assert both.index("хаттама") < both.index("Протокол об")  # Kazakh first
    assert "Келісемін" in both and decided_case.iin_bin in both
    notice = text(db, tmp_path, "fine-notice", number, "ru")
    assert "KZ24070105KSN0000000" in notice and "KKMFKZ2A" in notice and "86 500,00 ₸" in notice


def test_no_english_in_printed_forms(db, tmp_path, decided_case):
    allowed = {"AkimDesk", "KSN", "KKMFKZ"}  # the letters inside the account and the BIC
    for name in ("fine-protocol", "fine-decision", "fine-notice", "fine-hearing-notice"):
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


def test_a_commissions_signatures_are_never_cut_between_pages(tmp_path):
    """Wherever the list ends on its last page, the commission's signatures go whole to the
    next page when they do not fit: the chair and the members sign on one page, and no line to
    sign stands on a page of its own (found on an inventory list by the official's reading)."""
    from datetime import date

    from akimdesk.reports.bilingual import Bi
    from akimdesk.reports.inventory import render_list
    from akimdesk.reports.property_data import (
        CampaignDoc,
        CommissionMember,
        CountLine,
        InventoryDoc,
        OfficeDoc,
    )
    from tests.pdf import need_poppler, pdf_text

    need_poppler()
    members = (CommissionMember("Сейтқали Бауыржан", "әкімнің орынбасары", True),
               *(CommissionMember(f"Мүше{n} Ахметова", "маман", False) for n in range(1, 5)))  # fmt: skip
    campaign = CampaignDoc("15-ө", date(2026, 11, 2), date(2026, 11, 3), None, Bi("Ақсу", "Аксу"),
                           members, "")  # fmt: skip
    office = OfficeDoc(Bi("Ақсу ауылдық округі әкімінің аппараты", "Аппарат акима"))
    for n in range(20, 60, 3):  # the list ends higher and lower on its last page
        lines = tuple(CountLine(k, f"{k:06d}", Bi(f"Нысан {k}", f"Объект {k}"), 1.0, "pcs", 1990,
                                "", False, "found", "good", "good", "registered", "registered",
                                100_00, 100_00, "", "") for k in range(1, n + 1))  # fmt: skip
        doc = InventoryDoc(office, campaign, lines, n, n, 0, n * 100_00, 0)
        path = tmp_path / f"l{n}.pdf"
        path.write_bytes(render_list(doc, "kk"))
        signing = [page for page in pdf_text(path).split("\f") if "Мүше" in page]
        assert len(signing) == 1, n
        assert all(m.name in signing[0] for m in members), n
