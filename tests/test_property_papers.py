"""Property papers (issue #20, items 8-12): an asset received used keeps its accumulated
depreciation, the acts of a movement, the inventory papers, lease income's default period and the
demo's wording."""

from __future__ import annotations

from datetime import date

import pytest

from akimdesk import reports
from akimdesk.domain import property as rules
from akimdesk.domain.property import Valuation, category_id
from akimdesk.i18n import render
from akimdesk.reports.base import ReportError
from akimdesk.services.errors import ValidationError
from akimdesk.services.property import assets, queries
from akimdesk.services.property.queries import AssetFilter
from akimdesk.services.property.validation import MovementInput
from tests.conftest import ACTOR, TODAY
from tests.pdf import pdf_text
from tests.support.property import asset_input, make_campaign


def _pdf(tmp_path, name: str, data: bytes) -> str:  # type: ignore[no-untyped-def]
    """The text read back, its runs of spaces and line ends made one space."""
    path = tmp_path / name
    path.write_bytes(data)
    return " ".join(pdf_text(path).split())


# --- item 8: received with its accumulated depreciation ------------------------------------
def test_depreciation_continues_from_the_transfer_act():
    # 24 million over 20 years (240 months); the act says 12 million were depreciated: the
    # same 100,000 a month continues over the 120 months left, not a new life of 240.
    assert rules.life_when_received(20, 2_400_000_000, 1_200_000_000) == 120
    v = Valuation(2_400_000_000, date(2017, 5, 10), 120, 1_200_000_000)
    assert rules.depreciation(v, date(2017, 5, 31)) == 1_200_000_000
    assert rules.depreciation(v, date(2018, 5, 31)) == 1_200_000_000 + 12 * 10_000_000
    assert rules.depreciation(v, date(2040, 1, 1)) == 2_400_000_000
    # A road built in 1981 comes fully depreciated: nothing left to depreciate, residual 0.
    assert rules.life_when_received(20, 2_400_000_000, 2_400_000_000) == 0
    worn_out = Valuation(2_400_000_000, date(2017, 5, 10), 0, 2_400_000_000)
    assert rules.residual(worn_out, date(2026, 1, 1)) == 0
    # Nothing accumulated: the category's whole life, as before.
    assert rules.life_when_received(20, 2_400_000_000, 0) == 240
    # A revaluation later runs over what the valuation had left.
    assert rules.life_left_of(v, date(2018, 5, 31)) == 108


def _road(db, **kw) -> str:  # type: ignore[no-untyped-def]
    data = asset_input(**{
        "name_kk": "Абай көшесінің жолы", "name_ru": "Дорога по улице Абая",
        "category_id": category_id("road"), "unit": "km", "size": "2,4", "year_built": "1981",
        "received_on": date(2017, 5, 10), "acquisition_doc_date": date(2017, 5, 2),
        "book_value": "24 000 000", **kw,
    })  # fmt: skip
    return assets.create_asset(db, ACTOR, data, TODAY)


def test_asset_received_by_transfer_keeps_its_depreciation(db, tmp_path):
    number = _road(db, accumulated_depreciation="18 000 000")
    with db.read() as s:
        asset = queries.by_number(s, number)
        card = queries.card(s, asset.id, TODAY)
        (row,) = queries.register(s, AssetFilter(), TODAY)
    assert asset.initial_value_tiyn == 2_400_000_000
    assert asset.accumulated_depreciation_tiyn == 1_800_000_000
    assert asset.life_months == 60  # a quarter of 240 months left
    # June 2017 to October 2026 is more than the 60 months: fully depreciated now, never beyond.
    assert card.depreciation_tiyn == 2_400_000_000 and card.residual_tiyn == 0
    assert row.depreciation_tiyn == 2_400_000_000 and row.residual_tiyn == 0
    with db.read() as s:
        half = queries.card(s, asset.id, date(2019, 5, 31))
    assert half.depreciation_tiyn == 1_800_000_000 + 24 * 10_000_000  # 100,000 a month

    ru = _pdf(tmp_path, "card-ru.pdf", reports.render(
        "asset-card", db, {"number": number, "today": TODAY}, "ru"))  # fmt: skip
    assert "Первоначальная стоимость 24 000 000,00 ₸" in ru
    # The label wraps in its column: the value stands beside its first line.
    assert "Износ при поступлении (по 18 000 000,00 ₸ акту приёма-передачи)" in ru
    assert "Износ на 23.11.2026 24 000 000,00 ₸ Остаточная стоимость 0,00 ₸" in ru
    kk = _pdf(tmp_path, "card-kk.pdf", reports.render(
        "asset-card", db, {"number": number, "today": TODAY}, "kk"))  # fmt: skip
    assert "Бастапқы құны 24 000 000,00 ₸" in kk
    register = _pdf(tmp_path, "reg-ru.pdf", reports.render(
        "assets-register", db, {"today": TODAY}, "ru"))  # fmt: skip
    assert "Износ" in register and "Износ: 24 000 000,00 ₸" in register


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"accumulated_depreciation": "25 000 000"}, "accumulated_depreciation"),
        ({"accumulated_depreciation": "абв"}, "accumulated_depreciation"),
        ({"accumulated_depreciation": "-1"}, "accumulated_depreciation"),
        ({"accumulated_depreciation": "1000", "category_id": category_id("land"), "unit": "ha"},
         "accumulated_depreciation"),
    ],
)  # fmt: skip
def test_accumulated_depreciation_is_checked(db, kw, field):
    with pytest.raises(ValidationError) as exc:
        _road(db, **kw)
    assert field in exc.value.errors
    assert render(exc.value.errors[field], "kk")


def test_correction_and_revaluation_of_a_used_asset(db):
    number = _road(db, accumulated_depreciation="12 000 000")
    with db.read() as s:
        asset_id = queries.by_number(s, number).id
    # A typing error in the act's figure is corrected with the entry, life recomputed.
    assets.update_asset(db, ACTOR, asset_id, asset_input(
        name_kk="Абай көшесінің жолы", category_id=category_id("road"), unit="km",
        year_built="1981", received_on=date(2017, 5, 10), book_value="24 000 000",
        accumulated_depreciation="6 000 000"), TODAY)  # fmt: skip
    with db.read() as s:
        asset = queries.by_number(s, number)
        assert (asset.accumulated_depreciation_tiyn, asset.life_months) == (600_000_000, 180)
    # 2017-06 .. 2019-05: 24 months used of 180; the new value runs over the 156 left.
    assets.move(db, ACTOR, asset_id, MovementInput(
        kind="revalued", on_date=date(2019, 5, 31), decision_no="8", reason="Бағалау",
        new_value="30 000 000"), TODAY)  # fmt: skip
    with db.read() as s:
        asset = queries.by_number(s, number)
        card = queries.card(s, asset_id, date(2020, 5, 31))
    assert asset.accumulated_depreciation_tiyn == 0 and asset.life_months == 156
    assert card.history[1].value_before_tiyn == 2_400_000_000 - 600_000_000 - 24 * 10_000_000
    assert card.depreciation_tiyn == 3_000_000_000 * 12 // 156
    with pytest.raises(ValidationError) as exc:  # the act's figure no longer applies
        assets.update_asset(db, ACTOR, asset_id, asset_input(
            category_id=category_id("road"), book_value="30 000 000",
            accumulated_depreciation="1"), TODAY)  # fmt: skip
    assert "accumulated_depreciation" in exc.value.errors


# --- item 9: the acts of a movement -------------------------------------------------------
def test_transfer_and_writeoff_acts(db, tmp_path):
    from akimdesk.services.property.validation import parse_commission

    number = _road(db, accumulated_depreciation="18 000 000",
                   received_from="«Сарқан ауданының ТКШ бөлімі» ММ")  # fmt: skip
    received = _pdf(tmp_path, "r.pdf", reports.render(
        "asset-transfer-act", db, {"movement": f"{number}:1"}, "ru"))  # fmt: skip
    assert "Акт приёма-передачи имущества" in received
    assert "Передающая сторона ГУ «Сарқан ауданының ТКШ бөлімі»" in received  # its form in Russian
    assert "Принимающая сторона Аппарат акима Аксуского сельского округа" in received
    assert "24 000 000,00 ₸ 18 000 000,00 ₸ 6 000 000,00 ₸" in received  # cost, worn, residual
    assert "Износ начисляется от суммы, накопленной на день передачи" in received
    kk = _pdf(tmp_path, "r-kk.pdf", reports.render(
        "asset-transfer-act", db, {"movement": f"{number}:1"}, "kk"))  # fmt: skip
    assert "Мүлікті қабылдау-беру актісі" in kk and "«Сарқан ауданының ТКШ бөлімі» ММ" in kk
    with db.read() as s:
        asset_id = queries.by_number(s, number).id
    with pytest.raises(ValidationError) as exc:  # a write-off is the act of a commission
        assets.move(db, ACTOR, asset_id, MovementInput(
            kind="written_off", on_date=date(2026, 10, 30), decision_no="31", reason="Апатты",
            commission=parse_commission("Серікбаев Ерлан")), TODAY)  # fmt: skip
    assert "commission" in exc.value.errors
    assets.move(db, ACTOR, asset_id, MovementInput(
        kind="written_off", on_date=date(2026, 10, 30), decision_no="31",
        decision_date=date(2026, 10, 28), act_no="4",
        reason="Жол төсемі толық бұзылған, жөндеуге жатпайды.",
        commission=parse_commission("Серікбаев Ерлан Қайратұлы, әкім\nОмаров Бауыржан, бас маман\n"
                                    "Жұмабаева Айгүл, бухгалтер")), TODAY)  # fmt: skip
    off = _pdf(tmp_path, "w.pdf", reports.render(
        "asset-writeoff-act", db, {"movement": f"{number}:2"}, "ru"))  # fmt: skip
    assert off.startswith("УТВЕРЖДАЮ Аким сельского округа")  # the akim approves, at the top
    assert "Акт на списание имущества № 4 от 30.10.2026" in off
    assert "Основание решение № 31 от 28.10.2026" in off
    assert "Причина списания Жол төсемі толық бұзылған, жөндеуге жатпайды." in off
    assert "Серікбаев Ерлан Қайратұлы (әкім), Омаров Бауыржан (бас маман)" in off
    assert "Председатель комиссии" in off and "Член комиссии" in off
    assert off.index("УТВЕРЖДАЮ") < off.index("Председатель комиссии")
    with pytest.raises(ReportError):  # line 2 is a write-off, not a transfer
        reports.render("asset-transfer-act", db, {"movement": f"{number}:2"}, "kk")
    with pytest.raises(ReportError):
        reports.render("asset-writeoff-act", db, {"movement": f"{number}:7"}, "kk")


def test_print_acts_from_the_command_line(tmp_path):
    from akimdesk.models import Asset
    from akimdesk.storage.database import open_database
    from tests.test_cli import run

    data = tmp_path / "data"
    run("demo", "--assets", "120", data_dir=data)
    db = open_database(data)
    with db.read() as s:
        kinds = dict(s.query(Asset.inventory_number, Asset.acquisition).all())
    db.close()
    transferred = next(n for n, how in kinds.items() if how == "transferred")
    built = next(n for n, how in kinds.items() if how != "transferred")
    out = tmp_path / "act.pdf"
    run("print", "asset-transfer-act", f"{transferred}:1", "--lang", "ru", "--out", str(out),
        data_dir=data)  # fmt: skip
    text = " ".join(pdf_text(out).split())
    assert "Акт приёма-передачи имущества" in text
    assert "Передающая сторона ГУ «Сарқан ауданының тұрғын үй-коммуналдық" in text
    refused = run("print", "asset-transfer-act", f"{built}:1", "--out", str(out), data_dir=data,
                  check=False)  # fmt: skip
    assert refused.returncode == 1 and "беру актісі жоқ" in refused.stderr
    missing = run("print", "asset-writeoff-act", "000001:9", "--out", str(out), data_dir=data,
                  check=False)  # fmt: skip
    assert missing.returncode == 1 and "000001" in missing.stderr
    income = tmp_path / "income.pdf"
    run("print", "lease-income", "--lang", "ru", "--out", str(income), data_dir=data)
    text = " ".join(pdf_text(income).split())
    assert f"с 01.01.{date.today().year} по {date.today():%d.%m.%Y}" in text  # the year to date


# --- item 10: the inventory papers --------------------------------------------------------
def test_inventory_list_counts_and_the_act_is_approved(db, tmp_path):
    make_campaign(db)
    ru = _pdf(tmp_path, "l.pdf", reports.render("inventory-list", db, {"campaign": "15-ө"}, "ru"))
    for words in ("По данным учёта", "Фактически", "Разница", "кол-во", "стоимость",
                  "РАСПИСКА К началу проведения инвентаризации все приходные и расходные документы",
                  "Материально ответственное лицо Омаров Бауыржан"):  # fmt: skip
        assert words in ru, words
    # The road was not found: one on the books, none on the ground, its value short.
    assert "1 24 000 000,00 ₸ 0 0,00 ₸ −1 −24 000 000,00 ₸ Не найдено" in ru
    assert ru.index("РАСПИСКА") < ru.index("По данным учёта")  # signed before the count
    kk = _pdf(tmp_path, "a.pdf", reports.render("inventory-act", db, {"campaign": "15-ө"}, "kk"))
    assert kk.startswith("БЕКІТЕМІН Ауылдық округ әкімі") and "Серікбаев Ерлан Қайратұлы" in kk
    assert kk.index("БЕКІТЕМІН") < kk.index("Комиссия төрағасы")


# --- item 11: lease income ----------------------------------------------------------------
def test_lease_income_counts_the_days_of_its_period():
    # A day of December is a day's rent, not the month's (the bug: "from 01.12 to 01.12").
    assert rules.rent_for_period(3_100_000, date(2026, 1, 1), date(2026, 12, 31),
                                 date(2026, 12, 1), date(2026, 12, 1)) == 100_000  # fmt: skip
    # A lease from 16 April, the period to 10 May: half of April, 10 of May's 31 days.
    assert rules.rent_for_period(300_000, date(2026, 4, 16), date(2026, 12, 31),
                                 date(2026, 1, 1), date(2026, 5, 10)) == 150_000 + 96_774  # fmt: skip
    assert rules.rent_for_period(300_000, date(2027, 1, 1), date(2027, 6, 30),
                                 date(2026, 1, 1), date(2026, 12, 31)) == 0  # fmt: skip


def test_lease_income_without_dates_is_the_year_to_date(db, tmp_path):
    from akimdesk.services.property import leases
    from akimdesk.services.property.validation import LeaseInput, RentInput
    from tests.support.property import make_assets

    (number,) = make_assets(db, 1)
    with db.read() as s:
        asset_id = queries.by_number(s, number).id
    lease_id = leases.add_lease(db, ACTOR, asset_id, LeaseInput(
        "«Береке» ЖШС", "080140000255", "7-Ж", None, date(2025, 11, 16), date(2026, 12, 31),
        "300 000", "Дүкен"))  # fmt: skip
    leases.record_rent(
        db, ACTOR, lease_id, RentInput("2025-12", date(2026, 1, 5), "300 000"), TODAY
    )
    leases.record_rent(
        db, ACTOR, lease_id, RentInput("2026-01", date(2026, 2, 5), "300 000"), TODAY
    )
    ru = _pdf(tmp_path, "i.pdf", reports.render(
        "lease-income", db, {"today": date(2026, 12, 1)}, "ru"))  # fmt: skip
    assert "с 01.01.2026 по 01.12.2026" in ru
    # Eleven months and one day of December; both payments were made this year.
    assert "ТОО «Береке»" in ru and "ЖШС" not in ru  # the tenant's legal form in Russian
    assert "3 309 677,41 ₸ 600 000,00 ₸" in ru
    # Owed at the end: half of November 2025, December 2025 and the period, less the 600,000 paid.
    assert "3 159 677,41 ₸" in ru


# --- item 12: demo property as an office writes it ----------------------------------------
def test_demo_property_reads_as_an_office_writes_it(db, tmp_path):
    from akimdesk.services.property.demo import generate_assets

    generate_assets(db, ACTOR, 300, today=TODAY)
    with db.read() as s:
        rows = queries.register(s, AssetFilter(status=None), TODAY)
    streets = [r for r in rows if r.category_code in ("road", "sidewalk", "lighting", "drainage")]
    assert streets and all("көшесі" not in r.name_ru for r in streets)
    assert any(r.name_ru.startswith("Тротуар по улице ") for r in streets)
    assert all("көшесінің" in r.name_kk for r in streets)
    kk = _pdf(tmp_path, "i-kk.pdf", reports.render("lease-income", db, {"today": TODAY}, "kk"))
    ru = _pdf(tmp_path, "i-ru.pdf", reports.render("lease-income", db, {"today": TODAY}, "ru"))
    assert "ЖШС" in kk and "ТОО" not in kk
    assert "ТОО «" in ru and "ЖШС" not in ru and "ЖК" not in ru


def test_legal_forms_in_the_documents_language():
    from akimdesk.domain.legal_forms import in_language

    assert in_language("«Береке» ЖШС", "ru") == "ТОО «Береке»"
    assert in_language("ТОО «Аксу Агро»", "kk") == "«Аксу Агро» ЖШС"
    assert in_language("ИП Нурланов", "kk") == "Нурланов ЖК"
    assert in_language("Иванов Иван", "ru") == "Иванов Иван"  # a person: as typed
