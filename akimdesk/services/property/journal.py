"""A row of an office's list of fixed assets as an asset: its name in whichever language it is
written, its category matched by name to the category list (names the list does not know are
listed for the person to map or add), the settlement from its column or its address, the cost
as typed, the title document as the list describes it."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any

from sqlalchemy import select

from akimdesk.domain import property as rules
from akimdesk.i18n import N_, _, format_money, get_language, msg, translator
from akimdesk.models import Asset, AssetCategory, Settlement
from akimdesk.services.journal import CellError, ImportReport, Options, Register, memory, synonyms
from akimdesk.services.journal.cells import lines, text, to_date, to_tiyn, to_whole
from akimdesk.services.journal.mapping import journal_register
from akimdesk.services.journal.refs import SettlementNames, plain
from akimdesk.services.journal.text import is_kazakh, stems
from akimdesk.services.operation import Operation
from akimdesk.services.property import assets
from akimdesk.services.property.validation import AssetInput

JOURNAL_COLUMNS = {"name": ("Атауы", "Наименование")}
CODED = {
    "unit": rules.UNITS,
    "acquisition": rules.ACQUISITIONS,
    "condition": rules.CONDITIONS,
    "title_status": rules.TITLE_STATUSES,
}
# Fields the validation requires that many lists do not have, and what stands in for them.
DEFAULTS = {"acquisition": "other", "condition": "good", "unit": "pcs", "title_status": "none"}
_NO_DOCUMENT = {"", "нет", "жоқ", "отсутствует", "отсутствуют", "-", "—", "не имеется", "жоқ."}
_IN_PROGRESS = ("в процессе", "оформляется", "на оформлении", "рәсімделуде", "рәсімдеу үстінде")
_DATE_IN_TEXT = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}")
CATEGORY_MEMORY = "assets-category:"


def register(columns: dict[str, tuple[str, str]]) -> Register:
    return journal_register(
        "assets", {**columns, **JOURNAL_COLUMNS}, synonyms.ASSETS,
        {"status": N_("not stored: the app works it out"),
         "depreciation": N_("not stored: the app works it out from the cost and the "
                            "category's useful life"),
         "residual_value": N_("not stored: the app works it out")},
        (("name", "name_kk", "name_ru"), ("category",), ("received_on",), ("book_value",)),
    )  # fmt: skip


def words() -> dict[str, dict[str, str]]:
    """For each coded column: the code, its Kazakh and its Russian label -> code."""
    kk, ru = translator("kk"), translator("ru")
    out: dict[str, dict[str, str]] = {}
    for column, labels in CODED.items():
        found = out.setdefault(column, {})
        for code, label in labels.items():
            for word in (code, kk(label), ru(label), label):
                found[plain(word).strip(" .")] = code
    return out


def asset_key(name_kk: str, name_ru: str, category: str, received_on: Any) -> str:
    parts = [name_kk.strip().lower(), name_ru.strip().lower(), category, str(received_on)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


class AssetsWriter:
    action = "property.import"
    sources = {"category_id": ("category",), "settlement_id": ("settlement", "address"),
               "name_kk": ("name_kk", "name", "name_ru"), "book_value": ("book_value",),
               "title_number": ("title_number", "title_status")}  # fmt: skip

    def __init__(self, reg: Register) -> None:
        self.register = reg

    def start(self, op: Operation, report: ImportReport, options: Options, today: date) -> None:
        s = op.session
        self.today, self.report, self.lang, self.words = today, report, get_language(), words()
        self.categories = list(s.scalars(select(AssetCategory)))
        self.by_name: dict[str, AssetCategory] = {}
        self.by_stems: dict[tuple[str, ...], AssetCategory] = {}
        by_code = {c.code: c for c in self.categories}
        for c in self.categories:
            for name in (c.code, c.name_kk, c.name_ru, *synonyms.CATEGORY_WORDS.get(c.code, ())):
                self.by_name.setdefault(plain(name), c)
                self.by_stems.setdefault(stems(plain(name)), c)
        chosen = {**memory.load_prefix(s, CATEGORY_MEMORY), **{
            plain(k): v for k, v in options.names.get("category", {}).items()}}  # fmt: skip
        for name, code in chosen.items():
            if code in by_code:
                self.by_name[name] = by_code[code]
        self.settlement_rows = list(s.scalars(select(Settlement)))
        self.settlements = SettlementNames(
            (st.id, st.name_kk, st.name_ru) for st in self.settlement_rows
        )
        query = select(Asset.inventory_number, Asset.name_kk, Asset.name_ru, AssetCategory.code,
                       Asset.received_on).join(AssetCategory)  # fmt: skip
        self.known: set[str] = set()
        self.numbers: dict[str, str] = {}  # inventory number -> key of the asset that has it
        for number, kk, ru, code, received in s.execute(query):
            self.known.add(asset_key(kk, ru, code, received))
            self.numbers[number] = asset_key(kk, ru, code, received)
        mapped = {c.field for c in report.columns if c.field} | set(report.values)
        t = translator(self.lang)
        for name, code in DEFAULTS.items():
            if name not in mapped:
                report.defaults[name] = msg("«{value}» is written", value=t(CODED[name][code]))
        self.added: list[str] = []

    def checkpoint(self, op: Operation) -> Any:
        return op.scratch.get("last_seq")

    def rollback(self, op: Operation, token: Any) -> None:
        if token is None:
            op.scratch.pop("last_seq", None)
            op.scratch.pop("pattern", None)
        else:
            op.scratch["last_seq"] = token  # no gap in the numbering

    def write(self, op: Operation, row: dict[str, Any], line: int) -> Asset | None:
        data, code = self.read(row, line)
        key = asset_key(data.name_kk, data.name_ru, code, data.received_on)
        number = data.inventory_number
        if (number and self.numbers.get(number) == key) or (not number and key in self.known):
            return None
        if number in self.numbers:
            raise CellError("inventory_number", assets.NUMBER_TAKEN)
        asset = assets.add(op, data, self.today, import_key=key)
        self.known.add(key)
        self.numbers[asset.inventory_number] = key
        self.added.append(asset.inventory_number)
        return asset

    def finish(self, op: Operation, report: ImportReport, options: Options) -> dict[str, Any]:
        if not options.dry_run:
            for name, code in options.names.get("category", {}).items():
                memory.save(op, CATEGORY_MEMORY + plain(name)[:60], code)
        return {"first": self.added[0], "last": self.added[-1]} if self.added else {}

    # --- reading a row ---------------------------------------------------------------------
    def read(self, row: dict[str, Any], line: int) -> tuple[AssetInput, str]:
        category = self.category(row.get("category"), line)
        name = text(row.get("name"))
        name_kk, name_ru = text(row.get("name_kk")), text(row.get("name_ru"))
        if name and not (name_kk if is_kazakh(name) else name_ru):
            name_kk, name_ru = (name, name_ru) if is_kazakh(name) else (name_kk, name)
        status, number, day = self.title(row)
        value = to_tiyn(row.get("book_value"), "book_value")
        data = AssetInput(
            name_kk=name_kk, name_ru=name_ru, category_id=category.id,
            settlement_id=self.settlement(row), address=text(row.get("address")),
            size=text(row.get("size")), unit=self.coded("unit", row.get("unit")),
            year_built=str(to_whole(row.get("year_built"), "year_built") or ""),
            acquisition=self.coded("acquisition", row.get("acquisition")),
            acquisition_doc_no=text(row.get("acquisition_doc_no")),
            acquisition_doc_date=to_date(row.get("acquisition_doc_date"), "acquisition_doc_date"),
            received_on=to_date(row.get("received_on"), "received_on", self.today),
            book_value="" if value is None else f"{value / 100:.2f}",
            condition=self.coded("condition", row.get("condition")), title_status=status,
            title_number=number, title_date=day, responsible=text(row.get("responsible")),
            notes=lines(row.get("notes")),
            inventory_number=" ".join(text(row.get("inventory_number")).split()),
        )  # fmt: skip
        return data, category.code

    def category(self, value: Any, line: int) -> AssetCategory:
        name = text(value)
        if not name:
            raise CellError("category", N_("Choose the category."))
        found = self.by_name.get(plain(name)) or self.by_stems.get(stems(plain(name)))
        if found is None:
            self.report.unknown.setdefault("category", {}).setdefault(name, []).append(line)
            raise CellError("category", msg("Unknown category «{value}».", value=name))
        return found

    def coded(self, column: str, value: Any) -> str:
        word = plain(text(value)).strip(" .")
        if not word:
            return DEFAULTS[column]
        if word not in self.words[column]:
            raise CellError(column, msg("Unknown value «{value}».", value=text(value)))
        return self.words[column][word]

    def title(self, row: dict[str, Any]) -> tuple[str, str, date | None]:
        """The title document as a list describes it: a status word, "нет", "в процессе", or
        the document itself ("Акт № 12 от 01.02.2010")."""
        written = text(row.get("title_status"))
        number = text(row.get("title_number"))
        day = to_date(row.get("title_date"), "title_date", self.today)
        word = plain(written).strip(" .")
        if word in self.words["title_status"]:
            return self.words["title_status"][word], number, day
        if plain(written).strip(" .") in {plain(w) for w in _NO_DOCUMENT}:
            return ("registered" if number else "none"), number, day
        if any(plain(w) in plain(written) for w in _IN_PROGRESS):
            return "in_progress", number, day
        if day is None and (found := _DATE_IN_TEXT.search(written)):
            try:
                day = to_date(found.group(), "title_status", self.today)
            except CellError:
                day = None
        return "registered", number or written[:100], day

    def settlement(self, row: dict[str, Any]) -> Any:
        named = text(row.get("settlement"))
        if named:
            found = self.settlements.named(named)
            if found is None:
                raise CellError("settlement", msg("Unknown settlement «{value}».", value=named))
            return found
        return self.settlements.in_address(row.get("address"))

    # --- the preview ------------------------------------------------------------------------
    def shown(self, asset: Asset) -> dict[str, str]:
        category = next(c for c in self.categories if c.id == asset.category_id)
        settlement = next((s for s in self.settlement_rows if s.id == asset.settlement_id), None)
        return {
            "inventory_number": asset.inventory_number, "name": asset.name(self.lang),
            "category": category.name(self.lang),
            "settlement": settlement.name(self.lang) if settlement else "",
            "address": asset.address,
            "received_on": asset.received_on.strftime("%d.%m.%Y"),
            "book_value": format_money(asset.book_value_tiyn),
            "title_status": _(rules.TITLE_STATUSES[asset.title_status]),
            "title_number": asset.title_number,
        }  # fmt: skip
