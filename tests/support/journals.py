"""Journals as offices keep them in Excel, made with openpyxl: titles in merged cells over the
table, headers in Russian or Kazakh in their own words, a full name in one cell, ИИН typed as a
number, amounts as text with "тг", dates as text or as Excel dates, a totals row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from akimdesk.domain.identity import make_bin, make_iin


def iin(born: date, male: bool = True, serial: int = 1) -> str:
    while (v := make_iin(born, male, serial)) is None:
        serial += 1
    return v


def to_text_iin(value: Any) -> str:
    """The ИИН a cell holds, as the register keeps it."""
    return str(value).zfill(12)


def bin_(serial: int = 7) -> str:
    while (v := make_bin(2012, 3, 4, serial)) is None:
        serial += 1
    return v


@dataclass
class Entry:
    """One journal row and what the register should hold after the import."""

    name: str
    iin: Any  # as typed in the cell: a number, a text
    address: str
    article: str
    protocol: Any
    amount: Any
    decision: Any = None
    delivery: Any = None
    paid: Any = None
    note: str = ""
    expect: dict[str, Any] = field(default_factory=dict)  # case fields; {"error": field} if refused


# 20 МРП in 2025 = 78 640 ₸; 30 МРП (small business) = 117 960 ₸; 10 МРП = 39 320 ₸.
PERSON_2001 = iin(date(2001, 5, 12), True, 11)  # starts with 0: lost as a number
FINES = [
    Entry("Ахметов Ерлан Қайратұлы", int(PERSON_2001), "с. Аксу, ул. Абая 5", "ст. 505 ч. 1",
          "12.03.2025", "78 640", datetime(2025, 3, 15), "17.03.2025", "20.03.2025",
          "оплачено через Kaspi",
          {"surname": "Ахметов", "first_name": "Ерлан", "patronymic": "Қайратұлы",
           "iin_bin": PERSON_2001, "mrp_count": 20, "stage": "closed", "dates_to_check": False,
           "settlement": "Ақсу", "note": "оплачено через Kaspi", "paid_tiyn": 7_864_000}),
    Entry("ИВАНОВА Мария Петровна", iin(date(1985, 7, 1), False, 3), "Ақсу ауылы, Абай көшесі 3",
          "505-1", datetime(2025, 6, 2), "78 640,00 тг", "05.06.2025",
          expect={"surname": "Иванова", "patronymic": "Петровна", "stage": "decided",
                  "dates_to_check": True, "decision_date": date(2025, 6, 5)}),
    Entry("ТОО «Береке»", int(bin_()), "Көктал ауылы, Бірлік к-сі 1", "505.1", "01.04.25",
          "117 960 ₸", paid="10.04.2025",
          expect={"offender_kind": "organisation", "org_name": "ТОО «Береке»",
                  "offender_category": "small", "stage": "closed", "dates_to_check": True,
                  "decision_date": None, "settlement": "Көктал"}),
    Entry("Сейт Айгүл", iin(date(1990, 2, 3), False, 5), "Коктал, ул. Мира 2", "434-2",
          "05/05/2025", 39320,
          expect={"surname": "Сейт", "first_name": "Айгүл", "patronymic": "",
                  "stage": "protocol", "dates_to_check": True, "mrp_count": 10}),
    Entry("Омаров Бауыржан", iin(date(1970, 1, 1), True, 7), "", "505 ч.1", "12.03.2025",
          "40 000", expect={"error": "amount"}),
    Entry("Петров Иван Иванович", iin(date(1975, 4, 4), True, 9), "", "505/1", "12.03.2025",
          "39 320", expect={"error": "amount"}),
    Entry("Жұмабаев Нұрлан Серікұлы", iin(date(1980, 8, 8), True, 13), "с. Аксу", "ст.505 ч.1",
          "01.07.2025", "предупреждение", "03.07.2025", "04.07.2025",
          expect={"penalty": "warning", "stage": "decided", "dates_to_check": False}),
    Entry("ИП Нұрланов С.", iin(date(1979, 9, 9), True, 15), "Ақсу", "505-1", "01.10.2026",
          "129 750", "05.10.2026", "06.10.2026",
          expect={"offender_kind": "organisation", "offender_category": "small",
                  "org_name": "ИП Нұрланов С.", "stage": "decided", "dates_to_check": False}),
    Entry("Ким Олег", "123456789012", "", "505-1", "12.03.2025", "78 640",
          expect={"error": "iin_bin"}),
]  # fmt: skip

RU_HEADERS = ["№ п/п", "ФИО нарушителя", "ИИН", "Адрес", "Статья", "Дата протокола", "Сумма, тг",
              "Дата постановления", "Дата вручения", "Дата уплаты", "Примечание", "Подпись"]  # fmt: skip


def fines_ru(path: Path, entries: list[Entry] = FINES) -> Path:
    """A Russian journal: two title rows merged across the table, a blank row, the headers, a
    row of column numbers, the cases, a totals row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "2025"
    ws["A1"] = "ЖУРНАЛ учёта административных правонарушений"
    ws.merge_cells("A1:L1")
    ws["A2"] = "Аппарат акима Аксуского сельского округа"
    ws.merge_cells("A2:L2")
    ws.append([])
    ws.append(RU_HEADERS)
    ws.append(list(range(1, len(RU_HEADERS) + 1)))
    for n, e in enumerate(entries, start=1):
        ws.append([n, e.name, e.iin, e.address, e.article, e.protocol, e.amount, e.decision,
                   e.delivery, e.paid, e.note, ""])  # fmt: skip
    ws.append(["", "Итого", "", "", "", "", "=SUM(G6:G14)"])
    wb.save(path)
    return path


KK_TOP = ["Р/с", "Аты-жөні", "ЖСН/БСН", "Мекенжайы", "ӘҚБтК бабы", "Хаттама күні",
          "Айыппұл сомасы, теңге", "Қаулы күні", "Тапсырылған күні", "Төлем", None,
          "Хаттаманы толтырған", "Ескертпе"]  # fmt: skip
KK_SUB = [None, None, None, None, None, None, None, None, None, "сомасы", "күні", None, None]


def fines_kk(path: Path, entries: list[Entry] = FINES) -> Path:
    """A Kazakh journal with a header over two rows: "Төлем" merged over "сомасы" and "күні"."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Журнал"
    ws["A1"] = "Әкімшілік құқық бұзушылықтарды тіркеу журналы"
    ws.merge_cells("A1:M1")
    ws.append(KK_TOP)
    ws.append(KK_SUB)
    for col in "ABCDEFGHILM":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("J2:K2")
    for n, e in enumerate(entries, start=1):
        paid_amount = e.amount if e.paid else None
        ws.append([n, e.name, e.iin, e.address, e.article, e.protocol, e.amount, e.decision,
                   e.delivery, paid_amount, e.paid, "Сейтқали Б.", e.note])  # fmt: skip
    wb.save(path)
    return path


ASSET_HEADERS = ["№", "Инвентарный номер", "Наименование", "Группа", "Местонахождение",
                 "Дата принятия к учёту", "Первоначальная стоимость, тг", "Износ",
                 "Остаточная стоимость", "Правоустанавливающий документ"]  # fmt: skip
ASSETS = [
    ["000101", "Дом культуры", "Дом культуры", "с. Аксу, ул. Абая 1", "15.03.2017",
     "60 000 000,00", "12 000 000", "48 000 000", "Акт № 12 от 01.02.2010"],
    ["000102", "Көше жарығы, Абай көшесі", "Уличное освещение", "Ақсу ауылы", datetime(2018, 5, 1),
     "4 500 000 тг", "2 100 000", "2 400 000", "нет"],
    ["000103", "Мост через арык", "Мосты", "Коктал", "01.09.2019", 1200000, 150000, 1050000,
     "в процессе"],
    ["000104", "Трактор МТЗ-82", "Спецтехника", "Коктал", "01.09.2019", 9000000, 0, 9000000, ""],
    ["000105", "Сквер Победы", "Скверы", "Ақсу", "31.02.2019", 500000, 0, 500000, ""],
]  # fmt: skip


def assets_ru(path: Path, rows: list[list[Any]] = ASSETS) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "ОС"
    ws["A1"] = "Перечень основных средств коммунальной собственности"
    ws.merge_cells("A1:J1")
    ws.append(["на 01.01.2026"])
    ws.append(ASSET_HEADERS)
    for n, row in enumerate(rows, start=1):
        ws.append([n, *row])
    wb.save(path)
    return path
