"""Import and export of the asset register: an office's own list of fixed assets or the app's
export (XLSX, CSV) in; CSV, XLSX and JSON out.

The import reads the list as it is laid out (`services.journal`); every row is checked by the
same validation as the form; good rows go in, bad rows are reported with their row, column and
reason, and the import is one operation. A row already in the register is skipped: the same
inventory number with the same name, category and receipt date, or, without a number, the same
name, category and receipt date. Re-importing an export adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from akimdesk.domain import property as rules
from akimdesk.i18n import N_, translator
from akimdesk.models import Asset
from akimdesk.services import journal, tables
from akimdesk.services.journal import ImportReport, Options, Progress
from akimdesk.services.operation import Actor
from akimdesk.services.property.journal import AssetsWriter, register
from akimdesk.storage.database import Database

# The columns, in order; headers from the catalogue of fields (domain/fields.py), in both
# languages, or, for what the app computes, from here.
KEYS = (
    "inventory_number",
    "name_kk",
    "name_ru",
    "category",
    "settlement",
    "address",
    "size",
    "unit",
    "year_built",
    "acquisition",
    "acquisition_doc_no",
    "acquisition_doc_date",
    "received_on",
    "book_value",
    "depreciation",
    "residual_value",
    "condition",
    "title_status",
    "title_number",
    "title_date",
    "responsible",
    "notes",
    "status",
)
COMPUTED = {
    "category": N_("Category"),
    "settlement": N_("Settlement"),
    "book_value": N_("Book value, ₸"),
    "depreciation": N_("Depreciation, ₸"),
    "residual_value": N_("Residual value, ₸"),
    "status": N_("Status"),
}
COLUMNS: tables.Columns = tables.headers("asset", KEYS, COMPUTED)
REGISTER = register(COLUMNS)


def import_file(
    db: Database, actor: Actor, path: str | Path, progress: Progress | None = None,
    today: date | None = None, options: Options | None = None,
) -> ImportReport:  # fmt: skip
    return journal.run(db, actor, AssetsWriter(REGISTER), path, options or Options(), progress,
                       today)  # fmt: skip


def plan(db: Database, path: str | Path, options: Options | None = None) -> journal.Plan:
    return journal.plan(db, REGISTER, path, options or Options())


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
