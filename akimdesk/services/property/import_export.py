"""Import and export of the asset register: CSV, XLSX and JSON.

Every row is checked by the same validation as the form; good rows go in, bad rows are reported
with their line, column and reason, and the import is one transaction. A row already in the
register is skipped: the same inventory number with the same name, category and receipt date, or,
without a number, the same name, category and receipt date. Re-importing an export adds nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from akimdesk.domain import property as rules
from akimdesk.i18n import msg, translator
from akimdesk.models import Asset, AssetCategory, Settlement
from akimdesk.services import tables
from akimdesk.services.errors import ValidationError
from akimdesk.services.operation import Actor, operation
from akimdesk.services.property import assets
from akimdesk.services.property.validation import AssetInput
from akimdesk.services.tables import (
    CellError,
    ImportReport,
    Progress,
    RowError,
    read_rows,
    text,
    to_date,
)
from akimdesk.storage.database import Database

COLUMNS: tables.Columns = {
    "inventory_number": ("Түгендеу нөмірі", "Инвентарный номер"),
    "name_kk": ("Атауы (қазақша)", "Наименование (на казахском)"),
    "name_ru": ("Атауы (орысша)", "Наименование (на русском)"),
    "category": ("Санаты", "Категория"),
    "settlement": ("Елді мекен", "Населённый пункт"),
    "address": ("Мекенжайы", "Адрес"),
    "size": ("Саны, ауданы немесе ұзындығы", "Количество, площадь или длина"),
    "unit": ("Өлшем бірлігі", "Единица измерения"),
    "year_built": ("Салынған жылы", "Год постройки"),
    "acquisition": ("Қалай алынды", "Способ поступления"),
    "acquisition_doc_no": ("Шешім нөмірі", "Номер решения"),
    "acquisition_doc_date": ("Шешім күні", "Дата решения"),
    "received_on": ("Балансқа алынған күні", "Дата принятия на баланс"),
    "book_value": ("Баланстық құны, ₸", "Балансовая стоимость, ₸"),
    "depreciation": ("Тозуы, ₸", "Износ, ₸"),
    "residual_value": ("Қалдық құны, ₸", "Остаточная стоимость, ₸"),
    "condition": ("Техникалық жай-күйі", "Техническое состояние"),
    "title_status": ("Құқық белгілейтін құжаттар", "Правоустанавливающие документы"),
    "title_number": ("Құжат нөмірі", "Номер документа"),
    "title_date": ("Құжат күні", "Дата документа"),
    "responsible": ("Жауапты адам", "Ответственное лицо"),
    "notes": ("Ескертпе", "Примечание"),
    "status": ("Мәртебесі", "Статус"),
}
CODED = {
    "unit": rules.UNITS,
    "acquisition": rules.ACQUISITIONS,
    "condition": rules.CONDITIONS,
    "title_status": rules.TITLE_STATUSES,
    "status": rules.ASSET_STATUSES,
}


def _words() -> dict[str, dict[str, str]]:
    """For each coded column: the code, its Kazakh and its Russian label (lower case) -> code."""
    kk, ru = translator("kk"), translator("ru")
    out: dict[str, dict[str, str]] = {}
    for column, labels in CODED.items():
        words = out.setdefault(column, {})
        for code, label in labels.items():
            for word in (code, kk(label), ru(label), label):
                words[word.strip().lower()] = code
    return out


def _key(name_kk: str, name_ru: str, category: str, received_on: Any) -> str:
    parts = [name_kk.strip().lower(), name_ru.strip().lower(), category, str(received_on)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


class _Lookups:
    def __init__(self, session: Any) -> None:
        self.words = _words()
        self.categories: dict[str, tuple[Any, str]] = {}
        for c in session.scalars(select(AssetCategory)):
            for name in (c.code, c.name_kk, c.name_ru):
                self.categories[name.strip().lower()] = (c.id, c.code)
        self.settlements = {}
        for st in session.scalars(select(Settlement)):
            self.settlements[st.name_kk.lower()] = st.id
            self.settlements[st.name_ru.lower()] = st.id

    def coded(self, column: str, value: Any, default: str) -> str:
        word = text(value).lower()
        if not word:
            return default
        if word not in self.words[column]:
            raise CellError(column, msg("Unknown value «{value}».", value=text(value)))
        return self.words[column][word]

    def category(self, value: Any) -> tuple[Any, str]:
        name = text(value).lower()
        if not name:
            raise CellError("category", msg("Choose the category."))
        if name not in self.categories:
            raise CellError("category", msg("Unknown category «{value}».", value=text(value)))
        return self.categories[name]

    def settlement(self, value: Any) -> Any:
        name = text(value).lower()
        if not name:
            return None
        if name not in self.settlements:
            raise CellError("settlement", msg("Unknown settlement «{value}».", value=text(value)))
        return self.settlements[name]


def _to_input(row: dict[str, Any], look: _Lookups) -> tuple[AssetInput, str]:
    category_id, code = look.category(row.get("category"))
    data = AssetInput(
        name_kk=text(row.get("name_kk")), name_ru=text(row.get("name_ru")),
        category_id=category_id, settlement_id=look.settlement(row.get("settlement")),
        address=text(row.get("address")), size=text(row.get("size")),
        unit=look.coded("unit", row.get("unit"), "pcs"), year_built=text(row.get("year_built")),
        acquisition=look.coded("acquisition", row.get("acquisition"), "transferred"),
        acquisition_doc_no=text(row.get("acquisition_doc_no")),
        acquisition_doc_date=to_date(row.get("acquisition_doc_date"), "acquisition_doc_date"),
        received_on=to_date(row.get("received_on"), "received_on"),
        book_value=text(row.get("book_value")),
        condition=look.coded("condition", row.get("condition"), "good"),
        title_status=look.coded("title_status", row.get("title_status"), "none"),
        title_number=text(row.get("title_number")),
        title_date=to_date(row.get("title_date"), "title_date"),
        responsible=text(row.get("responsible")), notes=text(row.get("notes")),
        inventory_number=" ".join(text(row.get("inventory_number")).split()),
    )  # fmt: skip
    return data, code


def import_file(db: Database, actor: Actor, path: str | Path, progress: Progress | None = None,
                today: date | None = None) -> ImportReport:  # fmt: skip
    today = today or date.today()
    report = ImportReport(columns=COLUMNS)
    rows = list(read_rows(path, COLUMNS))
    with operation(db, actor, "property.import", reason=Path(path).name) as op:
        look = _Lookups(op.session)
        known: set[str] = set()
        numbers: dict[str, str] = {}  # inventory number -> key of the asset that has it
        query = select(Asset.inventory_number, Asset.name_kk, Asset.name_ru, AssetCategory.code,
                       Asset.received_on).join(AssetCategory)  # fmt: skip
        for number, kk, ru, code, received in op.session.execute(query):
            key = _key(kk, ru, code, received)
            known.add(key)
            numbers[number] = key
        with op.session.no_autoflush:
            for n, (line, row) in enumerate(rows, start=1):
                mark = op.mark()
                scratch = {k: set(v) if isinstance(v, set) else v for k, v in op.scratch.items()}
                try:
                    data, code = _to_input(row, look)
                    key = _key(data.name_kk, data.name_ru, code, data.received_on)
                    number = data.inventory_number
                    if (number and numbers.get(number) == key) or (not number and key in known):
                        report.skipped += 1
                        continue
                    if number in numbers:
                        raise CellError("inventory_number", assets.NUMBER_TAKEN)
                    asset = assets.add(op, data, today, import_key=key)
                    known.add(key)
                    numbers[asset.inventory_number] = key
                    report.added += 1
                except (CellError, ValidationError) as exc:
                    op.discard_since(mark)
                    op.scratch.clear()
                    op.scratch.update(scratch)  # no gap in the numbering
                    if isinstance(exc, CellError):
                        report.errors.append(RowError(line, exc.field, exc.message))
                    else:
                        report.errors += [
                            RowError(line, _column(f), m) for f, m in exc.errors.items()
                        ]
                if progress and n % 200 == 0:
                    progress(n, len(rows))
    if progress:
        progress(len(rows), len(rows))
    return report


def _column(field: str) -> str:
    """The validation's field name as the file's column."""
    return {"category_id": "category", "settlement_id": "settlement"}.get(field, field)


# --- export -------------------------------------------------------------------------------
EXPORT_KEYS = list(COLUMNS)


def _export_rows(db: Database, lang: str, progress: Progress | None = None,
                 on: date | None = None) -> Iterator[dict[str, Any]]:  # fmt: skip
    t = translator(lang)
    on = on or date.today()
    with db.read() as s:
        total = s.scalar(select(func.count()).select_from(Asset)) or 0
        stmt = select(Asset).order_by(Asset.inventory_number).execution_options(yield_per=1000)
        for n, a in enumerate(s.scalars(stmt), start=1):
            if progress and n % 1000 == 0:
                progress(n, total)
            dep = rules.depreciation(a.valuation, on, a.disposed_on)
            yield {
                "inventory_number": a.inventory_number, "name_kk": a.name_kk, "name_ru": a.name_ru,
                "category": a.category.name(lang),
                "settlement": a.settlement.name(lang) if a.settlement else "",
                "address": a.address, "size": a.size, "unit": t(rules.UNITS[a.unit]),
                "year_built": a.year_built, "acquisition": t(rules.ACQUISITIONS[a.acquisition]),
                "acquisition_doc_no": a.acquisition_doc_no,
                "acquisition_doc_date": a.acquisition_doc_date, "received_on": a.received_on,
                "book_value": a.book_value_tiyn / 100, "depreciation": dep / 100,
                "residual_value": (a.book_value_tiyn - dep) / 100,
                "condition": t(rules.CONDITIONS[a.condition]),
                "title_status": t(rules.TITLE_STATUSES[a.title_status]),
                "title_number": a.title_number, "title_date": a.title_date,
                "responsible": a.responsible, "notes": a.notes,
                "status": t(rules.ASSET_STATUSES[a.status]),
            }  # fmt: skip


def export(db: Database, path: str | Path, fmt: str, lang: str | None = None,
           progress: Progress | None = None) -> int:  # fmt: skip
    from akimdesk.i18n import get_language

    lang = lang or get_language()
    return tables.write(path, fmt, COLUMNS, EXPORT_KEYS, lang, _export_rows(db, lang, progress))
