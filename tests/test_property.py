"""Communal property: depreciation, numbering, movements, leases and rent, a whole inventory
campaign and its act, import of good and bad files, the refusals a clerk sees."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from sqlalchemy import func, select, text

from akimdesk.domain import property as rules
from akimdesk.domain.property import Valuation, category_id
from akimdesk.i18n import render
from akimdesk.models import (
    Asset,
    AssetMovement,
    AuditEntry,
    InventoryItem,
    LeasePayment,
    OutboxEntry,
)
from akimdesk.services import settings
from akimdesk.services.errors import ValidationError
from akimdesk.services.property import assets, campaigns, import_export, leases, queries
from akimdesk.services.property.campaigns import CampaignInput
from akimdesk.services.property.queries import AssetFilter
from akimdesk.services.property.validation import (
    LeaseInput,
    MovementInput,
    RentInput,
    parse_commission,
)
from tests.conftest import ACTOR, TODAY
from tests.support.property import asset_input, make_assets, settlement_id


# --- depreciation -------------------------------------------------------------------------
def test_months_accrue_from_the_month_after_service():
    start = date(2020, 3, 15)
    assert rules.months_accrued(start, date(2020, 3, 31)) == 0
    assert rules.months_accrued(start, date(2020, 4, 29)) == 0  # April not over yet
    assert rules.months_accrued(start, date(2020, 4, 30)) == 1
    assert rules.months_accrued(start, date(2021, 3, 31)) == 12
    assert rules.months_accrued(start, date(2019, 1, 1)) == 0


def test_straight_line_depreciation():
    # 60 million over 50 years (600 months): 100,000 tenge a month.
    v = Valuation(6_000_000_000, date(2020, 3, 15), 600)
    assert rules.depreciation(v, date(2021, 3, 31)) == 12 * 10_000_000
    assert rules.residual(v, date(2026, 11, 23)) == 6_000_000_000 - 79 * 10_000_000
    # Never below zero, and stopped when the asset left the balance.
    assert rules.depreciation(v, date(2090, 1, 1)) == 6_000_000_000
    assert rules.depreciation(v, date(2026, 11, 23), stopped=date(2021, 3, 31)) == 120_000_000
    # Land and monuments (life 0) are not depreciated.
    assert rules.depreciation(Valuation(100_000, date(2000, 1, 1), 0), date(2026, 1, 1)) == 0


def test_life_left_after_revaluation():
    assert rules.life_left(50, date(2020, 3, 15), date(2020, 3, 15)) == 600
    assert rules.life_left(20, date(2000, 1, 10), date(2026, 11, 23)) == 0  # past its life
    assert rules.life_left(0, date(2020, 1, 1), date(2020, 1, 1)) == 0


def test_rent_due_is_prorated_for_part_months():
    assert rules.rent_due(300_000, date(2026, 1, 1), date(2026, 12, 31), "2026-02") == 300_000
    assert rules.rent_due(300_000, date(2026, 4, 16), date(2026, 12, 31), "2026-04") == 150_000
    assert rules.rent_due(300_000, date(2026, 4, 16), date(2026, 12, 31), "2026-03") == 0
    assert rules.months_of(date(2025, 11, 3), date(2026, 2, 1)) == [
        "2025-11", "2025-12", "2026-01", "2026-02"
    ]  # fmt: skip


# --- the register -------------------------------------------------------------------------
def test_asset_gets_a_number_and_computed_values(db):
    number = assets.create_asset(db, ACTOR, asset_input(), TODAY)
    second = assets.create_asset(db, ACTOR, asset_input(name_kk="Клуб"), TODAY)
    assert (number, second) == ("000001", "000002")
    with db.read() as s:
        asset = queries.by_number(s, number)
        card = queries.card(s, asset.id, TODAY)
    assert asset.size == 640.5 and asset.book_value_tiyn == 6_000_000_000
    assert asset.life_months == 600
    # From April 2020 to October 2026: 79 months of 100,000 tenge.
    assert card.depreciation_tiyn == 79 * 10_000_000
    assert card.residual_tiyn == 6_000_000_000 - 790_000_000
    assert [h.kind for h in card.history] == ["received"]
    assert card.history[0].value_after_tiyn == 6_000_000_000


def test_number_pattern_is_a_setting(db):
    settings.save(db, ACTOR, {"property.number_pattern": "КМ-{cat}-{seq:04d}"})
    assert assets.create_asset(db, ACTOR, asset_input(), TODAY) == "КМ-CULTURE-0001"
    assert settings.validate("property.number_pattern", "{cat}") is not None
    assert settings.validate("property.number_pattern", "{nope}-{seq}") is not None


@pytest.mark.parametrize(
    ("field", "value", "error_field"),
    [
        ("book_value", "abc", "book_value"),
        ("book_value", "-5", "book_value"),
        ("book_value", "", "book_value"),  # empty is not zero
        ("size", "много", "size"),
        ("size", "-1", "size"),
        ("year_built", "1978.5", "year_built"),
        ("year_built", "2090", "year_built"),
        ("category_id", None, "category_id"),
        ("received_on", None, "received_on"),
        ("acquisition_doc_no", "", "acquisition_doc_no"),
        ("name_kk", "", "name_kk"),
    ],
)
def test_bad_input_is_refused_by_field(db, field, value, error_field):
    data = asset_input(**{field: value, **({"name_ru": ""} if field == "name_kk" else {})})
    with pytest.raises(ValidationError) as exc:
        assets.create_asset(db, ACTOR, data, TODAY)
    assert error_field in exc.value.errors
    assert render(exc.value.errors[error_field], "ru")  # a message in words, in Russian too
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Asset)) == 0


def test_duplicate_inventory_number_is_refused(db):
    assets.create_asset(db, ACTOR, asset_input(inventory_number="A-1"), TODAY)
    with pytest.raises(ValidationError) as exc:
        assets.create_asset(db, ACTOR, asset_input(inventory_number="A-1", name_kk="Басқа"), TODAY)
    assert render(exc.value.errors["inventory_number"], "ru") == (
        "Этот инвентарный номер уже присвоен другому объекту."
    )
    # A number typed by hand is skipped by the pattern, never given twice.
    assets.create_asset(db, ACTOR, asset_input(inventory_number="000001"), TODAY)
    assert assets.create_asset(db, ACTOR, asset_input(name_kk="Үш"), TODAY) == "000002"


def test_filters_and_totals(db):
    make_assets(db, 8)
    place = settlement_id(db)
    assets.create_asset(db, ACTOR, asset_input(title_status="registered", title_number="77",
                                               settlement_id=settlement_id(db, "Көктал")), TODAY)  # fmt: skip
    with db.read() as s:
        everything = queries.register(s, AssetFilter(), TODAY)
        roads = queries.register(s, AssetFilter(category_id=category_id("road")), TODAY)
        untitled = queries.register(s, AssetFilter(title_status="none"), TODAY)
        aksu = queries.register(s, AssetFilter(settlement_id=place), TODAY)
        found = queries.register(s, AssetFilter(search="ескерткіш"), TODAY)
        by_ru = queries.register(s, AssetFilter(search="памятник"), TODAY)
    assert len(everything) == 9 and len(roads) == 2 and len(untitled) == 8 and len(aksu) == 8
    assert len(found) == 2 and len(by_ru) == 2
    total = queries.totals(everything)
    assert total.book_tiyn == sum(r.book_value_tiyn for r in everything)
    # Monuments keep their value; the rest lose some.
    monument = next(r for r in everything if r.category_code == "monument")
    assert monument.residual_tiyn == monument.book_value_tiyn
    assert total.residual_tiyn < total.book_tiyn


def test_the_category_list_is_extendable(db):
    new = assets.add_category(db, ACTOR, "school", "Мектептер", "Школы", 50)
    with pytest.raises(ValidationError) as exc:
        assets.add_category(db, ACTOR, "gym", "Спортзал", "Спортзал", 101)
    assert set(exc.value.errors) == {"life_years"}
    with pytest.raises(ValidationError) as exc:
        assets.add_category(db, ACTOR, "School", "Мектеп", "Школа", 40)
    assert set(exc.value.errors) == {"code"}
    number = assets.create_asset(db, ACTOR, asset_input(category_id=new), TODAY)
    with db.read() as s:
        assert queries.by_number(s, number).life_months == 600


# --- movements ----------------------------------------------------------------------------
def test_revaluation_then_write_off_stays_in_history(db):
    number = assets.create_asset(db, ACTOR, asset_input(), TODAY)
    with db.read() as s:
        asset_id = queries.by_number(s, number).id
    assets.move(db, ACTOR, asset_id, MovementInput(
        kind="revalued", on_date=date(2024, 12, 31), decision_no="45",
        reason="Бағалау есебі", new_value="80 000 000"), TODAY)  # fmt: skip
    with db.read() as s:
        asset = s.get(Asset, asset_id)
        assert asset.book_value_tiyn == 8_000_000_000 and asset.valued_on == date(2024, 12, 31)
        # 57 of 600 months were used by then: the new value runs over the 543 left.
        assert asset.life_months == 600 - 57
        residual_before = queries.card(s, asset_id, TODAY).history[1].value_before_tiyn
    assert residual_before == 6_000_000_000 - 57 * 10_000_000

    with pytest.raises(ValidationError) as exc:  # a write-off before the receipt
        assets.move(db, ACTOR, asset_id, MovementInput(
            kind="written_off", on_date=date(2019, 1, 1), decision_no="9", reason="Апат"), TODAY)  # fmt: skip
    assert "on_date" in exc.value.errors
    assets.move(db, ACTOR, asset_id, MovementInput(
        kind="written_off", on_date=date(2026, 6, 30), decision_no="9", reason="Апатты",
        commission=parse_commission("Серікбаев Ерлан, әкім\nОмаров Бауыржан, бас маман")), TODAY)  # fmt: skip
    with db.read() as s:
        asset = s.get(Asset, asset_id)
        card = queries.card(s, asset_id, TODAY)
        shown = queries.register(s, AssetFilter(), TODAY)
        all_rows = queries.register(s, AssetFilter(status=None), TODAY)
    assert asset.status == "written_off" and asset.disposed_on == date(2026, 6, 30)
    assert [h.kind for h in card.history] == ["received", "revalued", "written_off"]
    assert shown == [] and len(all_rows) == 1  # kept, out of the default view
    # Depreciation stopped with June 2026: 18 months of 80 million over 543.
    assert card.depreciation_tiyn == 8_000_000_000 * 18 // 543
    with pytest.raises(ValidationError):  # no second write-off
        assets.move(db, ACTOR, asset_id, MovementInput(
            kind="transferred", on_date=date(2026, 7, 1), decision_no="1", reason="x",
            counterparty="Аудан"), TODAY)  # fmt: skip
    with db.write() as s, pytest.raises(Exception, match="never"):
        s.execute(text("DELETE FROM asset"))
    with db.write() as s, pytest.raises(Exception, match="never"):
        s.execute(text("UPDATE asset_movement SET reason = 'x'"))


def test_movement_needs_decision_and_reason(db):
    number = assets.create_asset(db, ACTOR, asset_input(), TODAY)
    with db.read() as s:
        asset_id = queries.by_number(s, number).id
    with pytest.raises(ValidationError) as exc:
        assets.move(db, ACTOR, asset_id, MovementInput(kind="transferred", on_date=TODAY), TODAY)
    assert {"decision_no", "reason", "counterparty"} <= set(exc.value.errors)
    with pytest.raises(ValidationError) as exc:
        assets.move(db, ACTOR, asset_id, MovementInput(
            kind="revalued", on_date=TODAY, decision_no="1", reason="x", new_value="-3"), TODAY)  # fmt: skip
    assert "new_value" in exc.value.errors


def test_correction_keeps_value_after_revaluation(db):
    number = assets.create_asset(db, ACTOR, asset_input(), TODAY)
    with db.read() as s:
        asset_id = queries.by_number(s, number).id
    assets.update_asset(db, ACTOR, asset_id, asset_input(book_value="61 000 000"), TODAY)
    assets.move(db, ACTOR, asset_id, MovementInput(
        kind="revalued", on_date=date(2025, 1, 31), decision_no="4", reason="x",
        new_value="70000000"), TODAY)  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        assets.update_asset(db, ACTOR, asset_id, asset_input(book_value="1"), TODAY)
    assert "book_value" in exc.value.errors
    with db.read() as s:
        card = queries.card(s, asset_id, TODAY)
    assert card.history[0].value_after_tiyn == 6_100_000_000


# --- leases -------------------------------------------------------------------------------
def _lease(**kw) -> LeaseInput:  # type: ignore[no-untyped-def]
    base = dict(tenant_name="«Береке» ЖШС", tenant_iin_bin="080140000255", contract_no="7-Ж",
                start_date=date(2026, 4, 16), end_date=date(2026, 12, 15), monthly_rent="300000")  # fmt: skip
    base.update(kw)
    return LeaseInput(**base)


def test_lease_overlap_income_and_needs_action(db):
    number = assets.create_asset(db, ACTOR, asset_input(), TODAY)
    with db.read() as s:
        asset_id = queries.by_number(s, number).id
    lease_id = leases.add_lease(db, ACTOR, asset_id, _lease())
    with pytest.raises(ValidationError) as exc:  # the same room let twice
        leases.add_lease(db, ACTOR, asset_id, _lease(start_date=date(2026, 12, 1),
                                                     end_date=date(2027, 6, 30)))  # fmt: skip
    assert "«Береке» ЖШС" in render(exc.value.errors["start_date"], "ru")
    for bad, field in (({"tenant_iin_bin": "123456789012"}, "tenant_iin_bin"),
                       ({"monthly_rent": "тыс"}, "monthly_rent"),
                       ({"end_date": date(2026, 1, 1)}, "end_date")):  # fmt: skip
        later = {"start_date": date(2027, 1, 1), "end_date": date(2027, 12, 31), **bad}
        with pytest.raises(ValidationError) as exc:
            leases.add_lease(db, ACTOR, asset_id, _lease(**later))
        assert field in exc.value.errors
    # Rent: April half (16th-30th), May-October paid except August.
    for month in ("2026-04", "2026-05", "2026-06", "2026-07", "2026-09", "2026-10"):
        amount = "150000" if month == "2026-04" else "300000"
        leases.record_rent(db, ACTOR, lease_id, RentInput(month, date(2026, 11, 1), amount), TODAY)
    with pytest.raises(ValidationError):
        leases.record_rent(db, ACTOR, lease_id, RentInput("2027-05", TODAY, "1000"), TODAY)
    with pytest.raises(ValidationError) as exc:
        leases.record_rent(db, ACTOR, lease_id, RentInput("2026-08", None, "мың"), TODAY)
    assert set(exc.value.errors) == {"paid_on", "amount"}
    with db.read() as s:
        [line] = leases.lines(s, date(2026, 10, 31), asset_id)
        months = leases.income(line.lease, leases.paid_by_month(s, [lease_id])[lease_id], TODAY)
        action = leases.needs_action(s, TODAY)
    assert line.due_tiyn == 15_000_000 + 6 * 30_000_000 and line.debt_tiyn == 30_000_000
    assert [(m.month, m.due_tiyn, m.received_tiyn) for m in months][:2] == [
        ("2026-04", 15_000_000, 15_000_000), ("2026-05", 30_000_000, 30_000_000)
    ]  # fmt: skip
    assert months[-1] == leases.MonthIncome("2026-11", 30_000_000, 0)
    # Ends 15.12, within 30 days of 23.11, and August is owed.
    assert len(action) == 1 and action[0].expiring and action[0].debt_tiyn == 30_000_000
    leases.terminate_lease(db, ACTOR, lease_id, date(2026, 11, 30), "Жалгер бас тартты")
    with db.read() as s:
        assert not leases.needs_action(s, TODAY)[0].expiring
    # After the early end the room is free for a new tenant from December.
    leases.add_lease(db, ACTOR, asset_id, _lease(start_date=date(2026, 12, 1),
                                                 end_date=date(2027, 11, 30)))  # fmt: skip
    with db.write() as s, pytest.raises(Exception, match="never"):
        s.execute(text("DELETE FROM lease_payment"))


# --- a whole campaign ---------------------------------------------------------------------
def test_inventory_campaign_and_results_act(db):
    numbers = make_assets(db, 4)
    commission = [{"name": "Серікбаев Е.", "position": "әкім", "chair": True},
                  {"name": "Омаров Б.", "position": "маман"}]  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        campaigns.start_campaign(db, ACTOR, CampaignInput("", TODAY, TODAY, None, commission[:1]))
    assert {"order_no", "commission"} <= set(exc.value.errors)
    cid = campaigns.start_campaign(
        db, ACTOR, CampaignInput("15-ө", date(2026, 11, 2), date(2026, 11, 9), None, commission)
    )
    with db.read() as s:
        items = {i.asset.inventory_number: i.id for i in s.scalars(
            select(InventoryItem).where(InventoryItem.campaign_id == cid))}  # fmt: skip
    assert sorted(items) == sorted(numbers)
    campaigns.mark(db, ACTOR, items[numbers[0]], "found", "poor", "in_progress")
    campaigns.mark(db, ACTOR, items[numbers[1]], "found")
    campaigns.mark(db, ACTOR, items[numbers[2]], "not_found", remark="Орны бос")
    with pytest.raises(ValidationError) as exc:  # one still unchecked
        campaigns.close_campaign(db, ACTOR, cid, TODAY)
    assert "1" in render(exc.value.errors["closed_on"], "ru")
    campaigns.mark(db, ACTOR, items[numbers[3]], "found", "satisfactory")  # as in the books
    found = campaigns.add_found(db, ACTOR, cid, asset_input(
        name_kk="Бөгет", name_ru="Плотина", category_id=category_id("other"),
        acquisition_doc_no="", book_value="0", acquisition="ownerless"), TODAY)  # fmt: skip
    with db.read() as s:
        act = campaigns.act(s, cid)
    assert act.listed == 4 and act.found == 3 and act.pending == 0
    assert [i.asset.inventory_number for i in act.not_found] == [numbers[2]]
    assert [i.asset.inventory_number for i in act.condition_changed] == [numbers[0]]
    assert [i.asset.inventory_number for i in act.title_changed] == [numbers[0]]
    assert [i.asset.inventory_number for i in act.added_on_site] == [found]
    assert act.not_found_tiyn == 300_000_000  # the monument
    campaigns.close_campaign(db, ACTOR, cid, TODAY, "Табылмаған жол есептен шығарылсын.")
    with db.read() as s:
        first = queries.by_number(s, numbers[0])
        assert (first.condition, first.title_status) == ("poor", "in_progress")
        assert queries.by_number(s, found).acquisition == "ownerless"
    with pytest.raises(ValidationError):  # a closed campaign keeps its findings
        campaigns.mark(db, ACTOR, items[numbers[1]], "not_found")


# --- import and export --------------------------------------------------------------------
def _write_csv(path, rows):  # type: ignore[no-untyped-def]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Инвентарный номер", "Наименование (на русском)", "Категория",
                    "Населённый пункт", "Дата принятия на баланс", "Балансовая стоимость, ₸",
                    "Способ поступления", "Номер решения", "Правоустанавливающие документы",
                    "Единица измерения", "Количество, площадь или длина"])  # fmt: skip
        w.writerows(rows)


def test_import_good_and_bad_rows_and_no_duplicates(db, tmp_path):
    path = tmp_path / "assets.csv"
    _write_csv(path, [
        ["", "Дом культуры", "Дома культуры и клубы", "Аксу", "15.03.2020", "60 000 000",
         "Передано из района", "112", "Нет правоустанавливающих документов", "м²", "640,5"],
        ["И-7", "Мост", "bridge", "Коктал", "01.06.2019", "12000000", "built", "", "registered",
         "m", "24"],
        ["И-8", "Сквер", "Несуществующая", "Аксу", "01.06.2019", "1", "built", "", "", "", ""],
        ["И-9", "Фонари", "lighting", "Аксу", "32.13.2019", "1", "built", "", "", "", ""],
        ["И-10", "Дорога", "road", "Аксу", "01.06.2019", "-100", "built", "", "", "", ""],
        ["000001", "Другой мост", "bridge", "Аксу", "01.06.2020", "1", "built", "", "", "", ""],
    ])  # fmt: skip
    report = import_export.import_file(db, ACTOR, path, today=TODAY)
    assert report.added == 1 and report.skipped == 0
    by_line = {e.line: e.field for e in report.errors}
    # Named by the file's own column: this file has no column of document numbers.
    assert by_line == {3: "title_status", 4: "category", 5: "received_on", 6: "book_value",
                       7: "inventory_number"}  # fmt: skip
    text_ru = import_export.journal.describe(report)
    assert "line 4" not in text_ru  # in the person's language (kk here)
    with db.read() as s:
        [asset] = s.scalars(select(Asset)).all()
    assert (asset.inventory_number, asset.unit, asset.size) == ("000001", "m2", 640.5)
    assert asset.acquisition == "transferred" and asset.title_status == "none"
    # Fixed file: the good row is not added again; the mended ones are.
    _write_csv(path, [
        ["", "Дом культуры", "Дома культуры и клубы", "Аксу", "15.03.2020", "60 000 000",
         "Передано из района", "112", "Нет правоустанавливающих документов", "м²", "640,5"],
        ["И-7", "Мост", "bridge", "Коктал", "01.06.2019", "12000000", "built", "", "none", "m", "24"],
    ])  # fmt: skip
    again = import_export.import_file(db, ACTOR, path, today=TODAY)
    assert (again.added, again.skipped, again.errors) == (1, 1, [])


def test_export_then_reimport_adds_nothing(db, tmp_path):
    make_assets(db, 5)
    for fmt in ("csv", "xlsx", "json"):
        out = tmp_path / f"assets.{fmt}"
        assert import_export.export(db, out, fmt, "ru") == 5
    assert "Остаточная стоимость" in (tmp_path / "assets.csv").read_text(encoding="utf-8-sig")
    for fmt in ("csv", "xlsx"):
        report = import_export.import_file(db, ACTOR, tmp_path / f"assets.{fmt}", today=TODAY)
        assert (report.added, report.skipped, report.errors) == (0, 5, []), fmt
    # Into another office's empty register, the export comes in whole, numbers kept.
    from akimdesk.services.office import set_up
    from akimdesk.storage.database import open_database
    from tests.conftest import OFFICE

    other = open_database(tmp_path / "other")
    try:
        set_up(other, ACTOR, OFFICE, "kk", [("Ақсу", "Аксу")])
        report = import_export.import_file(other, ACTOR, tmp_path / "assets.xlsx", today=TODAY)
        assert (report.added, report.errors) == (5, [])
        with other.read() as s:
            assert sorted(s.scalars(select(Asset.inventory_number))) == [
                f"{i:06d}" for i in range(1, 6)
            ]
    finally:
        other.close()


def test_writes_are_audited_and_sent(db):
    number = assets.create_asset(db, ACTOR, asset_input(), TODAY)
    with db.read() as s:
        asset_id = queries.by_number(s, number).id
        assert s.scalar(select(func.count()).where(OutboxEntry.entity == "asset")) == 1
        assert s.scalar(select(func.count()).where(AuditEntry.action == "property.asset_add")) == 1
    leases.add_lease(db, ACTOR, asset_id, _lease())
    with db.read() as s:
        assert s.scalar(select(func.count()).where(OutboxEntry.entity == "lease")) == 1
        assert s.scalar(select(func.count()).select_from(LeasePayment)) == 0
        assert s.scalar(select(func.count()).select_from(AssetMovement)) == 0


def test_demo_assets(db):
    from akimdesk.services.property.demo import generate_assets

    assert generate_assets(db, ACTOR, 300, today=TODAY) == 300
    with db.read() as s:
        rows = queries.register(s, AssetFilter(status=None), TODAY)
        assert len(rows) == 300
        assert len({r.inventory_number for r in rows}) == 300
        sent = select(func.count()).where(OutboxEntry.entity.in_(["asset", "lease"]))
        assert s.scalar(sent) == 0  # demo stays local
        assert leases.lines(s, TODAY)


def test_categories_follow_the_kazakh_alphabet_not_the_code_points():
    """Ә, Қ, Ұ, Ү are encoded after Я and І before А: ordered by code point, «Әкімшілік
    ғимараттар» came after «Электр желілері» in the register. The state language's alphabet orders them (and
    so an asset has the same number in the Kazakh and the Russian register)."""
    from akimdesk.domain.alphabet import sort_key
    from akimdesk.services.property.queries import by_category
    from tests.test_register_pdf import _row

    names = ["Электр желілері", "Ішкі жолдар", "Әкімшілік ғимараттар", "Үйлер", "Ұйымдар",
             "Қоғамдық дәретханалар", "Ауыл шаруашылығы", "Жолдар"]  # fmt: skip
    expected = ["Ауыл шаруашылығы", "Әкімшілік ғимараттар", "Жолдар", "Қоғамдық дәретханалар",
                "Ұйымдар", "Үйлер", "Ішкі жолдар", "Электр желілері"]  # fmt: skip
    assert sorted(names, key=lambda n: sort_key(n, "kk")) == expected
    rows = [_row(n, (f"c{n}", name, f"ру{n}"), f"Нысан {n}", 100, 50)
            for n, name in enumerate(names, start=1)]  # fmt: skip
    assert [kk for kk, _ru, _rows in by_category(rows)] == expected
    # Russian: its own alphabet, ё with е.
    words = ["Ель", "Ёлка", "Ежевика", "Яблоко", "абрикос"]
    assert sorted(words, key=lambda w: sort_key(w, "ru")) == ["абрикос", "Ежевика", "Ёлка", "Ель",
                                                               "Яблоко"]  # fmt: skip
