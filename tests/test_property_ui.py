"""The property screens with real widgets, and the printouts read back in both languages.
Screenshots in both languages go to $AKIMDESK_SHOTS when set."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from akimdesk import reports
from akimdesk.domain.property import category_id
from akimdesk.models import InventoryItem
from akimdesk.services.property import campaigns, leases, queries
from akimdesk.services.property.campaigns import CampaignInput
from akimdesk.services.property.demo import generate_assets
from akimdesk.services.property.validation import LeaseInput
from akimdesk.ui.property.asset_dialog import AssetDialog
from akimdesk.ui.property.campaigns import CampaignDialog
from akimdesk.ui.property.screen import PropertyScreen
from tests.conftest import ACTOR, TODAY
from tests.pdf import pdf_fonts, pdf_text
from tests.support.property import make_assets, make_campaign
from tests.support.shots import shot
from tests.test_cli import run
from tests.test_ui import visible_errors

COMMISSION = [{"name": "Серікбаев Ерлан Қайратұлы", "position": "әкім", "chair": True},
              {"name": "Омаров Бауыржан", "position": "бас маман"}]  # fmt: skip


def test_register_filters_totals_and_language(qtbot, ctx):
    generate_assets(ctx.db, ACTOR, 400, today=TODAY)
    screen = PropertyScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1366, 740)
    screen.show()
    panel = screen.register
    all_rows = panel.model.rowCount()
    assert 300 < all_rows <= 400  # written-off equipment is out of the default view
    assert panel.totals.text().startswith(f"Объектілер: {all_rows}.")
    shot(screen, "property-register-kk")
    combo = panel.combos["category"]
    # In the Kazakh alphabet's order: «Ғимараттар» after «Басқа мүлік», not after «Тротуарлар»
    # (its letter is encoded after Я).
    kk = [combo.itemText(i) for i in range(1, combo.count())]
    assert kk.index("Басқа мүлік") < kk.index("Ғимараттар") < kk.index("Жабдықтар мен техника")
    combo.setCurrentIndex(combo.findData(str(category_id("road"))))
    roads = panel.model.rowCount()
    assert 0 < roads < all_rows
    assert all(panel.model.row(i).category_code == "road" for i in range(roads))
    panel.combos["title"].setCurrentIndex(panel.combos["title"].findData("none"))
    assert panel.model.rowCount() < roads
    panel.show_all.setChecked(True)
    ctx.language.apply("ru")
    assert screen.tabs.tabText(2) == "Инвентаризация"
    assert panel.combos["category"].currentText() == "Улицы и дороги"  # the filter stays
    assert panel.totals.text().startswith("Объектов:")
    shot(screen, "property-register-ru")
    screen.tabs.setCurrentIndex(1)
    assert screen.leases.model.rowCount() > 0
    shot(screen, "property-leases-ru")


def test_asset_form_refuses_by_field_and_keeps_input(qtbot, ctx):
    dialog = AssetDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    w = dialog.w
    w["name_kk"].setText("Мәдениет үйі")
    w["book_value"].setText("алпыс миллион")
    w["size"].setText("-640")
    w["year_built"].setText("1978")
    dialog.save()
    errors = visible_errors(dialog)
    assert errors["book_value"] == "Сан емес: «алпыс миллион»."
    assert errors["size"] == "Мән теріс болмайды."
    assert errors["category_id"] == "Санатты таңдаңыз."
    assert w["name_kk"].text() == "Мәдениет үйі" and w["book_value"].text() == "алпыс миллион"
    shot(dialog, "property-asset-errors-kk")
    ctx.language.apply("ru")
    assert visible_errors(dialog)["book_value"] == "Не число: «алпыс миллион»."
    shot(dialog, "property-asset-errors-ru")
    w["book_value"].setText("60 000 000")
    w["size"].setText("640,5")
    w["category_id"].setCurrentIndex(w["category_id"].findData(str(category_id("culture"))))
    w["acquisition_doc_no"].setText("112")
    dialog.save()
    assert dialog.result() == 1 and dialog.saved_number == "000001"
    with ctx.db.read() as s:
        asset = queries.by_number(s, "000001")
    card = AssetDialog(ctx, asset.id)
    qtbot.addWidget(card)
    card.show()
    assert card.w["category_id"].currentText() == "Дома культуры и клубы"
    assert "Остаточная стоимость" in card.values.text()
    assert card.history.rowCount() == 1
    shot(card, "property-asset-card-ru")


def test_campaign_walk_marks_and_closes(qtbot, ctx, monkeypatch):
    numbers = make_assets(ctx.db, 4)
    cid = campaigns.start_campaign(
        ctx.db, ACTOR, CampaignInput("15-ө", date(2026, 11, 2), date(2026, 11, 9), None, COMMISSION)
    )
    dialog = CampaignDialog(ctx, cid, None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 4
    assert dialog.table.verticalHeader().defaultSectionSize() >= 44  # a finger can hit it
    dialog.search.setText(numbers[2])  # typed from the plate
    assert dialog.table.selectionModel().selectedRows()[0].row() == 2
    dialog.marks["not_found"].click()
    assert dialog.search.text() == ""  # empty for the next plate
    dialog.table.selectRow(0)
    dialog.condition.setCurrentIndex(dialog.condition.findData("poor"))
    dialog.marks["found"].click()
    dialog.marks["found"].click()
    assert dialog.progress.text() == "Тексерілді: 4 ішінен 3"
    shot(dialog, "property-walk-kk")
    with ctx.db.read() as s:
        findings = {i.asset.inventory_number: (i.finding, i.found_condition) for i in
                    s.scalars(select(InventoryItem).where(InventoryItem.campaign_id == cid))}  # fmt: skip
    assert findings[numbers[0]] == ("found", "poor") and findings[numbers[2]][0] == "not_found"
    assert findings[numbers[3]][0] == "pending"
    ctx.language.apply("ru")
    dialog.retranslate_ui()
    dialog.reload()
    assert dialog.marks["found"].text() == "Найдено (F)"
    shot(dialog, "property-walk-ru")


def test_the_walk_marks_only_the_number_typed_from_the_plate(qtbot, ctx, monkeypatch):
    """A number not on the list selected its nearest neighbour, and F marked that one; F typed
    after a number went into the box. Only the exact number is marked, from the keyboard."""
    from PySide6.QtCore import Qt

    from akimdesk.ui.property import asset_dialog

    numbers = make_assets(ctx.db, 12)
    cid = campaigns.start_campaign(
        ctx.db, ACTOR, CampaignInput("15-ө", date(2026, 11, 2), date(2026, 11, 9), None, COMMISSION)
    )
    dialog = CampaignDialog(ctx, cid, None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.search
    qtbot.keyClicks(box, "999999")
    assert dialog.table.selectionModel().selectedRows() == []
    assert "999999" in dialog.hint.text() and dialog.not_listed.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_F)
    assert dialog.progress.text() == "Тексерілді: 12 ішінен 0"  # nothing was marked
    box.clear()
    qtbot.keyClicks(box, numbers[1][:-1])  # half-typed: the letter goes into the box
    qtbot.keyClick(box, Qt.Key.Key_F)
    assert box.text() == numbers[1][:-1] + "f" and dialog.progress.text().endswith(" 0")
    box.clear()
    for number, key in ((numbers[1], Qt.Key.Key_F), (numbers[2], Qt.Key.Key_Return),
                        (numbers[3], Qt.Key.Key_N)):  # fmt: skip
        qtbot.keyClicks(box, number)
        qtbot.keyClick(box, key)
        assert box.text() == ""  # ready for the next plate
    assert dialog.progress.text() == "Тексерілді: 12 ішінен 3"
    with ctx.db.read() as s:
        findings = {i.asset.inventory_number: i.finding for i in
                    s.scalars(select(InventoryItem).where(InventoryItem.campaign_id == cid))}  # fmt: skip
    assert {n: f for n, f in findings.items() if f != "pending"} == {
        numbers[1]: "found", numbers[2]: "found", numbers[3]: "not_found"}  # fmt: skip
    offered = []
    monkeypatch.setattr(asset_dialog.AssetDialog, "exec",
                        lambda self: offered.append(self.w["inventory_number"].text()) or 0)  # fmt: skip
    qtbot.keyClicks(box, "777777")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # not on the list: entered as found on the ground
    assert offered == ["777777"]


# --- printouts ----------------------------------------------------------------------------
@pytest.fixture
def campaign(db):
    return make_campaign(db)


def _pdf(tmp_path, name, data):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(data)
    return pdf_text(path)


def test_inventory_list_and_act_read_back(db, campaign, tmp_path):
    kk = _pdf(
        tmp_path, "list-kk.pdf", reports.render("inventory-list", db, {"campaign": "15-ө"}, "kk")
    )
    assert "Түгендеу тізімдемесі" in kk and "02.11.2026 № 15-ө өкім" in kk
    assert "Комиссия төрағасы" in kk and "Серікбаев Ерлан Қайратұлы" in kk
    assert "Табылмады" in kk and "Табылды, Нашар" in kk
    ru = _pdf(
        tmp_path, "list-ru.pdf", reports.render("inventory-list", db, {"campaign": "15-ө"}, "ru")
    )
    assert "Инвентаризационная опись" in ru and "Член комиссии" in ru
    assert "Абай көшесінің жолы 2" not in ru and "Дорога по улице Абая 2" in ru
    act = _pdf(
        tmp_path, "act-ru.pdf", reports.render("inventory-act", db, {"campaign": "15-ө"}, "ru")
    )
    assert "Акт о результатах инвентаризации" in act
    assert "Удовлетворительное → Плохое" in act and "Орны бос" in act
    assert "Предложения комиссии" in act
    act_kk = _pdf(
        tmp_path, "act-kk.pdf", reports.render("inventory-act", db, {"campaign": "15-ө"}, "kk")
    )
    assert "Түгендеу нәтижелері туралы акт" in act_kk and "Табылмады" in act_kk
    for name in ("list-kk.pdf", "act-ru.pdf"):
        assert "Helvetica" not in pdf_fonts(tmp_path / name)  # every glyph in the bundled font


def test_card_register_untitled_and_income_read_back(db, tmp_path):
    numbers = make_assets(db, 4)
    with db.read() as s:
        asset_id = queries.by_number(s, numbers[0]).id
    leases.add_lease(db, ACTOR, asset_id, LeaseInput(
        "«Береке» ЖШС", "080140000255", "7-Ж", None, date(2026, 1, 1), date(2026, 12, 31),
        "300 000", "Дүкен"))  # fmt: skip
    params = {"number": numbers[0], "today": TODAY}
    card = _pdf(tmp_path, "card-kk.pdf", reports.render("asset-card", db, params, "kk"))
    assert "Мүлік объектісінің карточкасы" in card and "Мәдениет үйі 1" in card
    assert "Аудан берді, 02.03.2020 № 112 шешім" in card
    assert "«Береке» ЖШС" in card and "300 000,00 ₸" in card
    card_ru = _pdf(tmp_path, "card-ru.pdf", reports.render("asset-card", db, params, "ru"))
    assert "Карточка объекта имущества" in card_ru and "Остаточная стоимость" in card_ru
    reg = _pdf(
        tmp_path, "reg-ru.pdf", reports.render("assets-register", db, {"today": TODAY}, "ru")
    )
    assert "Реестр коммунального имущества по категориям" in reg
    assert "Итого по категории: 1" in reg and "Объектов: 4." in reg
    untitled = _pdf(
        tmp_path, "untitled-kk.pdf", reports.render("assets-untitled", db, {"today": TODAY}, "kk")
    )
    assert "Құқық белгілейтін құжаттары жоқ коммуналдық мүлік" in untitled
    income = _pdf(
        tmp_path, "income-ru.pdf", reports.render("lease-income", db, {"today": TODAY}, "ru")
    )
    # 1 January to 23 November 2026: ten months of 300,000 and 23 of November's 30 days.
    assert "Сводка доходов от аренды" in income and "3 230 000,00 ₸" in income


def test_command_line(tmp_path):
    data = tmp_path / "data"
    run("demo", "--assets", "150", data_dir=data)
    out = tmp_path / "assets.xlsx"
    res = run("export", "assets", "--format", "xlsx", "--out", str(out), data_dir=data)
    assert "150" in res.stdout
    again = run("import", "assets", str(out), data_dir=data)
    assert "Қосылды: 0. Тізілімде бар: 150." in again.stdout
    pdf = tmp_path / "card.pdf"
    run("print", "asset-card", "000010", "--lang", "ru", "--out", str(pdf), data_dir=data)
    assert "Инвентарный номер 000010" in pdf_text(pdf)
    res = run("print", "inventory-list", "99", "--out", str(pdf), data_dir=data, check=False)
    assert res.returncode == 1 and "99 түгендеуі табылмады" in res.stderr


def test_campaign_start_runs_in_background_and_refuses_by_field(qtbot, ctx):
    from akimdesk.ui.property.campaigns import CampaignStartDialog

    make_assets(ctx.db, 3)
    dialog = CampaignStartDialog(ctx, None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.order_no.setText("15-ө")
    dialog.commission.setPlainText("Серікбаев Ерлан, әкім")
    dialog.save()
    qtbot.waitUntil(lambda: "commission" in visible_errors(dialog), timeout=5000)
    assert visible_errors(dialog)["commission"] == "Комиссияда кемінде екі мүше болуы керек."
    assert dialog.order_no.text() == "15-ө"  # kept
    dialog.commission.setPlainText("Серікбаев Ерлан, әкім\nОмаров Бауыржан, бас маман")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.campaign_id is not None, timeout=5000)
    with ctx.db.read() as s:
        assert campaigns.progress(s, dialog.campaign_id) == (0, 3)
