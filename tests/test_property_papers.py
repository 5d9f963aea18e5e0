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
from akimdesk.services.errors import ValidationError
from akimdesk.services.property import assets, queries
from akimdesk.services.property.queries import AssetFilter
from akimdesk.services.property.validation import MovementInput
from tests.conftest import ACTOR, TODAY
from tests.pdf import pdf_text
from tests.support.property import asset_input


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
