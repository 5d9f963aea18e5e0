"""The initial reference catalog from DOMAIN.md, shared by the office app and the district server.

Reference rows get ids derived from their natural keys, so the office's seeded copy and the
district server's copy of the same article, МРП or settlement are one row, not two.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any, TypedDict

from akimdesk.domain.calendar import statutory_year

_NAMESPACE = uuid.UUID("6f1c2b1e-7d0a-4c55-9a51-0a4b1d2c3e4f")


def ref_id(dataset: str, *key: object) -> uuid.UUID:
    """A stable id for a reference row from its dataset and natural key."""
    text = "|".join([dataset, *(str(k).strip().casefold() for k in key)])
    return uuid.uuid5(_NAMESPACE, text)


def article_id(article: str, part: str, valid_from: date) -> uuid.UUID:
    return ref_id("article", article, part, valid_from.isoformat())


def sanction_id(article: uuid.UUID, category: str) -> uuid.UUID:
    return ref_id("sanction", article, category)


def mrp_id(valid_from: date, purpose: str) -> uuid.UUID:
    return ref_id("mrp", valid_from.isoformat(), purpose)


def budget_code_id(code: str) -> uuid.UUID:
    return ref_id("budget_code", code)


def settlement_id(office_bin: str, name_ru: str) -> uuid.UUID:
    return ref_id("settlement", office_bin, name_ru)


def holiday_year_id(year: int) -> uuid.UUID:
    return ref_id("holiday", year)


def requisites_id(office_bin: str, valid_from: date) -> uuid.UUID:
    return ref_id("requisites", office_bin, valid_from.isoformat())


CODE_IN_FORCE = date(2015, 1, 1)  # КоАП РК of 5 July 2014 No. 235-V came into force

# (article, part, title_kk, title_ru, warning allowed, {category: (min, max) МРП})
INITIAL_ARTICLES = [
    ("505", "1", "Абаттандыру қағидаларын бұзу, жасыл екпелерді жою және бүлдіру",
     "Нарушение правил благоустройства территорий, уничтожение и повреждение зелёных насаждений",
     True, {"individual": (20, 20), "official": (30, 30), "small": (30, 30),
            "medium": (40, 40), "large": (100, 100)}),
    ("505", "2", "Абаттандыру қағидаларын бір жыл ішінде қайталап бұзу",
     "Повторное в течение года нарушение правил благоустройства территорий",
     False, {"individual": (30, 30)}),
    ("408", "1", "Ауыл шаруашылығы жануарларын жаю қағидаларын бұзу",
     "Нарушение правил выпаса сельскохозяйственных животных",
     False, {"individual": (3, 3)}),
    ("408", "2", "Мал жаю ережелерін бұзу, бөтен мүлікке зиян келтірумен",
     "Нарушение правил выпаса сельскохозяйственных животных, повлёкшее повреждение имущества",
     False, {"individual": (10, 10)}),
    ("204", "1", "Белгіленбеген жерлерде сауда жасау",
     "Торговля в неустановленных местах",
     True, {"individual": (5, 5)}),
    ("204", "2", "Белгіленбеген жерлерде бір жыл ішінде қайталап сауда жасау",
     "Повторная в течение года торговля в неустановленных местах",
     False, {"individual": (10, 10)}),
    ("434-2", "", "Ортақ пайдаланылатын орындарды ластау",
     "Загрязнение мест общего пользования",
     False, {"individual": (10, 10)}),
]  # fmt: skip

# Parts that apply only to an offence repeated within a year after a penalty under the same
# article (DOMAIN.md §1) [C], and the КБК the catalog's fines are paid to [R: the district's].
REPEAT_PARTS = {("505", "2"), ("204", "2")}
FINES_KBK = "204101"


def article_extras(article: str, part: str) -> dict[str, Any]:
    return {"needs_prior": (article, part) in REPEAT_PARTS, "kbk": FINES_KBK}


# МРП in tenge (DOMAIN.md). In April 2022 the benefit value rose; fines and taxes kept 3063.
INITIAL_MRP = [
    (date(2018, 1, 1), 2405, 2405), (date(2019, 1, 1), 2525, 2525),
    (date(2020, 1, 1), 2651, 2651), (date(2020, 4, 1), 2778, 2778),
    (date(2021, 1, 1), 2917, 2917), (date(2022, 1, 1), 3063, 3063),
    (date(2022, 4, 1), 3063, 3180), (date(2023, 1, 1), 3450, 3450),
    (date(2024, 1, 1), 3692, 3692), (date(2025, 1, 1), 3932, 3932),
    (date(2026, 1, 1), 4325, 4325),
]  # fmt: skip

INITIAL_BUDGET_CODES = [
    ("204101", "Әкімшілік айыппұлдар, өсімпұлдар, санкциялар, өндіріп алулар",
     "Административные штрафы, пени, санкции, взыскания"),
    ("201904", "Коммуналдық мүлікті мүліктік жалдауға беруден түсетін кірістер",
     "Доходы от аренды имущества коммунальной собственности"),
]  # fmt: skip

# Fixed holidays (Labour Code art. 84; DOMAIN.md) as MM-DD: state and national holidays, carried
# to the next working day when they fall on a weekend, and religious ones, which are not [R].
STATE_HOLIDAYS = [
    "01-01", "01-02", "03-08", "03-21", "03-22", "03-23", "05-01", "05-07", "05-09",
    "07-06", "08-30", "10-25", "12-16",
]  # fmt: skip
RELIGIOUS_HOLIDAYS = ["01-07"]  # Orthodox Christmas; Құрбан айт moves, so it is given per year


def holiday_row(
    year: int, kurban_ait: date | None, days_off: Iterable[str] = (),
    workdays: Iterable[str] = (),
) -> dict[str, object]:  # fmt: skip
    """A year's reference row: the fixed holidays and Құрбан айт, the weekend holidays carried
    over by the statutory rule plus the government's transfers, and weekend days worked."""
    holidays = [f"{year}-{md}" for md in (*STATE_HOLIDAYS, *RELIGIOUS_HOLIDAYS)]
    if kurban_ait is not None:
        holidays.append(kurban_ait.isoformat())
    carried = {d.isoformat() for d in statutory_year(year, STATE_HOLIDAYS).days_off}
    return {
        "year": year,
        "holidays": sorted(set(holidays)),
        "days_off": sorted((carried | set(days_off)) - set(holidays)),
        "workdays": sorted(set(workdays)),
        "kurban_ait": kurban_ait.isoformat() if kurban_ait else None,
    }


# Days off per year beyond the fixed holidays and their statutory carry-over (domain.calendar):
# the first day of Құрбан айт and the government's transfers. 2025: Labour ministry order No. 436
# of 21.11.2024 moved the day off from Sunday 5 January to Friday 3 January; Құрбан айт 6 June
# (ministry's answer, caravan.kz). 2026: Құрбан айт 27 May, no transfers (egov.kz calendar as
# quoted by Kazinform, 02.01.2026). [C from the press; the district confirms each year]
class HolidaySeed(TypedDict):
    kurban_ait: date
    days_off: list[str]
    workdays: list[str]


INITIAL_HOLIDAY_YEARS: dict[int, HolidaySeed] = {
    2025: {"kurban_ait": date(2025, 6, 6), "days_off": ["2025-01-03"], "workdays": ["2025-01-05"]},
    2026: {"kurban_ait": date(2026, 5, 27), "days_off": [], "workdays": []},
}
