"""The cell readers of a journal import, on the ways people write names, articles, amounts and
dates (hypothesis), and the header matching on real journal wording."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from akimdesk.services.fines.import_export import REGISTER as FINES
from akimdesk.services.journal.cells import CellError, to_date, to_iin_bin, to_tiyn
from akimdesk.services.journal.mapping import Matcher
from akimdesk.services.journal.names import is_organisation, split_name
from akimdesk.services.journal.refs import SettlementNames, article_candidates
from akimdesk.services.property.import_export import REGISTER as ASSETS

TODAY = date(2026, 11, 23)
LOWER = "абвгдежзийклмнопрстуфхцчшщыэюяәғқңөұүһі"
word = st.text(alphabet=LOWER, min_size=2, max_size=12).map(str.capitalize)
patronymic = st.tuples(word, st.sampled_from(["ович", "евич", "овна", "евна", "ұлы", "қызы"])).map(
    "".join
)


@given(word, word, patronymic, st.sampled_from([" ", "  ", "\u00a0", " \t"]))
def test_a_full_name_splits_into_its_three_parts(surname, name, father, gap):
    assert split_name(gap.join([surname, name, father])) == (surname, name, father)


@given(word, word)
def test_two_words_are_a_surname_and_a_name(surname, name):
    assert split_name(f" {surname} {name} ") == (surname, name, "")


@given(word, word, word, st.sampled_from(["ұлы", "қызы", "оглы"]))
def test_a_patronymic_written_as_two_words(surname, name, father, son):
    assert split_name(f"{surname} {name} {father} {son}") == (surname, name, f"{father} {son}")


def test_names_as_journals_write_them():
    assert split_name("АХМЕТОВ ЕРЛАН ҚАЙРАТҰЛЫ") == ("Ахметов", "Ерлан", "Қайратұлы")
    assert split_name("Ахметов Е.К.") == ("Ахметов", "Е.", "К.")
    assert split_name("Ли Юрий Юрьевич") == ("Ли", "Юрий", "Юрьевич")
    assert split_name("Сейтова-Ким Айгүл") == ("Сейтова-Ким", "Айгүл", "")


@pytest.mark.parametrize("name", ["ТОО «Береке»", 'ЖШС "Нұр"', "ИП Ахметов Е.К.", "Береке ШҚ",
                                  "КХ Нур", "Крестьянское хозяйство «Нур»", "АҚ Қазпошта",
                                  "ГУ Аппарат акима"])  # fmt: skip
def test_organisations_by_their_legal_form(name):
    assert is_organisation(name)


@pytest.mark.parametrize("name", ["Ахметов Ерлан", "Тоомас Ким", "Аоэлита Ақжол"])
def test_people_are_not_organisations(name):
    assert not is_organisation(name)


ARTICLE_FORMS = ["{a} ч.{p}", "{a} ч. {p}", "ст. {a} ч. {p}", "ст.{a} ч.{p} КоАП РК", "{a}-{p}",
                 "{a}.{p}", "{a}/{p}", "статья {a} часть {p}", "{a}-баптың {p}-бөлігі",
                 "ч. {p} ст. {a}", "ӘҚБтК {a} бап {p} бөлік", " {a} - {p} "]  # fmt: skip


@given(st.integers(100, 999), st.integers(1, 9), st.sampled_from(ARTICLE_FORMS))
def test_an_article_and_its_part_in_every_usual_form(article, part, form):
    assert article_candidates(form.format(a=article, p=part))[0] == (str(article), str(part))


def test_articles_with_a_dash_in_their_number_and_cells_that_are_no_article():
    assert ("434-2", "") in article_candidates("434-2")
    assert article_candidates("ст. 434-2 ч. 1")[0] == ("434-2", "1")
    assert article_candidates(505.1)[0] == ("505", "1")
    assert article_candidates(505) == [("505", "")]
    assert article_candidates("мусор у дома") == []


@st.composite
def written_amount(draw):  # type: ignore[no-untyped-def]
    tenge = draw(st.integers(0, 999_999_999))
    tiyn = draw(st.sampled_from([0, 0, 5, 50, 99]))
    suffix = draw(st.sampled_from(["", " тг", " тг.", "₸", " ₸", " тенге", " KZT"]))
    grouped = f"{tenge:,}".replace(",", draw(st.sampled_from([" ", "\u00a0", "\u202f"])))
    forms = [
        f"{grouped},{tiyn:02d}{suffix}",
        f"{tenge}.{tiyn:02d}{suffix}",
        f"{tenge:,}.{tiyn:02d}",
        f"{tenge}" + (f",{tiyn:02d}" if tiyn else "") + suffix,
    ]
    if tiyn == 0:
        forms += [tenge, f"{grouped}{suffix}", float(tenge)]
    else:
        forms.append(tenge + tiyn / 100)
    return draw(st.sampled_from(forms)), tenge * 100 + tiyn


@given(written_amount())
def test_amounts_with_spaces_commas_and_currency(case):
    written, tiyn = case
    assert to_tiyn(written, "amount") == tiyn


@pytest.mark.parametrize("bad", ["abc", "12-3", "1,2,3,4.5.6", "-500", "39 320,005"])
def test_what_is_no_amount_is_refused(bad):
    with pytest.raises(CellError):
        to_tiyn(bad, "amount")


DATE_FORMS = ["%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y г.", "%d-%m-%Y", "%d.%m.%Y 0:00:00"]


@given(st.dates(date(1930, 1, 1), date(2030, 12, 31)), st.sampled_from([*DATE_FORMS, "excel",
                                                                       "cell", "short"]))  # fmt: skip
def test_dates_as_text_as_excel_dates_and_as_day_numbers(day, form):
    if form == "cell":
        written = datetime(day.year, day.month, day.day)
    elif form == "excel":
        written = (day - date(1899, 12, 30)).days
    elif form == "short":  # two-digit years: the past century when the year would be ahead
        if not TODAY.year - 99 <= day.year <= TODAY.year:
            return
        written = day.strftime("%d.%m.%y")
    else:
        written = day.strftime(form)
    assert to_date(written, "d", TODAY) == day


def test_two_digit_years_and_bad_dates():
    assert to_date("01.10.25", "d", TODAY) == date(2025, 10, 1)
    assert to_date("12.03.58", "d", TODAY) == date(1958, 3, 12)
    assert to_date("1.3.2025", "d", TODAY) == date(2025, 3, 1)
    for bad in ("32.13.2026", "вчера", "2026", 0.5):
        with pytest.raises(CellError):
            to_date(bad, "d", TODAY)


def test_iin_typed_as_a_number_gets_its_zeros_back():
    assert to_iin_bin(10512500117) == "010512500117"
    assert to_iin_bin(10512500117.0) == "010512500117"
    assert to_iin_bin("'010512500117") == "010512500117"
    assert to_iin_bin("0105 1250 0117") == "010512500117"
    assert to_iin_bin("1.0512500117E+10") == "010512500117"
    assert to_iin_bin(None) == ""
    with pytest.raises(CellError):
        to_iin_bin("1234567890123")


def test_settlements_named_in_addresses_in_either_language():
    names = SettlementNames([(1, "Ақсу", "Аксу"), (2, "Көктал", "Коктал")])
    assert names.in_address("с. Аксу, ул. Абая 5") == 1
    assert names.in_address("Ақсу ауылы, Абай көшесі 12") == 1
    assert names.in_address("Көктал ауылында") == 2
    assert names.in_address("г. Талдыкорган, ул. Аксуская") is None
    assert names.in_address("между Аксу и Коктал") is None  # two: no guess
    assert names.named("с. Коктал") == 2 and names.named("АҚСУ") == 1


@pytest.mark.parametrize(("header", "field"), [
    ("№ п/п", "row_no"), ("ФИО нарушителя", "offender"), ("Аты-жөні", "offender"),
    ("Статья", "article"), ("Сумма, тг", "amount"), ("СУММА (тенге)", "amount"),
    ("Дата уплаты", "paid_date"), ("Дата оплаты", "paid_date"), ("ИИН", "iin_bin"),
    ("ЖСН/БСН", "iin_bin"), ("Ф.И.О.", "offender"), ("Дата постановления", "decision_date"),
    ("Қаулы күні", "decision_date"), ("Примечание", "note"), ("Ескертпе", "note"),
    ("Адрес нарушителя", "offender_address"), ("Составил протокол", "protocol_author"),
    ("Сумма штрафа в тенге", "amount"), ("Номер протокола", "protocol_number"),
])  # fmt: skip
def test_fines_headers_as_offices_word_them(header, field):
    assert Matcher(FINES).match(header)[0] == field


@pytest.mark.parametrize(("header", "field"), [
    ("Инвентарлық нөмірі", "inventory_number"), ("Инв. №", "inventory_number"),
    ("Баланстық құны", "book_value"), ("Износ", "depreciation"), ("Наименование", "name"),
    ("Дата принятия к учёту", "received_on"), ("Первоначальная стоимость, тг", "book_value"),
    ("Остаточная стоимость", "residual_value"), ("Группа", "category"),
])  # fmt: skip
def test_assets_headers_as_offices_word_them(header, field):
    assert Matcher(ASSETS).match(header)[0] == field


def test_unknown_headers_match_nothing():
    assert Matcher(FINES).match("Подпись") is None
    assert Matcher(FINES).match("") is None
