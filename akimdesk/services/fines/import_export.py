"""Import and export of the fines register: an office's own journal or the app's export (XLSX,
CSV) in; CSV, XLSX (openpyxl) and JSON out.

The import reads the journal as it is laid out (`services.journal`): the table under its titles,
its columns matched to fields, each row checked; good rows go in, bad rows are reported with
their row number and reason; the whole import is one operation. A row already in the register
(same protocol, person, date and article) is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from akimdesk.i18n import N_
from akimdesk.models import FineCase, FinePayment
from akimdesk.services import journal, tables
from akimdesk.services.fines.journal import FinesWriter, register
from akimdesk.services.journal import (  # noqa: F401 (this register's import API)
    FileError,
    ImportReport,
    Options,
    Progress,
    describe,
)
from akimdesk.services.operation import Actor
from akimdesk.storage.database import Database

# The export's columns, in order; their headers are the catalogue's words for the case's fields
# (domain/fields.py), in both languages; the import also knows them, with the usual journal words.
KEYS = (
    "number",
    "offence_date",
    "offence_time",
    "settlement",
    "offence_address",
    "description",
    "article",
    "offender_kind",
    "offender_category",
    "iin_bin",
    "surname",
    "first_name",
    "patronymic",
    "birth_date",
    "org_name",
    "representative",
    "offender_address",
    "phone",
    "protocol_number",
    "protocol_date",
    "protocol_author",
    "witnesses",
    "explanation",
    "admits_offence",
    "penalty",
    "mrp_count",
    "decision_date",
    "delivery_date",
    "paid_amount",
    "paid_date",
    "status",
    "note",
    "language",
    "erap_number",
    "erap_date",
)
# Columns the app computes (not a field a person types) name themselves here.
COMPUTED = {
    "number": N_("Case No."),
    "settlement": N_("Settlement"),
    "article": N_("Article"),
    "paid_amount": N_("Amount paid"),
    "paid_date": N_("Paid on"),
    "status": N_("Status"),
}
COLUMNS = tables.headers("fine_case", KEYS, COMPUTED)
# What export writes for coded values, per language; import reads these words back.
WORDS = {
    "person": ("жеке тұлға", "физическое лицо"), "organisation": ("ұйым", "организация"),
    "individual": ("жеке тұлға", "физическое лицо"), "official": ("лауазымды адам", "должностное лицо"),
    "small": ("шағын", "малый"), "medium": ("орта", "средний"), "large": ("ірі", "крупный"),
    "fine": ("айыппұл", "штраф"), "warning": ("ескерту", "предупреждение"),
    "yes": ("иә", "да"),
}  # fmt: skip


def _word(key: str, lang: str) -> str:
    pair = WORDS.get(key)
    return "" if pair is None else pair[0 if lang == "kk" else 1]


REGISTER = register(COLUMNS)


def import_file(
    db: Database, actor: Actor, path: str | Path, progress: Progress | None = None,
    today: date | None = None, options: Options | None = None,
) -> ImportReport:  # fmt: skip
    """Imports a journal or an export; `options` as the command line or the window gives them."""
    writer = FinesWriter(REGISTER)
    return journal.run(db, actor, writer, path, options or Options(), progress, today)


def plan(db: Database, path: str | Path, options: Options | None = None) -> journal.Plan:
    """The table and its columns as found, for the import window's mapping step."""
    return journal.plan(db, REGISTER, path, options or Options())


# --- export -------------------------------------------------------------------------------
EXPORT_KEYS = list(COLUMNS)


def _export_rows(
    db: Database, lang: str, progress: Progress | None = None
) -> Iterator[dict[str, Any]]:
    from akimdesk.domain.fines import STATUS_LABELS
    from akimdesk.i18n import translator
    from akimdesk.services.fines.queries import status_of_case

    t = translator(lang)
    today = date.today()
    with db.read() as s:
        total = s.scalar(select(func.count()).select_from(FineCase)) or 0
        last_paid = (
            select(func.max(FinePayment.paid_on))
            .where(FinePayment.case_id == FineCase.id)
            .correlate(FineCase)
            .scalar_subquery()
        )
        stmt = (
            select(FineCase, last_paid)
            .order_by(FineCase.year, FineCase.seq_no)
            .execution_options(yield_per=1000)
        )
        for n, (c, paid_on) in enumerate(s.execute(stmt), start=1):
            if progress and n % 1000 == 0:
                progress(n, total)
            yield {
                "number": c.number, "offence_date": c.offence_date, "offence_time": c.offence_time,
                "settlement": (c.settlement.name(lang) if c.settlement else ""),
                "offence_address": c.offence_address, "description": c.description,
                "article": c.article.code, "offender_kind": _word(c.offender_kind, lang),
                "offender_category": _word(c.offender_category, lang), "iin_bin": c.iin_bin,
                "surname": c.surname, "first_name": c.first_name, "patronymic": c.patronymic,
                "birth_date": c.birth_date, "org_name": c.org_name,
                "representative": c.representative, "offender_address": c.offender_address,
                "phone": c.phone, "protocol_number": c.protocol_number,
                "protocol_date": c.protocol_date, "protocol_author": c.protocol_author,
                "witnesses": c.witnesses, "explanation": c.explanation,
                "admits_offence": _word("yes", lang) if c.admits_offence else "",
                "penalty": _word(c.penalty, lang),
                "mrp_count": c.mrp_count or None, "decision_date": c.decision_date,
                "delivery_date": c.delivery_date, "paid_amount": c.paid_tiyn / 100 if c.paid_tiyn else None,
                "paid_date": paid_on,
                "status": t(STATUS_LABELS[status_of_case(c, today)]), "note": c.note,
                "language": c.language, "erap_number": c.erap_number, "erap_date": c.erap_date,
            }  # fmt: skip


def export(
    db: Database, path: str | Path, fmt: str, lang: str | None = None,
    progress: Progress | None = None,
) -> int:  # fmt: skip
    from akimdesk.i18n import get_language

    lang = lang or get_language()
    return tables.write(path, fmt, COLUMNS, EXPORT_KEYS, lang, _export_rows(db, lang, progress))
